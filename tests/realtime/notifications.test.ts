import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { InboxState, Notification } from '../../shared/notification.js';
import { Opportunity } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call } from '../support/call.js';
import { connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';

// SPEC section 11, notifications: each reaches exactly its user, live and in their inbox.
let t: TestShoal;
let ana: TestUser;
let ben: TestUser;
let cy: TestUser;
const sockets: ClientSocket[] = [];
const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
const api = (method: string, path: string, body?: unknown, user?: TestUser) => call(t.url, method, path, body, user ? as(user) : {});
/** `api`'s answer read by `schema` (it must fit, whatever the status). */
const read = async <S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown, user?: TestUser) => bodyOf(await api(method, path, body, user), schema);
const Notifications = z.array(Notification);
const mention = (user: TestUser) => `@[${user.name}](user:${user.id})`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
let customerId = '';

/** A socket of `user` and the notifications it receives, in order. */
async function inboxOf(user: TestUser) {
  const socket = await connectSocket(t.url, { token: user.token });
  sockets.push(socket);
  const got: Notification[] = [];
  const unread: number[] = [];
  socket.on('notification', (n) => got.push(n));
  socket.on('inbox', (s) => unread.push(s.unread));
  return { socket, got, unread };
}

/**
 * Sends `user` a sentinel notification (the admin gives them a task) and waits for it: whatever
 * `got` holds before it arrived is everything that was sent to them until then.
 */
async function untilSentinel(user: TestUser, got: Notification[]): Promise<Notification[]> {
  const sentinel = await read(Task, 'POST', '/api/tasks', { title: `Sentinel for ${user.name}`, dueAt: day(9), assigneeId: user.id });
  await waitFor(() => got.some((n) => n.recordId === sentinel.id), `the sentinel at ${user.name}`);
  const before = got.slice(0, got.findIndex((n) => n.recordId === sentinel.id));
  got.length = 0;
  return before;
}

