import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../shared/user.js';
import { call } from '../support/call.js';
import { connectSocket, waitFor, type ClientSocket, type TestUser } from '../support/shoal.js';
import { startPair, type ShoalPair } from '../support/pair.js';

// Issue 11: each process caches sessions, tokens and users for 5 s. With two processes on one
// database and one Redis, access ended (or changed) on A must end on B at once: the next API
// call on B is refused, B's sockets of that credential close, and a new socket on B is refused.
let pair: ShoalPair;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  pair = await startPair();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await pair?.close();
});

const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
/** A socket of `credentials` on B, and whether B closed it. */
async function socketOnB(credentials: { token?: string; cookie?: string }) {
  const socket = await connectSocket(pair.b.url, credentials);
  sockets.push(socket);
  const state = { closed: false };
  socket.on('disconnect', () => (state.closed = true));
  return state;
}
/** Whether a new socket on B with `credentials` is refused. */
const refusedOnB = (credentials: { token?: string; cookie?: string }) =>
  connectSocket(pair.b.url, credentials).then(
    (socket) => (socket.disconnect(), false),
    () => true,
  );

async function signIn(user: TestUser): Promise<{ cookie: string; csrf: string }> {
  const res = await call(pair.a.url, 'POST', '/api/auth/login', { email: user.email, password: user.password }, { authorization: '' }, Session);
  expect(res.status).toBe(200);
  const cookie = /shoal_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  return { cookie, csrf: res.body.csrfToken };
}

describe('ended access ends on every process at once', () => {
  it('a token revoked on A is refused by B on the very next call, and its socket on B closes', async () => {
    const { a, b } = pair;
    const rep = await a.addUser('Rita Revoked');
    expect((await call(b.url, 'GET', '/api/customers', undefined, bearer(rep))).status).toBe(200); // B caches it now
    const socket = await socketOnB({ token: rep.token });

    const tokenId = rep.token.split('_')[1]!;
    expect((await call(a.url, 'DELETE', `/api/tokens/${tokenId}`, undefined, bearer(rep))).status).toBe(204);
    expect((await call(b.url, 'GET', '/api/customers', undefined, bearer(rep))).status).toBe(401);
    expect(await refusedOnB({ token: rep.token })).toBe(true);
    await waitFor(() => socket.closed, "the revoked token's socket on B closed");
  });

  it('a session logged out on A is refused by B at once', async () => {
    const { a, b } = pair;
    const rep = await a.addUser('Lou Loggedout');
    const { cookie, csrf } = await signIn(rep);
    expect((await call(b.url, 'GET', '/api/auth/me', undefined, { cookie })).status).toBe(200);
    const socket = await socketOnB({ cookie });

    expect((await call(a.url, 'POST', '/api/auth/logout', undefined, { cookie, 'x-csrf-token': csrf })).status).toBe(204);
    expect((await call(b.url, 'GET', '/api/auth/me', undefined, { cookie })).status).toBe(401);
    expect(await refusedOnB({ cookie })).toBe(true);
    await waitFor(() => socket.closed, "the session's socket on B closed");
  });

  it('a user deactivated on A is refused by B at once (token and session), and a role taken away on A is gone on B', async () => {
    const { a, b } = pair;
    const leaver = await a.addUser('Lee Leaver');
    const { cookie } = await signIn(leaver);
    expect((await call(b.url, 'GET', '/api/customers', undefined, bearer(leaver))).status).toBe(200);
    expect((await call(b.url, 'GET', '/api/customers', undefined, { cookie })).status).toBe(200);
    const socket = await socketOnB({ token: leaver.token });

    expect((await call(a.url, 'PATCH', `/api/users/${leaver.id}`, { active: false })).status).toBe(200);
    expect((await call(b.url, 'GET', '/api/customers', undefined, bearer(leaver))).status).toBe(401);
    expect((await call(b.url, 'GET', '/api/customers', undefined, { cookie })).status).toBe(401);
    expect(await refusedOnB({ token: leaver.token })).toBe(true);
    await waitFor(() => socket.closed, "the deactivated user's socket on B closed");

    const demoted = await a.addUser('Dee Demoted', 'admin');
    const newcomer = { name: 'Not Added', email: 'not-added@shoal.test', password: 'not added password 1', role: 'rep' };
    expect((await call(b.url, 'GET', '/api/users', undefined, bearer(demoted))).status).toBe(200);
    expect((await call(a.url, 'PATCH', `/api/users/${demoted.id}`, { role: 'rep' })).status).toBe(200);
    expect((await call(b.url, 'POST', '/api/users', newcomer, bearer(demoted))).status).toBe(403);
  });
});
