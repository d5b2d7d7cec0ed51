import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { bodyOf, call, pathsOf, problemOf } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

const Customers = z.array(Customer);

let t: TestShoal;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(t.url, method, path, body, headers);

beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

const contentTypeOf = (res: { headers: Headers }) => res.headers.get('content-type') ?? '';

describe('the seed calls with the /api prefix', () => {
  it('create, list, update and delete a customer', async () => {
    const created = await api('POST', '/api/customers', { name: 'Seed Co', email: 'seed@example.com', phone: '555-0100', address: '1 Main St' });
    expect(created.status).toBe(201);
    const seed = bodyOf(created, Customer);
    expect(created.headers.get('location')).toBe(`/api/customers/${seed.id}`);
    expect(seed).toMatchObject({ name: 'Seed Co', email: 'seed@example.com', phone: '555-0100', address: '1 Main St', version: 1 });
    expect(seed.id).toMatch(/^[0-9a-f]{24}$/);

    const list = await api('GET', '/api/customers');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    expect(bodyOf(list, Customers).map((c) => c.id)).toContain(seed.id);

    const updated = await api('PUT', `/api/customers/${seed.id}`, { name: 'Seed Company', email: 'seed@example.com', phone: '555-0101', address: '2 Main St' });
    expect(updated.status).toBe(200);
    expect(bodyOf(updated, Customer)).toMatchObject({ name: 'Seed Company', phone: '555-0101', version: 2 });

    const deleted = await api('DELETE', `/api/customers/${seed.id}`);
    expect(deleted.status).toBe(204);
    expect((await api('GET', `/api/customers/${seed.id}`)).status).toBe(404);
  });
});

