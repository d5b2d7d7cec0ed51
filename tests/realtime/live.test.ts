import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent, type Ack, type PresenceEntry } from '../../shared/events.js';
import { bodyOf, call } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';
import { roomOf } from '../../shared/rooms.js';

let t: TestShoal;
let ana: TestUser;
let ben: TestUser;
let script: TestUser;
beforeAll(async () => {
  t = await startShoal();
  [ana, ben, script] = [await t.addUser('Ana'), await t.addUser('Ben'), await t.addUser('Import script')];
});
afterAll(async () => {
  await t.close();
});

const ackOf = (socket: ClientSocket, payload: unknown) =>
  new Promise<Ack>((resolve) => (socket.emit as (ev: string, p: unknown, cb: (a: Ack) => void) => void)('presence', payload, resolve));

describe('live changes', () => {
  it('a change made through REST reaches two other socket clients once each, in seq order, with the actor', async () => {
    const a = await connectSocket(t.url, { token: ana.token });
    const b = await connectSocket(t.url, { token: ben.token });
    const seenA = collectChanges(a);
    const seenB = collectChanges(b);
    const actor = { authorization: `Bearer ${script.token}` };
    const { body: c } = await call(t.url, 'POST', '/api/customers', { name: 'Live Co', email: 'live@example.com' }, actor, Customer);
    await call(t.url, 'PATCH', `/api/customers/${c.id}`, { phone: '555-0199' }, actor, Customer);
    expect((await call(t.url, 'DELETE', `/api/customers/${c.id}`, undefined, actor)).status).toBe(204);
    await waitFor(() => seenA.length >= 3 && seenB.length >= 3, 'three changes at both clients');
    // A later change is the barrier: changes arrive in seq order, so once it is in at both,
    // a duplicate of the three would have arrived before it.
    const { body: later } = await call(t.url, 'POST', '/api/customers', { name: 'Later Co', email: 'later@example.com' }, actor, Customer);
    await waitFor(() => [seenA, seenB].every((all) => all.some((e) => e.id === later.id)), 'the later change at both clients');
    for (const all of [seenA, seenB]) {
      expect(all.at(-1)).toMatchObject({ id: later.id, op: 'created', seq: all[0]!.seq + 3 });
      const seen = all.slice(0, -1);
      expect(seen.map((e) => e.op)).toEqual(['created', 'updated', 'deleted']);
      expect(seen.map((e) => e.seq)).toEqual([seen[0]!.seq, seen[0]!.seq + 1, seen[0]!.seq + 2]);
      expect(seen.every((e) => e.entity === 'customer' && e.id === c.id && e.actor.name === 'Import script' && e.actor.id === script.id)).toBe(true);
      expect(seen[1]).toMatchObject({ version: 2, fields: ['phone'], data: { phone: '555-0199' } });
    }
    expect(seenA).toEqual(seenB);
    a.disconnect();
    b.disconnect();
  });

  it('a client that was away replays what it missed from GET /api/events?after= and converges', async () => {
    const watcher = await connectSocket(t.url, { token: ana.token });
    const seen = collectChanges(watcher);
    const { body: c } = await call(t.url, 'POST', '/api/customers', { name: 'Away Co', email: 'away@example.com' }, undefined, Customer);
    await waitFor(() => seen.length === 1, 'the create');
    const lastSeq = seen[0]!.seq;
    watcher.disconnect();

    await call(t.url, 'PATCH', `/api/customers/${c.id}`, { industry: 'Retail' }, undefined, Customer);
    await call(t.url, 'PATCH', `/api/customers/${c.id}`, { phone: '1' }, undefined, Customer);

    const back = await connectSocket(t.url, { token: ana.token });
    const live = collectChanges(back);
    const replay = await call(t.url, 'GET', `/api/events?after=${lastSeq}`);
    expect(replay.status).toBe(200);
    const missed = bodyOf(replay, z.array(ChangeEvent));
    expect(missed.map((e) => e.seq)).toEqual([lastSeq + 1, lastSeq + 2]);
    // Applying the missed events (as sent, every field) gives the state the server has.
    let state = { ...seen[0]!.data } as Record<string, unknown>;
    for (const e of bodyOf(replay, z.array(z.object({ data: z.record(z.string(), z.unknown()) })))) state = { ...e.data };
    const current = await call(t.url, 'GET', `/api/customers/${c.id}`, undefined, undefined, Customer);
    expect(state).toEqual(current.body);
    expect(state).toEqual((await call(t.url, 'GET', `/api/customers/${c.id}`)).body);
    // And new changes keep arriving live after the replay.
    await call(t.url, 'PATCH', `/api/customers/${c.id}`, { phone: '2' });
    await waitFor(() => live.length === 1, 'the next change live');
    expect(live[0]!.seq).toBe(lastSeq + 3);
    back.disconnect();
  });

  it('connection state recovery delivers changes missed during a short drop', async () => {
    const socket = ioClient(t.url, { transports: ['websocket'], auth: { token: ben.token }, reconnectionDelay: 50, forceNew: true }) as ClientSocket;
    const seen = collectChanges(socket);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const { body: c } = await call(t.url, 'POST', '/api/customers', { name: 'Drop Co', email: 'drop@example.com' }, undefined, Customer);
    await waitFor(() => seen.length === 1, 'the create');
    // Kill the transport (as a network drop would), change something, let it reconnect.
    const recovered = new Promise<boolean>((resolve) => socket.io.once('reconnect', () => setTimeout(() => resolve(socket.recovered), 50)));
    socket.io.engine.close();
    await call(t.url, 'PATCH', `/api/customers/${c.id}`, { phone: 'during-drop' });
    expect(await recovered).toBe(true);
    await waitFor(() => seen.length === 2, 'the missed change');
    expect(seen[1]).toMatchObject({ op: 'updated', seq: seen[0]!.seq + 1, data: { phone: 'during-drop' } });
    socket.disconnect();
  });
});

