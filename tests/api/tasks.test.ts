import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call, pathsOf, problemOf, type Answer } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

// SPEC section 11: tasks with the whole record contract of section 4, their rules and filters.
let t: TestShoal;
let rep: TestUser;
let other: TestUser;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);
const asRep = () => ({ authorization: `Bearer ${rep.token}` });
let customerId = '';
let otherCustomerId = '';
let contactId = '';
let dealId = '';

const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const paths = (res: Answer) => pathsOf(res).sort();

beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rhea Rep');
  other = await t.addUser('Otto Other');
  customerId = bodyOf(await api('POST', '/api/customers', { name: 'Tasked Co', email: 'hello@tasked.test' }), Customer).id;
  otherCustomerId = bodyOf(await api('POST', '/api/customers', { name: 'Elsewhere', email: 'hello@elsewhere.test' }), Customer).id;
  contactId = bodyOf(await api('POST', '/api/contacts', { customerId, name: 'Cora Contact', email: 'cora@tasked.test' }), Contact).id;
  dealId = bodyOf(await api('POST', '/api/opportunities', { customerId, name: 'Tasked deal', stage: 'proposal', amount: 100 }), Opportunity).id;
});
afterAll(async () => {
  await t.close();
});

describe('tasks: fields and rules', () => {
  it('need a title and a due date, take a known type, and name every invalid field', async () => {
    const bad = await api('POST', '/api/tasks', { title: ' ', type: 'visit', dueAt: 'tomorrow', remindAt: '2026-12-01', done: 'yes', extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(paths(bad)).toEqual(['done', 'dueAt', 'extra', 'remindAt', 'title', 'type']);
    expect(paths(await api('POST', '/api/tasks', {}))).toEqual(['dueAt', 'title']);
    expect((await api('POST', '/api/tasks', { title: 'x', dueAt: { $gt: '' } })).status).toBe(422);
  });

  it('default to a to-do assigned to its creator, open, and keep a whole-day or timed due date', async () => {
    const created = await api('POST', '/api/tasks', { title: 'Send the deck', dueAt: '2026-12-24' }, asRep());
    expect(created.status).toBe(201);
    const made = bodyOf(created, Task);
    expect(created.headers.get('location')).toBe(`/api/tasks/${made.id}`);
    expect(made).toMatchObject({ title: 'Send the deck', type: 'todo', dueAt: '2026-12-24', assigneeId: rep.id, done: false, version: 1 });
    expect(made.completedAt).toBeUndefined();
    const timed = await api('POST', '/api/tasks', { title: 'Call Cora', type: 'call', dueAt: '2026-12-24T10:30:00+02:00', remindAt: '2026-12-24T10:15:00+02:00', assigneeId: other.id });
    expect(bodyOf(timed, Task)).toMatchObject({ type: 'call', dueAt: '2026-12-24T08:30:00.000Z', remindAt: '2026-12-24T08:15:00.000Z', assigneeId: other.id });
  });

  it('are assigned only to an existing, active user', async () => {
    const unknown = await api('POST', '/api/tasks', { title: 'Nobody', dueAt: day(1), assigneeId: '0123456789abcdef01234567' });
    expect(unknown.status).toBe(422);
    expect(problemOf(unknown).errors).toEqual([{ path: 'assigneeId', message: 'is not an active user' }]);
    expect(paths(await api('POST', '/api/tasks', { title: 'Bad id', dueAt: day(1), assigneeId: 'bob' }))).toEqual(['assigneeId']);
    const leaver = await t.addUser('Lee Leaver');
    const theirs = bodyOf(await api('POST', '/api/tasks', { title: 'Was theirs', dueAt: day(1), assigneeId: leaver.id }), Task);
    expect((await api('PATCH', `/api/users/${leaver.id}`, { active: false })).status).toBe(200);
    const refused = await api('POST', '/api/tasks', { title: 'To a leaver', dueAt: day(1), assigneeId: leaver.id });
    expect(problemOf(refused).errors).toEqual([{ path: 'assigneeId', message: 'is not an active user' }]);
    // A task a leaver still holds can be edited (and handed to someone else).
    expect((await api('PATCH', `/api/tasks/${theirs.id}`, { title: 'Still theirs' })).status).toBe(200);
    expect(bodyOf(await api('PATCH', `/api/tasks/${theirs.id}`, { assigneeId: rep.id }), Task).assigneeId).toBe(rep.id);
  });

  it("refer to a customer, and only to that customer's contact and deal", async () => {
    const right = await api('POST', '/api/tasks', { title: 'Prep', dueAt: day(2), customerId, contactId, opportunityId: dealId });
    expect(right.status).toBe(201);
    const prep = bodyOf(right, Task);
    expect(prep).toMatchObject({ customerId, contactId, opportunityId: dealId });
    const cases: [Record<string, unknown>, { path: string; message: string }][] = [
      [{ customerId: '0123456789abcdef01234567' }, { path: 'customerId', message: 'is not an existing customer' }],
      [{ customerId: otherCustomerId, contactId }, { path: 'contactId', message: 'is a contact of another customer' }],
      [{ customerId: otherCustomerId, opportunityId: dealId }, { path: 'opportunityId', message: 'is a deal of another customer' }],
      [{ customerId, opportunityId: '0123456789abcdef01234567' }, { path: 'opportunityId', message: 'is not an existing deal' }],
      [{ contactId }, { path: 'contactId', message: 'needs the customerId of its customer' }],
      [{ opportunityId: dealId }, { path: 'opportunityId', message: 'needs the customerId of its customer' }],
    ];
    for (const [refs, error] of cases) {
      const res = await api('POST', '/api/tasks', { title: 'Wrong', dueAt: day(2), ...refs });
      expect(res.status, JSON.stringify(refs)).toBe(422);
      expect(problemOf(res).errors).toEqual([error]);
    }
    // Moving the task to another customer keeps its contact and deal in check.
    const moved = await api('PATCH', `/api/tasks/${prep.id}`, { customerId: otherCustomerId });
    expect(moved.status).toBe(422);
    expect(pathsOf(moved)[0]).toBe('contactId');
    const cleared = await api('PATCH', `/api/tasks/${prep.id}`, { customerId: null, contactId: null, opportunityId: null });
    expect(cleared.status).toBe(200);
    expect(bodyOf(cleared, Task).customerId).toBeUndefined();
  });

  it('set completedAt and completedBy when done, keep them while done, and clear them when reopened', async () => {
    const task = bodyOf(await api('POST', '/api/tasks', { title: 'Finish me', dueAt: day(0) }), Task);
    const done = bodyOf(await api('PATCH', `/api/tasks/${task.id}`, { done: true }, asRep()), Task);
    expect(done).toMatchObject({ done: true, completedBy: rep.id });
    expect(Date.parse(done.completedAt!)).toBeGreaterThanOrEqual(Date.parse(task.createdAt));
    const edited = bodyOf(await api('PATCH', `/api/tasks/${task.id}`, { notes: 'went fine' }), Task);
    expect(edited).toMatchObject({ completedBy: rep.id, completedAt: done.completedAt });
    // Read-only: sent back on PUT they are ignored; on PATCH they are unknown fields.
    const put = await api('PUT', `/api/tasks/${task.id}`, { ...edited, completedBy: other.id, completedAt: '2000-01-01T00:00:00Z' });
    expect(put.status).toBe(200);
    expect(bodyOf(put, Task)).toMatchObject({ completedBy: rep.id, completedAt: done.completedAt, assigneeId: t.admin.id });
    expect(paths(await api('PATCH', `/api/tasks/${task.id}`, { completedBy: other.id }))).toContain('completedBy');
    const reopened = bodyOf(await api('PATCH', `/api/tasks/${task.id}`, { done: false }), Task);
    expect(reopened.done).toBe(false);
    expect(reopened.completedAt).toBeUndefined();
    expect(reopened.completedBy).toBeUndefined();
  });

  it('refuse a mention of someone who is not a user, naming notes (tasks and interactions)', async () => {
    const mention = `Ask @[Otto](user:${other.id}) first`;
    expect(bodyOf(await api('POST', '/api/tasks', { title: 'Mentions', dueAt: day(1), notes: mention }), Task).notes).toBe(mention);
    for (const notes of ['Ask @[Ghost](user:0123456789abcdef01234567)', 'Ask @[Ghost](user:ghost)']) {
      const task = await api('POST', '/api/tasks', { title: 'Ghost', dueAt: day(1), notes });
      expect(task.status).toBe(422);
      expect(problemOf(task).errors).toEqual([{ path: 'notes', message: expect.stringContaining('mentions an unknown user') }]);
      const logged = await api('POST', '/api/interactions', { customerId, type: 'note', date: new Date().toISOString(), notes });
      expect(logged.status).toBe(422);
      expect(paths(logged)).toEqual(['notes']);
    }
    expect(bodyOf(await api('POST', '/api/interactions', { customerId, type: 'note', date: new Date().toISOString(), notes: mention }), Interaction).notes).toBe(mention);
  });
});

describe('tasks: the record contract', () => {
  it('read with an ETag, honour If-Match on PUT, PATCH and DELETE, and Idempotency-Key on POST', async () => {
    const key = { 'idempotency-key': 'task-once-1' };
    const first = { body: bodyOf(await api('POST', '/api/tasks', { title: 'Once', dueAt: day(3) }, key), Task) };
    const again = await api('POST', '/api/tasks', { title: 'Once', dueAt: day(3) }, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(bodyOf(again, Task).id).toBe(first.body.id);
    const read = await api('GET', `/api/tasks/${first.body.id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await api('PATCH', `/api/tasks/${first.body.id}`, { title: 'Once more' }, { 'if-match': '"1"' })).status).toBe(200);
    const stale = await api('PATCH', `/api/tasks/${first.body.id}`, { title: 'Lost' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(problemOf(stale).conflicts).toEqual(['title']);
    // Another field than the one that changed: the stale PATCH still wins.
    expect((await api('PATCH', `/api/tasks/${first.body.id}`, { notes: 'ok' }, { 'if-match': '"1"' })).status).toBe(200);
    expect((await api('PUT', `/api/tasks/${first.body.id}`, { title: 'Put', dueAt: day(3) }, { 'if-match': '"1"' })).status).toBe(412);
    expect((await api('DELETE', `/api/tasks/${first.body.id}`, undefined, { 'if-match': '"1"' })).status).toBe(412);
    expect((await api('DELETE', `/api/tasks/${first.body.id}`, undefined, { 'if-match': '"3"' })).status).toBe(204);
    expect((await api('GET', `/api/tasks/${first.body.id}`)).status).toBe(404);
  });

  it('batch create, update and delete with a result per item', async () => {
    const res = await api('POST', '/api/tasks/batch', { create: [{ title: 'B1', dueAt: day(4) }, { title: '', dueAt: day(4) }] });
    expect(res.status).toBe(207);
    const result = bodyOf(res, BatchResult);
    expect(result.create.map((r) => r.status)).toEqual([201, 422]);
    const id = result.create[0]!.id;
    expect(Task.safeParse(result.create[0]!.record).success).toBe(true);
    const more = bodyOf(await api('POST', '/api/tasks/batch', { update: [{ id, done: true }], delete: ['0123456789abcdef01234567'] }), BatchResult);
    expect(more.update[0]).toMatchObject({ status: 200, record: { done: true, completedBy: t.admin.id } });
    expect(more.delete[0]!.status).toBe(404);
  });

  it('reach every client live as task changes', async () => {
    const socket = await connectSocket(t.url, { token: other.token });
    const seen = collectChanges(socket);
    const task = bodyOf(await api('POST', '/api/tasks', { title: 'Live task', dueAt: day(1) }), Task);
    await api('PATCH', `/api/tasks/${task.id}`, { done: true });
    await api('DELETE', `/api/tasks/${task.id}`);
    await waitFor(() => seen.filter((e) => e.id === task.id).length === 3, 'three task changes');
    expect(seen.filter((e) => e.id === task.id).map((e) => [e.entity, e.op])).toEqual([
      ['task', 'created'],
      ['task', 'updated'],
      ['task', 'deleted'],
    ]);
    expect(seen.find((e) => e.op === 'updated' && e.id === task.id)).toMatchObject({ fields: ['done'], data: { done: true, completedBy: t.admin.id } });
    socket.disconnect();
  });
});

describe('tasks: filters and sorts', () => {
  let customer = '';
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    customer = bodyOf(await api('POST', '/api/customers', { name: 'Filtered', email: 'hello@filtered.test' }), Customer).id;
    const deal = bodyOf(await api('POST', '/api/opportunities', { customerId: customer, name: 'Filtered deal', stage: 'proposal', amount: 1 }), Opportunity).id;
    const make = async (key: string, body: Record<string, unknown>) => {
      ids[key] = bodyOf(await api('POST', '/api/tasks', { customerId: customer, ...body }), Task).id;
    };
    await make('yesterday', { title: 'c yesterday', dueAt: day(-1), assigneeId: rep.id });
    await make('hourAgo', { title: 'a hour ago', dueAt: new Date(Date.now() - 3_600_000).toISOString(), assigneeId: rep.id, opportunityId: deal });
    await make('today', { title: 'd today', dueAt: day(0), assigneeId: rep.id });
    await make('doneLate', { title: 'b done late', dueAt: day(-3), done: true });
    await make('nextWeek', { title: 'e next week', dueAt: day(7), opportunityId: deal });
  });
  const list = async (query: string) => {
    const res = await api('GET', `/api/tasks?customerId=${customer}&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return bodyOf(res, z.array(Task)).map((task) => Object.keys(ids).find((k) => ids[k] === task.id));
  };

  it('sort by due date by default (a whole day at its end), and by title', async () => {
    expect(await list('')).toEqual(['doneLate', 'yesterday', 'hourAgo', 'today', 'nextWeek']);
    expect(await list('sort=-dueAt')).toEqual(['nextWeek', 'today', 'hourAgo', 'yesterday', 'doneLate']);
    expect(await list('sort=title')).toEqual(['hourAgo', 'doneLate', 'yesterday', 'today', 'nextWeek']);
    expect(paths(await api('GET', '/api/tasks?sort=priority'))).toEqual(['sort']);
  });

  it('overdue=true: not done, and due before now; a task due today (a whole day) is not overdue yet', async () => {
    expect(await list('overdue=true')).toEqual(['yesterday', 'hourAgo']);
    expect(await list('overdue=true&done=true')).toEqual([]);
    expect(paths(await api('GET', '/api/tasks?overdue=false'))).toEqual(['overdue']);
  });

  it('filter by assignee, deal, done and due dates', async () => {
    expect(await list(`assigneeId=${rep.id}`)).toEqual(['yesterday', 'hourAgo', 'today']);
    expect(await list(`opportunityId=${bodyOf(await api('GET', `/api/tasks/${ids.hourAgo}`), Task).opportunityId}`)).toEqual(['hourAgo', 'nextWeek']);
    expect(await list('done=true')).toEqual(['doneLate']);
    expect(await list('done=false')).toEqual(['yesterday', 'hourAgo', 'today', 'nextWeek']);
    // Days: dueFrom from the start of that day, dueTo through its end.
    expect(await list(`dueFrom=${day(0)}&dueTo=${day(0)}`)).toContain('today');
    expect(await list(`dueFrom=${day(0)}&dueTo=${day(0)}`)).not.toContain('yesterday');
    expect(await list(`dueFrom=${day(1)}`)).toEqual(['nextWeek']);
    expect(await list(`dueTo=${day(-1)}`)).toEqual(['doneLate', 'yesterday']);
    expect(await list(`dueTo=${encodeURIComponent(new Date().toISOString())}&dueFrom=${day(-2)}`)).toEqual(['yesterday', 'hourAgo']);
    expect(paths(await api('GET', '/api/tasks?dueFrom=soon&done=maybe&assigneeId=x'))).toEqual(['assigneeId', 'done', 'dueFrom']);
  });

  it('page with a cursor and count every match', async () => {
    const first = await api('GET', `/api/tasks?customerId=${customer}&limit=2`);
    expect(first.headers.get('x-total-count')).toBe('5');
    const next = first.headers.get('link')!.match(/<([^>]+)>/)![1]!;
    const second = z.array(Task).parse(await fetch(next, { headers: { authorization: `Bearer ${t.admin.token}` } }).then((r) => r.json()));
    expect([...bodyOf(first, z.array(Task)), ...second].map((x) => x.id)).toEqual([ids.doneLate, ids.yesterday, ids.hourAgo, ids.today]);
  });

  it('export as CSV with the same filters', async () => {
    const res = await fetch(`${t.url}/api/tasks/export?customerId=${customer}&done=true`, { headers: { authorization: `Bearer ${t.admin.token}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,title,type,dueAt,remindAt,assigneeId,customerId,contactId,opportunityId,notes,done,completedAt,completedBy,createdAt,updatedAt');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${ids.doneLate},b done late,todo,${day(-3)},`);
  });
});

describe('tasks go with their customer', () => {
  it('deleting a customer deletes its tasks, and restoring brings them back', async () => {
    const customer = bodyOf(await api('POST', '/api/customers', { name: 'Short lived', email: 'hello@short.test' }), Customer).id;
    const taskAnswer = await api('POST', '/api/tasks', { title: 'Goes too', dueAt: day(1), customerId: customer });
    const task = bodyOf(taskAnswer, Task);
    const unrelated = bodyOf(await api('POST', '/api/tasks', { title: 'Stays', dueAt: day(1) }), Task);
    const socket = await connectSocket(t.url);
    const seen = collectChanges(socket);
    expect((await api('DELETE', `/api/customers/${customer}`)).status).toBe(204);
    await waitFor(() => seen.some((e) => e.id === customer), 'the delete');
    expect(seen.find((e) => e.id === customer)!.data).toMatchObject({ removed: { tasks: 1 } });
    expect((await api('GET', `/api/tasks/${task.id}`)).status).toBe(404);
    expect((await api('GET', `/api/tasks/${unrelated.id}`)).status).toBe(200);
    const restored = await api('POST', `/api/customers/${customer}/restore`);
    expect(restored.status).toBe(200);
    const back = await api('GET', `/api/tasks/${task.id}`);
    expect(bodyOf(back, Task)).toEqual(task);
    expect(back.body).toEqual(taskAnswer.body);
    socket.disconnect();
  });
});

describe('tasks and notifications: bad input', () => {
  const NASTY: unknown[] = [null, true, 0, -1, 1e308, '', ' ', 'x'.repeat(11_000), '\u0000', { $gt: '' }, { $ne: null }, [], [{ $gt: 1 }], '2026-13-45', '2026-02-30', 'NaN', { 'a.b': 1 }];
  const FIELDS = ['title', 'type', 'dueAt', 'remindAt', 'assigneeId', 'customerId', 'contactId', 'opportunityId', 'notes', 'done', 'completedAt', '$set', '__proto__'];

  it('every field and query parameter with a hostile value is a 4xx naming it or harmless text, never a 5xx', async () => {
    const task = bodyOf(await api('POST', '/api/tasks', { title: 'Target', dueAt: day(1) }), Task);
    for (const field of FIELDS) {
      for (const value of NASTY) {
        const created = await api('POST', '/api/tasks', { title: 'Bad', dueAt: day(1), [field]: value });
        const patched = await api('PATCH', `/api/tasks/${task.id}`, { [field]: value });
        for (const res of [created, patched]) {
          expect(res.status, `${field}=${JSON.stringify(value)}`).toBeLessThan(500);
          if (res.status === 422) expect(pathsOf(res).length).toBeGreaterThan(0);
        }
      }
    }
    for (const param of ['assigneeId', 'customerId', 'opportunityId', 'done', 'dueFrom', 'dueTo', 'overdue', 'sort', 'limit', 'cursor', 'q[$gt]', 'unread']) {
      for (const value of ['', '{"$gt":""}', '%00', '-1', 'x'.repeat(300), '2026-13-45']) {
        for (const path of ['/api/tasks', '/api/notifications', '/api/tasks/export']) {
          const res = await api('GET', `${path}?${param}=${encodeURIComponent(value)}`);
          expect(res.status, `${path}?${param}=${value}`).toBeLessThan(500);
        }
      }
    }
    for (const id of ['nope', '%24gt', '0123456789abcdef01234567', 'x'.repeat(300)]) {
      expect((await api('POST', `/api/notifications/${id}/read`)).status).toBe(404);
    }
    // Whatever was accepted (some values are fine titles or notes), the task is still a valid one.
    const after = await api('GET', `/api/tasks/${task.id}`);
    bodyOf(after, Task);
  }, 60_000);
});
