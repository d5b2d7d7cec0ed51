import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import { SavedView } from '../../shared/view.js';
import { bodyOf, call } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';
import { TEAM_ROOM, userRoom } from '../../server/realtime/realtime.js';

// A change broadcast to rooms no socket is in (and none can come back to) is not sent at all on
// one process: socket.io would encode it first (a batch's group is a quarter of a megabyte)
// and keep it for connection state recovery, for nobody.

let t: TestShoal;
let ann: TestUser;
let bob: TestUser;
/** The rooms of each `change`/`changes` broadcast the adapter was handed. */
const sent: string[][] = [];

beforeAll(async () => {
  t = await startShoal();
  ann = await t.addUser('Ann Rep');
  bob = await t.addUser('Bob Rep');
  const adapter = t.shoal.io.of('/').adapter;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    const event = (packet as { data?: unknown[] }).data?.[0];
    if (event === 'change' || event === 'changes') sent.push([...opts.rooms]);
    return broadcast(packet, opts);
  };
});
afterAll(async () => {
  await t.close();
});

const sockets = () => t.shoal.io.of('/').sockets.size;
/** The clients a test opened: closed after it, pass or fail, so the next one starts with none. */
const opened: ClientSocket[] = [];
const open = async (user: TestUser) => {
  const socket = await connectSocket(t.url, { token: user.token });
  opened.push(socket);
  return socket;
};
afterEach(async () => {
  for (const socket of opened.splice(0)) socket.disconnect();
  await waitFor(() => sockets() === 0, 'the server to see every client go');
});
const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
const customer = async (n: string) => bodyOf(await call(t.url, 'POST', '/api/customers', { name: `Unheard ${n}`, email: `unheard-${n}@example.com` }), Customer);

describe('broadcasts to rooms nobody is in', () => {
  it('are not sent while no socket is connected; a connected client gets every change', async () => {
    expect(sockets()).toBe(0);
    sent.length = 0;
    // The broadcast runs before the answer (a batch's at its end).
    await customer('alone');
    const batch = await call(t.url, 'POST', '/api/customers/batch', { create: Array.from({ length: 600 }, (_, i) => ({ name: `Quiet ${i}`, email: `quiet${i}@example.com` })) });
    expect(bodyOf(batch, BatchResult).succeeded).toBe(600);
    expect(sent).toEqual([]);

    const socket = await open(ann);
    const seen = collectChanges(socket);
    const made = await customer('heard');
    await waitFor(() => seen.some((e) => e.id === made.id), 'the change at the connected client');
    expect(sent).toEqual([[TEAM_ROOM]]);
    const many = await call(t.url, 'POST', '/api/customers/batch', { create: Array.from({ length: 600 }, (_, i) => ({ name: `Loud ${i}`, email: `loud${i}@example.com` })) });
    expect(bodyOf(many, BatchResult).succeeded).toBe(600);
    await waitFor(() => seen.length === 601, 'the batch at the connected client');
  });

  it("a personal view's change reaches its owner's socket and not another user's", async () => {
    const annSocket = await open(ann);
    const bobSocket = await open(bob);
    const annSeen = collectChanges(annSocket);
    const bobSeen = collectChanges(bobSocket);
    const view = bodyOf(await call(t.url, 'POST', '/api/views', { entity: 'customer', name: 'Mine', filters: {}, columns: ['name'] }, as(ann)), SavedView);
    await waitFor(() => annSeen.some((e) => e.id === view.id), "the view's change at its owner");
    // A team-wide change after it is the sentinel: changes arrive in order, so once Bob has it,
    // the view's change would have come before it.
    const sentinel = await customer('sentinel-1');
    await waitFor(() => bobSeen.some((e) => e.id === sentinel.id) && annSeen.some((e) => e.id === sentinel.id), 'the sentinel at both');
    expect(bobSeen.map((e) => e.id)).toEqual([sentinel.id]);

    // With the owner gone, a change of the view goes to no room anybody is in: not sent.
    annSocket.disconnect();
    await waitFor(() => sockets() === 1, 'the server to see Ann go');
    sent.length = 0;
    expect((await call(t.url, 'PATCH', `/api/views/${view.id}`, { name: 'Still mine' }, as(ann))).status).toBe(200);
    const next = await customer('sentinel-2');
    await waitFor(() => bobSeen.some((e) => e.id === next.id), 'the second sentinel at Bob');
    expect(bobSeen.map((e) => e.id)).toEqual([sentinel.id, next.id]);
    expect(sent).toEqual([[TEAM_ROOM]]);
    expect(sent.some((rooms) => rooms.includes(userRoom(ann.id)))).toBe(false);
  });

  it('a socket that dropped and may recover still gets what was broadcast while it was away', async () => {
    const socket = ioClient(t.url, { transports: ['websocket'], auth: { token: bob.token }, reconnection: false, forceNew: true }) as ClientSocket;
    opened.push(socket);
    const seen = collectChanges(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const first = await customer('before-drop');
    await waitFor(() => seen.some((e) => e.id === first.id), 'the change before the drop');
    // A network drop: the server keeps the socket's session for recovery. No socket is
    // connected while the change is made, yet it must be kept for this one.
    socket.io.engine.close();
    await waitFor(() => sockets() === 0, 'the server to see the drop');
    sent.length = 0;
    const during = await customer('during-drop');
    expect(sent).toEqual([[TEAM_ROOM]]);
    socket.connect();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(socket.recovered).toBe(true);
    await waitFor(() => seen.some((e) => e.id === during.id), 'the change made during the drop');
  });
});