beforeAll(async () => {
  t = await startShoal();
  [ana, ben, cy] = [await t.addUser('Ana Alder'), await t.addUser('Ben Birch'), await t.addUser('Cy Cedar')];
  customerId = (await read(Customer, 'POST', '/api/customers', { name: 'Notify Co', email: 'hello@notify.test' })).id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('notifications', () => {
  it('a task given to someone by someone else reaches their sockets only; one they take themselves notifies no one', async () => {
    const a = await inboxOf(ana);
    const aSecondTab = await inboxOf(ana);
    const b = await inboxOf(ben);
    const task = await read(Task, 'POST', '/api/tasks', { title: 'Call the CFO', type: 'call', dueAt: day(1), assigneeId: ana.id, customerId });
    await waitFor(() => a.got.length === 1 && aSecondTab.got.length === 1, "the notification at both of Ana's sockets");
    expect(a.got[0]).toMatchObject({ type: 'assigned', entity: 'task', recordId: task.id, actor: { id: t.admin.id, name: 'Test Admin' }, read: false });
    expect(a.got[0]!.text).toBe('Test Admin assigned you a call: Call the CFO');
    expect(a.unread.at(-1)).toBe(1);
    // Ben got nothing before his own sentinel.
    expect(await untilSentinel(ben, b.got)).toEqual([]);

    // Taking a task yourself, or editing it, notifies no one; handing it on notifies the new assignee.
    await api('POST', '/api/tasks', { title: 'My own', dueAt: day(1) }, ana);
    await api('PATCH', `/api/tasks/${task.id}`, { title: 'Call the CFO today' });
    await api('PATCH', `/api/tasks/${task.id}`, { assigneeId: ben.id }, ana);
    await waitFor(() => b.got.length === 1, 'the handed-on task at Ben');
    expect(b.got[0]).toMatchObject({ type: 'assigned', recordId: task.id, actor: { id: ana.id } });
    b.got.length = 0;
    expect(await untilSentinel(ana, a.got)).toEqual([expect.objectContaining({ recordId: task.id, type: 'assigned' })]);
  });

  it('a mention notifies the one mentioned (not the writer), and an edit only those it adds', async () => {
    const a = await inboxOf(ana);
    const b = await inboxOf(ben);
    const c = await inboxOf(cy);
    const notes = `Pricing agreed. ${mention(ben)} please send the contract; ${mention(ana)} to follow up.`;
    const answer = await api('POST', '/api/interactions', { customerId, type: 'call', date: new Date().toISOString(), notes }, ana);
    expect(answer.status).toBe(201);
    const logged = { body: bodyOf(answer, Interaction) };
    await waitFor(() => b.got.length === 1, 'the mention at Ben');
    expect(b.got[0]).toMatchObject({ type: 'mention', entity: 'interaction', recordId: logged.body.id, actor: { id: ana.id } });
    expect(b.got[0]!.text).toBe('Ana Alder mentioned you in a call: Pricing agreed. @Ben Birch please send the contract; @Ana Alder to follow up.');
    b.got.length = 0;

    await api('PATCH', `/api/interactions/${logged.body.id}`, { notes: `${notes} And ${mention(cy)}.` }, ana);
    await waitFor(() => c.got.length === 1, 'the added mention at Cy');
    expect(c.got[0]).toMatchObject({ type: 'mention', recordId: logged.body.id });
    expect(await untilSentinel(ben, b.got)).toEqual([]);
    expect(await untilSentinel(ana, a.got)).toEqual([]);

    // A task's notes mention people too.
    const task = await read(Task, 'POST', '/api/tasks', { title: 'Review terms', dueAt: day(2), notes: `with ${mention(cy)}` }, ben);
    await waitFor(() => c.got.length === 2, 'the task mention at Cy');
    expect(c.got[1]).toMatchObject({ type: 'mention', entity: 'task', recordId: task.id, text: 'Ben Birch mentioned you in the task "Review terms": with @Cy Cedar' });
  });

  it('a customer or deal given to someone by someone else notifies its new owner', async () => {
    const a = await inboxOf(ana);
    const b = await inboxOf(ben);
    const customer = await read(Customer, 'POST', '/api/customers', { name: 'Owned Co', email: 'hello@owned.test', ownerId: ana.id });
    await waitFor(() => a.got.length === 1, 'the customer at Ana');
    expect(a.got[0]).toMatchObject({ type: 'owner', entity: 'customer', recordId: customer.id, text: 'Test Admin made you the owner of Owned Co' });
    const deal = await read(Opportunity, 'POST', '/api/opportunities', { customerId: customer.id, name: 'Big one', stage: 'proposal', amount: 10, ownerId: ben.id }, ana);
    await waitFor(() => b.got.length === 1, 'the deal at Ben');
    expect(b.got[0]).toMatchObject({ type: 'owner', entity: 'opportunity', recordId: deal.id, actor: { id: ana.id }, text: 'Ana Alder made you the owner of the deal Big one' });
    b.got.length = 0;
    // Taking it yourself, or a change that keeps the owner, notifies no one.
    await api('PATCH', `/api/opportunities/${deal.id}`, { ownerId: ana.id }, ana);
    await api('PATCH', `/api/customers/${customer.id}`, { phone: '1' });
    expect(await untilSentinel(ana, a.got)).toEqual([expect.objectContaining({ recordId: customer.id })]);
    expect(await untilSentinel(ben, b.got)).toEqual([]);
  });

  it("GET /api/notifications lists the caller's own, newest first, with X-Unread-Count and keyset pages; read and read-all", async () => {
    const dee = await t.addUser('Dee Dogwood');
    const socket = await inboxOf(dee);
    const ids: string[] = [];
    for (const title of ['First', 'Second', 'Third']) ids.push((await read(Task, 'POST', '/api/tasks', { title, dueAt: day(1), assigneeId: dee.id })).id);
    await waitFor(() => socket.got.length === 3, 'three notifications');
    const all = await api('GET', '/api/notifications', undefined, dee);
    expect(all.status).toBe(200);
    expect(all.headers.get('x-unread-count')).toBe('3');
    const listed = bodyOf(all, Notifications);
    expect(listed.map((n) => n.recordId)).toEqual([...ids].reverse());
    expect(listed[0]).toEqual(socket.got[2]);

    const first = await api('GET', '/api/notifications?limit=2', undefined, dee);
    expect(bodyOf(first, Notifications)).toHaveLength(2);
    const next = first.headers.get('link')!.match(/<([^>]+)>/)![1]!;
    const second = await fetch(next, { headers: as(dee) });
    expect(Notifications.parse(await second.json()).map((n) => n.recordId)).toEqual([ids[0]]);
    expect(second.headers.get('link')).toBeNull();
    expect((await api('GET', '/api/notifications?cursor=nonsense', undefined, dee)).status).toBe(422);
    expect((await api('GET', '/api/notifications?sort=x', undefined, dee)).status).toBe(422);

    // Someone else's list holds none of these, and cannot mark them read.
    const bens = await read(Notifications, 'GET', '/api/notifications?limit=200', undefined, ben);
    expect(bens.some((n) => ids.includes(n.recordId))).toBe(false);
    expect((await api('POST', `/api/notifications/${listed[0]!.id}/read`, undefined, ben)).status).toBe(404);

    const marked = await api('POST', `/api/notifications/${listed[0]!.id}/read`, undefined, dee);
    expect(marked.status).toBe(200);
    expect(bodyOf(marked, Notification)).toMatchObject({ id: listed[0]!.id, read: true });
    await waitFor(() => socket.unread.at(-1) === 2, 'the unread count at the socket');
    const unread = await api('GET', '/api/notifications?unread=true', undefined, dee);
    expect(unread.headers.get('x-unread-count')).toBe('2');
    expect(bodyOf(unread, Notifications).map((n) => n.recordId)).toEqual([ids[1], ids[0]]);
    const readAll = await api('POST', '/api/notifications/read-all', undefined, dee);
    expect(bodyOf(readAll, InboxState)).toEqual({ unread: 0 });
    expect(readAll.body).toEqual({ unread: 0 });
    await waitFor(() => socket.unread.at(-1) === 0, 'no unread at the socket');
    const after = await api('GET', '/api/notifications', undefined, dee);
    expect(after.headers.get('x-unread-count')).toBe('0');
    expect(bodyOf(after, Notifications).every((n) => n.read)).toBe(true);
    expect((await api('GET', '/api/notifications', undefined, undefined)).headers.get('x-unread-count')).not.toBeNull();
    expect((await call(t.url, 'GET', '/api/notifications', undefined, { authorization: '' })).status).toBe(401);
  });

  it('a batch that notifies one person many times is a few inbox writes, and the inbox keeps the newest 200', async () => {
    const eve = await t.addUser('Eve Elm');
    const socket = await inboxOf(eve);
    const res = await api('POST', '/api/tasks/batch', { create: Array.from({ length: 300 }, (_, i) => ({ title: `Bulk ${i}`, dueAt: day(1), assigneeId: eve.id })) });
    expect(res.status).toBe(200);
    await waitFor(() => socket.got.length === 300, 'all 300 notifications live', 15_000);
    expect(socket.got.map((n) => n.text)).toEqual(Array.from({ length: 300 }, (_, i) => `Test Admin assigned you a to-do: Bulk ${i}`));
    await t.shoal.notifications.settled();
    const inbox = await t.connection.db!.collection('inboxes').findOne({ _id: new Types.ObjectId(eve.id) } as never);
    // Without grouping this was 300 writes (one read and write of the whole inbox each).
    expect(inbox!.version).toBeLessThanOrEqual(10);
    const page = await api('GET', '/api/notifications?limit=200', undefined, eve);
    expect(page.headers.get('x-unread-count')).toBe('200');
    const inboxPage = bodyOf(page, Notifications);
    expect(inboxPage).toHaveLength(200);
    expect(inboxPage[0]!.text).toBe('Test Admin assigned you a to-do: Bulk 299');
    expect(inboxPage.at(-1)!.text).toBe('Test Admin assigned you a to-do: Bulk 100');
    expect(page.headers.get('link')).toBeNull();
  });
});
