import http from 'node:http';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, ChangeEvent } from '../../shared/events.js';
import { roomOf } from '../../shared/rooms.js';
import { Customer } from '../../shared/customer.js';
import { CreatedToken, Session, User } from '../../shared/user.js';
import { call } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type ClientSocket, type TestShoal, type TestUser } from '../support/shoal.js';

// Ended access ends at once (issue 11): every credential's sockets go when it ends, a socket that
// comes back through connection state recovery is checked again, cookie sockets come from
// Shoal's own origin only, and presence never takes a socket out of the team room.
let t: TestShoal;
let watcher: TestUser;
beforeAll(async () => {
  t = await startShoal();
  watcher = await t.addUser('Watcher');
});
afterAll(async () => {
  await t.close();
});

const anonymous = { authorization: '' };
const cookieFrom = (res: { headers: Headers }) => /shoal_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';

async function signIn(user: TestUser): Promise<{ cookie: string; csrf: string }> {
  const res = await call(t.url, 'POST', '/api/auth/login', { email: user.email, password: user.password }, anonymous, Session);
  expect(res.status).toBe(200);
  return { cookie: `shoal_session=${cookieFrom(res)}`, csrf: res.body.csrfToken };
}

/** Resolves with the reason once the socket is disconnected. */
const disconnected = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

/** A change nobody else makes: once a socket has it, anything sent before it has arrived too. */
async function sentinel(socket: ClientSocket, seen: ChangeEvent[]): Promise<ChangeEvent> {
  const { body } = await call(t.url, 'POST', '/api/customers', { name: 'Sentinel', email: `sentinel-${Date.now()}-${Math.random()}@x.test` }, undefined, Customer);
  await waitFor(() => seen.some((e) => e.id === body.id), 'the sentinel change');
  return seen.find((e) => e.id === body.id)!;
}

