import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

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
    const named = await call(t.url, 'PATCH', '/api/auth/me', { name: 'Rosa Renamed' }, as(rep));
    expect(named.status).toBe(200);
    expect(named.body.user.name).toBe('Rosa Renamed');
    const noPassword = await call(t.url, 'PATCH', '/api/auth/me', { email: 'rosa.new@shoal.test' }, as(rep));
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.errors).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const wrong = await call(t.url, 'PATCH', '/api/auth/me', { email: 'rosa.new@shoal.test', currentPassword: 'not my password' }, as(rep));
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'currentPassword', message: 'is not your current password' }]);
    const taken = await call(t.url, 'PATCH', '/api/auth/me', { email: other.email, currentPassword: rep.password }, as(rep));
    expect(taken.status).toBe(409);
    expect(taken.body.errors?.[0]?.path).toBe('email');
    const moved = await call(t.url, 'PATCH', '/api/auth/me', { email: 'rosa.new@shoal.test', currentPassword: rep.password }, as(rep));
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
