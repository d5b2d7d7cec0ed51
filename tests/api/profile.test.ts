import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../shared/user.js';
import { call, problemOf } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/** PATCH /api/auth/me (a user's own name, email, password) and PATCH /api/users/:id {password} (an admin's reset). */
let t: TestShoal;
let rep: TestUser;
let other: TestUser;
beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rosa Rep');
  other = await t.addUser('Otto Other');
});
afterAll(async () => {
  await t.close();
});

const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

describe('changing your own profile', () => {
  it('changes the name without a password, and the email only with the current one', async () => {
    const named = await call(t.url, 'PATCH', '/api/auth/me', { name: 'Rosa Renamed' }, as(rep), Session);
    expect(named.status).toBe(200);
    expect(named.body.user.name).toBe('Rosa Renamed');
    const noPassword = await call(t.url, 'PATCH', '/api/auth/me', { email: 'rosa.new@shoal.test' }, as(rep));
    expect(noPassword.status).toBe(422);
    expect(problemOf(noPassword).errors).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const wrong = await call(t.url, 'PATCH', '/api/auth/me', { email: 'rosa.new@shoal.test', currentPassword: 'not my password' }, as(rep));
    expect(wrong.status).toBe(422);
    expect(problemOf(wrong).errors).toEqual([{ path: 'currentPassword', message: 'is not your current password' }]);
    const taken = await call(t.url, 'PATCH', '/api/auth/me', { email: other.email, currentPassword: rep.password }, as(rep));
    expect(taken.status).toBe(409);
    expect(problemOf(taken).errors?.[0]?.path).toBe('email');
    const moved = await call(t.url, 'PATCH', '/api/auth/me', { email: 'rosa.new@shoal.test', currentPassword: rep.password }, as(rep), Session);
    expect(moved.status).toBe(200);
    expect(moved.body.user.email).toBe('rosa.new@shoal.test');
  });

  it('lets only admins reset someone else’s password, and a reset one signs in', async () => {
    expect((await call(t.url, 'PATCH', `/api/users/${other.id}`, { password: 'a rep cannot do this' }, as(rep))).status).toBe(403);
    expect((await call(t.url, 'PATCH', `/api/users/${other.id}`, { password: 'short' })).status).toBe(422);
    expect((await call(t.url, 'PATCH', `/api/users/${other.id}`, { password: 'a reset passphrase 2026' })).status).toBe(200);
    const login = await call(t.url, 'POST', '/api/auth/login', { email: other.email, password: 'a reset passphrase 2026' }, { authorization: '' });
    expect(login.status).toBe(200);
  });
});

describe('If-Match on PATCH /api/auth/me', () => {
  it('gives the version as the ETag of GET /api/auth/me and refuses a stale change of a field changed since', async () => {
    const me = await t.addUser('Petra Profile');
    const read = await call(t.url, 'GET', '/api/auth/me', undefined, as(me), Session);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${read.body.user.version}"`);
    const etag = read.headers.get('etag')!;
    // An admin renames her meanwhile.
    expect((await call(t.url, 'PATCH', `/api/users/${me.id}`, { name: 'Petra (by admin)' })).status).toBe(200);
    const stale = await call(t.url, 'PATCH', '/api/auth/me', { name: 'Petra Mine' }, { ...as(me), 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(problemOf(stale).conflicts).toEqual(['name']);
    expect(problemOf(stale).current).toMatchObject({ id: me.id, name: 'Petra (by admin)' });
    // Her email was not changed since: that change goes through on the same version.
    const moved = await call(t.url, 'PATCH', '/api/auth/me', { email: 'petra.moved@shoal.test', currentPassword: me.password }, { ...as(me), 'if-match': etag }, Session);
    expect(moved.status).toBe(200);
    expect(moved.body.user).toMatchObject({ name: 'Petra (by admin)', email: 'petra.moved@shoal.test' });
    expect(moved.headers.get('etag')).toBe(`"${moved.body.user.version}"`);
  });

  it('two PATCHes of her name with the same If-Match at once: one 200, one 412', async () => {
    const me = await t.addUser('Paula Parallel');
    const etag = (await call(t.url, 'GET', '/api/auth/me', undefined, as(me))).headers.get('etag')!;
    const [a, b] = await Promise.all([
      call(t.url, 'PATCH', '/api/auth/me', { name: 'Paula One' }, { ...as(me), 'if-match': etag }),
      call(t.url, 'PATCH', '/api/auth/me', { name: 'Paula Two' }, { ...as(me), 'if-match': etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const won = Session.parse((a.status === 200 ? a : b).body);
    expect((await call(t.url, 'GET', '/api/auth/me', undefined, as(me), Session)).body.user.name).toBe(won.user.name);
  });
});
