import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Db } from 'mongodb';
import { encodeCursor } from '../server/read-model/table.js';
import { enginePidOf, runBatchAtScale, type BatchAtScaleResult } from './batch-at-scale.js';
import { DEFAULT_STAGES } from '../shared/stage.js';
import { CUSTOMER_FIELDS, largeData, SCALE } from './reads-data.js';
import type { TimingJob, TimingResult } from './reads-worker.js';
import { close, listen } from './servers.js';
import { runWorker } from './worker.js';

const DAY = 86_400_000;

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface ReadMeasure {
  name: string;
  shoal: ReadTimings;
  sqlite?: ReadTimings;
}

export interface ReadsScenarioResult {
  counts: Record<string, number>;
  seedSeconds: number;
  firstStart: { seconds: number; from: string };
  checkpointStart: { seconds: number; from: string };
  memory: { rssMb: number; peakMb: number; perKindMb: Record<string, number> };
  reads: ReadMeasure[];
  batch: BatchAtScaleResult;
}

const percentiles = (samples: number[]): Percentiles => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
};

/** A read's timings: one after another, 10 at a time, and its first request after the server started. */
export interface ReadTimings {
  sequential: Percentiles;
  concurrent: Percentiles;
  /** The first request of this read, alone, before any warm-up (ms): what a structure built on first use costs. */
  first: number;
  /**
   * CPU milliseconds of the server's process (all its threads: the event loop, the garbage
   * collector's helpers) per request of the concurrent run, when its process id is known: ten
   * requests in flight on one event loop wait about ten times this.
   */
  cpuMs?: number;
}

/** User and system CPU milliseconds a process has used, from /proc (10 ms ticks). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Times `paths()` requests one after another, then 10 at a time, from a worker thread (so the
 * client does not share the servers' event loop); every answer must be a 200. The first request
 * goes alone and is reported on its own, then a warm-up of 20 decides how many are timed.
 */
async function measure(base: string, headers: Record<string, string>, paths: () => string, pid?: number, count = 200): Promise<ReadTimings> {
  const timed = async (concurrency: number, n: number) => {
    const result = await runWorker<TimingResult>(new URL('./reads-worker.ts', import.meta.url), { urls: Array.from({ length: n }, () => base + paths()), headers, concurrency } satisfies TimingJob);
    if ('error' in result) throw new Error(result.error);
    return result.ms;
  };
  const [first] = await timed(1, 1);
  const warm = await timed(2, 20);
  // A read slower than 100 ms (the SQLite ceiling's search of a common word among a million
  // rows) is sampled 20 times, not 200: queued up ten deep it would keep its server's event loop
  // busy past node:http's 60 s header timeout, which then resets the waiting connections. The
  // warm-up's median decides, not its mean: one slow sample (a first read building something)
  // must not cut a read to 20 samples, whose p95 is then their slowest.
  const n = percentiles(warm).p50 > 100 ? 20 : count;
  const sequential = await timed(1, n);
  const cpuBefore = pid === undefined ? 0 : cpuMsOf(pid);
  const concurrent = await timed(10, n * 2);
  const cpuMs = pid === undefined ? undefined : (cpuMsOf(pid) - cpuBefore) / (n * 2);
  return { sequential: percentiles(sequential), concurrent: percentiles(concurrent), first: first!, ...(cpuMs === undefined ? {} : { cpuMs }) };
}

