import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShoalApi } from '../../client/src/api.js';
import { LiveClient, type ConnectionState, type ShoalSocket } from '../../client/src/live.js';
import type { ChangeEvent, PresenceEntry } from '../../shared/events.js';
import { Customer } from '../../shared/customer.js';
import { CreatedToken } from '../../shared/user.js';
import { call } from '../support/call.js';
import { startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';
import { roomOf } from '../../shared/rooms.js';

let t: TestShoal;
/** The rep whose browser the live client stands in for. */
let lia: TestUser;
/** Another user, whose script makes the changes Lia must see. */
let importer: TestUser;
let script: Record<string, string>;
beforeAll(async () => {
  t = await startShoal();
  lia = await t.addUser('Lia Reyes');
  importer = await t.addUser('Import Script');
  script = { authorization: `Bearer ${importer.token}` };
});
afterAll(async () => {
  await t.close();
});

/**
 * The web client's live connection against a real server, signed in with a token. `drop`
 * names seqs the socket "loses" on the way in, as a flaky network would.
 */
async function liveClient(drop = new Set<number>(), options: { token?: string; waitUntilLive?: boolean; onUnauthorized?: () => void } = {}) {
  let socket: ShoalSocket | undefined;
  const token = options.token ?? lia.token;
  const api = new ShoalApi({ base: `${t.url}/api`, token });
  const live = new LiveClient({
    api,
    url: t.url,
    auth: { token },
    retryMs: 50,
    ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}),
    connect: (url, auth) => {
      const s: ShoalSocket = io(url!, { auth: { ...auth }, autoConnect: false, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 });
      const on = s.on.bind(s) as (event: string, listener: (...args: unknown[]) => void) => ShoalSocket;
      (s as unknown as { on: typeof on }).on = (event, listener) =>
        on(event, event === 'change' ? (e: unknown) => void (drop.has((e as ChangeEvent).seq) || listener(e)) : listener);
      socket = s;
      return s;
    },
  });
  const seen: ChangeEvent[] = [];
  const states: ConnectionState[] = [];
  const presence = new Map<string, PresenceEntry[]>();
  let resyncs = 0;
  live.subscribe({ change: (e) => seen.push(e), state: (s) => states.push(s), resync: () => resyncs++, presence: (room, entries) => presence.set(room, entries) });
  live.start();
  if (options.waitUntilLive !== false) await waitFor(() => live.state === 'live' && live.lastSeq !== undefined, 'connected with a baseline');
  return { live, seen, states, presence, socket: () => socket!, resyncs: () => resyncs };
}

