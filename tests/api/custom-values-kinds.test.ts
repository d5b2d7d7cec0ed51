import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { z } from 'zod';
import { BatchResult, type BatchItemResult } from '../../shared/batch.js';
import { ChangeEvent } from '../../shared/events.js';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call, pathsOf, problemOf, type Answer } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

// Custom values on every kind of record (SPEC section 12), one mechanism for all: the same
// rules for contacts, interactions and tasks as for customers and deals, and every list's
// filters and sorts on custom fields equal to a brute-force query of the database.

let t: TestShoal;
let customerId: string;
let n = 0;

/** Each kind: its API path, its collection, its field entity, and a valid new record. */
const KINDS = {
  customer: { path: 'customers', collection: 'customers', schema: Customer, make: () => ({ name: `Acme ${++n}`, email: `acme${n}@example.com` }) },
  contact: { path: 'contacts', collection: 'contacts', schema: Contact, make: () => ({ customerId, name: `Pat ${++n}`, email: `pat${n}@example.com` }) },
  opportunity: { path: 'opportunities', collection: 'opportunities', schema: Opportunity, make: () => ({ customerId, name: `Deal ${++n}`, stage: 'prospecting', amount: 100 }) },
  interaction: { path: 'interactions', collection: 'interactions', schema: Interaction, make: () => ({ customerId, type: 'note', date: '2026-11-30T10:00:00Z', subject: `Note ${++n}` }) },
  task: { path: 'tasks', collection: 'tasks', schema: Task, make: () => ({ title: `Task ${++n}`, dueAt: '2026-12-24' }) },
} as const;
type Kind = keyof typeof KINDS;
const ALL = Object.keys(KINDS) as Kind[];
const kindOf = (path: string) => ALL.find((k) => KINDS[k].path === path)!;

const GRADES = ['alpha', 'beta', 'gamma'];
const AREAS = ['north', 'south', 'east'];

