import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { User } from '../../shared/user.js';
import { call, problemOf } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

const Users = z.array(User);
const activeAdmins = async () => (await call(t.url, 'GET', '/api/users', undefined, undefined, Users)).body.filter((u) => u.role === 'admin' && u.active).length;

describe('the last-admin rule under races', () => {
  it('two admins demoting or deactivating each other at the same moment leave one active admin', async () => {
    for (const [first, second] of [
      [{ role: 'rep' }, { role: 'rep' }],
      [{ active: false }, { active: false }],
      [{ role: 'rep' }, { active: false }],
    ]) {
      const other = await t.addUser('Other admin', 'admin');
      // The admins are now the test's admin and `other`; make sure of it before racing.
      for (const u of (await call(t.url, 'GET', '/api/users', undefined, undefined, Users)).body) {
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
      if (refused.status === 422) expect(problemOf(refused).errors?.[0]?.message).toMatch(/without an admin/);
      expect(await activeAdmins()).toBe(1);
      // Whoever is left gives the admin role back, so the next round starts from two admins again.
      const survivor = a.status === 200 ? t.admin.token : other.token;
      const demoted = a.status === 200 ? other.id : t.admin.id;
      expect((await call(t.url, 'PATCH', `/api/users/${demoted}`, { role: 'admin', active: true }, { authorization: `Bearer ${survivor}` })).status).toBe(200);
    }
  });
});

describe('If-Match on PATCH /api/users/:id', () => {
  it('gives the version as the ETag and refuses a stale write of a field changed since (412 with the current user and the field)', async () => {
    const rep = await t.addUser('Versioned Rep');
    const read = await call(t.url, 'GET', `/api/users/${rep.id}`, undefined, undefined, User);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    const etag = read.headers.get('etag')!;
    const renamed = await call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: 'Renamed Rep' }, { 'if-match': etag }, User);
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe(`"${read.body.version + 1}"`);
    // Another field than the one changed since: it still goes through (as for records).
    const recoloured = await call(t.url, 'PATCH', `/api/users/${rep.id}`, { color: '#123456' }, { 'if-match': etag }, User);
    expect(recoloured.status).toBe(200);
    expect(recoloured.body).toMatchObject({ name: 'Renamed Rep', color: '#123456', version: read.body.version + 2 });
    // The name changed since that version: a 412 naming it, with the user as stored now.
    const stale = await call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: 'Lost update' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/problem\+json/);
    const problem = problemOf(stale);
    expect(problem.conflicts).toEqual(['name']);
    expect(problem.errors).toEqual([{ path: 'name', message: `was changed by someone else since version ${read.body.version}` }]);
    expect(User.parse(problem.current)).toMatchObject({ id: rep.id, name: 'Renamed Rep', version: read.body.version + 2 });
    expect((await call(t.url, 'GET', `/api/users/${rep.id}`, undefined, undefined, User)).body.name).toBe('Renamed Rep');
    // A version from the future, and a header that is no entity tag.
    expect((await call(t.url, 'PATCH', `/api/users/${rep.id}`, { color: '#654321' }, { 'if-match': '"999"' })).status).toBe(412);
    const bad = await call(t.url, 'PATCH', `/api/users/${rep.id}`, { color: '#654321' }, { 'if-match': 'three' });
    expect(bad.status).toBe(400);
    expect(problemOf(bad).errors?.[0]?.path).toBe('If-Match');
    // `*` and no header at all: the last write wins.
    expect((await call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: 'Star' }, { 'if-match': '*' })).status).toBe(200);
    expect((await call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: 'No header' })).status).toBe(200);
  });

  it('two admins changing one field with the same If-Match at once: one 200, one 412', async () => {
    const rep = await t.addUser('Contested Rep');
    const second = await t.addUser('Second admin', 'admin');
    for (let round = 0; round < 3; round++) {
      const etag = (await call(t.url, 'GET', `/api/users/${rep.id}`)).headers.get('etag')!;
      const [a, b] = await Promise.all([
        call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: `First ${round}` }, { 'if-match': etag }),
        call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: `Second ${round}` }, { 'if-match': etag, authorization: `Bearer ${second.token}` }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const [won, lost] = a.status === 200 ? [a, b] : [b, a];
      const winner = User.parse(won.body);
      expect(problemOf(lost).conflicts).toEqual(['name']);
      expect(User.parse(problemOf(lost).current).name).toBe(winner.name);
      expect((await call(t.url, 'GET', `/api/users/${rep.id}`, undefined, undefined, User)).body.name).toBe(winner.name);
    }
  });

  it('a user stored before field versions were kept treats every field as changed at its version', async () => {
    const rep = await t.addUser('Old Rep');
    await call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: 'Old Rep 2' });
    // As a user written by an older Shoal: no field versions at all.
    const { Types } = await import('mongoose');
    await t.connection.collection('users').updateOne({ _id: new Types.ObjectId(rep.id) }, { $unset: { fieldVersions: '' } });
    t.shoal.users.forget(rep.id);
    const v = (await call(t.url, 'GET', `/api/users/${rep.id}`, undefined, undefined, User)).body.version;
    expect((await call(t.url, 'PATCH', `/api/users/${rep.id}`, { color: '#abcdef' }, { 'if-match': `"${v - 1}"` })).status).toBe(412);
    expect((await call(t.url, 'PATCH', `/api/users/${rep.id}`, { color: '#abcdef' }, { 'if-match': `"${v}"` })).status).toBe(200);
    // From then on each field has its own version.
    expect((await call(t.url, 'PATCH', `/api/users/${rep.id}`, { name: 'Old Rep 3' }, { 'if-match': `"${v}"` })).status).toBe(200);
  });
});
