import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Collection } from 'mongodb';
import type { CustomerDoc } from '../server/customers/customer.model.js';
import { toCustomer } from '../server/customers/customer.service.js';
import type { Customer } from '../shared/customer.js';
import { profiled } from './cpu-profile.js';
import type { LoadJob, RawLoadResult } from './load-worker.js';
import { close, listen, trackInFlight } from './servers.js';
import { runWorker } from './worker.js';

/** The measured load on one server. */
export interface LoadResult {
  /** Completed 2xx responses per second of measured time. */
  rps: number;
  requests: number;
  /** Seconds measured (the sum of the blocks). */
  seconds: number;
  p50: number;
  p975: number;
  p99: number;
  /** Requests per second of each measured block, in order. */
  blocks: number[];
}

/** By time (a server that answers a round of requests within a second) or by a fixed number of requests. */
export type ListMode = 'duration' | 'amount';

export interface ListScenarioResult {
  path: string;
  term: string;
  total: number;
  connections: number;
  /** How each DB-backed server was measured (see `runListScenario`). */
  mode: { shoal: ListMode; raw: ListMode };
  /** Milliseconds of one warm-up round of `connections` concurrent requests on each DB-backed server. */
  probeMs: { shoal: number; raw: number };
  shoal: LoadResult;
  raw: LoadResult;
  ceiling: LoadResult;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The raw-driver baseline: the two queries Shoal's `list` makes for this request (the page
 * with one extra record to know whether there is a next one, and the count for
 * X-Total-Count), with nothing else around them.
 */