describe('reading', () => {
  it('answers a record with its version as ETag, and 304 for If-None-Match', async () => {
    const made = await api('POST', '/api/customers', { name: 'Etag Inc', email: 'etag@example.com' });
    const body = bodyOf(made, Customer);
    const read = await api('GET', `/api/customers/${body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(bodyOf(read, Customer)).toEqual(body);
    expect(read.body).toEqual(made.body);
    expect((await api('GET', `/api/customers/${body.id}`, undefined, { 'If-None-Match': '"1"' })).status).toBe(304);
  });

  it('answers 404 problem+json for unknown and malformed ids', async () => {
    for (const id of ['0123456789abcdef01234567', 'not-an-id', '{"$gt":""}']) {
      const res = await api('GET', `/api/customers/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(contentTypeOf(res)).toContain('application/problem+json');
      expect(problemOf(res)).toMatchObject({ status: 404, title: 'Not found' });
    }
    expect((await api('PATCH', '/api/customers/0123456789abcdef01234567', { name: 'x' })).status).toBe(404);
    expect((await api('DELETE', '/api/customers/0123456789abcdef01234567')).status).toBe(404);
  });

  it('answers 404 for an unknown API path', async () => {
    const res = await api('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(contentTypeOf(res)).toContain('application/problem+json');
  });
});

describe('listing: search, sort, keyset paging', () => {
  let t2: TestShoal;
  const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'foxtrot', 'golf', 'Hotel', 'india', 'juliet', 'kilo', 'lima'];
  beforeAll(async () => {
    t2 = await startShoal();
    for (const [i, n] of names.entries()) {
      await call(t2.url, 'POST', '/api/customers', { name: `${n} Corp`, email: `${n.toLowerCase()}@list.test`, industry: i % 2 ? 'Retail' : 'Software', tags: i % 3 === 0 ? ['vip'] : [] }, undefined, Customer);
    }
  });
  afterAll(() => t2.close());

  it('sorts by name case-insensitively, both ways', async () => {
    const asc = await call(t2.url, 'GET', '/api/customers?sort=name&limit=200', undefined, undefined, Customers);
    expect(asc.body.map((c) => c.name.split(' ')[0]!.toLowerCase())).toEqual([...names].map((n) => n.toLowerCase()).sort());
    const desc = await call(t2.url, 'GET', '/api/customers?sort=-name&limit=200', undefined, undefined, Customers);
    expect(desc.body.map((c) => c.id)).toEqual([...asc.body].reverse().map((c) => c.id));
    expect(asc.headers.get('x-total-count')).toBe(String(names.length));
  });

  it('pages with a Link rel="next" cursor until the end, without repeats or gaps', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${t2.url}/api/customers?sort=-createdAt&limit=5`;
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers: { authorization: `Bearer ${t2.admin.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe(String(names.length));
      const rows = Customers.parse(await res.json());
      seen.push(...rows.map((r) => r.id));
      const link: string | null = res.headers.get("link");
      next = link ? /<([^>]+)>; rel="next"/.exec(link)?.[1] : undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(names.length);
    const all = await call(t2.url, 'GET', '/api/customers?sort=-createdAt&limit=200', undefined, undefined, Customers);
    expect(seen).toEqual(all.body.map((c) => c.id));
  });

  it('searches by words across name, email, industry and tags; combines with filters', async () => {
    const byName = await call(t2.url, 'GET', '/api/customers?q=ALPHA', undefined, undefined, Customers);
    expect(byName.body.map((c) => c.name)).toEqual(['Alpha Corp']);
    const twoWords = await call(t2.url, 'GET', '/api/customers?q=corp%20retail&limit=200', undefined, undefined, Customers);
    expect(twoWords.body).toHaveLength(6);
    expect(twoWords.headers.get('x-total-count')).toBe('6');
    const byTag = await call(t2.url, 'GET', '/api/customers?tag=vip&limit=200', undefined, undefined, Customers);
    expect(byTag.body).toHaveLength(4);
    const regexChars = await call(t2.url, 'GET', `/api/customers?q=${encodeURIComponent('.*')}`);
    expect(regexChars.status).toBe(200);
    expect(regexChars.body).toEqual([]);
  });

  it('refuses bad list parameters with 422 naming each', async () => {
    const res = await call(t2.url, 'GET', '/api/customers?limit=0&sort=password&bogus=1');
    expect(res.status).toBe(422);
    expect(pathsOf(res).sort()).toEqual(['bogus', 'limit', 'sort']);
    expect((await call(t2.url, 'GET', '/api/customers?limit=201')).status).toBe(422);
    const cursor = await call(t2.url, 'GET', '/api/customers?cursor=garbage');
    expect(cursor.status).toBe(422);
    expect(pathsOf(cursor)[0]).toBe('cursor');
    // A cursor made for another sort is refused rather than giving a wrong page.
    const first = await fetch(`${t2.url}/api/customers?sort=name&limit=2`, { headers: { authorization: `Bearer ${t2.admin.token}` } });
    const nextUrl = new URL(/<([^>]+)>/.exec(first.headers.get('link')!)![1]!);
    const crossed = await call(t2.url, 'GET', `/api/customers?sort=email&cursor=${nextUrl.searchParams.get('cursor')}`);
    expect(crossed.status).toBe(422);
  });

  it('treats operator-looking query values as plain text', async () => {
    const res = await call(t2.url, 'GET', '/api/customers?q[$gt]=&ownerId[$ne]=x');
    expect(res.status).toBe(422);
    const plain = await call(t2.url, 'GET', `/api/customers?q=${encodeURIComponent('{"$gt":""}')}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual([]);
  });
});

describe('creating', () => {
  it('refuses invalid fields with 422 naming each field', async () => {
    const res = await api('POST', '/api/customers', { name: '', email: 'not-an-email', phone: 42, tags: 'vip', extra: true });
    expect(res.status).toBe(422);
    expect(contentTypeOf(res)).toContain('application/problem+json');
    const paths = pathsOf(res).sort();
    expect(paths).toEqual(['email', 'extra', 'name', 'phone', 'tags']);
    expect(problemOf(res)).toMatchObject({ type: expect.any(String), title: 'Invalid input', status: 422, detail: expect.any(String) });
  });

  it('refuses operators where values belong (422, not a query)', async () => {
    const res = await api('POST', '/api/customers', { name: { $gt: '' }, email: { $ne: null } });
    expect(res.status).toBe(422);
    expect(pathsOf(res).sort()).toEqual(['email', 'name']);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const res = await api('POST', '/api/customers', body);
      expect(res.status).toBe(422);
    }
    expect((await api('POST', '/api/customers')).status).toBe(422);
  });

  it('answers 409 naming email when the email is taken, in any letter case', async () => {
    bodyOf(await api('POST', '/api/customers', { name: 'Unique', email: 'Unique@Example.com' }), Customer);
    const res = await api('POST', '/api/customers', { name: 'Clash', email: 'unique@example.COM' });
    expect(res.status).toBe(409);
    expect(problemOf(res).errors).toEqual([{ path: 'email', message: expect.stringContaining('already used') }]);
  });

  it('answers 400 for malformed JSON, 415 for another media type, 413 for a huge body', async () => {
    const malformed = await api('POST', '/api/customers', '{"name": "x",', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(problemOf(malformed).title).toBe('Malformed JSON');
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js|SyntaxError/);

    const form = await api('POST', '/api/customers', 'name=x&email=y', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const text = await api('POST', '/api/customers', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);

    const huge = await api('POST', '/api/customers', { name: 'Big', email: 'big@example.com', address: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(contentTypeOf(huge)).toContain('application/problem+json');
  });

  it('honours Idempotency-Key: a retry returns the first answer and creates nothing', async () => {
    const headers = { 'Idempotency-Key': 'create-retry-1' };
    const body = { name: 'Once Only', email: 'once@example.com' };
    const first = await api('POST', '/api/customers', body, headers);
    const second = await api('POST', '/api/customers', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(bodyOf(second, Customer)).toEqual(bodyOf(first, Customer));
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const found = await api('GET', '/api/customers?q=once%20only');
    expect(bodyOf(found, Customers)).toHaveLength(1);
    const reused = await api('POST', '/api/customers', { ...body, name: 'Other' }, headers);
    expect(reused.status).toBe(422);
    expect(pathsOf(reused)[0]).toBe('Idempotency-Key');
  });
});

describe('updating', () => {
  async function fresh(email: string) {
    return bodyOf(await api('POST', '/api/customers', { name: 'Versioned', email, phone: '1', industry: 'Retail' }), Customer);
  }

  it('PUT replaces the whole record, ignores read-only fields, refuses unknown fields', async () => {
    const c = await fresh('put@example.com');
    const full = await api('GET', `/api/customers/${c.id}`);
    const res = await api('PUT', `/api/customers/${c.id}`, { ...bodyOf(full, Customer), name: 'Replaced', phone: undefined, id: 'ignored', version: 99 });
    expect(res.status).toBe(200);
    const replaced = bodyOf(res, Customer);
    expect(replaced.name).toBe('Replaced');
    expect(replaced.phone).toBeUndefined();
    expect(replaced.industry).toBe('Retail');
    expect(replaced.version).toBe(2);
    expect(res.headers.get('etag')).toBe('"2"');
    const unknown = await api('PUT', `/api/customers/${c.id}`, { name: 'X', email: 'put@example.com', color: 'red' });
    expect(unknown.status).toBe(422);
    expect(problemOf(unknown).errors).toEqual([{ path: 'color', message: 'is not a known field' }]);
    const missing = await api('PUT', `/api/customers/${c.id}`, { name: 'X' });
    expect(missing.status).toBe(422);
    expect(pathsOf(missing)[0]).toBe('email');
  });

  it('PATCH changes only the fields sent; an empty string or null clears an optional field', async () => {
    const c = await fresh('patch@example.com');
    const res = await api('PATCH', `/api/customers/${c.id}`, { phone: '', website: 'https://versioned.test' });
    expect(res.status).toBe(200);
    expect(bodyOf(res, Customer)).toMatchObject({ name: 'Versioned', industry: 'Retail', website: 'https://versioned.test', version: 2 });
    expect(bodyOf(res, Customer).phone).toBeUndefined();
    const noop = await api('PATCH', `/api/customers/${c.id}`, { name: 'Versioned' });
    expect(bodyOf(noop, Customer).version).toBe(2);
    expect((await api('PATCH', `/api/customers/${c.id}`, {})).status).toBe(422);
  });

  it('PATCH with a stale If-Match wins when its fields did not change, 412 with current and conflicts when they did', async () => {
    const c = await fresh('stale@example.com');
    const rep1 = await api('PATCH', `/api/customers/${c.id}`, { phone: '555-1' }, { 'If-Match': '"1"' });
    expect(rep1.status).toBe(200);
    // Rep 2 read version 1 too and edits another field: both win.
    const rep2 = await api('PATCH', `/api/customers/${c.id}`, { industry: 'Banking' }, { 'If-Match': '"1"' });
    expect(rep2.status).toBe(200);
    expect(bodyOf(rep2, Customer)).toMatchObject({ phone: '555-1', industry: 'Banking', version: 3 });
    // Rep 3 read version 1 and edits the phone that rep 1 changed: conflict.
    const rep3 = await api('PATCH', `/api/customers/${c.id}`, { phone: '555-3', name: 'Mine' }, { 'If-Match': '"1"' });
    expect(rep3.status).toBe(412);
    expect(problemOf(rep3).conflicts).toEqual(['phone']);
    expect(Customer.parse(problemOf(rep3).current)).toMatchObject({ phone: '555-1', version: 3 });
    expect(problemOf(rep3).errors).toEqual([{ path: 'phone', message: expect.stringContaining('since version 1') }]);
    const after = await api('GET', `/api/customers/${c.id}`);
    expect(bodyOf(after, Customer)).toMatchObject({ name: 'Versioned', phone: '555-1', version: 3 });
  });

  it('PUT and DELETE with a stale If-Match answer 412; the current one works', async () => {
    const c = await fresh('strict@example.com');
    bodyOf(await api('PATCH', `/api/customers/${c.id}`, { phone: '2' }), Customer);
    const put = await api('PUT', `/api/customers/${c.id}`, { name: 'Stale', email: 'strict@example.com' }, { 'If-Match': '"1"' });
    expect(put.status).toBe(412);
    expect(Customer.parse(problemOf(put).current).version).toBe(2);
    const del = await api('DELETE', `/api/customers/${c.id}`, undefined, { 'If-Match': '"1"' });
    expect(del.status).toBe(412);
    expect((await api('GET', `/api/customers/${c.id}`)).status).toBe(200);
    expect((await api('DELETE', `/api/customers/${c.id}`, undefined, { 'If-Match': '"2"' })).status).toBe(204);
  });

  it('refuses a malformed If-Match with 400 naming the header', async () => {
    const c = await fresh('ifmatch@example.com');
    const res = await api('PATCH', `/api/customers/${c.id}`, { phone: '3' }, { 'If-Match': 'version one' });
    expect(res.status).toBe(400);
    expect(pathsOf(res)[0]).toBe('If-Match');
  });

  it('answers 409 when a change would take another customer\'s email', async () => {
    await fresh('taken@example.com');
    const c = await fresh('mine@example.com');
    const res = await api('PATCH', `/api/customers/${c.id}`, { email: 'TAKEN@example.com' });
    expect(res.status).toBe(409);
    expect(pathsOf(res)[0]).toBe('email');
    expect(bodyOf(await api('GET', `/api/customers/${c.id}`), Customer).email).toBe('mine@example.com');
  });
});

describe('the event log', () => {
  it('appends one event per change, readable with GET /api/events?after=', async () => {
    const zoe = await t.addUser('Zoë Rep');
    const start = Number((await api('GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    const c = bodyOf(await api('POST', '/api/customers', { name: 'Logged', email: 'logged@example.com' }, { authorization: `Bearer ${zoe.token}` }), Customer);
    bodyOf(await api('PATCH', `/api/customers/${c.id}`, { phone: '9' }), Customer);
    expect((await api('DELETE', `/api/customers/${c.id}`)).status).toBe(204);
    const res = await api('GET', `/api/events?after=${start}`);
    expect(res.status).toBe(200);
    const events = bodyOf(res, z.array(ChangeEvent));
    expect(events.map((e) => [e.seq, e.op])).toEqual([
      [start + 1, 'created'],
      [start + 2, 'updated'],
      [start + 3, 'deleted'],
    ]);
    expect(events[0]).toMatchObject({ entity: 'customer', id: c.id, version: 1, actor: { id: zoe.id, name: 'Zoë Rep' }, data: { name: 'Logged' } });
    expect(events[1]).toMatchObject({ fields: ['phone'], actor: { id: t.admin.id, name: 'Test Admin' } });
  });

  it('answers 410 for a position it never handed out, 422 for a bad one', async () => {
    expect((await api('GET', '/api/events?after=99999999')).status).toBe(410);
    expect((await api('GET', '/api/events?after=-1')).status).toBe(422);
    expect((await api('GET', '/api/events')).status).toBe(422);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await api('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(bodyOf(ready, z.object({ status: z.literal('ready') })).status).toBe('ready');
  });
});

describe('the API reference', () => {
  it('serves an OpenAPI document generated from the shared schemas, and a readable page', async () => {
    const answer = await api('GET', '/api/openapi.json');
    expect(answer.status).toBe(200);
    const Schema = z.looseObject({ required: z.array(z.string()).optional(), properties: z.record(z.string(), z.looseObject({ enum: z.array(z.string()).optional() })).optional() });
    const doc = bodyOf(answer, z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()), components: z.looseObject({ schemas: z.record(z.string(), Schema) }) }));
    const schemas = doc.components.schemas;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/customers', '/api/customers/{id}', '/api/contacts', '/api/opportunities/{id}/history', '/api/interactions', '/api/events', '/api/tokens', '/api/customers/batch', '/api/tasks', '/api/tasks/{id}', '/api/tasks/batch', '/api/tasks/export', '/api/notifications', '/api/notifications/{id}/read', '/api/notifications/read-all']));
    expect(schemas.TaskCreate?.required).toEqual(['title', 'dueAt']);
    expect(schemas.Notification?.properties?.type?.enum).toEqual(['assigned', 'reminder', 'mention', 'owner']);
    expect(schemas.BatchRequest?.properties?.update?.type).toBe('array');
    expect(schemas.CustomerCreate?.required).toEqual(['name', 'email']);
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });
});
