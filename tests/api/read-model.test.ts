import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { toContact } from '../../server/contacts/contact.service.js';
import { toCustomer } from '../../server/customers/customer.service.js';
import { toInteraction } from '../../server/interactions/interaction.service.js';
import { toOpportunity } from '../../server/opportunities/opportunity.service.js';
import { contactTable, customerTable, interactionTable, opportunityTable, taskTable } from '../../server/read-model/kinds.js';
import { compareValues, wordsOf, type Keys, type TableSpec } from '../../server/read-model/table.js';
import { toTask } from '../../server/tasks/task.service.js';
import { z } from 'zod';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { JobProgress } from '../../shared/events.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity, Pipeline, StageChange } from '../../shared/opportunity.js';
import { dueBound, Task } from '../../shared/task.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import { bodyOf, call, type Answer } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

// SPEC section 10, correctness: after any run of creates, updates, moves, deletes, restores,
// batches and imports, on one process or two, every read equals a brute-force query of the
// database (every document read, converted, filtered and sorted by the documented rules).

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A small deterministic random source, so a failing run can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Aperture', 'Zoë'];
const TAGS = ['vip', 'churn', 'partner'];

type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

/** The schema of the records a list answers, by its path (`/api/customers`, or just `customers`). */
const RECORDS = { customers: Customer, contacts: Contact, opportunities: Opportunity, interactions: Interaction, tasks: Task } as const;
const recordsOf = (pathname: string) => {
  const schema = RECORDS[pathname.replace(/^\/api\//, '').replace(/[?].*$/, '') as keyof typeof RECORDS];
  if (!schema) throw new Error(`no record schema for ${pathname}`);
  return z.array(schema as z.ZodType<{ id: string; customerId?: string }>);
};

/**
 * Drives a random run of every kind of change through the given servers (one per call, in
 * turn); answers how many changes succeeded and how many were refused.
 */
async function randomRun(servers: Api[], users: TestUser[], seed: number, steps: number): Promise<{ ok: number; refused: number }> {
  const tally = { ok: 0, refused: 0 };
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const word = () => pick(WORDS);
  let n = 0;
  const ids = async (api: Api, what: string) => bodyOf(await api('GET', `/api/${what}?limit=200&sort=-createdAt`), recordsOf(what));
  const deleted: string[] = [];
  for (let step = 0; step < steps; step++) {
    const server = servers[step % servers.length]!;
    const api: Api = async (method, pathname, body, headers) => {
      const res = await server(method, pathname, body, headers);
      if (method !== 'GET') tally[res.status < 300 ? 'ok' : 'refused']++;
      return res;
    };
    const r = rnd();
    const customers = await ids(api, 'customers');
    const customer = customers.length ? pick(customers).id : undefined;
    const owner = pick(users).id;
    const unique = `${seed}-${step}-${n++}`;
    if (r < 0.14 || !customer) {
      await api('POST', '/api/customers', { name: `${word()} ${word()} ${unique}`, email: `c${unique}@run.test`, ownerId: owner, tags: TAGS.filter(() => rnd() < 0.4), industry: word() });
    } else if (r < 0.24) {
      await api('POST', '/api/contacts', { customerId: customer, name: `${word()} ${unique}`, email: `p${unique}@run.test` });
    } else if (r < 0.34) {
      await api('POST', '/api/opportunities', { customerId: customer, name: `${word()} deal ${unique}`, stage: pick(DEFAULT_STAGES).key, amount: Math.floor(rnd() * 100000) / 100, ownerId: owner });
    } else if (r < 0.44) {
      await api('POST', '/api/interactions', { customerId: customer, type: pick(['call', 'meeting', 'email', 'note']), date: new Date(Date.UTC(2026, 10, 1 + Math.floor(rnd() * 28))).toISOString(), subject: `${word()} talk`, notes: `About ${word()}` });
    } else if (r < 0.5) {
      const due = rnd() < 0.5 ? `2026-11-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` : new Date(Date.UTC(2026, 11, 1 + Math.floor(rnd() * 20), 9)).toISOString();
      // Three at a time, most about a deal (its customer's): the deal's next step on the board.
      const deals = await ids(api, 'opportunities');
      for (let k = 0; k < 3; k++) {
        const deal = deals.length && rnd() < 0.8 ? pick(deals) : undefined;
        const about = deal ? { customerId: deal.customerId, opportunityId: deal.id } : { customerId: customer };
        const dueAt = k ? `2026-11-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` : due;
        await api('POST', '/api/tasks', { title: `${word()} follow-up`, type: pick(['call', 'todo', 'email']), dueAt, assigneeId: pick(users).id, ...about, done: rnd() < 0.3 });
      }
    } else if (r < 0.6) {
      await api('PATCH', `/api/customers/${customer}`, rnd() < 0.5 ? { name: `${word()} Renamed ${unique}` } : { ownerId: owner, tags: TAGS.filter(() => rnd() < 0.5) });
    } else if (r < 0.68) {
      const deals = await ids(api, 'opportunities');
      if (deals.length) {
        const deal = pick(deals);
        const stage = pick(DEFAULT_STAGES).key;
        const column = bodyOf(await api('GET', `/api/opportunities?stage=${stage}&sort=rank&limit=50`), z.array(Opportunity));
        const neighbour = column.filter((c) => c.id !== deal.id);
        const place = neighbour.length && rnd() < 0.7 ? { [rnd() < 0.5 ? 'afterId' : 'beforeId']: pick(neighbour).id } : {};
        await api('POST', `/api/opportunities/${deal.id}/move`, { stage, ...place, ...(stage === 'lost' ? { lostReason: 'Price' } : {}) });
      }
    } else if (r < 0.72) {
      const interactions = await ids(api, 'interactions');
      if (interactions.length) await api('PATCH', `/api/interactions/${pick(interactions).id}`, { subject: `${word()} changed`, type: pick(['call', 'note']) });
    } else if (r < 0.75) {
      const tasks = await ids(api, 'tasks');
      const change = rnd();
      const dueAt = `2026-11-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      if (tasks.length) await api('PATCH', `/api/tasks/${pick(tasks).id}`, change < 0.4 ? { done: rnd() < 0.5 } : change < 0.7 ? { dueAt } : { assigneeId: pick(users).id });
    } else if (r < 0.8) {
      const what = pick(['contacts', 'opportunities', 'interactions', 'tasks']);
      const list = await ids(api, what);
      if (list.length) await api('DELETE', `/api/${what}/${pick(list).id}`);
    } else if (r < 0.85) {
      if ((await api('DELETE', `/api/customers/${customer}`)).status === 204) deleted.push(customer);
    } else if (r < 0.89) {
      const back = deleted.pop();
      if (back) await api('POST', `/api/customers/${back}/restore`);
    } else if (r < 0.95) {
      // A batch: creates, updates and deletes in one call.
      const contacts = await ids(api, 'contacts');
      await api('POST', '/api/contacts/batch', {
        create: [0, 1, 2].map((k) => ({ customerId: pick(customers).id, name: `${word()} batch ${unique}-${k}`, email: `b${unique}-${k}@run.test` })),
        update: contacts.slice(0, 2).map((c) => ({ id: c.id, name: `${word()} batched ${unique}` })),
        delete: contacts.slice(2, 3).map((c) => c.id),
      });
    } else {
      const rows = [0, 1, 2].map((k) => `${word()} Imported ${unique}-${k},i${unique}-${k}@run.test,${pick(TAGS)}`);
      const job = await api('POST', '/api/customers/import', `name,email,tags\n${rows.join('\n')}\n`, { 'content-type': 'text/csv' });
      const { id } = bodyOf(job, JobProgress);
      for (let wait = 0; wait < 200; wait++) {
        const state = bodyOf(await api('GET', `/api/imports/${id}`), JobProgress);
        if (state.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }
  return tally;
}

interface ListCheck {
  path: string;
  spec: TableSpec<any>;
  collection: string;
  toApi: (doc: any) => any;
  /** Query parameters, and the same as a brute-force test of a record's keys. */
  cases: { params: Record<string, string>; keep?: (keys: Keys, record: any) => boolean }[];
}

/** Every document of a collection in its API form, read with the raw driver. */
async function everything(t: TestShoal, check: ListCheck): Promise<any[]> {
  return (await t.connection.collection(check.collection).find().toArray()).map(check.toApi);
}

/** The brute-force answer: filter, search by word prefixes, sort by the key, ties by id. */
function expected(records: any[], check: ListCheck, params: Record<string, string>, keep?: (keys: Keys, record: any) => boolean): string[] {
  const sort = params.sort!;
  const key = check.spec.sorts[sort.replace(/^-/, '')]!;
  const words = wordsOf(params.q ?? '');
  return records
    .filter((record) => {
      const keys = check.spec.keysOf(record);
      if (keep && !keep(keys, record)) return false;
      const text = wordsOf(check.spec.textOf(record));
      return words.every((w) => text.some((x) => x.startsWith(w)));
    })
    .sort((a, b) => {
      const c = compareValues(check.spec.keysOf(a)[key], check.spec.keysOf(b)[key]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return sort.startsWith('-') ? -c : c;
    })
    .map((r) => r.id);
}

/** Every page of a list through the API, following `Link` headers. */
async function pages(api: Api, pathname: string, params: Record<string, string>): Promise<{ ids: string[]; totals: Set<string> }> {
  const ids: string[] = [];
  const totals = new Set<string>();
  let next: string | undefined = `${pathname}?${new URLSearchParams({ ...params, limit: '7' })}`;
  for (let guard = 0; next && guard < 500; guard++) {
    const res = await api('GET', next);
    expect(res.status, `${next}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(Number(res.headers.get('shoal-seq'))).toBeGreaterThan(0);
    ids.push(...bodyOf(res, recordsOf(pathname)).map((r) => r.id));
    totals.add(res.headers.get('x-total-count')!);
    const link = res.headers.get('link');
    next = link ? new URL(/<([^>]+)>/.exec(link)![1]!).pathname + new URL(/<([^>]+)>/.exec(link)![1]!).search : undefined;
  }
  return { ids, totals };
}

/** Compares every list read (each filter, search and sort) and the board with the brute force. */
/** Answers how many records the lists compared and how many cards had a next step. */
async function expectReadsEqualDatabase(t: TestShoal, api: Api, users: TestUser[]): Promise<{ compared: number; nextSteps: number }> {
  const customers = (await everything(t, { collection: 'customers', toApi: toCustomer } as ListCheck)) as { id: string }[];
  const someCustomer = customers[0]?.id ?? '000000000000000000000000';
  const now = Date.now();
  const checks: ListCheck[] = [
    {
      path: '/api/customers',
      spec: customerTable,
      collection: 'customers',
      toApi: toCustomer,
      cases: [
        { params: { sort: 'name' } },
        { params: { sort: '-createdAt' } },
        { params: { sort: 'email', q: 'acme' } },
        { params: { sort: '-updatedAt', q: 'glob wa' } },
        { params: { sort: 'name', ownerId: users[1]!.id }, keep: (k) => k.ownerId === users[1]!.id },
        { params: { sort: 'name', tag: 'vip', q: 'zo' }, keep: (k) => (k.tags as string[]).includes('vip') },
      ],
    },
    {
      path: '/api/contacts',
      spec: contactTable,
      collection: 'contacts',
      toApi: toContact,
      cases: [{ params: { sort: 'name' } }, { params: { sort: '-email', q: 'batch' } }, { params: { sort: 'name', customerId: someCustomer }, keep: (k) => k.customerId === someCustomer }],
    },
    {
      path: '/api/opportunities',
      spec: opportunityTable,
      collection: 'opportunities',
      toApi: toOpportunity,
      cases: [
        { params: { sort: '-createdAt' } },
        { params: { sort: 'amount', stage: 'proposal' }, keep: (k) => k.stage === 'proposal' },
        { params: { sort: 'rank', stage: 'won' }, keep: (k) => k.stage === 'won' },
        { params: { sort: '-amount', ownerId: users[0]!.id, q: 'deal' }, keep: (k) => k.ownerId === users[0]!.id },
      ],
    },
    {
      path: '/api/interactions',
      spec: interactionTable,
      collection: 'interactions',
      toApi: toInteraction,
      cases: [
        { params: { sort: '-date' } },
        { params: { sort: '-date', type: 'call' }, keep: (k) => k.type === 'call' },
        { params: { sort: 'createdAt', q: 'talk' } },
        {
          params: { sort: '-date', from: '2026-11-05T00:00:00Z', to: '2026-11-20T00:00:00Z' },
          keep: (k) => (k.date as number) >= Date.parse('2026-11-05T00:00:00Z') && (k.date as number) < Date.parse('2026-11-20T00:00:00Z'),
        },
        // Ranges counted from the date's spans (month, day, hour), of a type or of all, with edges on and off their bounds.
        ...[
          ['call', '2026-11-05T00:00:00Z', '2026-11-20T00:00:00Z'],
          ['call', '2026-11-03T13:30:00Z', '2026-11-27T00:00:00.001Z'],
          ['note', '2026-11-10T00:00:00Z', undefined],
          [undefined, undefined, '2026-11-15T00:00:00Z'],
          ['meeting', '2026-11-12T00:00:00Z', '2026-11-12T00:00:00.001Z'],
          ['email', '2026-10-01T00:00:00Z', '2026-12-31T23:00:00Z'],
        ].map(([type, from, to]) => ({
          params: { sort: type === 'note' ? 'date' : '-date', ...(type ? { type } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) },
          keep: (k: Keys) => (!type || k.type === type) && (!from || (k.date as number) >= Date.parse(from)) && (!to || (k.date as number) < Date.parse(to)),
        })),
      ],
    },
    {
      path: '/api/tasks',
      spec: taskTable,
      collection: 'tasks',
      toApi: toTask,
      cases: [
        { params: { sort: 'dueAt' } },
        { params: { sort: 'title', done: 'true' }, keep: (k) => k.done === 'true' },
        { params: { sort: 'dueAt', assigneeId: users[2]!.id }, keep: (k) => k.assigneeId === users[2]!.id },
        { params: { sort: 'dueAt', overdue: 'true' }, keep: (k) => k.done === 'false' && (k.due as number) < now },
        { params: { sort: '-dueAt', overdue: 'true', assigneeId: users[1]!.id }, keep: (k) => k.done === 'false' && (k.due as number) < now && k.assigneeId === users[1]!.id },
        { params: { sort: 'dueAt', done: 'false', dueFrom: '2026-11-08', dueTo: '2026-12-05' }, keep: (k) => k.done === 'false' && (k.due as number) >= dueBound('2026-11-08', 'from').getTime() && (k.due as number) < dueBound('2026-12-05', 'to').getTime() },
        { params: { sort: '-dueAt', dueFrom: '2026-11-10', dueTo: '2026-11-20' }, keep: (k) => (k.due as number) >= dueBound('2026-11-10', 'from').getTime() && (k.due as number) < dueBound('2026-11-20', 'to').getTime() },
      ],
    },
  ];
  let compared = 0;
  for (const check of checks) {
    const records = await everything(t, check);
    for (const { params, keep } of check.cases) {
      const want = expected(records, check, params, keep);
      const got = await pages(api, check.path, params);
      expect(got.ids, `${check.path} ${JSON.stringify(params)}`).toEqual(want);
      expect([...got.totals], `${check.path} ${JSON.stringify(params)} X-Total-Count`).toEqual([String(want.length)]);
      compared += want.length;
    }
  }
  // The board: per stage, its count, total and cards in rank order.
  const deals = await everything(t, checks[2]!);
  const board = bodyOf(await api('GET', '/api/pipeline?limit=200'), Pipeline);
  for (const stage of board.stages) {
    const inStage = deals.filter((d) => d.stage === stage.key).sort((a, b) => compareValues(a.rank, b.rank) || (a.id < b.id ? -1 : 1));
    expect(stage.opportunities.map((o) => o.id), `board ${stage.key}`).toEqual(inStage.slice(0, 200).map((d) => d.id));
    expect(stage.count).toBe(inStage.length);
    expect(stage.total).toBeCloseTo(inStage.reduce((sum, d) => sum + d.amount, 0), 2);
  }
  // Each card's next step: its deal's open task due first (ties by id), as the tasks say.
  const tasks = (await everything(t, checks[4]!)) as Task[];
  const nextSteps: Record<string, unknown> = {};
  for (const deal of board.stages.flatMap((s) => s.opportunities)) {
    const open = tasks.filter((task) => task.opportunityId === deal.id && !task.done);
    const due = (task: Task) => taskTable.keysOf(task).due;
    const first = open.sort((a, b) => compareValues(due(a), due(b)) || (a.id < b.id ? -1 : 1))[0];
    if (first) nextSteps[deal.id] = { id: first.id, title: first.title, type: first.type, dueAt: first.dueAt, assigneeId: first.assigneeId };
  }
  expect(board.nextSteps).toEqual(nextSteps);
  // The same board again (its columns kept while no deal changed) reads the same.
  expect(bodyOf(await api('GET', '/api/pipeline?limit=200'), Pipeline)).toEqual(board);
  // Stage history of every deal equals the stored stage changes.
  const changes = await t.connection.collection('stage_changes').find().toArray();
  for (const deal of deals.slice(0, 30)) {
    const stored = changes.filter((c) => c.opportunityId === deal.id).sort((a, b) => a.at.getTime() - b.at.getTime()).map((c) => [c.from, c.to, c.at.toISOString()]);
    const history = bodyOf(await api('GET', `/api/opportunities/${deal.id}/history`), z.array(StageChange)).map((c) => [c.from, c.to, c.at]);
    expect(history, `history of ${deal.id}`).toEqual(stored);
  }
  return { compared, nextSteps: Object.keys(nextSteps).length };
}

async function team(t: TestShoal): Promise<TestUser[]> {
  return [t.admin, await t.addUser('Ana Owner'), await t.addUser('Ben Owner')];
}

const started: TestShoal[] = [];
afterAll(async () => {
  for (const t of started.reverse()) await t.close().catch(() => undefined);
});

describe('the read model', () => {
  it('answers every list, search, filter, sort, count, page, the board and stage histories as a brute-force query of the database does, after a random run', async () => {
    const t = await startShoal();
    started.push(t);
    const users = await team(t);
    const api: Api = (m, p, b, h) => call(t.url, m, p, b, h);
    const { ok, refused } = await randomRun([api], users, 11, 160);
    // The run changed things (a few moves and restores are refused by the rules, as they should be).
    expect(ok).toBeGreaterThan(140);
    expect(refused).toBeLessThan(ok / 5);
    const { compared, nextSteps } = await expectReadsEqualDatabase(t, api, users);
    expect(compared).toBeGreaterThan(100);
    expect(nextSteps, 'cards with a next step').toBeGreaterThan(2);
    // A single record says the seq it reflects: at least that of its own last change.
    const created = bodyOf(await api('POST', '/api/customers', { name: 'Seq Co', email: 'seq@run.test' }), Customer);
    const latest = Number((await api('GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    const one = await api('GET', `/api/customers/${created.id}`);
    expect(bodyOf(one, Customer).id).toBe(created.id);
    expect(Number(one.headers.get('shoal-seq'))).toBeGreaterThanOrEqual(latest);
    // And a read model loaded afresh from the database holds the same records.
    const fresh = await t.shoal.reads.recompute();
    const maintained = await t.shoal.reads.ready();
    for (const name of ['customer', 'contact', 'opportunity', 'interaction', 'task'] as const) {
      const rows = (s: typeof fresh) => [...s.tables[name].all()].map((r) => r.json).sort();
      expect(rows(maintained), name).toEqual(rows(fresh));
    }
  }, 240_000);

  it('does the same on two processes sharing one database through Redis, each answering alike', async () => {
    const a = await startShoal({ redisUrl });
    started.push(a);
    const b = await startShoal({ redisUrl, dbName: a.dbName, setup: false });
    started.push(b);
    const users = await team(a);
    const onA: Api = (m, p, body, h) => call(a.url, m, p, body, { authorization: `Bearer ${a.admin.token}`, ...h });
    const onB: Api = (m, p, body, h) => call(b.url, m, p, body, { authorization: `Bearer ${a.admin.token}`, ...h });
    await randomRun([onA, onB], users, 23, 120);
    // Both have every change: their Shoal-Seq reaches the log's newest.
    const newest = async () => Number((await onA('GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    for (const api of [onA, onB]) {
      const deadline = Date.now() + 10_000;
      while (Number((await api('GET', '/api/customers?limit=1')).headers.get('shoal-seq')) < (await newest()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    await expectReadsEqualDatabase(a, onA, users);
    await expectReadsEqualDatabase(a, onB, users);
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    const keys = await redis.keys(`shoal:${a.dbName}:*`);
    if (keys.length) await redis.del(keys);
    await redis.quit();
  }, 300_000);
});

describe('read model checkpoints', () => {
  it('a restart loads the checkpoint and replays the changes after it; a damaged, cut or outdated one is detected and the database loaded instead', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoal-checkpoint-'));
    try {
      let t = await startShoal({ checkpointDir: dir });
      const users = await team(t);
      const { dbName, admin } = t;
      const api: Api = (m, p, b, h) => call(t.url, m, p, b, { authorization: `Bearer ${admin.token}`, ...h });
      await randomRun([api], users, 5, 40);
      await t.shoal.reads.ready();
      await t.close(true);
      const restart = async () => {
        t = await startShoal({ checkpointDir: dir, dbName, setup: false });
        await t.shoal.reads.ready();
        return t.shoal.reads.lastLoad()!.from;
      };
      const file = (await import('node:fs/promises')).readdir(dir).then((names) => path.join(dir, names.find((n) => n.endsWith('.checkpoint'))!));

      // A clean restart: from the checkpoint, and the reads equal the database.
      expect(await restart()).toBe('checkpoint');
      await expectReadsEqualDatabase(t, api, users);

      // Changes after the checkpoint (the server dies before writing another): replayed from the log.
      const checkpointed = await readFile(await file);
      await randomRun([api], users, 6, 15);
      await t.close(true);
      await writeFile(await file, checkpointed);
      expect(await restart()).toBe('checkpoint');
      await expectReadsEqualDatabase(t, api, users);
      await t.close(true);

      // One byte of a record changed (same length, still valid JSON): the checksum fails, the
      // database is loaded.
      const bytes = await readFile(await file);
      const at = bytes.indexOf('"name":"');
      expect(at).toBeGreaterThan(0);
      bytes[at + 8] = bytes[at + 8] === 0x58 ? 0x59 : 0x58;
      await writeFile(await file, bytes);
      expect(await restart()).toBe('database');
      await expectReadsEqualDatabase(t, api, users);
      await t.close(true);

      // Cut short (a crash while writing): no seal, the database is loaded.
      const whole = await readFile(await file);
      await writeFile(await file, whole.subarray(0, Math.floor(whole.length / 2)));
      expect(await restart()).toBe('database');
      await t.close(true);

      // The log no longer holds the changes after an old checkpoint (retention): not usable.
      await restart();
      await t.connection.collection('events').deleteMany({});
      await t.connection.collection('events').insertOne({ seq: 100_000, entity: 'user', op: 'updated', recordId: admin.id, data: { name: 'Test Admin' }, version: 9, actor: { id: admin.id, name: 'x' }, at: new Date() });
      await t.close(true);
      await writeFile(await file, checkpointed);
      expect(await restart()).toBe('database');
      await expectReadsEqualDatabase(t, api, users);
      await t.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
