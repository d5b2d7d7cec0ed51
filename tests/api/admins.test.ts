import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startShoal, type TestShoal } from '../support/shoal.js';

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

const activeAdmins = async () => ((await call(t.url, 'GET', '/api/users')).body as { role: string; active: boolean }[]).filter((u) => u.role === 'admin' && u.active).length;

describe('the last-admin rule under races', () => {
  it('two admins demoting or deactivating each other at the same moment leave one active admin', async () => {
    for (const [first, second] of [
      [{ role: 'rep' }, { role: 'rep' }],
      [{ active: false }, { active: false }],
      [{ role: 'rep' }, { active: false }],
    ]) {
      const other = await t.addUser('Other admin', 'admin');
      // The admins are now the test's admin and `other`; make sure of it before racing.
      for (const u of (await call(t.url, 'GET', '/api/users')).body as { id: string; role: string; active: boolean }[]) {
        if (u.id !== t.admin.id && u.id !== other.id && u.role === 'admin' && u.active) await call(t.url, 'PATCH', `/api/users/${u.id}`, { role: 'rep' });
      }
      expect(await activeAdmins()).toBe(2);
      const [a, b] = await Promise.all([
        call(t.url, 'PATCH', `/api/users/${other.id}`, first),
        call(t.url, 'PATCH', `/api/users/${t.admin.id}`, second, { authorization: `Bearer ${other.token}` }),
      ]);
      // One wins; the other is refused by the rule, or (if the first had finished before the second
      // was even authenticated) because its sender is no longer an admin.
      const refused = a.status === 200 ? b : a;
      expect([a.status, b.status]).toContain(200);
      expect([403, 422]).toContain(refused.status);
      if (refused.status === 422) expect(refused.body.errors[0].message).toMatch(/without an admin/);
      expect(await activeAdmins()).toBe(1);
      // Whoever is left gives the admin role back, so the next round starts from two admins again.
      const survivor = a.status === 200 ? t.admin.token : other.token;
      const demoted = a.status === 200 ? other.id : t.admin.id;
      expect((await call(t.url, 'PATCH', `/api/users/${demoted}`, { role: 'admin', active: true }, { authorization: `Bearer ${survivor}` })).status).toBe(200);
    }
  });
});
