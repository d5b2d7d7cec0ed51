import http from 'node:http';
import { join } from 'node:path';
import { generateKeyBetween } from 'fractional-indexing';
import { ObjectId, type Db } from 'mongodb';
import { DEFAULT_STAGES } from '../shared/stage.js';
import type { ShoalApp } from '../server/app.js';
import { launchBrowser, openShoal, signIn, type Credentials } from '../tests/support/browser.js';
import { hearMarks } from './board-marks.js';
import { profiled } from './cpu-profile.js';
import { generateCustomers } from './seed.js';
import { close, listen } from './servers.js';
import { distribution, type Distribution } from './stats.js';

const DAY = 24 * 60 * 60 * 1000;

/** A small deterministic generator, so runs seed the same data. */
function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
}

/** Inserts in batches of 2,000 (FerretDB answers large batches slowly, not faster). */
async function insertAll(db: Db, name: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 2_000) await db.collection(name).insertMany(docs.slice(i, i + 2_000) as never[], { ordered: false });
}

/** Deals shaped as the opportunity service stores them, with their stage changes. */
function deals(count: number, openShare: number, now: number, customers: string[], owners: string[], seed: number) {
  const random = rng(seed);
  const opportunities: object[] = [];
  const changes: object[] = [];
  const ranks = new Map<string, string | null>();
  for (let i = 0; i < count; i++) {
    const open = random() < openShare;
    const path = open ? DEFAULT_STAGES.slice(0, 1 + Math.floor(random() * 4)) : [...DEFAULT_STAGES.slice(0, 1 + Math.floor(random() * 4)), DEFAULT_STAGES[random() < 0.55 ? 4 : 5]!];
    const id = new ObjectId();
    const createdAt = now - random() * 365 * DAY;
    let at = createdAt;
    let from: string | null = null;
    for (const stage of path) {
      changes.push({ opportunityId: id.toHexString(), from, to: stage.key, actor: { id: owners[0], name: 'Bench' }, at: new Date(at) });
      from = stage.key;
      at = Math.min(now, at + random() * 20 * DAY);
    }
    const last = path.at(-1)!;
    const rank = generateKeyBetween(ranks.get(last.key) ?? null, null);
    ranks.set(last.key, rank);
    const name = `Deal ${i}`;
    opportunities.push({
      _id: id,
      customerId: customers[i % customers.length],
      name,
      nameSort: name.toLowerCase(),
      search: name.toLowerCase(),
      stage: last.key,
      amountCents: Math.floor(random() * 5_000_000),
      currency: 'USD',
      probability: last.probability,
      ownerId: owners[i % owners.length],
      rank,
      ...(last.kind === 'open' ? {} : { closedAt: new Date(at) }),
      fieldVersions: {},
      version: path.length,
      createdAt: new Date(createdAt),
      updatedAt: new Date(at),
    });
  }
  return { opportunities, changes };
}

/** Times `rounds` GETs one after the other; `compute` collects the Server-Timing figures where sent. */
async function timeRequests(url: string, token: string, paths: string[], rounds: number, compute?: number[]): Promise<Distribution> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(url + path, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`${path} answered ${res.statusCode}`));
            const timing = /compute;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
            if (timing) compute?.push(Number(timing[1]));
            resolve(performance.now() - t0);
          });
        })
        .on('error', reject);
    });
  for (const path of paths) await get(path); // warm-up
  compute?.splice(0);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) samples.push(await get(paths[i % paths.length]!));
  agent.destroy();
  return distribution(samples);
}

export interface BoardResult {
  open: number;
  closed: number;
  shoal: Distribution;
  raw: Distribution;
  /** Opening /pipeline in Chromium until the cards are painted (signed in, scripts cached). */
  firstRender: Distribution;
  /** Until every card of the first page of each column is painted. */
  allCards: Distribution;
  /** The first render as the driving process sees it. */
  firstRenderDriver: Distribution;
}

/**
 * Times opening the board in Debian's Chromium: from the navigation's start to the end of the
 * frame that first paints the cards (the board's `shoal:pipeline-shown` User Timing mark) and to
 * the frame that paints the last of them (`shoal:pipeline-complete`), and, for comparison, as
 * seen from the driving process (from asking for the page until it hears the first mark, which
 * adds the navigation request and the console message's way back). The marks come by the page's
 * console (board-marks.ts): nothing polls the page while it renders.
 */
async function timeFirstRender(url: string, credentials: Credentials, rounds: number): Promise<{ painted: Distribution; complete: Distribution; driver: Distribution }> {
  const browser = await launchBrowser();
  try {
    const { page } = await openShoal(browser, url, 'bench', { width: 1440, height: 900 });
    await signIn(page, credentials);
    const marks = await hearMarks(page);
    const painted: number[] = [];
    const complete: number[] = [];
    const driver: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const shown = marks.next('shoal:pipeline-shown');
      const all = marks.next('shoal:pipeline-complete');
      const t0 = performance.now();
      await page.goto(`${url}/pipeline`, { waitUntil: 'commit' });
      const first = await shown;
      const last = await all;
      if (i === 0) continue; // the first loads the board's code
      driver.push(first.heard - t0);
      painted.push(first.at);
      complete.push(last.at);
    }
    return { painted: distribution(painted), complete: distribution(complete), driver: distribution(driver) };
  } finally {
    await browser.close();
  }
}

