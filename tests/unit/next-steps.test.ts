import { describe, expect, it } from 'vitest';
import { NextSteps } from '../../client/src/board/next-steps.js';
import { dueShort } from '../../client/src/format/dates.js';
import type { Task } from '../../shared/task.js';

const stamp = { createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const hex = (n: number) => n.toString(16).padStart(24, '0');
const A = hex(0xa);
const B = hex(0xb);
const task = (n: number, dueAt: string, opportunityId: string | undefined, extra: Partial<Task> = {}): Task =>
  ({ ...stamp, id: hex(0x100 + n), title: `T${n}`, type: 'call', dueAt, assigneeId: hex(1), customerId: hex(0xc), ...(opportunityId ? { opportunityId } : {}), done: false, version: 1, ...extra }) as Task;
const step = (t: Task) => ({ id: t.id, title: t.title, type: t.type, dueAt: t.dueAt, assigneeId: t.assigneeId });

describe('NextSteps', () => {
  it('takes a sooner task without a request, ignores a later one, and reads again only when the next step itself goes', () => {
    const t1 = task(1, '2099-05-10', A);
    const steps = new NextSteps();
    steps.load({ [A]: step(t1) }, [A, B]);
    expect(steps.of(B)).toBeNull();
    expect(steps.apply(undefined, task(2, '2099-05-20', A))).toEqual({ changed: false, refetch: [] });
    const t3 = task(3, '2099-05-01', A);
    expect(steps.apply(undefined, t3)).toEqual({ changed: true, refetch: [] });
    expect(steps.of(A)?.id).toBe(t3.id);
    // Put sooner: still the next step. Put later: read again.
    expect(steps.apply(t3, { ...t3, dueAt: '2099-04-01', version: 2 }).refetch).toEqual([]);
    expect(steps.apply(undefined, { ...t3, dueAt: '2099-06-01', version: 3 }).refetch).toEqual([A]);
    expect(steps.of(A)).toBeUndefined();
    // A change heard while reading applies over the answer.
    const t4 = task(4, '2099-03-01', A);
    steps.apply(undefined, t4);
    expect(steps.resolve(A, step(t1))).toEqual([]);
    expect(steps.of(A)?.id).toBe(t4.id);
    // Done, moved to another deal: read again; the other deal takes it.
    expect(steps.apply(undefined, { ...t4, opportunityId: B, version: 2 }).refetch).toEqual([A]);
    expect(steps.of(B)?.id).toBe(t4.id);
    // An older version than one heard changes nothing.
    expect(steps.apply(undefined, { ...t4, done: true, version: 1 })).toEqual({ changed: false, refetch: [] });
    // A deal not on the board is not tracked.
    expect(steps.apply(undefined, task(5, '2000-01-01', hex(0xd)))).toEqual({ changed: false, refetch: [] });
  });
});

describe('dueShort', () => {
  const now = new Date(2026, 11, 1, 12, 0); // Tue 1 Dec 2026, local
  it('says today, tomorrow, yesterday, the weekday this week, else the day', () => {
    expect(dueShort('2026-12-01', now)).toBe('Today');
    expect(dueShort('2026-12-02', now)).toBe('Tomorrow');
    expect(dueShort('2026-11-30', now)).toBe('Yesterday');
    expect(dueShort('2026-12-05', now)).toMatch(/^Sat/);
    expect(dueShort('2026-12-20', now)).toMatch(/Dec 20/);
    expect(dueShort(new Date(2026, 11, 1, 15, 0).toISOString(), now)).toBe('Today');
    expect(dueShort('nonsense', now)).toBe('');
  });
});
