/**
 * `npx tsx bench/board-compare.ts <client dist A> <client dist B> [rounds]`: the board's first
 * render of two builds of the web client side by side, on a shared and loaded machine. Each
 * build is served by a Shoal of its own over the same seeded board (bench's board scenario:
 * 2,000 open deals), both open in one Chromium at 1440 × 900, and the loads alternate (A B, B A,
 * ...) so a burst of load from elsewhere falls on both. Per build: the `shoal:pipeline-shown`
 * and `shoal:pipeline-complete` marks (heard from the console, bench/board-marks.ts), and, from a
 * Chromium trace of separate loads, the renderer main thread's time in tasks (CPU and wall) from
 * the navigation's start to the painted cards. SCREENSHOTS=<dir> also writes each build's board
 * at 1440 and 390 px into <dir>; PROFILE=<dir> a V8 CPU profile of one load of each
 * (`npx tsx bench/profile-summary.ts <file>`); BREAKDOWN=1 prints what the traced tasks did, TIMELINE=1 when
 * the page's requests started and ended; A_SERVER=<checkout> serves A with that checkout's server.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { createApp, type ShoalApp } from '../server/app.js';
import { connect } from '../server/db/connection.js';
import { startEngine } from '../server/db/engine.js';
import { createLogger } from '../server/logger.js';
import { launchBrowser, openShoal, signIn } from '../tests/support/browser.js';
import { seedBoard } from './board-dashboard-scenario.js';
import { hearMarks } from './board-marks.js';
import { distribution, type Distribution } from './stats.js';

const [distA, distB] = process.argv.slice(2, 4).map((d) => path.resolve(d));
const rounds = Number(process.argv[4] ?? 20);
if (!distA || !distB) throw new Error('usage: board-compare.ts <client dist A> <client dist B> [rounds]');

const logger = createLogger('warn');
const cleanups: (() => Promise<unknown> | void)[] = [];

interface Side {
  label: string;
  url: string;
  page: Page;
  marks: Awaited<ReturnType<typeof hearMarks>>;
  shown: number[];
  complete: number[];
  cpu: number[];
  wall: number[];
  breakdown: Map<string, number>;
  timeline: Map<string, [number, number][]>;
}

/** A Shoal serving `clientDir` on a database of its own, seeded with the board scenario's deals. */
async function shoalFor(engineUri: string, client: MongoClient, dbName: string, clientDir: string, create: typeof createApp): Promise<{ app: ShoalApp; url: string; email: string; password: string }> {
  const connection = await connect(engineUri, dbName);
  cleanups.push(() => connection.close());
  cleanups.push(() => client.db(dbName).dropDatabase());
  const app = await create({ connection, logger, engineName: 'bench', clientDir });
  const url = `http://127.0.0.1:${await app.listen(0)}`;
  cleanups.push(() => app.close());
  const email = 'bench@shoal.test';
  const password = randomBytes(12).toString('hex');
  const owner = await app.users.setup({ name: 'Bench Admin', email, password });
  for (let i = 0; i < 9; i++) await app.users.create({ name: `Rep ${i}`, email: `rep${i}@shoal.test`, password: randomBytes(12).toString('hex'), role: 'rep' }, { id: owner.id, name: owner.name });
  await seedBoard(app, client.db(dbName));
  return { app, url, email, password };
}

/** One load of the board: its marks' times (ms from the navigation's start). */
async function load(side: Side): Promise<{ shown: number; complete: number }> {
  const shown = side.marks.next('shoal:pipeline-shown');
  const complete = side.marks.next('shoal:pipeline-complete');
  await side.page.goto(`${side.url}/pipeline`, { waitUntil: 'commit' });
  const result = { shown: (await shown).at, complete: (await complete).at };
  if (process.env.TIMELINE) {
    // After the window: when the page's first requests started and ended (ms from the navigation's start).
    const entries = (await side.page.evaluate(`performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).map((e) => [e.name.replace(/^https?:\\/\\/[^/]+/, '').replace(/-[\\w-]{8}\\.js$/, '.js').replace(/\\?.*$/, ''), e.startTime, e.responseEnd])`)) as [string, number, number][];
    for (const [name, start, end] of entries) {
      const times = side.timeline.get(name) ?? [];
      times.push([start, end]);
      side.timeline.set(name, times);
    }
  }
  return result;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { frame?: string; isOutermostMainFrame?: boolean } };
}