beforeAll(async () => {
  t = await startShoal();
  customerId = (await call(t.url, 'POST', '/api/customers', KINDS.customer.make(), undefined, Customer)).body.id;
  for (const entity of ALL) {
    const defs = [
      { key: 'grade', label: 'Grade', type: 'select', options: GRADES.map((key) => ({ key, label: key.toUpperCase() })) },
      { key: 'points', label: 'Points', type: 'number' },
      { key: 'worth', label: 'Worth', type: 'money' },
      { key: 'when', label: 'When', type: 'date' },
      { key: 'vip', label: 'VIP', type: 'checkbox' },
      { key: 'areas', label: 'Areas', type: 'multiselect', options: AREAS.map((key) => ({ key, label: key })) },
      { key: 'code', label: 'Code', type: 'text' },
    ];
    for (const def of defs) expect((await call(t.url, 'POST', '/api/fields', { entity, ...def }, undefined, FieldDefinition)).status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

const itemPaths = (item: BatchItemResult | undefined) => item?.error?.errors?.map((e) => e.path);

describe.each(['contact', 'interaction', 'task'] as const)('custom values on a %s', (kind) => {
  const { path, make, schema } = KINDS[kind];
  const create = (custom?: unknown) => call(t.url, 'POST', `/api/${path}`, { ...make(), ...(custom === undefined ? {} : { custom }) });
  /** The record an answer carries, read by this kind's schema. */
  const recordSchema = schema as z.ZodType<Contact | Interaction | Task>;
  const recordOf = (answer: Answer) => bodyOf(answer, recordSchema);

  it('are stored and returned in their types; a wrong type, an unknown option or an undefined key is a 422 naming custom.<key> on POST, PUT, PATCH and batch', async () => {
    const answer = await create({ grade: 'beta', points: 3, worth: 10.5, when: '2027-01-31', vip: true, areas: ['north', 'north', 'east'], code: 'X1' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const made = { body: recordOf(answer) };
    expect(made.body.custom).toEqual({ grade: 'beta', points: 3, worth: 10.5, when: '2027-01-31', vip: true, areas: ['north', 'east'], code: 'X1' });
    expect(recordOf(await call(t.url, 'GET', `/api/${path}/${made.body.id}`)).custom).toEqual(made.body.custom);

    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...whole } = made.body;
    const bad = [
      [{ grade: 'omega' }, 'custom.grade'],
      [{ points: '3' }, 'custom.points'],
      [{ worth: 1.234 }, 'custom.worth'],
      [{ when: '2027-02-30' }, 'custom.when'],
      [{ vip: 'yes' }, 'custom.vip'],
      [{ areas: ['west'] }, 'custom.areas.0'],
      // A field of another kind of record is not one of this kind's.
      [{ tier: 'gold' }, 'custom.tier'],
      [{ nosuch: 1 }, 'custom.nosuch'],
    ] as const;
    for (const [custom, field] of bad) {
      const created = await create(custom);
      expect([created.status, pathsOf(created)], JSON.stringify(custom)).toEqual([422, [field]]);
      const replaced = await call(t.url, 'PUT', `/api/${path}/${made.body.id}`, { ...whole, custom });
      expect([replaced.status, pathsOf(replaced)]).toEqual([422, [field]]);
      const patched = await call(t.url, 'PATCH', `/api/${path}/${made.body.id}`, { custom });
      expect([patched.status, pathsOf(patched)]).toEqual([422, [field]]);
    }
    const batch = await call(t.url, 'POST', `/api/${path}/batch`, { create: [{ ...make(), custom: { grade: 'omega' } }, { ...make(), custom: { grade: 'alpha' } }], update: [{ id: made.body.id, custom: { points: 'many' } }] });
    expect(batch.status).toBe(207);
    const result = bodyOf(batch, BatchResult);
    expect(itemPaths(result.create[0])).toEqual(['custom.grade']);
    expect([result.create[1]?.status, recordSchema.parse(result.create[1]?.record).custom]).toEqual([201, { grade: 'alpha' }]);
    expect(itemPaths(result.update[0])).toEqual(['custom.points']);
    // Nothing above changed the record.
    expect(recordOf(await call(t.url, 'GET', `/api/${path}/${made.body.id}`)).version).toBe(1);

    // A PUT replaces the custom values as a whole: left out, they are gone.
    const replaced = await call(t.url, 'PUT', `/api/${path}/${made.body.id}`, { ...whole, custom: { points: 4 } });
    expect([replaced.status, recordOf(replaced).custom]).toEqual([200, { points: 4 }]);
    const none = await call(t.url, 'PUT', `/api/${path}/${made.body.id}`, { ...whole, custom: undefined });
    expect([none.status, recordOf(none).custom]).toEqual([200, undefined]);
  });

  it('a PATCH changes only the keys it names, null clears one, each key is its own field for the stale-version rule', async () => {
    const made = recordOf(await create({ grade: 'alpha', points: 5 }));
    const patched = await call(t.url, 'PATCH', `/api/${path}/${made.id}`, { custom: { points: 6, vip: true } });
    expect([patched.status, recordOf(patched).custom]).toEqual([200, { grade: 'alpha', points: 6, vip: true }]);
    // Another key, read at version 1: no conflict.
    const other = await call(t.url, 'PATCH', `/api/${path}/${made.id}`, { custom: { grade: null } }, { 'if-match': '"1"' });
    expect([other.status, recordOf(other).custom]).toEqual([200, { points: 6, vip: true }]);
    // The same key, read at version 1: a 412 naming it.
    const stale = await call(t.url, 'PATCH', `/api/${path}/${made.id}`, { custom: { points: 9 } }, { 'if-match': '"1"' });
    expect([stale.status, pathsOf(stale), problemOf(stale).conflicts]).toEqual([412, ['custom.points'], ['custom.points']]);
    // The batch's version is the same precondition.
    const batch = await call(t.url, 'POST', `/api/${path}/batch`, { update: [{ id: made.id, version: 1, custom: { points: 9 } }, { id: made.id, version: 1, custom: { code: 'late' } }] });
    expect(bodyOf(batch, BatchResult).update.map((r) => r.status)).toEqual([412, 200]);

    const events = (await call(t.url, 'GET', `/api/events?after=0&limit=1000`, undefined, undefined, z.array(ChangeEvent))).body;
    expect(events.filter((e) => e.id === made.id).map((e) => e.fields)).toEqual([undefined, ['custom.points', 'custom.vip'], ['custom.grade'], ['custom.code']]);
    const doc = await t.connection.db!.collection(KINDS[kind].collection).findOne({ _id: new Types.ObjectId(made.id) });
    expect(doc!.fieldVersions).toEqual({ 'custom:points': 2, 'custom:vip': 2, 'custom:grade': 3, 'custom:code': 4 });
    const cleared = await call(t.url, 'PATCH', `/api/${path}/${made.id}`, { custom: { points: null, vip: null, code: null } });
    expect([cleared.status, recordOf(cleared).custom]).toEqual([200, undefined]);
  });

  it('a required field must be given on create and PUT and cannot be cleared', async () => {
    const def = (await call(t.url, 'POST', '/api/fields', { entity: kind, key: 'must', label: 'Must', type: 'text', required: true }, undefined, FieldDefinition)).body;
    try {
      const missing = await create({ grade: 'alpha' });
      expect([missing.status, pathsOf(missing)]).toEqual([422, ['custom.must']]);
      const made = await create({ must: 'yes' });
      expect(made.status).toBe(201);
      const cleared = await call(t.url, 'PATCH', `/api/${path}/${recordOf(made).id}`, { custom: { must: null } });
      expect([cleared.status, pathsOf(cleared)]).toEqual([422, ['custom.must']]);
    } finally {
      await call(t.url, 'DELETE', `/api/fields/${def.id}`);
    }
  });

  it('lists refuse filters and sorts on fields that are not defined or do not fit, naming the parameter', async () => {
    const bad = async (query: string) => {
      const res = await call(t.url, 'GET', `/api/${path}?${query}`);
      return [res.status, pathsOf(res)];
    };
    expect(await bad('custom.nosuch=1')).toEqual([422, ['custom.nosuch']]);
    expect(await bad('custom.tier=gold')).toEqual([422, ['custom.tier']]);
    expect(await bad('sort=custom.nosuch')).toEqual([422, ['sort']]);
    expect(await bad('custom.points=many')).toEqual([422, ['custom.points']]);
    expect(await bad('custom.grade.gte=a')).toEqual([422, ['custom.grade.gte']]);
    expect(await bad('custom.when.lte=soon')).toEqual([422, ['custom.when.lte']]);
    expect(await bad('other=1')).toEqual([422, ['other']]);
  });
});

describe('filters and sorts on custom fields equal a brute-force query', () => {
  /** Every page of a list, following its Link headers. */
  async function allIds(path: string, query: string): Promise<{ ids: string[]; total: number }> {
    const ids: string[] = [];
    let next: string | undefined = `/api/${path}?limit=9&${query}`;
    let total = -1;
    while (next) {
      const res: Answer = await call(t.url, 'GET', next);
      expect(res.status, `${path}?${query}: ${JSON.stringify(res.body)}`).toBe(200);
      ids.push(...bodyOf(res, z.array(KINDS[kindOf(path)].schema as z.ZodType<{ id: string }>)).map((r) => r.id));
      total = Number(res.headers.get('x-total-count'));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1]?.replace(/^https?:\/\/[^/]+/, '');
    }
    return { ids, total };
  }

  type Doc = { id: string; custom: Record<string, unknown> };
  type Value = number | string | undefined;
  /** The order of a sort on `custom.<key>`: missing values first, ties by id, all reversed when descending. */
  const by = (key: string, direction: 1 | -1) => (a: Doc, b: Doc) => {
    const x = a.custom[key] as Value;
    const y = b.custom[key] as Value;
    const c = x === y ? 0 : x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
    return direction * (c || (a.id < b.id ? -1 : 1));
  };
  const has = (d: Doc, key: string) => d.custom[key] !== undefined;
  const num = (d: Doc, key: string) => d.custom[key] as number;

  it.each(ALL)('on %s', async (kind) => {
    const { path, collection, make } = KINDS[kind];
    let seed = 7 + ALL.indexOf(kind);
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const randomCustom = () => {
      const custom: Record<string, unknown> = {};
      if (rnd() < 0.8) custom.grade = pick(GRADES);
      if (rnd() < 0.8) custom.points = Math.floor(rnd() * 20) - 5;
      if (rnd() < 0.7) custom.worth = Math.floor(rnd() * 100000) / 100;
      if (rnd() < 0.7) custom.when = `2027-0${1 + Math.floor(rnd() * 9)}-${10 + Math.floor(rnd() * 18)}`;
      if (rnd() < 0.5) custom.vip = rnd() < 0.5;
      if (rnd() < 0.6) custom.areas = AREAS.filter(() => rnd() < 0.5);
      if (rnd() < 0.6) custom.code = pick(['Red', 'red', 'Blue']);
      return custom;
    };
    const creates = Array.from({ length: 60 }, () => ({ ...make(), custom: randomCustom() }));
    const created = await call(t.url, 'POST', `/api/${path}/batch`, { create: creates });
    expect(created.status, JSON.stringify(created.body).slice(0, 500)).toBe(200);
    const ids = bodyOf(created, BatchResult).create.map((r) => r.id!);
    // Changes after the lists' first use, so their sort indexes must follow.
    await allIds(path, 'sort=custom.points');
    await allIds(path, 'sort=-custom.when');
    for (const id of ids.slice(0, 12)) await call(t.url, 'PATCH', `/api/${path}/${id}`, { custom: { points: Math.floor(rnd() * 20) - 5, grade: rnd() < 0.5 ? null : pick(GRADES), when: null } });
    for (const id of ids.slice(12, 16)) await call(t.url, 'DELETE', `/api/${path}/${id}`);

    const docs: Doc[] = (await t.connection.db!.collection(collection).find().toArray()).map((d) => ({ id: String(d._id), custom: (d.custom ?? {}) as Record<string, unknown> }));
    const cases: [string, (d: Doc) => boolean, (a: Doc, b: Doc) => number][] = [
      ['custom.grade=beta&sort=custom.points', (d) => d.custom.grade === 'beta', by('points', 1)],
      ['custom.grade=GAMMA&sort=-custom.points', (d) => d.custom.grade === 'gamma', by('points', -1)],
      ['custom.points.gte=0&custom.points.lte=8&sort=custom.points', (d) => has(d, 'points') && num(d, 'points') >= 0 && num(d, 'points') <= 8, by('points', 1)],
      ['custom.points=3&sort=custom.when', (d) => d.custom.points === 3, by('when', 1)],
      ['custom.worth.gte=250.5&sort=-custom.worth', (d) => has(d, 'worth') && num(d, 'worth') >= 250.5, by('worth', -1)],
      ['custom.when.gte=2027-03-01&custom.when.lte=2027-06-30&sort=-custom.points', (d) => has(d, 'when') && String(d.custom.when) >= '2027-03-01' && String(d.custom.when) <= '2027-06-30', by('points', -1)],
      ['custom.areas=south&sort=custom.worth', (d) => Array.isArray(d.custom.areas) && d.custom.areas.includes('south'), by('worth', 1)],
      ['custom.vip=true&sort=custom.points', (d) => d.custom.vip === true, by('points', 1)],
      ['custom.vip=false&sort=-custom.when', (d) => d.custom.vip !== true, by('when', -1)],
      ['custom.code=red&sort=custom.points', (d) => String(d.custom.code ?? '').toLowerCase() === 'red', by('points', 1)],
      ['sort=custom.grade', () => true, by('grade', 1)],
      ['sort=-custom.worth&custom.grade=alpha&custom.points.gte=2', (d) => d.custom.grade === 'alpha' && has(d, 'points') && num(d, 'points') >= 2, by('worth', -1)],
    ];
    for (const [query, test, order] of cases) {
      const expected = docs.filter(test).sort(order).map((d) => d.id);
      const { ids: got, total } = await allIds(path, query);
      expect(got, `${path}?${query}`).toEqual(expected);
      expect(total, `${path}?${query}`).toBe(expected.length);
    }
  });
});
