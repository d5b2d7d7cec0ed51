import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type ShoalApp } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { Notification } from '../../shared/notification.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';
import { startPair, type ShoalPair } from '../support/pair.js';

// SPEC section 11: a reminder is delivered exactly once at remindAt, also across a restart of
// the server and with several processes on one database.
const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sockets: ClientSocket[] = [];

/** A socket of `user` at `url` and the notifications it receives, in order. */
async function notificationsAt(url: string, user: TestUser) {
  const socket = await connectSocket(url, { token: user.token });
  sockets.push(socket);
  const got: Notification[] = [];
  socket.on('notification', (n) => got.push(n));
  return got;
}

/** The reminders in `user`'s inbox, read through `url`. */
async function remindersOf(url: string, user: TestUser): Promise<Notification[]> {
  const res = await call(url, 'GET', '/api/notifications?limit=200', undefined, { authorization: `Bearer ${user.token}` }, z.array(Notification));
  return res.body.filter((n) => n.type === 'reminder');
}

/**
 * Gives `user` a task with a reminder due now (the sentinel) and waits for that reminder at
 * `got`: what came before it is everything delivered until then.
 */
async function untilSentinel(url: string, admin: string, user: TestUser, got: Notification[]): Promise<Notification[]> {
  const sentinel = (await call(url, 'POST', '/api/tasks', { title: 'Sentinel', dueAt: day(1), remindAt: soon(0), assigneeId: user.id }, { authorization: `Bearer ${admin}` }, Task)).body;
  await waitFor(() => got.some((n) => n.recordId === sentinel.id && n.type === 'reminder'), 'the sentinel reminder');
  const before = got.slice(0, got.findIndex((n) => n.recordId === sentinel.id && n.type === 'reminder'));
  got.length = 0;
  return before.filter((n) => n.recordId !== sentinel.id);
}

afterAll(() => {
  for (const s of sockets) s.disconnect();
});

describe('reminders on one process', () => {
  let t: TestShoal;
  let ana: TestUser;
  beforeAll(async () => {
    t = await startShoal();
    ana = await t.addUser('Ana Reminded');
  });
  afterAll(async () => {
    await t.close();
  });

  it('arrive once at remindAt, at the assignee only; a new remindAt arms it again; a done task has none', async () => {
    const got = await notificationsAt(t.url, ana);
    const otherGot = await notificationsAt(t.url, await t.addUser('Someone Else'));
    const task = (await call(t.url, 'POST', '/api/tasks', { title: 'Call Cora', type: 'call', dueAt: day(1), remindAt: soon(600), assigneeId: ana.id }, undefined, Task)).body;
    await waitFor(() => got.some((n) => n.type === 'reminder'), 'the reminder', 10_000);
    const reminder = got.find((n) => n.type === 'reminder')!;
    expect(reminder).toMatchObject({ entity: 'task', recordId: task.id, text: 'Reminder: Call Cora', read: false });
    expect(reminder.actor).toBeUndefined();
    expect(Date.parse(reminder.createdAt)).toBeGreaterThanOrEqual(Date.parse(task.remindAt!));
    expect((await untilSentinel(t.url, t.admin.token, ana, got)).map((n) => n.type)).toEqual(['assigned', 'reminder']);
    expect(otherGot).toEqual([]);

    // A later remindAt: reminded again, once.
    await call(t.url, 'PATCH', `/api/tasks/${task.id}`, { remindAt: soon(300) }, undefined, Task);
    await waitFor(() => got.some((n) => n.type === 'reminder'), 'the second reminder', 10_000);
    expect((await untilSentinel(t.url, t.admin.token, ana, got)).map((n) => [n.type, n.recordId])).toEqual([['reminder', task.id]]);
    // An edit that keeps remindAt does not.
    await call(t.url, 'PATCH', `/api/tasks/${task.id}`, { title: 'Call Cora again', done: false }, undefined, Task);
    // Done before its time, or deleted: no reminder.
    // Far enough out that the delete lands first on a loaded machine; the sentinel waits until both are due.
    const done = (await call(t.url, 'POST', '/api/tasks', { title: 'Already done', dueAt: day(1), remindAt: soon(1_500), done: true, assigneeId: ana.id }, undefined, Task)).body;
    const deleted = (await call(t.url, 'POST', '/api/tasks', { title: 'Deleted', dueAt: day(1), remindAt: soon(1_500), assigneeId: ana.id }, undefined, Task)).body;
    await call(t.url, 'DELETE', `/api/tasks/${deleted.id}`);
    await waitFor(() => Date.now() > Date.parse(deleted.remindAt!) + 200, 'their remindAt passed');
    expect((await untilSentinel(t.url, t.admin.token, ana, got)).map((n) => [n.type, n.recordId])).toEqual([
      ['assigned', done.id],
      ['assigned', deleted.id],
    ]);
    expect((await remindersOf(t.url, ana)).filter((n) => n.recordId === task.id)).toHaveLength(2);
  });
});