/**
 * One traced load: the renderer main thread's task time (thread CPU and wall, ms) between the
 * navigation's start and the `shoal:pipeline-shown` mark, tasks cut at the window's edges.
 */
async function tracedLoad(browser: Browser, side: Side, breakdown: Map<string, number>): Promise<{ cpu: number; wall: number }> {
  await browser.startTracing(side.page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel', '__metadata'] });
  const shown = side.marks.next('shoal:pipeline-shown');
  await side.page.goto(`${side.url}/pipeline`, { waitUntil: 'commit' });
  await shown;
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const mark = traceEvents.filter((e) => e.name === 'shoal:pipeline-shown').at(-1);
  if (!mark) throw new Error('the trace has no shoal:pipeline-shown mark');
  const navigation = traceEvents.filter((e) => e.name === 'navigationStart' && e.pid === mark.pid && e.ts <= mark.ts).at(-1);
  if (!navigation) throw new Error('the trace has no navigationStart before the mark');
  const main = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain');
  const tasks = traceEvents.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === mark.pid && (!main || e.tid === main.tid) && e.dur !== undefined);
  // What the tasks did: each trace event's self time (its time less its children's) by name, for BREAKDOWN=1.
  const inner = traceEvents
    .filter((e) => e.ph === 'X' && e.pid === mark.pid && (!main || e.tid === main.tid) && e.dur !== undefined && e.ts >= navigation.ts && e.ts < mark.ts)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const open: { event: TraceEvent; self: number }[] = [];
  const close = (until: number) => {
    while (open.length && open.at(-1)!.event.ts + open.at(-1)!.event.dur! <= until) {
      const done = open.pop()!;
      breakdown.set(done.event.name, (breakdown.get(done.event.name) ?? 0) + done.self / 1000);
    }
  };
  for (const event of inner) {
    close(event.ts);
    if (open.length) open.at(-1)!.self -= event.dur!;
    open.push({ event, self: event.dur! });
  }
  close(Number.POSITIVE_INFINITY);
  let cpu = 0;
  let wall = 0;
  for (const task of tasks) {
    const start = Math.max(task.ts, navigation.ts);
    const end = Math.min(task.ts + task.dur!, mark.ts);
    if (end <= start) continue;
    const share = (end - start) / task.dur!;
    wall += end - start;
    cpu += (task.tdur ?? task.dur!) * share;
  }
  return { cpu: cpu / 1000, wall: wall / 1000 };
}