/** The board's data: 3,000 deals (2,000 open) of 500 customers, the same on every run. */
export async function seedBoard(shoal: ShoalApp, db: Db): Promise<{ open: number; closed: number }> {
  // Real customers, so the cards show names as they would for a team.
  const companies = generateCustomers(500, 11);
  await insertAll(db, 'customers', companies);
  const customers = companies.map((c) => c._id.toHexString());
  const owners = (await shoal.users.list()).map((u) => u.id);
  const { opportunities, changes } = deals(3_000, 2 / 3, Date.now(), customers, owners, 11);
  await insertAll(db, 'opportunities', opportunities);
  await insertAll(db, 'stage_changes', changes);
  const open = await db.collection('opportunities').countDocuments({ stage: { $in: ['prospecting', 'qualification', 'proposal', 'negotiation'] } });
  return { open, closed: opportunities.length - open };
}

/**
 * SPEC section 8, pipeline board: 2,000 open deals (and closed ones beside them). Shoal's
 * `GET /api/pipeline` against a bare node:http server running the same queries through the
 * raw driver (a count and a sum per stage, the first 50 cards of each column by rank).
 */
export async function runBoardScenario(options: { shoal: ShoalApp; url: string; token: string; db: Db; credentials: Credentials; log: (l: string) => void }): Promise<BoardResult> {
  const { url, token, db, log } = options;
  const { open, closed } = await seedBoard(options.shoal, db);
  log(`  ${open} open and ${closed} closed deals seeded`);

  const raw = http.createServer(async (_req, res) => {
    const col = db.collection('opportunities');
    const [counts, totals, columns] = await Promise.all([
      col.aggregate([{ $group: { _id: '$stage', value: { $sum: 1 } } }]).toArray(),
      col.aggregate([{ $group: { _id: '$stage', value: { $sum: '$amountCents' } } }]).toArray(),
      Promise.all(DEFAULT_STAGES.map((s) => col.find({ stage: s.key }).sort({ rank: 1, _id: 1 }).limit(51).toArray())),
    ]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ counts, totals, columns }));
  });
  const rawUrl = await listen(raw);
  try {
    const shoalTimes = await timeRequests(url, token, ['/api/pipeline'], 30);
    const rawTimes = await timeRequests(rawUrl, token, ['/'], 30);
    log('  first render of the board in Chromium...');
    const firstRender = await timeFirstRender(url, options.credentials, 20);
    return { open, closed, shoal: shoalTimes, raw: rawTimes, firstRender: firstRender.painted, allCards: firstRender.complete, firstRenderDriver: firstRender.driver };
  } finally {
    await close(raw);
  }
}

export interface DashboardResult {
  deals: number;
  interactions: number;
  stageChanges: number;
  seedSeconds: number;
  loadSeconds: number;
  heapMb: number;
  shoal: Distribution;
  /** The part of each request spent computing the figures (the Server-Timing header). */
  compute: Distribution;
  ceiling: Distribution;
}

/**
 * SPEC section 8, dashboard: 100,000 deals and 500,000 interactions. The facts are loaded once
 * (timed), then `GET /api/dashboard` is timed for several periods and owners; the ceiling is a
 * bare node:http server answering the same JSON from memory.
 */
export async function runDashboardScenario(options: { shoal: ShoalApp; url: string; token: string; db: Db; log: (l: string) => void }): Promise<DashboardResult> {
  const { shoal, url, token, db, log } = options;
  const now = Date.now();
  const seedStart = Date.now();
  const customers = Array.from({ length: 5_000 }, () => new ObjectId().toHexString());
  const owners = (await shoal.users.list()).map((u) => u.id);
  const random = rng(5);
  const { opportunities, changes } = deals(100_000, 0.3, now, customers, owners, 3);
  await insertAll(db, 'opportunities', opportunities);
  await insertAll(db, 'stage_changes', changes);
  log(`  100,000 deals and ${changes.length.toLocaleString('en')} stage changes seeded; now 500,000 interactions...`);
  const types = ['call', 'meeting', 'email', 'note'];
  for (let part = 0; part < 5; part++) {
    const batch = Array.from({ length: 100_000 }, (_, i) => ({
      customerId: customers[(part * 100_000 + i) % customers.length],
      type: types[i % 4],
      date: new Date(now - random() * 365 * DAY),
      userId: owners[i % owners.length],
      search: types[i % 4],
      fieldVersions: {},
      version: 1,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    }));
    await insertAll(db, 'interactions', batch);
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;
  log(`  seeded in ${seedSeconds.toFixed(0)} s; loading the dashboard facts...`);
  const loadStart = Date.now();
  await shoal.dashboard.facts();
  const loadSeconds = (Date.now() - loadStart) / 1000;
  // `npm run bench` runs with --expose-gc, so the heap figure is what stays, not seeding garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  const q = (days: number, owner?: string) => `/api/dashboard?from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now).toISOString()}${owner ? `&ownerId=${owner}` : ''}`;
  const paths = [q(30), q(90), q(365), q(30, owners[0]), q(7)];
  const computeTimes: number[] = [];
  // BENCH_CPU_PROFILE=<dir>: a CPU profile of this thread (Shoal's) while the dashboard is timed.
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const shoalTimes = await profiled(profileDir && join(profileDir, 'dashboard.cpuprofile'), () => timeRequests(url, token, paths, 50, computeTimes));
  const body = JSON.stringify(await (await fetch(url + paths[0]!, { headers: { authorization: `Bearer ${token}` } })).json());
  const ceiling = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  const ceilingUrl = await listen(ceiling);
  try {
    return { deals: 100_000, interactions: 500_000, stageChanges: changes.length, seedSeconds, loadSeconds, heapMb, shoal: shoalTimes, compute: distribution(computeTimes), ceiling: await timeRequests(ceilingUrl, token, ['/'], 50) };
  } finally {
    await close(ceiling);
  }
}