describe('reminders across a restart', () => {
  let t: TestShoal;
  let ana: TestUser;
  const started: ShoalApp[] = [];
  beforeAll(async () => {
    t = await startShoal();
    ana = await t.addUser('Ana Restarted');
  });
  afterAll(async () => {
    for (const app of started) await app.close();
    await t.close();
  });
  const restart = async () => {
    await (started.at(-1) ?? t.shoal).close();
    const app = await createApp({ connection: t.connection, logger: createLogger('silent'), engineName: inject('engineName') });
    started.push(app);
    await app.listen(t.port);
    return app;
  };

  it('a reminder due while Shoal was down is delivered once at start; one due later, once at its time', async () => {
    const whileDown = (await call(t.url, 'POST', '/api/tasks', { title: 'Due while down', dueAt: day(1), remindAt: soon(400), assigneeId: ana.id }, undefined, Task)).body;
    const afterStart = (await call(t.url, 'POST', '/api/tasks', { title: 'Due after start', dueAt: day(1), remindAt: soon(1_500), assigneeId: ana.id }, undefined, Task)).body;
    await t.shoal.close();
    await waitFor(() => Date.now() > Date.parse(whileDown.remindAt!) + 100, 'its remindAt passed while the server was down');

    await restart();
    const got = await notificationsAt(t.url, ana);
    await waitFor(() => got.some((n) => n.recordId === afterStart.id), 'the later reminder, from the new process', 10_000);
    expect((await remindersOf(t.url, ana)).map((n) => n.recordId).sort()).toEqual([whileDown.id, afterStart.id].sort());
    // The socket connected while the new process was starting: it may or may not have seen the first one live.
    const live = (await untilSentinel(t.url, t.admin.token, ana, got)).map((n) => n.recordId);
    expect(live.filter((id) => id === afterStart.id)).toHaveLength(1);
    expect(live.filter((id) => id !== afterStart.id && id !== whileDown.id)).toEqual([]);
    expect(live.filter((id) => id === whileDown.id).length).toBeLessThanOrEqual(1);

    // Another restart delivers neither again.
    await restart();
    const again = await notificationsAt(t.url, ana);
    expect(await untilSentinel(t.url, t.admin.token, ana, again)).toEqual([]);
    const reminders = await remindersOf(t.url, ana);
    expect(reminders.filter((n) => n.recordId === whileDown.id)).toHaveLength(1);
    expect(reminders.filter((n) => n.recordId === afterStart.id)).toHaveLength(1);
  });
});

describe('reminders with two processes on one database', () => {
  let pair: ShoalPair;
  let a: TestShoal;
  let b: TestShoal;
  beforeAll(async () => {
    pair = await startPair();
    ({ a, b } = pair);
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('both processes wait for each reminder, and exactly one delivers it', async () => {
    const ana = await a.addUser('Ana Twice');
    const got = await notificationsAt(b.url, ana);
    const remindAt = soon(1_000);
    const created = await call(a.url, 'POST', '/api/tasks/batch', { create: Array.from({ length: 10 }, (_, i) => ({ title: `Task ${i}`, dueAt: day(1), remindAt, assigneeId: ana.id })) }, undefined, BatchResult);
    expect(created.status).toBe(200);
    const ids = created.body.create.map((r) => r.id!).sort();
    // Both processes hold the ten (B heard of them through Redis).
    await waitFor(() => a.shoal.reminders.pending >= 10 && b.shoal.reminders.pending >= 10, 'the reminders pending at both processes');
    await waitFor(() => got.filter((n) => n.type === 'reminder').length >= 10, 'ten reminders at the client of B', 10_000);
    const delivered = (await untilSentinel(a.url, a.admin.token, ana, got)).filter((n) => n.type === 'reminder');
    expect(delivered.map((n) => n.recordId).sort()).toEqual(ids);
    expect((await remindersOf(b.url, ana)).filter((n) => ids.includes(n.recordId))).toHaveLength(10);
  });
});