describe('the web client’s live connection', () => {
  it('fills a gap from GET /api/events and delivers every change once, in order', async () => {
    const { body: first } = await call(t.url, 'POST', '/api/customers', { name: 'Gap Co', email: 'gap@example.com' }, script, Customer);
    const latest = Number((await call(t.url, 'GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    // The second of the next three changes never arrives on the socket.
    const { live, seen } = await liveClient(new Set([latest + 2]));
    expect(live.lastSeq).toBe(latest);
    for (const phone of ['1', '2', '3']) await call(t.url, 'PATCH', `/api/customers/${first.id}`, { phone }, script, Customer);
    await waitFor(() => seen.length >= 3, 'three changes');
    // A later change is the barrier: once it is delivered, a duplicate of the three would have been too.
    await call(t.url, 'PATCH', `/api/customers/${first.id}`, { phone: '4' }, script, Customer);
    await waitFor(() => seen.some((e) => e.seq === latest + 4), 'the later change');
    expect(seen.map((e) => e.seq)).toEqual([latest + 1, latest + 2, latest + 3, latest + 4]);
    expect(seen.map((e) => (e.entity === 'customer' ? e.data?.phone : e.entity))).toEqual(['1', '2', '3', '4']);
    expect(live.lastSeq).toBe(latest + 4);
    live.stop();
  });

  it('after a reconnect socket.io could not recover, replays what it missed and says so in its state', async () => {
    const { body: c } = await call(t.url, 'POST', '/api/customers', { name: 'Away Co', email: 'away@example.com' }, script, Customer);
    const { live, seen, states, socket } = await liveClient();
    socket().disconnect();
    await call(t.url, 'PATCH', `/api/customers/${c.id}`, { industry: 'Retail' }, script, Customer);
    await call(t.url, 'DELETE', `/api/customers/${c.id}`, undefined, script);
    socket().connect();
    await waitFor(() => seen.length >= 2, 'the missed changes');
    expect(seen.map((e) => e.op)).toEqual(['updated', 'deleted']);
    expect(seen[0]!.actor).toEqual({ id: importer.id, name: 'Import Script' });
    expect(states.at(-1)).toBe('live');

    // The server drops the socket: the state says so, and the client comes back by itself.
    const before = states.length;
    t.shoal.io.disconnectSockets(true);
    await waitFor(() => states.slice(before).includes('reconnecting'), 'noticed the drop');
    await waitFor(() => states.at(-1) === 'live', 'back to live');
    live.stop();
    expect(live.state).toBe('offline');
  });

  it('asks its subscribers to refetch when the log no longer has what was missed (410)', async () => {
    await call(t.url, 'POST', '/api/customers', { name: 'Pruned Co', email: 'pruned@example.com' }, script, Customer);
    const { live, resyncs, socket } = await liveClient();
    expect(live.lastSeq).toBeGreaterThan(0);
    socket().disconnect();
    // Changes while it is away; then the log loses all but the newest, as retention pruning does
    // after a long absence.
    await call(t.url, 'POST', '/api/customers', { name: 'Missed Co', email: 'missed@example.com' }, script, Customer);
    await call(t.url, 'POST', '/api/customers', { name: 'Missed Too', email: 'missed2@example.com' }, script, Customer);
    const newest = (await t.connection.collection('events').find().sort({ seq: -1 }).limit(1).toArray())[0]!.seq as number;
    expect(newest).toBeGreaterThan(live.lastSeq! + 1);
    await t.shoal.events.prune(new Date(Date.now() + 366 * 24 * 60 * 60 * 1000));
    expect(await t.connection.collection('events').countDocuments({ seq: { $lt: newest } })).toBe(0);
    socket().connect();
    await waitFor(() => resyncs() > 0, 'a resync request');
    expect(live.state).toBe('live');
    live.stop();
  });

  it('lists everyone online in the team room, once per user, also for subscribers that come later', async () => {
    const first = await liveClient();
    const second = await liveClient(new Set(), { token: importer.token });
    const names = (entries: PresenceEntry[] | undefined) => [...new Set((entries ?? []).map((e) => e.actor.name))].sort();
    await waitFor(() => names(first.presence.get('team')).length === 2, 'both users in the team room');
    expect(names(first.presence.get('team'))).toEqual(['Import Script', 'Lia Reyes']);
    expect(first.presence.get('team')!.every((e) => typeof e.color === 'string')).toBe(true);

    const late: string[][] = [];
    first.live.subscribe({ presence: (room, entries) => room === roomOf({ kind: 'team' }) && late.push(names(entries)) });
    expect(late[0]).toEqual(['Import Script', 'Lia Reyes']);

    second.live.stop();
    await waitFor(() => names(first.presence.get('team')).length === 1, 'the other user gone');
    expect(names(first.presence.get('team'))).toEqual(['Lia Reyes']);
    first.live.stop();
    expect(first.live.present('team'), 'offline: nobody is shown as present').toEqual([]);
  });

  it('tells the app when the server refuses the connection for want of a valid sign-in', async () => {
    const created = await call(t.url, 'POST', '/api/tokens', { name: 'soon revoked' }, { authorization: `Bearer ${lia.token}` }, CreatedToken);
    expect(created.status).toBe(201);
    expect((await call(t.url, 'DELETE', `/api/tokens/${created.body.id}`, undefined, { authorization: `Bearer ${lia.token}` })).status).toBe(204);
    let refusals = 0;
    const { live, states } = await liveClient(new Set(), { token: created.body.token, waitUntilLive: false, onUnauthorized: () => refusals++ });
    await waitFor(() => refusals >= 2, 'refused, and refused again on the retry');
    expect(states).not.toContain('live');
    expect(live.state).toBe('reconnecting');
    live.stop();
  });
});