const row = (what: string, d: Distribution) => `| ${what} | ${d.p50.toFixed(0)} | ${d.p95.toFixed(0)} | ${d.max.toFixed(0)} | ${d.count} |`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shoal-board-compare-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const engine = await startEngine({ dataDir, logger, prefer: (process.env.SHOAL_ENGINE as 'auto' | 'ferretdb' | undefined) ?? 'auto', uri: process.env.MONGODB_URI });
  cleanups.push(() => engine.stop());
  const client = await new MongoClient(engine.uri).connect();
  cleanups.push(() => client.close());
  const tag = randomBytes(3).toString('hex');
  // A_SERVER=<checkout>: A's Shoal from another checkout's server code (a server-side change compared too).
  const createA = process.env.A_SERVER ? ((await import(path.resolve(process.env.A_SERVER, 'server', 'app.ts'))) as { createApp: typeof createApp }).createApp : createApp;
  const servers = [await shoalFor(engine.uri, client, `board_cmp_a_${tag}`, distA!, createA), await shoalFor(engine.uri, client, `board_cmp_b_${tag}`, distB!, createApp)];
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const sides: Side[] = [];
  for (const [i, server] of servers.entries()) {
    const { page } = await openShoal(browser, server.url, i === 0 ? 'A' : 'B', { width: 1440, height: 900 });
    await signIn(page, server);
    const side: Side = { label: i === 0 ? 'A' : 'B', url: server.url, page, marks: await hearMarks(page), shown: [], complete: [], cpu: [], wall: [], breakdown: new Map(), timeline: new Map() };
    await load(side); // the first load brings the board's code into the cache
    sides.push(side);
  }
  const loadBefore = os.loadavg();
  for (let i = 0; i < rounds; i++) {
    for (const side of i % 2 ? [...sides].reverse() : sides) {
      const { shown, complete } = await load(side);
      side.shown.push(shown);
      side.complete.push(complete);
    }
  }
  const traced = Math.max(6, Math.round(rounds / 2));
  for (let i = 0; i < traced; i++) {
    for (const side of i % 2 ? [...sides].reverse() : sides) {
      const { cpu, wall } = await tracedLoad(browser, side, side.breakdown);
      side.cpu.push(cpu);
      side.wall.push(wall);
    }
  }
  const loadAfter = os.loadavg();
  const profiles = process.env.PROFILE;
  if (profiles) {
    // One load per build under V8's sampling profiler, from the navigation to the painted cards.
    mkdirSync(profiles, { recursive: true });
    for (const side of sides) {
      const cdp = await side.page.context().newCDPSession(side.page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      const shown = side.marks.next('shoal:pipeline-shown');
      await cdp.send('Profiler.start');
      await side.page.goto(`${side.url}/pipeline`, { waitUntil: 'commit' });
      await shown;
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(path.join(profiles, `board-${side.label}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    }
  }
  const shots = process.env.SCREENSHOTS;
  if (shots) {
    mkdirSync(shots, { recursive: true });
    for (const side of sides) {
      await load(side);
      await side.page.screenshot({ path: path.join(shots, `board-${side.label}-1440.png`) });
      await side.page.setViewportSize({ width: 390, height: 844 });
      await load(side);
      await side.page.screenshot({ path: path.join(shots, `board-${side.label}-390.png`) });
      await side.page.setViewportSize({ width: 1440, height: 900 });
    }
  }
  console.log(`A: ${distA}\nB: ${distB}\n${rounds} alternating loads each, ${traced} traced; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after\n`);
  console.log('| ms | p50 | p95 | max | loads |\n| --- | --- | --- | --- | --- |');
  for (const side of sides) {
    console.log(row(`${side.label} first cards painted`, distribution(side.shown)));
    console.log(row(`${side.label} all cards painted`, distribution(side.complete)));
    console.log(row(`${side.label} main-thread CPU to painted cards (traced)`, distribution(side.cpu)));
    console.log(row(`${side.label} main-thread task wall time to painted cards (traced)`, distribution(side.wall)));
  }
  if (process.env.TIMELINE) {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    for (const side of sides) {
      const rows = [...side.timeline].filter(([, times]) => times.length >= rounds).map(([name, times]) => [name, median(times.map((t) => t[0])), median(times.map((t) => t[1]))] as const);
      console.log(`\n${side.label}, requests (median start -> end, ms from the navigation's start):`);
      for (const [name, start, end] of rows.sort((a, b) => a[1] - b[1])) console.log(`  ${name.padEnd(50)} ${start.toFixed(0).padStart(5)} -> ${end.toFixed(0).padStart(5)}`);
    }
  }
  if (process.env.BREAKDOWN) {
    for (const side of sides) {
      const top = [...side.breakdown].sort((a, b) => b[1] - a[1]).slice(0, 14);
      console.log(`\n${side.label}, trace events' self time per traced load (wall ms): ${top.map(([name, ms]) => `${name} ${(ms / side.cpu.length).toFixed(1)}`).join(', ')}`);
    }
  }
}

try {
  await main();
} finally {
  for (const step of cleanups.reverse()) await Promise.resolve(step()).catch((error: unknown) => console.error('cleanup step failed:', error));
}
