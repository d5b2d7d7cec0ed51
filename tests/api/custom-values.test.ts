import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { Opportunity } from '../../shared/opportunity.js';
import { bodyOf, call, pathsOf, problemOf, type Answer } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

let t: TestShoal;
beforeAll(async () => {
  t = await startShoal();
  const defs = [
    { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] },
    { entity: 'customer', key: 'seats', label: 'Seats', type: 'number' },
    { entity: 'customer', key: 'arr', label: 'ARR', type: 'money' },
    { entity: 'customer', key: 'renewal', label: 'Renewal', type: 'date' },
    { entity: 'customer', key: 'regions', label: 'Regions', type: 'multiselect', options: [{ key: 'emea', label: 'EMEA' }, { key: 'apac', label: 'APAC' }] },
    { entity: 'customer', key: 'partner', label: 'Partner', type: 'checkbox' },
    { entity: 'customer', key: 'site', label: 'Site', type: 'url' },
    { entity: 'customer', key: 'billing', label: 'Billing email', type: 'email' },
    { entity: 'customer', key: 'hotline', label: 'Hotline', type: 'phone' },
    { entity: 'customer', key: 'csm', label: 'CSM', type: 'user' },
    { entity: 'customer', key: 'notes', label: 'Notes', type: 'longtext' },
  ];
  for (const def of defs) expect((await call(t.url, 'POST', '/api/fields', def)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

let n = 0;
const customer = (custom?: unknown) => ({ name: `Acme ${++n}`, email: `acme${n}@example.com`, ...(custom === undefined ? {} : { custom }) });

describe('custom values on customers', () => {
  it('are stored and returned in the types their definitions give', async () => {
    const custom = { tier: 'gold', seats: 12, arr: 1200.5, renewal: '2027-03-01', regions: ['emea', 'apac', 'emea'], partner: true, site: 'https://acme.example', billing: 'ap@acme.example', hotline: '+1 (555) 010-2000', csm: t.admin.id, notes: 'line one\nline two' };
    const res = await call(t.url, 'POST', '/api/customers', customer(custom), undefined, Customer);
    expect(res.status).toBe(201);
    expect(res.body.custom).toEqual({ ...custom, regions: ['emea', 'apac'] });
    expect((await call(t.url, 'GET', `/api/customers/${res.body.id}`, undefined, undefined, Customer)).body.custom).toEqual(res.body.custom);
  });

  it('a wrong type, an unknown option or an undefined key is a 422 naming custom.<key>, on POST, PUT, PATCH and batch', async () => {
    const bad = [
      [{ tier: 'bronze' }, 'custom.tier'],
      [{ seats: '12' }, 'custom.seats'],
      [{ arr: 1.234 }, 'custom.arr'],
      [{ renewal: '2027-13-01' }, 'custom.renewal'],
      [{ regions: ['mars'] }, 'custom.regions.0'],
      [{ partner: 'yes' }, 'custom.partner'],
      [{ site: 'javascript:alert(1)' }, 'custom.site'],
      [{ billing: 'not an email' }, 'custom.billing'],
      [{ hotline: 'call me' }, 'custom.hotline'],
      [{ csm: 'someone' }, 'custom.csm'],
      [{ colour: 'red' }, 'custom.colour'],
    ] as const;
    const ok = (await call(t.url, 'POST', '/api/customers', customer(), undefined, Customer)).body;
    for (const [custom, path] of bad) {
      const created = await call(t.url, 'POST', '/api/customers', customer(custom));
      expect([created.status, pathsOf(created)]).toEqual([422, [path]]);
      const replaced = await call(t.url, 'PUT', `/api/customers/${ok.id}`, { name: ok.name, email: ok.email, custom });
      expect([replaced.status, pathsOf(replaced)]).toEqual([422, [path]]);
      const patched = await call(t.url, 'PATCH', `/api/customers/${ok.id}`, { custom });
      expect([patched.status, pathsOf(patched)]).toEqual([422, [path]]);
    }
    const batch = await call(t.url, 'POST', '/api/customers/batch', { create: [customer({ tier: 'bronze' }), customer({ tier: 'gold' })], update: [{ id: ok.id, custom: { seats: 'many' } }] });
    expect(batch.status).toBe(207);
    const result = bodyOf(batch, BatchResult);
    expect(result.create[0]!.error?.errors?.map((e) => e.path)).toEqual(['custom.tier']);
    expect(result.create[1]!.status).toBe(201);
    expect(result.update[0]!.error?.errors?.map((e) => e.path)).toEqual(['custom.seats']);
    expect((await call(t.url, 'GET', `/api/customers/${ok.id}`, undefined, undefined, Customer)).body.version).toBe(1);
  });

  it('a PATCH changes only the keys it names, null clears one, and the event names each changed key', async () => {
    const made = (await call(t.url, 'POST', '/api/customers', customer({ tier: 'gold', seats: 5 }), undefined, Customer)).body;
    const patched = await call(t.url, 'PATCH', `/api/customers/${made.id}`, { custom: { seats: 6, partner: true } }, undefined, Customer);
    expect(patched.status).toBe(200);
    expect(patched.body.custom).toEqual({ tier: 'gold', seats: 6, partner: true });
    const cleared = await call(t.url, 'PATCH', `/api/customers/${made.id}`, { custom: { tier: null } }, undefined, Customer);
    expect(cleared.body.custom).toEqual({ seats: 6, partner: true });
    const Events = z.array(z.object({ id: z.string(), version: z.number(), fields: z.array(z.string()).optional() }));
    const events = (await call(t.url, 'GET', `/api/events?after=0&limit=1000`, undefined, undefined, Events)).body;
    expect(events.filter((e) => e.id === made.id).map((e) => e.fields)).toEqual([undefined, ['custom.seats', 'custom.partner'], ['custom.tier']]);
    // Clearing the last value leaves no custom object.
    const none = await call(t.url, 'PATCH', `/api/customers/${made.id}`, { custom: { seats: null, partner: null } }, undefined, Customer);
    expect(none.body.custom).toBeUndefined();
  });

  it('each custom key is its own field for the stale-version rule', async () => {
    const made = (await call(t.url, 'POST', '/api/customers', customer({ tier: 'gold', seats: 5 }), undefined, Customer)).body;
    expect((await call(t.url, 'PATCH', `/api/customers/${made.id}`, { custom: { seats: 7 } }, { 'if-match': '"1"' })).status).toBe(200);
    // Another key, read at version 1: no conflict.
    const other = await call(t.url, 'PATCH', `/api/customers/${made.id}`, { custom: { tier: 'silver' } }, { 'if-match': '"1"' });
    expect(other.status).toBe(200);
    expect(bodyOf(other, Customer).custom).toEqual({ tier: 'silver', seats: 7 });
    // The same key, read at version 1: a 412 naming custom.seats.
    const stale = await call(t.url, 'PATCH', `/api/customers/${made.id}`, { custom: { seats: 9 } }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(pathsOf(stale)).toEqual(['custom.seats']);
    expect(problemOf(stale).conflicts).toEqual(['custom.seats']);
    // Stored without a '.' in the key (FerretDB refuses those).
    const doc = await t.connection.db!.collection('customers').findOne({ _id: new (await import('mongoose')).Types.ObjectId(made.id) });
    expect(doc!.fieldVersions).toEqual({ 'custom:seats': 2, 'custom:tier': 3 });
  });

  it('a required field must be given on create and PUT and cannot be cleared', async () => {
    const def = (await call(t.url, 'POST', '/api/fields', { entity: 'customer', key: 'region', label: 'Region', type: 'text', required: true }, undefined, FieldDefinition)).body;
    try {
      const missing = await call(t.url, 'POST', '/api/customers', customer({ tier: 'gold' }));
      expect([missing.status, pathsOf(missing)]).toEqual([422, ['custom.region']]);
      const made = await call(t.url, 'POST', '/api/customers', customer({ region: 'North' }), undefined, Customer);
      expect(made.status).toBe(201);
      const replaced = await call(t.url, 'PUT', `/api/customers/${made.body.id}`, { name: made.body.name, email: made.body.email });
      expect([replaced.status, pathsOf(replaced)]).toEqual([422, ['custom.region']]);
      const cleared = await call(t.url, 'PATCH', `/api/customers/${made.body.id}`, { custom: { region: null } });
      expect([cleared.status, pathsOf(cleared)]).toEqual([422, ['custom.region']]);
      // A PATCH of other fields of a record made before the field was required still works.
      expect((await call(t.url, 'PATCH', `/api/customers/${made.body.id}`, { phone: '123' })).status).toBe(200);
    } finally {
      await call(t.url, 'DELETE', `/api/fields/${def.id}`);
    }
  });

  it("a definition's new options are what the next values are checked against, one by one and in a batch", async () => {
    const plan = (await call(t.url, 'POST', '/api/fields', { entity: 'customer', key: 'plan', label: 'Plan', type: 'select', options: [{ key: 'basic', label: 'Basic' }] }, undefined, FieldDefinition)).body;
    const batch = async (value: string) => bodyOf(await call(t.url, 'POST', '/api/customers/batch', { create: [customer({ plan: value })] }), BatchResult).create[0]!;
    try {
      expect(pathsOf(await call(t.url, 'POST', '/api/customers', customer({ plan: 'pro' })))).toEqual(['custom.plan']);
      expect((await batch('pro')).status).toBe(422);
      expect((await call(t.url, 'PATCH', `/api/fields/${plan.id}`, { options: [{ key: 'basic', label: 'Basic' }, { key: 'pro', label: 'Pro' }] })).status).toBe(200);
      expect((await call(t.url, 'POST', '/api/customers', customer({ plan: 'pro' }), undefined, Customer)).body.custom).toEqual({ plan: 'pro' });
      expect(await batch('pro')).toMatchObject({ status: 201, record: { custom: { plan: 'pro' } } });
      expect((await call(t.url, 'PATCH', `/api/fields/${plan.id}`, { options: [{ key: 'pro', label: 'Pro' }] })).status).toBe(200);
      expect((await batch('basic')).status).toBe(422);
    } finally {
      await call(t.url, 'DELETE', `/api/fields/${plan.id}`);
    }
  });
});

describe('lists filter and sort on custom fields', () => {
  /** Every page of a list, following its Link headers. */
  async function allIds(query: string): Promise<{ ids: string[]; total: number }> {
    const ids: string[] = [];
    let path: string | undefined = `/api/customers?limit=7&${query}`;
    let total = -1;
    while (path) {
      const res: Answer<Customer[]> = await call(t.url, 'GET', path, undefined, undefined, z.array(Customer));
      expect(res.status).toBe(200);
      ids.push(...res.body.map((c) => c.id));
      total = Number(res.headers.get('x-total-count'));
      const next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      path = next ? next.replace(/^https?:\/\/[^/]+/, '') : undefined;
    }
    return { ids, total };
  }

  it('equal a brute-force filter and sort of the database', async () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const creates = Array.from({ length: 80 }, () => {
      const custom: Record<string, unknown> = {};
      if (rnd() < 0.8) custom.tier = pick(['gold', 'silver']);
      if (rnd() < 0.8) custom.seats = Math.floor(rnd() * 30);
      if (rnd() < 0.7) custom.arr = Math.floor(rnd() * 100000) / 100;
      if (rnd() < 0.7) custom.renewal = `2027-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      if (rnd() < 0.6) custom.regions = ['emea', 'apac'].filter(() => rnd() < 0.5);
      if (rnd() < 0.5) custom.partner = rnd() < 0.5;
      return customer(Object.keys(custom).length ? custom : undefined);
    });
    expect((await call(t.url, 'POST', '/api/customers/batch', { create: creates })).status).toBe(200);
    // Some changes after the lists' first use, so their sort indexes must follow.
    await allIds('sort=custom.seats');
    const some = (await call(t.url, 'GET', '/api/customers?limit=20', undefined, undefined, z.array(Customer))).body;
    for (const c of some.slice(0, 10)) await call(t.url, 'PATCH', `/api/customers/${c.id}`, { custom: { seats: Math.floor(rnd() * 30), tier: null } });
    for (const c of some.slice(10, 13)) await call(t.url, 'DELETE', `/api/customers/${c.id}`);

    const docs = (await t.connection.db!.collection('customers').find().toArray()).map((d) => ({ id: String(d._id), name: String(d.name).toLowerCase(), custom: (d.custom ?? {}) as Record<string, unknown> }));
    const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);
    const bySeats = (d: number) => (a: (typeof docs)[number], b: (typeof docs)[number]) => {
      const x = a.custom.seats as number | undefined;
      const y = b.custom.seats as number | undefined;
      const c = x === y ? 0 : x === undefined ? -1 : y === undefined ? 1 : x - y;
      return d * (c || (a.id < b.id ? -1 : 1));
    };
    const cases: [string, (d: (typeof docs)[number]) => boolean, (a: (typeof docs)[number], b: (typeof docs)[number]) => number][] = [
      ['custom.tier=gold', (d) => d.custom.tier === 'gold', byName],
      ['custom.tier=GOLD&sort=-custom.seats', (d) => d.custom.tier === 'gold', bySeats(-1)],
      ['custom.seats.gte=10&custom.seats.lte=20&sort=custom.seats', (d) => typeof d.custom.seats === 'number' && d.custom.seats >= 10 && d.custom.seats <= 20, bySeats(1)],
      ['custom.seats=7', (d) => d.custom.seats === 7, byName],
      ['custom.arr.gte=500.5', (d) => typeof d.custom.arr === 'number' && d.custom.arr >= 500.5, byName],
      ['custom.renewal.gte=2027-03-01&custom.renewal.lte=2027-06-30&sort=-custom.seats', (d) => typeof d.custom.renewal === 'string' && d.custom.renewal >= '2027-03-01' && d.custom.renewal <= '2027-06-30', bySeats(-1)],
      ['custom.regions=apac', (d) => Array.isArray(d.custom.regions) && d.custom.regions.includes('apac'), byName],
      ['custom.partner=true', (d) => d.custom.partner === true, byName],
      ['custom.partner=false', (d) => d.custom.partner !== true, byName],
      ['sort=custom.seats', () => true, bySeats(1)],
      ['sort=-custom.seats&custom.tier=silver&custom.seats.gte=3', (d) => d.custom.tier === 'silver' && typeof d.custom.seats === 'number' && d.custom.seats >= 3, bySeats(-1)],
    ];
    for (const [query, test, order] of cases) {
      const expected = docs.filter(test).sort(order).map((d) => d.id);
      const { ids, total } = await allIds(query);
      expect(ids, query).toEqual(expected);
      expect(total, query).toBe(expected.length);
    }
  });

  it('refuses filters and sorts on fields that are not defined or do not fit, naming the parameter', async () => {
    const bad = async (query: string) => {
      const res = await call(t.url, 'GET', `/api/customers?${query}`);
      return [res.status, pathsOf(res)];
    };
    expect(await bad('custom.nosuch=1')).toEqual([422, ['custom.nosuch']]);
    expect(await bad('sort=custom.nosuch')).toEqual([422, ['sort']]);
    expect(await bad('custom.seats=many')).toEqual([422, ['custom.seats']]);
    expect(await bad('custom.tier.gte=a')).toEqual([422, ['custom.tier.gte']]);
    expect(await bad('custom.renewal.lte=tomorrow')).toEqual([422, ['custom.renewal.lte']]);
    expect(await bad('custom.partner=maybe')).toEqual([422, ['custom.partner']]);
    expect(await bad('custom.seats.between=1')).toEqual([422, ['custom.seats.between']]);
    expect(await bad('other=1')).toEqual([422, ['other']]);
  });
});

describe('custom values on deals', () => {
  it('are checked, patched key by key, and filtered and sorted on in the list like a brute-force query', async () => {
    expect((await call(t.url, 'POST', '/api/fields', { entity: 'opportunity', key: 'source', label: 'Source', type: 'select', options: [{ key: 'web', label: 'Web' }, { key: 'event', label: 'Event' }] })).status).toBe(201);
    expect((await call(t.url, 'POST', '/api/fields', { entity: 'opportunity', key: 'score', label: 'Score', type: 'number' })).status).toBe(201);
    const owner = (await call(t.url, 'POST', '/api/customers', customer(), undefined, Customer)).body;
    const deal = (custom?: unknown) => ({ customerId: owner.id, name: `Deal ${++n}`, stage: 'prospecting', amount: 100, ...(custom === undefined ? {} : { custom }) });
    const wrong = await call(t.url, 'POST', '/api/opportunities', deal({ source: 'tv' }));
    expect([wrong.status, pathsOf(wrong)]).toEqual([422, ['custom.source']]);
    // A customer's field is not a deal's.
    const other = await call(t.url, 'POST', '/api/opportunities', deal({ tier: 'gold' }));
    expect([other.status, pathsOf(other)]).toEqual([422, ['custom.tier']]);
    const made = await call(t.url, 'POST', '/api/opportunities', deal({ source: 'web', score: 3 }), undefined, Opportunity);
    expect(made.body.custom).toEqual({ source: 'web', score: 3 });
    const patched = await call(t.url, 'PATCH', `/api/opportunities/${made.body.id}`, { custom: { score: 4 } }, undefined, Opportunity);
    expect(patched.body.custom).toEqual({ source: 'web', score: 4 });

    for (let i = 0; i < 30; i++) await call(t.url, 'POST', '/api/opportunities', deal(i % 5 === 0 ? undefined : { source: i % 2 ? 'web' : 'event', score: (i * 7) % 11 }));
    const docs = (await t.connection.db!.collection('opportunities').find().toArray()).map((d) => ({ id: String(d._id), custom: (d.custom ?? {}) as { source?: string; score?: number } }));
    const expected = docs
      .filter((d) => d.custom.source === 'web' && (d.custom.score ?? -1) >= 2)
      .sort((a, b) => b.custom.score! - a.custom.score! || (a.id < b.id ? 1 : -1))
      .map((d) => d.id);
    const res = await call(t.url, 'GET', '/api/opportunities?custom.source=web&custom.score.gte=2&sort=-custom.score&limit=200', undefined, undefined, z.array(Opportunity));
    expect(res.status).toBe(200);
    expect(res.body.map((o) => o.id)).toEqual(expected);
    expect((await call(t.url, 'GET', '/api/opportunities?custom.tier=gold')).status).toBe(422);
  });
});
