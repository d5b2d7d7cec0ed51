import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { Interaction } from '../../shared/interaction.js';
import { bodyOf, call, pathsOf, problemOf } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
});
afterAll(async () => {
  await t.close();
});

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const NASTY_VALUES: unknown[] = [
  null, true, 0, -1, 1e308, '', ' ', 'x'.repeat(5_000), '\u0000', '💥', '<script>alert(1)</script>', '{"$gt":""}',
  { $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, [], [1, 2], [{ $gt: 1 }], { __proto__: { admin: true } }, { constructor: { prototype: {} } },
  'not-an-email', 'a@b', '2026-13-45', 'NaN', '$where', { 'a.b': 1 }, { $set: { name: 'x' } },
  '\ud800', 'x\udc00y', '\u202eevil', '\u200b\u200b', 'tab\there', 'bell\u0007', '\u2066isolate\u2069',
];
const KEYS = ['name', 'email', 'phone', 'address', 'website', 'industry', 'ownerId', 'tags', 'id', 'version', '$set', '__proto__', 'constructor', 'extra', ''];
const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const RAW_BODIES = ['{', '{"name":', '[', 'nul', '{"a":1}}', '\u0000', '"unterminated', '{"name":"x",}', '{\'name\':1}', 'a=b&c=d', '', deep(33), deep(5_000), `{"name":${deep(40)}}`, '"\\ud800"', '{"name":"\\udfff","email":"a@b.test"}'];
const QUERY_PARAMS = ['q', 'sort', 'limit', 'cursor', 'ownerId', 'tag', 'after', 'q[$gt]', 'limit[]', '__proto__[x]', 'sort[$ne]'];
const QUERY_VALUES = ['', '-1', '0', '201', '1e9', 'abc', '%00', '-name', 'password', 'eyJzIjoibmFtZSJ9', '{"$gt":""}', '..', '%ZZ'];
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/merge-patch+json'];

describe('generated malformed requests (SPEC section 9, bad input)', () => {
  it('10,000 of them across every endpoint: no 5xx, the server stays up, no record changes', async () => {
    const { body: victim } = await call(t.url, 'POST', '/api/customers', { name: 'Victim', email: 'victim@example.com' }, undefined, Customer);
    const random = rng(20261124);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const ids = [victim.id, '0123456789abcdef01234567', 'nope', '%24gt', '..%2F..', 'x'.repeat(300)];

    function generate(): { method: string; path: string; body?: string; headers: Record<string, string> } {
      const target = pick(['list', 'one', 'events', 'unknown', 'batch'] as const);
      const method =
        target === 'list' ? pick(['GET', 'POST', 'PUT']) : target === 'one' ? pick(['GET', 'PUT', 'PATCH', 'DELETE', 'POST']) : target === 'batch' ? pick(['POST', 'POST', 'PUT']) : pick(['GET', 'POST']);
      const params = new URLSearchParams();
      for (let i = Math.floor(random() * 3); i > 0; i--) params.append(pick(QUERY_PARAMS), pick(QUERY_VALUES));
      const qs = params.size ? `?${params.toString()}` : '';
      const path =
        target === 'list'
          ? `/api/customers${qs}`
          : target === 'one'
            ? `/api/customers/${pick(ids)}${qs}`
            : target === 'events'
              ? `/api/events${qs}`
              : target === 'batch'
                ? `/api/customers/batch${qs}`
                : `/api/${pick(['x', '%00', 'customers/batch/1'])}`;
      const headers: Record<string, string> = { 'content-type': pick(CONTENT_TYPES) };
      if (random() < 0.2) headers['if-match'] = pick(['"1"', '*', 'W/"x"', '""', '"99999999999999999999"', 'garbage']);
      if (random() < 0.1) headers['idempotency-key'] = pick(['k', ' ', 'x'.repeat(300), '\u00e9', `key-${Math.floor(random() * 20)}`]);
      let body: string | undefined;
      if (method !== 'GET' && method !== 'DELETE') {
        if (random() < 0.3) body = pick(RAW_BODIES);
        else if (target === 'batch' && random() < 0.7) {
          // A batch whose items are the same kinds of garbage, in the right places or not.
          const item = () => {
            const object: Record<string, unknown> = {};
            for (let i = Math.floor(random() * 4); i > 0; i--) object[pick(KEYS)] = pick(NASTY_VALUES);
            return object;
          };
          const batch: Record<string, unknown> = {};
          if (random() < 0.6) batch.create = random() < 0.8 ? [item(), item()] : pick(NASTY_VALUES);
          if (random() < 0.6) batch.update = random() < 0.8 ? [{ id: pick([...ids, ...NASTY_VALUES]), ...item() }] : pick(NASTY_VALUES);
          if (random() < 0.4) batch.delete = random() < 0.8 ? [pick([...ids, ...NASTY_VALUES])] : pick(NASTY_VALUES);
          if (random() < 0.2) batch[pick(KEYS)] = pick(NASTY_VALUES);
          body = JSON.stringify(batch);
        } else {
          const object: Record<string, unknown> = {};
          for (let i = Math.floor(random() * 4); i > 0; i--) object[pick(KEYS)] = pick(NASTY_VALUES);
          body = random() < 0.2 ? JSON.stringify([object]) : JSON.stringify(object);
        }
      }
      return { method, path, ...(body !== undefined ? { body } : {}), headers };
    }

    const total = 10_000;
    const statuses = new Map<number, number>();
    const fiveHundreds: string[] = [];
    let next = 0;
    async function worker() {
      while (next < total) {
        next++;
        const request = generate();
        // Header values that fetch itself refuses are skipped by fetch, not by the server.
        let res: Response;
        try {
          res = await fetch(t.url + request.path, { method: request.method, headers: { authorization: `Bearer ${t.admin.token}`, ...request.headers }, body: request.body ?? null });
        } catch {
          continue;
        }
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) fiveHundreds.push(`${request.method} ${request.path} ${request.body?.slice(0, 80)} -> ${res.status}`);
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker));

    expect(fiveHundreds).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(total * 0.95);
    expect((await call(t.url, 'GET', '/healthz')).status).toBe(200);
    // No generated body holds a valid name and email, so nothing was created; the only record
    // that can have changed is the victim, through requests that name it validly (a PATCH of
    // an optional field, a DELETE), and every such change is in the event log.
    const list = await call(t.url, 'GET', '/api/customers');
    expect(Number(list.headers.get('x-total-count'))).toBeLessThanOrEqual(1);
    const { body: events } = await call(t.url, 'GET', '/api/events?after=0&limit=1000', undefined, undefined, z.array(ChangeEvent));
    const customerEvents = events.filter((e) => e.entity === 'customer');
    expect(customerEvents.filter((e) => e.op === 'created')).toHaveLength(1);
    expect(customerEvents.every((e) => e.id === victim.id)).toBe(true);
    const after = await call(t.url, 'GET', `/api/customers/${victim.id}`);
    if (after.status === 200) expect(bodyOf(after, Customer)).toMatchObject({ name: 'Victim', email: 'victim@example.com' });
  }, 120_000);
});

