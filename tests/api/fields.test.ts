import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FieldDefinition } from '../../shared/field.js';
import { bodyOf, call, pathsOf, problemOf } from '../support/call.js';
import { collectChanges, connectSocket, startShoal, waitFor, type TestShoal, type TestUser } from '../support/shoal.js';

const Fields = z.array(FieldDefinition);

let t: TestShoal;
let rep: TestUser;
beforeAll(async () => {
  t = await startShoal();
  rep = await t.addUser('Rita Rep');
});
afterAll(async () => {
  await t.close();
});

const asRep = () => ({ authorization: `Bearer ${rep.token}` });
const tier = { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: [{ key: 'gold', label: 'Gold', color: '#ffcc00' }, { key: 'silver', label: 'Silver' }] };

describe('custom field definitions', () => {
  it('admins create, change and delete them; everyone reads them; reps get a 403', async () => {
    const created = await call(t.url, 'POST', '/api/fields', tier, undefined, FieldDefinition);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/fields/${created.body.id}`);
    expect(created.body).toMatchObject({ ...tier, required: false, version: 1 });
    const id = created.body.id;

    const listed = await call(t.url, 'GET', '/api/fields?entity=customer', undefined, asRep(), Fields);
    expect(listed.status).toBe(200);
    expect(listed.body.map((d) => d.key)).toContain('tier');
    expect((await call(t.url, 'GET', '/api/fields?entity=task', undefined, asRep(), Fields)).body).toEqual([]);

    expect((await call(t.url, 'POST', '/api/fields', { ...tier, key: 'other' }, asRep())).status).toBe(403);
    expect((await call(t.url, 'PATCH', `/api/fields/${id}`, { label: 'Rank' }, asRep())).status).toBe(403);
    expect((await call(t.url, 'DELETE', `/api/fields/${id}`, undefined, asRep())).status).toBe(403);

    const patched = await call(t.url, 'PATCH', `/api/fields/${id}`, { label: 'Customer tier' }, undefined, FieldDefinition);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ label: 'Customer tier', version: 2, type: 'select' });
    // The entity, key and type stay: records hold values of that type under that key.
    const typeChange = await call(t.url, 'PATCH', `/api/fields/${id}`, { type: 'text' });
    expect(typeChange.status).toBe(422);
    expect(problemOf(typeChange).errors).toContainEqual({ path: 'type', message: 'is not a known field' });

    const removed = await call(t.url, 'DELETE', `/api/fields/${id}`);
    expect(removed.status).toBe(204);
    expect((await call(t.url, 'GET', '/api/fields', undefined, undefined, Fields)).body.map((d) => d.id)).not.toContain(id);
    expect((await call(t.url, 'DELETE', `/api/fields/${id}`)).status).toBe(404);
  });

  it('refuses bad definitions with a 422 naming the field, and a second definition of a key with a 409', async () => {
    const bad = async (body: unknown) => pathsOf(await call(t.url, 'POST', '/api/fields', body));
    expect(await bad({ ...tier, entity: 'planet' })).toEqual(['entity']);
    expect(await bad({ ...tier, type: 'colour' })).toEqual(['type']);
    expect(await bad({ ...tier, key: 'has.dot' })).toEqual(['key']);
    expect(await bad({ ...tier, options: undefined })).toEqual(['options']);
    expect(await bad({ entity: 'customer', key: 'size', label: 'Size', type: 'number', options: [{ key: 'a', label: 'A' }] })).toEqual(['options']);
    expect(await bad({ ...tier, options: [{ key: 'a', label: 'A' }, { key: 'a', label: 'B' }] })).toEqual(['options']);
    expect(await bad({ ...tier, options: [{ key: 'a', label: 'A', color: 'red' }] })).toEqual(['options.0.color']);
    expect(await bad({ ...tier, extra: 1 })).toEqual(['extra']);

    const first = await call(t.url, 'POST', '/api/fields', { ...tier, key: 'segment' }, undefined, FieldDefinition);
    expect(first.status).toBe(201);
    const again = await call(t.url, 'POST', '/api/fields', { ...tier, key: 'segment' });
    expect(again.status).toBe(409);
    expect(problemOf(again).errors).toEqual([{ path: 'key', message: 'is already used by another field of this kind of record' }]);
    // The same key on another kind of record is another field.
    expect((await call(t.url, 'POST', '/api/fields', { ...tier, entity: 'opportunity', key: 'segment' })).status).toBe(201);
  });

  it('reaches other open clients live as a field change event', async () => {
    const watcher = await connectSocket(t.url, { token: rep.token });
    const seen = collectChanges(watcher);
    try {
      const created = await call(t.url, 'POST', '/api/fields', { entity: 'contact', key: 'birthday', label: 'Birthday', type: 'date' }, undefined, FieldDefinition);
      await waitFor(() => seen.some((e) => e.entity === 'field' && e.id === created.body.id), 'the definition event');
      const event = seen.find((e) => e.entity === 'field' && e.id === created.body.id)!;
      expect(event).toMatchObject({ op: 'created', data: created.body, actor: { id: t.admin.id } });
      await call(t.url, 'PATCH', `/api/fields/${created.body.id}`, { required: true });
      await waitFor(() => seen.some((e) => e.entity === 'field' && e.op === 'updated'), 'the update event');
      expect(seen.find((e) => e.entity === 'field' && e.op === 'updated')).toMatchObject({ fields: ['required'], data: { required: true, version: 2 } });
    } finally {
      watcher.close();
    }
  });

  it('are kept across a restart (read whole at start)', async () => {
    const before = await call(t.url, 'GET', '/api/fields');
    expect(bodyOf(before, Fields).length).toBeGreaterThan(0);
    const second = await startShoal({ dbName: t.dbName, setup: false });
    try {
      const res = await call(second.url, 'GET', '/api/fields', undefined, { authorization: `Bearer ${t.admin.token}` });
      expect(bodyOf(res, Fields)).toEqual(bodyOf(before, Fields));
      expect(res.body).toEqual(before.body);
    } finally {
      await second.close(true);
    }
  });
});
