import { describe, expect, it } from 'vitest';
import { createBody, draftErrors, draftOf, friendlyError, newDraft, patchBody } from '../../client/src/tasks/task-form.js';
import type { Task } from '../../shared/task.js';

const stamp = { version: 3, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const me = '0000000000000000000000b1';
const task: Task = { id: 'f'.repeat(24), title: 'Call Fjord', type: 'call', dueAt: '2099-03-02', assigneeId: me, customerId: '0000000000000000000000c1', done: false, ...stamp };

describe('task form', () => {
  it('sends a day alone as the day, a day and time and a reminder as UTC instants of that local moment', () => {
    const draft = newDraft(me, { customerId: task.customerId! }, new Date(2099, 2, 2, 8));
    expect(draft.dueDay).toBe('2099-03-02');
    expect(createBody({ ...draft, title: ' Call ' })).toEqual({ title: 'Call', type: 'todo', dueAt: '2099-03-02', done: false, assigneeId: me, customerId: task.customerId });
    const timed = createBody({ ...draft, title: 'Call', dueTime: '15:30', remindAt: '2099-03-02T15:15:05', notes: ' x ' });
    expect(timed.dueAt).toBe(new Date(2099, 2, 2, 15, 30).toISOString());
    expect(timed.remindAt).toBe(new Date(2099, 2, 2, 15, 15, 5).toISOString());
    expect(timed.notes).toBe('x');
    // A deal or contact without a customer is not sent.
    expect(createBody({ ...newDraft(me), title: 'x', opportunityId: 'd', contactId: 'c' })).not.toHaveProperty('opportunityId');
  });

  it('says what is missing before asking the server', () => {
    expect(draftErrors({ ...newDraft(me), title: ' ', dueDay: '' })).toEqual({ title: 'is required: say what the next step is', dueAt: 'needs a day' });
    expect(draftErrors({ ...newDraft(me), title: 'x', remindAt: 'soon' })).toEqual({ remindAt: "isn't a date and time Shoal can read" });
    expect(draftErrors({ ...newDraft(me), title: 'x' })).toEqual({});
  });

  it('patches only what changed, clearing with null, and nothing when nothing did', () => {
    expect(patchBody(task, draftOf(task))).toBeUndefined();
    const timed = { ...task, dueAt: new Date(2099, 2, 2, 15, 30).toISOString(), remindAt: new Date(2099, 2, 2, 15).toISOString() };
    expect(patchBody(timed, draftOf(timed)), 'a time read back is the same instant').toBeUndefined();
    expect(patchBody(timed, { ...draftOf(timed), dueTime: '', remindAt: '', customerId: '' })).toEqual({ dueAt: '2099-03-02', remindAt: null, customerId: null });
    expect(patchBody(task, { ...draftOf(task), title: 'Call Fjord back', notes: 'Ask for Ingrid' })).toEqual({ title: 'Call Fjord back', notes: 'Ask for Ingrid' });
  });

  it('puts the server’s field errors in words a rep acts on', () => {
    expect(friendlyError('opportunityId', 'is a deal of another customer')).toBe("belongs to another customer: choose one of this customer's deals");
    expect(friendlyError('assigneeId', 'is not an active user')).toBe('is no longer active on the team: choose someone else');
    expect(friendlyError('notes', 'mentions an unknown user (abc)')).toBe('mention someone who is not on the team: remove that mention');
    expect(friendlyError('contactId', 'needs the customerId of its customer')).toBe('needs a customer: choose the customer first');
    expect(friendlyError('title', 'must be at most 200 characters')).toBe('must be at most 200 characters');
  });
});