/** Sends `body` as raw JSON text. */
const raw = (method: string, path: string, body: string, headers: Record<string, string> = {}) => call(t.url, method, path, body, { 'content-type': 'application/json', ...headers });

describe('the inputs of issue 11', () => {
  it('refuses JSON nested deeper than 32 levels with a 400, with or without an Idempotency-Key (never a 500)', async () => {
    const tooDeep = `{"name":"Deep","email":"deep@x.test","tags":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    for (const headers of [{}, { 'idempotency-key': 'deep-1' }] as Record<string, string>[]) {
      const res = await raw('POST', '/api/customers', tooDeep, headers);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(problemOf(res).detail).toMatch(/deeper than 32 levels/);
    }
    // 32 levels is still read (and then refused field by field like any other bad input).
    const atLimit = await raw('POST', '/api/customers', `{"name":"Deep","email":"deep@x.test","tags":${'['.repeat(31)}${']'.repeat(31)}}`, { 'idempotency-key': 'deep-2' });
    expect(atLimit.status).toBe(422);
    expect(pathsOf(atLimit)[0]).toMatch(/^tags/);
    // Brackets inside strings are text, not nesting.
    const inText = await raw('POST', '/api/customers', JSON.stringify({ name: '['.repeat(150), email: 'brackets@x.test' }));
    expect(inText.status).toBe(201);
  });

  it('refuses unauthenticated requests with 401 before reading their body', async () => {
    const megabyte = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    for (const path of ['/api/customers', '/api/customers/batch', '/api/users', '/api/nowhere']) {
      const res = await raw('POST', path, megabyte, { authorization: '' });
      expect(res.status, path).toBe(401);
    }
    // The calls anyone may make read small bodies only, after their rate limit.
    const login = await raw('POST', '/api/auth/login', JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(20_000) }), { authorization: '' });
    expect(login.status).toBe(413);
    expect((await raw('POST', '/api/auth/login', megabyte, { authorization: '' })).status).toBe(413);
    expect((await raw('POST', '/api/auth/login', deep(100), { authorization: '' })).status).toBe(400);
  });

  it('refuses a dashboard period of millennia, naming from and to', async () => {
    const res = await call(t.url, 'GET', '/api/dashboard?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z');
    expect(res.status).toBe(422);
    expect(pathsOf(res)).toEqual(['from', 'to']);
  });

  it('refuses text no person typed, naming the field: lone surrogates, control characters, bidi overrides, invisible-only names', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/customers', { name: 'Acme \ud800', email: 'lone@x.test' }, 'name'],
      ['POST', '/api/customers', { name: '\u200b\u200b', email: 'zwsp@x.test' }, 'name'],
      ['POST', '/api/customers', { name: 'Acme', email: 'bidi@x.test', industry: 'Retail\u202e' }, 'industry'],
      ['POST', '/api/customers', { name: 'Acme', email: 'bell@x.test', phone: '555\u0007' }, 'phone'],
      ['POST', '/api/customers', { name: 'Acme', email: 'tags@x.test', tags: ['ok', '\u3164'] }, 'tags.1'],
      ['POST', '/api/users', { name: '\u2066Admin\u2069', email: 'bidi-user@x.test', password: 'a long passphrase 1' }, 'name'],
      ['POST', '/api/tokens', { name: 'line\nbreak' }, 'name'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call(t.url, method, path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(pathsOf(res)).toEqual([field]);
    }
    // Long texts keep their tabs and line breaks.
    const { body: customer } = await call(t.url, 'POST', '/api/customers', { name: 'Notes Co', email: 'notes@x.test', address: '1 Main St\nSpringfield' }, undefined, Customer);
    expect(customer.address).toBe('1 Main St\nSpringfield');
    const notes = await call(t.url, 'POST', '/api/interactions', { customerId: customer.id, type: 'note', date: '2026-11-24T10:00:00Z', notes: 'Called.\n\tBudget: 10k' }, undefined, Interaction);
    expect(notes.status).toBe(201);
    expect(notes.body.notes).toBe('Called.\n\tBudget: 10k');
    const bell = await call(t.url, 'POST', '/api/interactions', { customerId: customer.id, type: 'note', date: '2026-11-24T10:00:00Z', notes: 'ring\u0007' });
    expect(bell.status).toBe(422);
    expect(pathsOf(bell)[0]).toBe('notes');
  });

  it('refuses weak passwords, naming password: short, blank, control characters, common', async () => {
    for (const password of ['short', ' '.repeat(12), 'tab\tinside pass', 'password123', 'Qwertyuiop']) {
      const res = await call(t.url, 'POST', '/api/users', { name: 'Weak', email: 'weak@x.test', password });
      expect(res.status, JSON.stringify(password)).toBe(422);
      expect(problemOf(res).errors).toEqual([{ path: 'password', message: expect.any(String) }]);
    }
  });
});