function rawDriverServer(customers: Collection): http.Server {
  return http.createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const term = (params.get('q') ?? '').toLowerCase();
    const limit = Number(params.get('limit') ?? 50);
    const filter = { $and: [{ search: { $regex: escapeRegex(term) } }] };
    Promise.all([customers.find(filter).sort({ nameSort: 1, _id: 1 }).limit(limit + 1).toArray(), customers.countDocuments(filter)]).then(
      ([docs, total]) => {
        const body = JSON.stringify(docs.slice(0, limit).map((doc) => toCustomer(doc as unknown as CustomerDoc)));
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Total-Count': String(total) });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
}

/** The ceiling: the same records from memory, JSON-encoded per request. */
function memoryServer(items: Customer[], total: number): http.Server {
  return http.createServer((_req, res) => {
    const body = JSON.stringify(items);
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Total-Count': String(total) });
    res.end(body);
  });
}

async function fetchPage(url: string, headers: Record<string, string>): Promise<{ items: Customer[]; total: number }> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return { items: (await res.json()) as Customer[], total: Number(res.headers.get('x-total-count')) };
}

/** Runs one autocannon job in a worker thread, then waits until `server` has answered every request. */
async function load(server: http.Server, job: LoadJob, label: string): Promise<RawLoadResult> {
  const inFlight = trackInFlight(server);
  try {
    const result = await runWorker<RawLoadResult>(new URL('./load-worker.ts', import.meta.url), job);
    await inFlight.idle(120_000);
    if (result.errors || result.non2xx || result.timeouts) {
      throw new Error(`${label} had ${result.errors} errors, ${result.non2xx} non-2xx answers, ${result.timeouts} timeouts`);
    }
    return result;
  } finally {
    inFlight.stop();
  }
}

function summarize(results: RawLoadResult[], connections: number): LoadResult {
  const merged = autocannon.aggregateResult(results, { url: 'http://localhost', connections });
  const requests = results.reduce((n, r) => n + r['2xx'], 0);
  const seconds = results.reduce((n, r) => n + r.duration, 0);
  return {
    rps: requests / seconds,
    requests,
    seconds,
    p50: merged.latency.p50,
    p975: merged.latency.p97_5,
    p99: merged.latency.p99,
    blocks: results.map((r) => r['2xx'] / r.duration),
  };
}

/**
 * Scenario 1 of SPEC section 8: `GET /api/customers` with a search term, sorted by name, 50 of
 * 10,000, against Shoal, the raw driver and memory.
 *
 * Shoal and the raw driver are measured in four alternating blocks (raw, Shoal, Shoal, raw) so
 * that a drift of the engine over time weighs on both alike. After one warm-up round of one
 * request per connection on each, a server that answered it within a second is warmed up for
 * 2 s more and measured for `seconds` in all ("duration"); otherwise each block is a fixed
 * number of requests, at least one per connection, sized for `seconds` in all ("amount"): a
 * timed run would complete few requests and leave the rest running in the engine.
 */
export async function runListScenario(options: {
  shoalUrl: string;
  shoalServer: http.Server;
  customers: Collection;
  term: string;
  /** Shoal's bearer token; the baselines ignore it. */
  token: string;
  connections: number;
  seconds: number;
  log: (line: string) => void;
}): Promise<ListScenarioResult> {
  const { shoalUrl, shoalServer, customers, term, connections, seconds, log } = options;
  const headers = { authorization: `Bearer ${options.token}` };
  const path = `/api/customers?q=${encodeURIComponent(term)}&sort=name&limit=50`;

  const raw = rawDriverServer(customers);
  const rawUrl = await listen(raw);
  const expected = await fetchPage(shoalUrl + path, headers);
  const memory = memoryServer(expected.items, expected.total);
  const memoryUrl = await listen(memory);
  try {
    // All three must answer the same thing, or the comparison means nothing.
    for (const url of [rawUrl, memoryUrl]) {
      const page = await fetchPage(url + path, headers);
      if (page.total !== expected.total || JSON.stringify(page.items) !== JSON.stringify(expected.items)) {
        throw new Error(`${url}${path} does not answer what Shoal answers`);
      }
    }
    if (expected.items.length !== 50) throw new Error(`the search term "${term}" gives ${expected.items.length} records, not 50`);

    const servers = {
      raw: { label: 'raw driver', server: raw, url: rawUrl + path },
      shoal: { label: 'Shoal', server: shoalServer, url: shoalUrl + path },
    };
    log('  warm-up: one request per connection on the raw driver, then on Shoal...');
    const probeRaw = await load(raw, { url: servers.raw.url, headers, connections, amount: connections }, 'raw driver warm-up');
    const probeShoal = await load(shoalServer, { url: servers.shoal.url, headers, connections, amount: connections }, 'Shoal warm-up');
    // Each server's blocks follow its own speed: one that answered the warm-up round within a
    // second is measured by time, a slower one (the raw driver, which FerretDB answers by a scan)
    // by a fixed number of requests sized for the same time. Ratios are of requests per second.
    const modeOf = (probeSeconds: number): ListMode => (probeSeconds < 1 ? 'duration' : 'amount');
    const mode = { raw: modeOf(probeRaw.duration), shoal: modeOf(probeShoal.duration) };
    const blockOf = (probeSeconds: number): Omit<LoadJob, 'url'> =>
      modeOf(probeSeconds) === 'duration'
        ? { connections, headers, duration: seconds / 2 }
        : { connections, headers, amount: connections * Math.max(1, Math.round(((connections / probeSeconds) * seconds) / 2 / connections)) };
    const perBlock = { raw: blockOf(probeRaw.duration), shoal: blockOf(probeShoal.duration) };
    for (const key of ['raw', 'shoal'] as const) {
      const side = servers[key];
      if (mode[key] === 'duration') await load(side.server, { url: side.url, headers, connections, duration: 2 }, `${side.label} warm-up`);
    }
    const describe = (job: Omit<LoadJob, 'url'>) => (job.duration ? `${job.duration} s` : `${job.amount} requests`);
    log(`  measuring in blocks (raw driver ${describe(perBlock.raw)}, Shoal ${describe(perBlock.shoal)}): raw driver, Shoal, Shoal, raw driver...`);
    const results = { raw: [] as RawLoadResult[], shoal: [] as RawLoadResult[] };
    for (const key of ['raw', 'shoal', 'shoal', 'raw'] as const) {
      const side = servers[key];
      const result = await load(side.server, { url: side.url, ...perBlock[key] }, side.label);
      log(`    ${side.label}: ${result['2xx']} in ${result.duration.toFixed(2)} s`);
      results[key].push(result);
    }

    log(`  memory ceiling: 2 s warm-up, ${seconds} s measured...`);
    await load(memory, { url: memoryUrl + path, connections, duration: 2 }, 'memory warm-up');
    const ceiling = await load(memory, { url: memoryUrl + path, connections, duration: seconds }, 'memory ceiling');

    return {
      path,
      term,
      total: expected.total,
      connections,
      mode,
      probeMs: { raw: probeRaw.duration * 1000, shoal: probeShoal.duration * 1000 },
      shoal: summarize(results.shoal, connections),
      raw: summarize(results.raw, connections),
      ceiling: summarize([ceiling], connections),
    };
  } finally {
    await Promise.all([close(raw), close(memory)]);
  }
}

/**
 * CPU milliseconds this process's main thread (the servers') has used, from Linux's
 * /proc/self/task/<pid>/stat (100 ticks a second); on other systems the event loop's active
 * time, which also counts the time the thread waited for a core.
 */
function serverThreadMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return performance.eventLoopUtilization().active;
  }
}

