import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobProgress } from '../../shared/events.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity, StageChange } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { User } from '../../shared/user.js';
import { bodyOf, call } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type TestShoal } from '../support/shoal.js';

// A small team keeps the test quick; `npm run seed` loads the full size (see the README).
const size = { reps: 3, customers: 12, contacts: 30, opportunities: 40, interactions: 60 };
let t: TestShoal;
beforeAll(async () => {
  t = await startShoal({ demoSize: size });
});
afterAll(async () => {
  await t.close();
});

describe('demo data', () => {
  it('loads a realistic team through the services for an admin, reporting progress live', async () => {
    const rep = await t.addUser('Reggie Rep');
    expect((await call(t.url, 'POST', '/api/demo-data', undefined, { authorization: `Bearer ${rep.token}` })).status).toBe(403);

    const socket = await connectSocket(t.url);
    const progress: JobProgress[] = [];
    socket.on('job', (p) => progress.push(p));
    const started = await call(t.url, 'POST', '/api/demo-data');
    expect(started.status).toBe(202);
    const job = bodyOf(started, JobProgress);
    expect(started.headers.get('location')).toBe(`/api/demo-data/${job.id}`);
    expect((await call(t.url, 'POST', '/api/demo-data')).status).toBe(409);
    await waitFor(() => progress.some((p) => p.state !== 'running'), 'the job to end', 60_000);
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: 163, total: 163 });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect((await call(t.url, 'GET', `/api/demo-data/${job.id}`, undefined, undefined, JobProgress)).body.state).toBe('done');

    const count = async (path: string) => Number((await call(t.url, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=1`)).headers.get('x-total-count'));
    expect(await count('/api/customers')).toBe(12);
    expect(await count('/api/contacts')).toBe(30);
    expect(await count('/api/opportunities')).toBe(40);
    expect(await count('/api/interactions')).toBe(60);
    expect((await call(t.url, 'GET', '/api/users', undefined, undefined, z.array(User))).body).toHaveLength(2 + 3);
    // Tasks (one and a half per customer): some overdue, some due today, some done; a few notes mention a teammate.
    expect(await count('/api/tasks')).toBe(18);
    expect(await count('/api/tasks?overdue=true')).toBeGreaterThan(0);
    expect(await count('/api/tasks?done=true')).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(await count(`/api/tasks?dueFrom=${today}&dueTo=${today}&done=false`)).toBeGreaterThan(0);
    const notes = [...(await call(t.url, 'GET', '/api/tasks?limit=200', undefined, undefined, z.array(Task))).body, ...(await call(t.url, 'GET', '/api/interactions?limit=200', undefined, undefined, z.array(Interaction))).body].map((r) => r.notes ?? '');
    expect(notes.filter((n) => /@\[[^\]]+\]\(user:[0-9a-f]{24}\)/.test(n)).length).toBeGreaterThanOrEqual(1);
    // Deals were walked through their stages over past months, by their owners.
    const deals = (await call(t.url, 'GET', '/api/opportunities?limit=200', undefined, undefined, z.array(Opportunity))).body;
    expect(new Set(deals.map((d) => d.stage)).size).toBeGreaterThanOrEqual(4);
    expect(deals.some((d) => Date.parse(d.createdAt) < Date.now() - 30 * 24 * 60 * 60 * 1000)).toBe(true);
    const advanced = deals.find((d) => d.stage === 'won' || d.stage === 'negotiation')!;
    const history = (await call(t.url, 'GET', `/api/opportunities/${advanced.id}/history`, undefined, undefined, z.array(StageChange))).body;
    expect(history[0]!.from).toBeNull();
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history.map((h) => Date.parse(h.at))).toEqual([...history.map((h) => Date.parse(h.at))].sort((a, b) => a - b));
    // A second load is refused: it only fills an empty Shoal.
    expect((await call(t.url, 'POST', '/api/demo-data')).status).toBe(409);
    socket.disconnect();
  }, 90_000);
});