/** A Shoal server in a process of its own, as `npm start` runs it. */
interface Child {
  url: string;
  pid: number;
  /** The read model's load, as its start log reports it (from, ms, estimated bytes per kind). */
  loaded: Promise<{ from: string; ms: number; bytes?: Record<string, number> }>;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts Shoal in its own process on the database and answers how long until its first list read is answered. */
async function start(options: { engineUri: string; dbName: string; dataDir: string; token: string }): Promise<{ shoal: Child; seconds: number }> {
  const began = Date.now();
  const port = await freePort();
  // BENCH_READS_PROFILE=<dir>: Shoal's process writes a CPU profile there when it stops.
  const profile = process.env.BENCH_READS_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_READS_PROFILE)}`] : [];
  // BENCH_READS_NODE_FLAGS: more flags for Shoal's node (e.g. `--trace-gc`), to try one.
  const flags = (process.env.BENCH_READS_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: options.engineUri, MONGODB_DB: options.dbName, SHOAL_DATA_DIR: options.dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let resolveLoaded: (value: { from: string; ms: number; bytes?: Record<string, number> }) => void = () => undefined;
  const loaded = new Promise<{ from: string; ms: number; bytes?: Record<string, number> }>((resolve) => (resolveLoaded = resolve));
  // BENCH_READS_SHOAL_LOG=<file>: every line Shoal writes to its standard output, kept there.
  const shoalLog = process.env.BENCH_READS_SHOAL_LOG ? createWriteStream(process.env.BENCH_READS_SHOAL_LOG, { flags: 'a' }) : undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    shoalLog?.write(`${line}\n`);
    // Warnings and errors of the server show in the bench's output.
    if (/"level":(4|5|6)\d/.test(line)) console.log(`    [shoal] ${line.slice(0, 600)}`);
    if (!line.includes('read model loaded')) return;
    try {
      const entry = JSON.parse(line) as { from: string; ms: number; bytes?: Record<string, number> };
      resolveLoaded(entry);
    } catch {
      // Not a JSON log line.
    }
  });
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Shoal exited with ${child.exitCode} before answering`);
    const res = await fetch(`${url}/api/customers?limit=1`, { headers: { authorization: `Bearer ${options.token}` } }).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - began) / 1000;
  return {
    seconds,
    shoal: {
      url,
      pid: child.pid!,
      loaded,
      async stop() {
        child.kill('SIGTERM');
        await exited;
      },
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** A process's resident memory now and at its peak, from /proc (MB). */
function residentMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * The ceiling: the same rows in an indexed SQLite database (better-sqlite3) behind a bare
 * node:http server answering the same queries, FTS5 prefix queries for `q`.
 */
function sqliteCeiling(dir: string) {
  const db = new Database(path.join(dir, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, nameSort TEXT, ownerId TEXT, createdAt INTEGER, tier TEXT, seats INTEGER, json TEXT);
    CREATE INDEX IF NOT EXISTS c_name ON customers(nameSort, id); CREATE INDEX IF NOT EXISTS c_owner ON customers(ownerId, nameSort, id); CREATE INDEX IF NOT EXISTS c_tier ON customers(tier, nameSort, id); CREATE INDEX IF NOT EXISTS c_seats ON customers(seats, id);
    CREATE VIRTUAL TABLE IF NOT EXISTS customers_fts USING fts5(text, content='', tokenize='unicode61');
    CREATE TABLE IF NOT EXISTS contacts (id TEXT PRIMARY KEY, customerId TEXT, nameSort TEXT, json TEXT);
    CREATE INDEX IF NOT EXISTS p_customer ON contacts(customerId, nameSort, id); CREATE INDEX IF NOT EXISTS p_name ON contacts(nameSort, id);
    CREATE VIRTUAL TABLE IF NOT EXISTS contacts_fts USING fts5(text, content='', tokenize='unicode61');
    CREATE TABLE IF NOT EXISTS deals (id TEXT PRIMARY KEY, customerId TEXT, stage TEXT, amount INTEGER, rank TEXT, createdAt INTEGER, json TEXT);
    CREATE INDEX IF NOT EXISTS d_customer ON deals(customerId, createdAt, id); CREATE INDEX IF NOT EXISTS d_stage_amount ON deals(stage, amount, id); CREATE INDEX IF NOT EXISTS d_stage_rank ON deals(stage, rank, id);
    CREATE TABLE IF NOT EXISTS interactions (id TEXT PRIMARY KEY, customerId TEXT, type TEXT, date INTEGER, json TEXT);
    CREATE INDEX IF NOT EXISTS i_customer ON interactions(customerId, date, id); CREATE INDEX IF NOT EXISTS i_type_date ON interactions(type, date, id); CREATE INDEX IF NOT EXISTS i_date ON interactions(date, id);
    CREATE VIRTUAL TABLE IF NOT EXISTS interactions_fts USING fts5(text, content='', tokenize='unicode61');
    CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, assigneeId TEXT, done INTEGER, due INTEGER, json TEXT);
    CREATE INDEX IF NOT EXISTS t_assignee ON tasks(assigneeId, done, due, id); CREATE INDEX IF NOT EXISTS t_due ON tasks(done, due, id);
  `);
  const insert = {
    customers: db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)'),
    customersFts: db.prepare('INSERT INTO customers_fts(rowid, text) VALUES ((SELECT rowid FROM customers WHERE id = ?), ?)'),
    contacts: db.prepare('INSERT INTO contacts VALUES (?, ?, ?, ?)'),
    contactsFts: db.prepare('INSERT INTO contacts_fts(rowid, text) VALUES ((SELECT rowid FROM contacts WHERE id = ?), ?)'),
    deals: db.prepare('INSERT INTO deals VALUES (?, ?, ?, ?, ?, ?, ?)'),
    interactions: db.prepare('INSERT INTO interactions VALUES (?, ?, ?, ?, ?)'),
    interactionsFts: db.prepare('INSERT INTO interactions_fts(rowid, text) VALUES ((SELECT rowid FROM interactions WHERE id = ?), ?)'),
    tasks: db.prepare('INSERT INTO tasks VALUES (?, ?, ?, ?, ?)'),
  };
  const page = (sql: string, count: string) => ({ rows: db.prepare(sql), count: db.prepare(count), countArgs: count.split('?').length - 1 });
  const q = {
    customersByName: page('SELECT json FROM customers ORDER BY nameSort, id LIMIT 51', 'SELECT count(*) n FROM customers'),
    customersAfter: page('SELECT json FROM customers WHERE (nameSort, id) > (?, ?) ORDER BY nameSort, id LIMIT 51', 'SELECT count(*) n FROM customers'),
    customersSearch: page(
      'SELECT json FROM customers WHERE rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?) ORDER BY nameSort, id LIMIT 51',
      'SELECT count(*) n FROM customers_fts WHERE customers_fts MATCH ?',
    ),
    customersTier: page('SELECT json FROM customers WHERE tier = ? ORDER BY nameSort, id LIMIT 51', 'SELECT count(*) n FROM customers WHERE tier = ?'),
    customersSeats: page('SELECT json FROM customers ORDER BY seats DESC, id DESC LIMIT 51', 'SELECT count(*) n FROM customers'),
    customersSeatsRange: page('SELECT json FROM customers WHERE seats >= ? ORDER BY nameSort, id LIMIT 51', 'SELECT count(*) n FROM customers WHERE seats >= ?'),
    customersOwner: page('SELECT json FROM customers WHERE ownerId = ? ORDER BY nameSort, id LIMIT 51', 'SELECT count(*) n FROM customers WHERE ownerId = ?'),
    contactsOf: page('SELECT json FROM contacts WHERE customerId = ? ORDER BY nameSort, id LIMIT 51', 'SELECT count(*) n FROM contacts WHERE customerId = ?'),
    contactsSearch: page(
      'SELECT json FROM contacts WHERE rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?) ORDER BY nameSort, id LIMIT 51',
      'SELECT count(*) n FROM contacts_fts WHERE contacts_fts MATCH ?',
    ),
    dealsOf: page('SELECT json FROM deals WHERE customerId = ? ORDER BY createdAt DESC, id DESC LIMIT 51', 'SELECT count(*) n FROM deals WHERE customerId = ?'),
    dealsStage: page('SELECT json FROM deals WHERE stage = ? ORDER BY amount DESC, id DESC LIMIT 51', 'SELECT count(*) n FROM deals WHERE stage = ?'),
    board: page('SELECT json FROM deals WHERE stage = ? ORDER BY rank, id LIMIT 50', 'SELECT count(*) n, sum(amount) s FROM deals WHERE stage = ?'),
    timeline: page('SELECT json FROM interactions WHERE customerId = ? ORDER BY date DESC, id DESC LIMIT 51', 'SELECT count(*) n FROM interactions WHERE customerId = ?'),
    callsRecent: page('SELECT json FROM interactions WHERE type = ? AND date >= ? AND date < ? ORDER BY date DESC, id DESC LIMIT 51', 'SELECT count(*) n FROM interactions WHERE type = ? AND date >= ? AND date < ?'),
    interactionsSearch: page(
      'SELECT json FROM interactions WHERE rowid IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?) ORDER BY date DESC, id DESC LIMIT 51',
      'SELECT count(*) n FROM interactions_fts WHERE interactions_fts MATCH ?',
    ),
    myWork: page('SELECT json FROM tasks WHERE assigneeId = ? AND done = 0 ORDER BY due, id LIMIT 51', 'SELECT count(*) n FROM tasks WHERE assigneeId = ? AND done = 0'),
    overdue: page('SELECT json FROM tasks WHERE done = 0 AND due < ? ORDER BY due, id LIMIT 51', 'SELECT count(*) n FROM tasks WHERE done = 0 AND due < ?'),
  };
  const answer = (res: http.ServerResponse, rows: { json: string }[], total: number) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Total-Count': String(total) });
    res.end(`[${rows.slice(0, 50).map((r) => r.json).join(',')}]`);
  };
  const run = (res: http.ServerResponse, name: keyof typeof q, ...args: unknown[]) => {
    const { rows, count, countArgs } = q[name];
    answer(res, rows.all(...args) as { json: string }[], (count.get(...args.slice(0, countArgs)) as { n: number }).n);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = Object.fromEntries(url.searchParams);
    const prefix = (text: string) => text.split(/\s+/).filter(Boolean).map((w) => `"${w.replaceAll('"', '')}"*`).join(' ');
    try {
      switch (url.pathname) {
        case '/customers':
          if (p.q) return run(res, 'customersSearch', prefix(p.q));
          if (p.ownerId) return run(res, 'customersOwner', p.ownerId);
          if (p.tier) return run(res, 'customersTier', p.tier);
          if (p.seatsFrom) return run(res, 'customersSeatsRange', Number(p.seatsFrom));
          if (p.bySeats) return run(res, 'customersSeats');
          if (p.afterName) return run(res, 'customersAfter', p.afterName, p.afterId);
          return run(res, 'customersByName');
        case '/contacts':
          return p.q ? run(res, 'contactsSearch', prefix(p.q)) : run(res, 'contactsOf', p.customerId);
        case '/deals':
          return p.stage ? run(res, 'dealsStage', p.stage) : run(res, 'dealsOf', p.customerId);
        case '/interactions':
          if (p.q) return run(res, 'interactionsSearch', prefix(p.q));
          if (p.type) return run(res, 'callsRecent', p.type, Number(p.from), Number(p.to));
          return run(res, 'timeline', p.customerId);
        case '/tasks':
          return p.assigneeId ? run(res, 'myWork', p.assigneeId) : run(res, 'overdue', Number(p.before));
        case '/board': {
          const stages = DEFAULT_STAGES.map((s) => ({ key: s.key, cards: (q.board.rows.all(s.key) as { json: string }[]).map((r) => JSON.parse(r.json) as unknown), ...(q.board.count.get(s.key) as object) }));
          res.writeHead(200, { 'Content-Type': 'application/json' });
          return res.end(JSON.stringify(stages));
        }
      }
      res.writeHead(404).end();
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  // Its searches of a common word take seconds at a million rows (better-sqlite3 blocks the event
  // loop meanwhile): requests queued behind them must not be cut by node:http's 60 s header timeout.
  // Nor may a kept-alive connection's next request, read only after such a search, find its
  // idle timer already fired (the 5 s keep-alive timeout then resets it).
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 0;
  return { db, insert, server };
}

/**
 * SPEC section 10's "reads at scale": the large data set seeded with the raw driver; time from
 * start to the first answered read, from the database and from a checkpoint; every read's
 * p50/p95/p99 one at a time and at 10 concurrent clients beside the same queries on indexed
 * SQLite; resident memory per record kind; batch create of 10,000 interactions with customer
 * references against raw insertMany.
 */
export async function runReadsScenario(options: {
  engineUri: string;
  dbName: string;
  db: Db;
  users: string[];
  token: string;
  log: (line: string) => void;
  /** Where the ceiling's database and Shoal's data folder (its checkpoint) go. */
  dir: string;
  /** The data set was seeded by an earlier run (its lists in the manifest). */
  reuse: boolean;
  manifest: (extra: Record<string, unknown>) => void;
}): Promise<ReadsScenarioResult | undefined> {
  const { db, users, token, log, dir } = options;
  const headers = { authorization: `Bearer ${token}` };
  {
    const now = Date.now();
    const ceiling = sqliteCeiling(dir);
    let counts = { customers: 0, contacts: 0, deals: 0, interactions: 0, tasks: 0 };
    let customerIds: string[] = [];
    let nameKeys: [string, string][] = [];
    let words: string[] = [];
    let seedSeconds = 0;
    if (options.reuse) {
      ({ counts, customerIds, nameKeys, words, seedSeconds } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { counts: typeof counts; customerIds: string[]; nameKeys: [string, string][]; words: string[]; seedSeconds: number });
    } else {
      log('  seeding the large data set with the raw driver (and the SQLite ceiling)...');
      const seedStart = Date.now();
      // The custom field definitions go in as the field service stores them (it reads them whole at start).
      await db.collection('field_definitions').insertMany(CUSTOMER_FIELDS.map((f) => ({ ...structuredClone(f), required: false, version: 1, createdAt: new Date(now), updatedAt: new Date(now) })));
      const collections = { customers: 'customers', contacts: 'contacts', deals: 'opportunities', interactions: 'interactions', tasks: 'tasks' } as const;
      for (const slice of largeData(users, now)) {
        for (const [kind, collection] of Object.entries(collections) as [keyof typeof collections, string][]) {
          const docs = slice[kind];
          for (let i = 0; i < docs.length; i += 2_500) await db.collection(collection).insertMany(docs.slice(i, i + 2_500), { ordered: false });
          counts[kind] += docs.length;
        }
        ceiling.db.transaction(() => {
          for (const c of slice.customers as any[]) {
            const id = c._id.toHexString();
            customerIds.push(id);
            if (customerIds.length % 2 === 0) nameKeys.push([c.nameSort, id]);
            if (words.length < 200 && customerIds.length % 500 === 0) words.push(c.nameSort.split(' ')[0].slice(0, 4));
            ceiling.insert.customers.run(id, c.nameSort, c.ownerId, c.createdAt.getTime(), c.custom.tier, c.custom.seats, JSON.stringify({ id, name: c.name, email: c.email, phone: c.phone, industry: c.industry, ownerId: c.ownerId, tags: c.tags ?? [], custom: c.custom }));
            ceiling.insert.customersFts.run(id, c.search);
          }
          for (const p of slice.contacts as any[]) {
            const id = p._id.toHexString();
            ceiling.insert.contacts.run(id, p.customerId, p.nameSort, JSON.stringify({ id, customerId: p.customerId, name: p.name, email: p.email, position: p.position }));
            ceiling.insert.contactsFts.run(id, p.search);
          }
          for (const d of slice.deals as any[]) {
            const id = d._id.toHexString();
            ceiling.insert.deals.run(id, d.customerId, d.stage, d.amountCents, d.rank, d.createdAt.getTime(), JSON.stringify({ id, customerId: d.customerId, name: d.name, stage: d.stage, amount: d.amountCents / 100, rank: d.rank }));
          }
          for (const i of slice.interactions as any[]) {
            const id = i._id.toHexString();
            ceiling.insert.interactions.run(id, i.customerId, i.type, i.date.getTime(), JSON.stringify({ id, customerId: i.customerId, type: i.type, date: i.date, subject: i.subject, notes: i.notes, userId: i.userId }));
            ceiling.insert.interactionsFts.run(id, i.search);
          }
          for (const t of slice.tasks as any[]) {
            const id = t._id.toHexString();
            ceiling.insert.tasks.run(id, t.assigneeId, t.done ? 1 : 0, t.dueSort.getTime(), JSON.stringify({ id, title: t.title, dueAt: t.dueAt, assigneeId: t.assigneeId, done: t.done }));
          }
        })();
        if (counts.customers % 20_000 === 0) log(`    ${counts.customers.toLocaleString('en')} customers and theirs (${((Date.now() - seedStart) / 1000).toFixed(0)} s)`);
      }
      seedSeconds = (Date.now() - seedStart) / 1000;
      options.manifest({ counts, customerIds, nameKeys, words, seedSeconds });
    }
    // BENCH_READS_SEED_ONLY=1 (with BENCH_READS_DATA): seed now, time the starts and reads in a later run.
    if (process.env.BENCH_READS_SEED_ONLY) {
      ceiling.db.close();
      log(`  seeded in ${seedSeconds.toFixed(0)} s; the starts and reads are for the next run (BENCH_READS_SEED_ONLY)`);
      return undefined;
    }
    const sqliteUrl = await listen(ceiling.server);

    const dataDir = path.join(dir, 'shoal');
    const startOptions = { engineUri: options.engineUri, dbName: options.dbName, dataDir, token };
    let firstStart = { seconds: NaN, from: 'skipped' };
    // BENCH_READS_ONLY=batch skips it too when a checkpoint is there to start from.
    const skipFirst = options.reuse && (process.env.BENCH_READS_SKIP_FIRST || (process.env.BENCH_READS_ONLY === 'batch' && existsSync(path.join(dataDir, 'read-model'))));
    if (!skipFirst) {
      log('  first start: the read model loads from the database...');
      rmSync(path.join(dataDir, 'read-model'), { recursive: true, force: true });
      const first = await start(startOptions);
      firstStart = { seconds: first.seconds, from: (await first.shoal.loaded).from };
      log(`    first read answered after ${first.seconds.toFixed(1)} s (${firstStart.from})`);
      // Stopping writes the checkpoint (a start from the database writes one too).
      await first.shoal.stop();
    }
    log('  restart: a new process, from the checkpoint...');
    const { shoal, seconds } = await start(startOptions);
    const loaded = await shoal.loaded;
    const checkpointStart = { seconds, from: loaded.from };
    const url = shoal.url;
    log(`    first read answered after ${seconds.toFixed(1)} s (${checkpointStart.from})`);
    // Parameters vary per request: another customer, owner, search word each time.
    let n = 0;
    const next = <T>(list: readonly T[]) => list[n++ % list.length]!;
    const deals = await fetch(`${url}/api/opportunities?limit=200`, { headers });
    const dealIds = ((await deals.json()) as { id: string }[]).map((d) => d.id);
    const seq = Number(deals.headers.get('shoal-seq'));
    const recentFrom = now - 30 * DAY;
    const reads: { name: string; shoal: () => string; sqlite?: () => string }[] = [
      { name: 'customers, first page by name', shoal: () => '/api/customers?sort=name&limit=50', sqlite: () => '/customers' },
      {
        name: 'customers, a page deep in the list (keyset cursor)',
        shoal: () => {
          const [name, id] = next(nameKeys);
          return `/api/customers?sort=name&limit=50&cursor=${encodeCursor('name', name, id)}`;
        },
        sqlite: () => {
          const [name, id] = next(nameKeys);
          return `/customers?afterName=${encodeURIComponent(name)}&afterId=${id}`;
        },
      },
      { name: 'customers, search q (word prefix)', shoal: () => `/api/customers?q=${encodeURIComponent(next(words))}&limit=50`, sqlite: () => `/customers?q=${encodeURIComponent(next(words))}` },
      { name: 'customers, filter by owner', shoal: () => `/api/customers?ownerId=${next(users)}&limit=50`, sqlite: () => `/customers?ownerId=${next(users)}` },
      { name: 'customers, filter by a custom select (tier)', shoal: () => `/api/customers?custom.tier=${next(['gold', 'bronze', 'platinum'])}&sort=name&limit=50`, sqlite: () => `/customers?tier=${next(['gold', 'bronze', 'platinum'])}` },
      { name: 'customers, a custom number range (seats >= N)', shoal: () => `/api/customers?custom.seats.gte=${next([1500, 1900, 500])}&sort=name&limit=50`, sqlite: () => `/customers?seatsFrom=${next([1500, 1900, 500])}` },
      { name: 'customers, sorted by a custom number (seats, descending)', shoal: () => '/api/customers?sort=-custom.seats&limit=50', sqlite: () => '/customers?bySeats=1' },
      { name: "a customer's contacts", shoal: () => `/api/contacts?customerId=${next(customerIds)}&limit=50`, sqlite: () => `/contacts?customerId=${next(customerIds)}` },
      { name: "a customer's deals", shoal: () => `/api/opportunities?customerId=${next(customerIds)}&limit=50`, sqlite: () => `/deals?customerId=${next(customerIds)}` },
      { name: "a customer's timeline (interactions, newest first)", shoal: () => `/api/interactions?customerId=${next(customerIds)}&limit=50`, sqlite: () => `/interactions?customerId=${next(customerIds)}` },
      {
        name: 'calls of the last 30 days, newest first',
        shoal: () => `/api/interactions?type=call&from=${new Date(recentFrom).toISOString()}&to=${new Date(now).toISOString()}&limit=50`,
        sqlite: () => `/interactions?type=call&from=${recentFrom}&to=${now}`,
      },
      { name: 'interactions, search q in subject and notes', shoal: () => `/api/interactions?q=${next(['pilot', 'warehouse', 'pricing', 'legal rev'])}&limit=50`, sqlite: () => `/interactions?q=${next(['pilot', 'warehouse', 'pricing', 'legal rev'])}` },
      { name: 'deals of a stage by amount', shoal: () => `/api/opportunities?stage=${next(['proposal', 'won', 'qualification'])}&sort=-amount&limit=50`, sqlite: () => `/deals?stage=${next(['proposal', 'won', 'qualification'])}` },
      { name: 'global search: contacts q', shoal: () => `/api/contacts?q=${next(['ana', 'müll', 'zoë', 'head'])}&limit=8`, sqlite: () => `/contacts?q=${next(['ana', 'müll', 'zoë', 'head'])}` },
      { name: '"My work": a rep\'s open tasks by due date', shoal: () => `/api/tasks?assigneeId=${next(users)}&done=false&limit=50`, sqlite: () => `/tasks?assigneeId=${next(users)}` },
      { name: 'overdue tasks', shoal: () => '/api/tasks?overdue=true&limit=50', sqlite: () => `/tasks?before=${Date.now()}` },
      { name: 'the pipeline board', shoal: () => '/api/pipeline', sqlite: () => '/board' },
      { name: "a deal's stage history", shoal: () => `/api/opportunities/${next(dealIds)}/history` },
      { name: 'event replay (the last 100 changes)', shoal: () => `/api/events?after=${Math.max(0, seq - 100)}` },
      { name: "CSV export of a customer's contacts", shoal: () => `/api/contacts/export?customerId=${next(customerIds)}` },
    ];
    const measured: ReadMeasure[] = [];
    // BENCH_READS_ONLY=board,calls: only the reads whose names contain one of these, and no batch row.
    // BENCH_READS_ONLY=batch: the batch row only, after one untimed call of each read (so the read
    // model's indexes are those a full run leaves before the batch).
    const only = process.env.BENCH_READS_ONLY?.split(',').filter(Boolean);
    const batchOnly = only?.length === 1 && only[0] === 'batch';
    if (batchOnly) {
      for (const read of reads) {
        const res = await fetch(url + read.shoal(), { headers });
        if (res.status !== 200) throw new Error(`${read.name}: ${res.status}`);
        await res.arrayBuffer();
      }
    }
    for (const read of reads) {
      if (batchOnly || (only && !only.some((part) => read.name.includes(part)))) continue;
      const shoalResult = await measure(url, headers, read.shoal, shoal.pid);
      const sqlite = read.sqlite ? await measure(sqliteUrl, {}, read.sqlite) : undefined;
      measured.push({ name: read.name, shoal: shoalResult, ...(sqlite ? { sqlite } : {}) });
      log(`    ${read.name}: first ${shoalResult.first.toFixed(1)} ms, p95 ${shoalResult.sequential.p95.toFixed(1)} ms, at 10 concurrent ${shoalResult.concurrent.p95.toFixed(1)} ms (server CPU ${shoalResult.cpuMs?.toFixed(2)} ms a request)${sqlite ? ` (SQLite ${sqlite.sequential.p95.toFixed(1)} / ${sqlite.concurrent.p95.toFixed(1)} ms)` : ''}`);
    }

    if (only && !batchOnly) {
      const memory = residentMb(shoal.pid);
      await shoal.stop();
      await close(ceiling.server);
      ceiling.db.close();
      return { counts, seedSeconds, firstStart, checkpointStart, memory: { rssMb: memory.rss, peakMb: memory.peak, perKindMb: {} }, reads: measured, batch: { shoalPerSecond: NaN, rawPerSecond: NaN, ratio: NaN, blocks: [], cpu: { shoal: NaN, shoalEngine: NaN, raw: NaN, rawEngine: NaN }, load: [NaN, NaN] } };
    }
    log('  batch create of 10,000 interactions with customer references...');
    // The same 10,000 interactions (200-character notes, customers of the data set) for both
    // sides (bench/batch-at-scale.ts: the raw side writes them into Shoal's own collection).
    const sample: Record<string, unknown>[] = [];
    for (const slice of largeData(users, now, 99)) {
      for (const doc of slice.interactions) if (sample.length < 10_000) sample.push({ ...doc, customerId: next(customerIds) });
      if (sample.length >= 10_000) break;
    }
    const batchRun = await runBatchAtScale({ db, url, headers, sample, userId: users[0]!, shoalPid: shoal.pid, enginePid: enginePidOf(dir) });
    const { cleanUp, ...batch } = batchRun;
    const cpuRatio = (batch.cpu.raw + batch.cpu.rawEngine) / (batch.cpu.shoal + batch.cpu.shoalEngine);
    log(`    Shoal ${batch.shoalPerSecond.toFixed(0)}/s, raw insertMany ${batch.rawPerSecond.toFixed(0)}/s: ratio ${batch.ratio.toFixed(2)} (blocks ${batch.blocks.map((b) => `${b.side} ${b.perSecond.toFixed(0)}`).join(', ')}; load ${batch.load.map((l) => l.toFixed(1)).join(' -> ')})`);
    log(`    CPU ms per 1,000: Shoal ${batch.cpu.shoal.toFixed(0)} + engine ${batch.cpu.shoalEngine.toFixed(0)}; raw driver ${batch.cpu.raw.toFixed(0)} + engine ${batch.cpu.rawEngine.toFixed(0)}: CPU ratio ${cpuRatio.toFixed(2)}`);

    // Memory: the server process's resident set now and at its peak; each kind's share as the
    // read model estimates it at its load (typed arrays, buffers and strings it holds).
    const memory = residentMb(shoal.pid);
    const perKindMb = Object.fromEntries(Object.entries(loaded.bytes ?? {}).map(([kind, bytes]) => [kind, bytes / 2 ** 20]));
    // The data set stays as seeded for the next run.
    await cleanUp();
    await shoal.stop();
    await close(ceiling.server);
    ceiling.db.close();
    return { counts, seedSeconds, firstStart, checkpointStart, memory: { rssMb: memory.rss, peakMb: memory.peak, perKindMb }, reads: measured, batch };
  }
}