/** What `runListCeiling` measured. */
export interface ListCeilingResult {
  path: string;
  total: number;
  shoal: LoadResult;
  ceiling: LoadResult;
  /**
   * CPU microseconds of the servers' thread per answered request, over the blocks: less swayed
   * by other load on the machine than requests per second.
   */
  busyUs: { shoal: number; ceiling: number };
}

/**
 * The first target alone, quickly (`BENCH_SCENARIOS=list`): the same request on Shoal against
 * the memory ceiling, in four alternating blocks (memory, Shoal, Shoal, memory) of `seconds / 2`
 * each after a 2 s warm-up of each, so other load on the machine weighs on both alike. No raw
 * driver: on FerretDB each of its requests scans the collection, which a loaded machine turns
 * into minutes. BENCH_CPU_PROFILE=<dir> writes a CPU profile of this thread (Shoal's) during
 * each Shoal block.
 */
export async function runListCeiling(options: {
  shoalUrl: string;
  shoalServer: http.Server;
  term: string;
  token: string;
  connections: number;
  seconds: number;
  log: (line: string) => void;
}): Promise<ListCeilingResult> {
  const { shoalUrl, shoalServer, term, connections, seconds, log } = options;
  const headers = { authorization: `Bearer ${options.token}` };
  const path = `/api/customers?q=${encodeURIComponent(term)}&sort=name&limit=50`;
  const expected = await fetchPage(shoalUrl + path, headers);
  const memory = memoryServer(expected.items, expected.total);
  const memoryUrl = await listen(memory);
  try {
    const servers = {
      memory: { label: 'memory ceiling', server: memory, url: memoryUrl + path },
      shoal: { label: 'Shoal', server: shoalServer, url: shoalUrl + path },
    };
    for (const side of Object.values(servers)) await load(side.server, { url: side.url, headers, connections, duration: 2 }, `${side.label} warm-up`);
    const profileDir = process.env.BENCH_CPU_PROFILE;
    const results = { memory: [] as RawLoadResult[], shoal: [] as RawLoadResult[] };
    const busy = { memory: { ms: 0, requests: 0 }, shoal: { ms: 0, requests: 0 } };
    for (const [i, key] of (['memory', 'shoal', 'shoal', 'memory'] as const).entries()) {
      const side = servers[key];
      const file = profileDir && key === 'shoal' ? join(profileDir, `list-shoal-${i}.cpuprofile`) : undefined;
      const before = serverThreadMs();
      const result = await profiled(file, () => load(side.server, { url: side.url, headers, connections, duration: seconds / 2 }, side.label));
      busy[key].ms += serverThreadMs() - before;
      busy[key].requests += result['2xx'];
      log(`    ${side.label}: ${result['2xx']} in ${result.duration.toFixed(2)} s`);
      results[key].push(result);
    }
    return {
      path,
      total: expected.total,
      shoal: summarize(results.shoal, connections),
      ceiling: summarize(results.memory, connections),
      busyUs: { shoal: (1000 * busy.shoal.ms) / busy.shoal.requests, ceiling: (1000 * busy.memory.ms) / busy.memory.requests },
    };
  } finally {
    await close(memory);
  }
}