describe('ended credentials end their sockets', () => {
  it('a socket that recovers its session after its user was deactivated is refused and gets nothing more', async () => {
    const leaver = await t.addUser('Leaver');
    const socket = ioClient(t.url, { transports: ['websocket'], auth: { token: leaver.token }, reconnection: false, forceNew: true }) as ClientSocket;
    const seen = collectChanges(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const other = await connectSocket(t.url, { token: watcher.token });
    const otherSeen = collectChanges(other);
    await sentinel(other, otherSeen);
    await waitFor(() => seen.length === 1, 'the first sentinel at the leaver');

    // Drop the transport as a network would, deactivate while it is away, then let it come back.
    const dropped = disconnected(socket);
    socket.io.engine.close();
    await dropped;
    const res = await call(t.url, 'PATCH', `/api/users/${leaver.id}`, { active: false }, undefined, User);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    await call(t.url, 'POST', '/api/customers', { name: 'While away', email: `away-${Date.now()}@x.test` }, undefined, Customer);
    const refused = new Promise<Error | 'connected'>((resolve) => {
      socket.once('connect_error', resolve);
      socket.once('connect', () => resolve('connected'));
    });
    socket.connect();
    const outcome = await refused;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/sign in/i);
    // A later change reaches a valid client; the refused one got nothing after its first sentinel.
    await sentinel(other, otherSeen);
    expect(seen).toHaveLength(1);
    expect(socket.connected).toBe(false);
    socket.close();
    other.disconnect();
  });

  it('a socket that recovers its session with a valid credential still gets what it missed', async () => {
    const socket = ioClient(t.url, { transports: ['websocket'], auth: { token: watcher.token }, reconnection: false, forceNew: true }) as ClientSocket;
    const seen = collectChanges(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Recovery resumes from the last change received, so it needs one.
    await sentinel(socket, seen);
    const dropped = disconnected(socket);
    socket.io.engine.close();
    await dropped;
    const { body: c } = await call(t.url, 'POST', '/api/customers', { name: 'Missed', email: `missed-${Date.now()}@x.test` }, undefined, Customer);
    const back = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await back;
    expect(socket.recovered).toBe(true);
    await waitFor(() => seen.some((e) => e.id === c.id), 'the missed change');
    socket.disconnect();
  });

  it('logging out disconnects the sockets of that session at once, and no other', async () => {
    const user = await t.addUser('Logs out');
    const first = await signIn(user);
    const second = await signIn(user);
    const ended = await connectSocket(t.url, { cookie: first.cookie });
    const otherSession = await connectSocket(t.url, { cookie: second.cookie });
    const byToken = await connectSocket(t.url, { token: user.token });
    const gone = disconnected(ended);
    const res = await call(t.url, 'POST', '/api/auth/logout', undefined, { authorization: '', cookie: first.cookie, 'x-csrf-token': first.csrf });
    expect(res.status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    const seen = collectChanges(otherSession);
    const seenByToken = collectChanges(byToken);
    await sentinel(otherSession, seen);
    await waitFor(() => seenByToken.length === 1, 'the sentinel at the token socket');
    expect(otherSession.connected && byToken.connected).toBe(true);
    // The ended session cannot open a new socket either.
    await expect(connectSocket(t.url, { cookie: first.cookie })).rejects.toThrow(/sign in/i);
    otherSession.disconnect();
    byToken.disconnect();
  });

  it('revoking a token disconnects the sockets opened with it at once, and no other', async () => {
    const user = await t.addUser('Revokes');
    const spare = await call(t.url, 'POST', '/api/tokens', { name: 'spare' }, { authorization: `Bearer ${user.token}` }, CreatedToken);
    const revoked = await connectSocket(t.url, { token: spare.body.token });
    const kept = await connectSocket(t.url, { token: user.token });
    const gone = disconnected(revoked);
    expect((await call(t.url, 'DELETE', `/api/tokens/${spare.body.id}`, undefined, { authorization: `Bearer ${user.token}` })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    const seen = collectChanges(kept);
    await sentinel(kept, seen);
    expect(kept.connected).toBe(true);
    await expect(connectSocket(t.url, { token: spare.body.token })).rejects.toThrow(/sign in/i);
    kept.disconnect();
  });

  it("an admin resetting a password disconnects the user's browser sessions at once; their tokens stay", async () => {
    const user = await t.addUser('Reset');
    const session = await signIn(user);
    const browser = await connectSocket(t.url, { cookie: session.cookie });
    const script = await connectSocket(t.url, { token: user.token });
    const gone = disconnected(browser);
    expect((await call(t.url, 'PATCH', `/api/users/${user.id}`, { password: 'a fresh passphrase 2026' })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    const seen = collectChanges(script);
    await sentinel(script, seen);
    expect(script.connected).toBe(true);
    expect((await call(t.url, 'GET', '/api/auth/me', undefined, { authorization: '', cookie: session.cookie })).status).toBe(401);
    script.disconnect();
  });

  it('changing your own password ends your other sessions and their sockets, not the one you changed it from', async () => {
    const user = await t.addUser('Changes own');
    const here = await signIn(user);
    const elsewhere = await signIn(user);
    const hereSocket = await connectSocket(t.url, { cookie: here.cookie });
    const elsewhereSocket = await connectSocket(t.url, { cookie: elsewhere.cookie });
    const gone = disconnected(elsewhereSocket);
    const res = await call(t.url, 'PATCH', '/api/auth/me', { currentPassword: user.password, password: 'my new passphrase 2026' }, { authorization: '', cookie: here.cookie, 'x-csrf-token': here.csrf });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    const seen = collectChanges(hereSocket);
    await sentinel(hereSocket, seen);
    expect(hereSocket.connected).toBe(true);
    expect((await call(t.url, 'GET', '/api/auth/me', undefined, { authorization: '', cookie: here.cookie })).status).toBe(200);
    expect((await call(t.url, 'GET', '/api/auth/me', undefined, { authorization: '', cookie: elsewhere.cookie })).status).toBe(401);
    hereSocket.disconnect();
  });
});

/**
 * Sends a raw WebSocket upgrade with the given headers; resolves with 101 when accepted, else
 * with the refusal (engine.io answers a refused upgrade 400, with the reason as the body).
 */
function rawUpgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/socket.io/?EIO=4&transport=websocket`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.once('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

const refusedForOrigin = { status: 400, body: expect.stringMatching(/origin/i) };
const accepted = { status: 101, body: '' };

describe('cookie sockets come from Shoal’s own origin', () => {
  it('refuses an upgrade carrying the session cookie from another origin; accepts its own and scripts without Origin', async () => {
    const session = await signIn(watcher);
    expect(await rawUpgrade(t.url, { cookie: session.cookie, origin: 'http://evil.test' })).toEqual(refusedForOrigin);
    // Another port of the same host is another origin (the cookie would go along: same site).
    expect(await rawUpgrade(t.url, { cookie: session.cookie, origin: `http://127.0.0.1:${t.port + 1}` })).toEqual(refusedForOrigin);
    expect(await rawUpgrade(t.url, { cookie: session.cookie, origin: t.url })).toEqual(accepted);
    expect(await rawUpgrade(t.url, { cookie: session.cookie })).toEqual(accepted);
    // Without the cookie, another origin proves nothing either way: a token must do it.
    expect(await rawUpgrade(t.url, { origin: 'http://evil.test' })).toEqual(accepted);
    const script = await connectSocket(t.url, { token: watcher.token });
    expect(script.connected).toBe(true);
    script.disconnect();
    const viaSocketIo = ioClient(t.url, { transports: ['websocket'], extraHeaders: { cookie: session.cookie, origin: 'http://evil.test' }, reconnection: false, forceNew: true });
    await expect(new Promise<void>((resolve, reject) => (viaSocketIo.once('connect', () => resolve()), viaSocketIo.once('connect_error', reject)))).rejects.toThrow();
    viaSocketIo.close();
  });

  it('accepts the origins of SHOAL_ALLOWED_ORIGINS', async () => {
    const other = await startShoal({ allowedOrigins: ['https://crm.example.com'] });
    try {
      const res = await call(other.url, 'POST', '/api/auth/login', { email: other.admin.email, password: other.admin.password }, anonymous);
      const cookie = `shoal_session=${cookieFrom(res)}`;
      expect(await rawUpgrade(other.url, { cookie, origin: 'https://crm.example.com' })).toEqual(accepted);
      expect(await rawUpgrade(other.url, { cookie, origin: 'https://evil.example.com' })).toEqual(refusedForOrigin);
    } finally {
      await other.close();
    }
  });
});

const ackOf = (socket: ClientSocket, payload: unknown) =>
  new Promise<Ack>((resolve) => (socket.emit as (ev: string, p: unknown, cb: (a: Ack) => void) => void)('presence', payload, resolve));

describe('presence rooms', () => {
  it('moving from a customer to Team to Customers keeps the socket in the team room: changes still arrive', async () => {
    const rep = await connectSocket(t.url, { token: watcher.token });
    const seen = collectChanges(rep);
    const { body: c } = await call(t.url, 'POST', '/api/customers', { name: 'Viewed', email: `viewed-${Date.now()}@x.test` }, undefined, Customer);
    await waitFor(() => seen.some((e) => e.id === c.id), 'the create');
    expect(await ackOf(rep, { view: 'customer', recordId: c.id })).toEqual({ ok: true });
    expect(await ackOf(rep, { view: 'team' })).toEqual({ ok: true });
    expect(await ackOf(rep, { view: 'customers' })).toEqual({ ok: true });
    await sentinel(rep, seen);
    rep.disconnect();
  });

  it('a presence room is named apart from the team room, and the team view lists who is on it', async () => {
    const a = await connectSocket(t.url, { token: watcher.token });
    const rooms: string[] = [];
    a.on('presence', (room) => rooms.push(room));
    await ackOf(a, { view: 'team' });
    await waitFor(() => rooms.includes(roomOf({ kind: 'presence', view: 'team' })), 'the team view’s presence');
    expect(roomOf({ kind: 'presence', view: 'team' })).not.toBe(roomOf({ kind: 'team' }));
    a.disconnect();
  });
});