describe('socket input', () => {
  it('validates presence and answers errors through the acknowledgement', async () => {
    const s = await connectSocket(t.url);
    expect(await ackOf(s, { view: 'customers' })).toEqual({ ok: true });
    const bad = await ackOf(s, { view: 'nowhere', $where: 'sleep(1000)' });
    expect(bad.ok).toBe(false);
    expect(await ackOf(s, 'garbage')).toMatchObject({ ok: false });
    s.disconnect();
  });

  it('survives a missing acknowledgement callback, garbage payloads and an oversized message', async () => {
    const s = await connectSocket(t.url);
    const emit = (s.emit as (...args: unknown[]) => void).bind(s);
    emit('presence', { view: 'customers' }); // no ack
    emit('presence', null);
    emit('presence', undefined, 'not-a-function');
    emit('no-such-event', { a: 1 });
    const big = await connectSocket(t.url);
    const dropped = new Promise<string>((r) => big.once('disconnect', (reason) => r(reason)));
    (big.emit as (...args: unknown[]) => void)('presence', { view: 'customers', editing: 'x'.repeat(200_000) });
    expect(await dropped).toBeTruthy();
    // The server carries on: the first socket still gets answers and REST still works.
    expect(await ackOf(s, { view: 'customers' })).toEqual({ ok: true });
    expect((await call(t.url, 'GET', '/healthz')).status).toBe(200);
    s.disconnect();
  });

  it('refuses a handshake with a malformed token', async () => {
    const socket = ioClient(t.url, { transports: ['websocket'], auth: { token: { $ne: null } }, reconnection: false, forceNew: true });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/sign in/i);
    socket.close();
  });

  it('shows who else is in a view', async () => {
    const a = await connectSocket(t.url, { token: ana.token });
    const b = await connectSocket(t.url, { token: ben.token });
    const lists: PresenceEntry[][] = [];
    b.on('presence', (room, present) => {
      if (room === roomOf({ kind: 'presence', view: 'customers' })) lists.push(present);
    });
    await ackOf(a, { view: 'customers' });
    await ackOf(b, { view: 'customers' });
    await waitFor(() => lists.some((l) => l.length === 2), 'two people on the Customers view');
    expect(lists.at(-1)!.map((p) => p.actor.name).sort()).toEqual(['Ana', 'Ben']);
    a.disconnect();
    await waitFor(() => lists.at(-1)!.length === 1, 'Ana leaving');
    expect(lists.at(-1)![0]!.actor.name).toBe('Ben');
    b.disconnect();
  });
});
