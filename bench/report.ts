import os from 'node:os';
import type { BoardResult, DashboardResult } from './board-dashboard-scenario.js';
import type { BatchScenarioResult } from './batch-scenario.js';
import type { BundleResult } from './bundle-scenario.js';
import type { DemoScenarioResult } from './demo-scenario.js';
import type { IdleScenarioResult } from './idle-scenario.js';
import type { SoakScenarioResult } from './soak-scenario.js';
import type { FanoutScenarioResult, FanoutSide } from './fanout-scenario.js';
import type { ListCeilingResult, ListScenarioResult, LoadResult } from './list-scenario.js';
import type { Percentiles, ReadsScenarioResult } from './reads-scenario.js';
import type { Machine } from './machine.js';

export interface Verdict {
  what: string;
  measured: string;
  target: string;
  pass: boolean | undefined;
}

export interface Report {
  bundle: BundleResult;
  batch?: BatchScenarioResult | undefined;
  idle?: IdleScenarioResult | undefined;
  soak?: SoakScenarioResult | undefined;
  date: Date;
  engine: string;
  machine: Machine;
  /** One-minute load average of the machine before and after the run (other processes included). */
  loadAverage: { before: number; after: number };
  seededCustomers: number;
  seedMs: number;
  list: ListScenarioResult;
  reads?: ReadsScenarioResult | undefined;
  demo?: DemoScenarioResult | undefined;
  fanout: FanoutScenarioResult;
  board?: BoardResult | undefined;
  dashboard?: DashboardResult | undefined;
  totalSeconds: number;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (n: number) => (n >= 0.01 ? n.toFixed(2) : n.toPrecision(2));
const rate = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const mark = (pass: boolean | undefined) => (pass === undefined ? 'reported' : pass ? 'PASS' : 'MISS');
const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

/** The verdict of each target of the two scenarios. */
export function verdicts(r: Report): Verdict[] {
  const listRatio = r.list.shoal.rps / r.list.raw.rps;
  const ceilingRatio = r.list.shoal.rps / r.list.ceiling.rps;
  // Both usually deliver before their REST response completes (0 ms): compare at 1 ms resolution.
  const fanRatio = Math.max(1, r.fanout.shoal.afterResponse.p95) / Math.max(1, r.fanout.baseline.afterResponse.p95);
  const endToEndRatio = r.fanout.shoal.delivery.p95 / r.fanout.baseline.delivery.p95;
  const complete = r.fanout.shoal.missing === 0;
  return [
    { what: 'Customer list: Shoal / bare node:http serving the records from memory, throughput', measured: ratio(ceilingRatio), target: '>= 0.25', pass: ceilingRatio >= 0.25 },
    { what: 'Customer list: Shoal / raw driver throughput (on FerretDB this measures the engine)', measured: ratio(listRatio), target: '(reported)', pass: undefined },
    { what: 'Change to 200 clients, from the REST response: Shoal p95 / baseline p95', measured: ratio(fanRatio), target: '<= 2.00', pass: fanRatio <= 2 && complete },
    {
      what: 'Change to 200 clients, from the REST response: Shoal p95',
      measured: ms(r.fanout.shoal.afterResponse.p95) + (complete ? '' : ` (${r.fanout.shoal.missing} deliveries missing)`),
      target: '< 50 ms',
      pass: r.fanout.shoal.afterResponse.p95 < 50 && complete,
    },
    { what: 'Change to 200 clients, from sending the request: Shoal p95 / baseline p95', measured: ratio(endToEndRatio), target: '(reported)', pass: undefined },
    { what: 'Change to 200 clients, from sending the request: Shoal p95', measured: ms(r.fanout.shoal.delivery.p95), target: '(reported)', pass: undefined },
    ...(r.fanout.move
      ? [{ what: 'A move reaching 200 other boards, from the REST response: p95 / baseline p95', measured: ratio(Math.max(1, r.fanout.move.afterResponse.p95) / Math.max(1, r.fanout.baseline.afterResponse.p95)), target: '(reported)', pass: undefined }]
      : []),
    ...(r.board
      ? [
          { what: 'Pipeline board API, 2,000 open deals: p95', measured: ms(r.board.shoal.p95), target: '< 100 ms', pass: r.board.shoal.p95 < 100 },
          { what: 'Pipeline board API: Shoal p95 / raw driver p95', measured: ratio(r.board.shoal.p95 / r.board.raw.p95), target: '(reported)', pass: undefined },
          { what: 'Pipeline board first render in Chromium: p95', measured: ms(r.board.firstRender.p95), target: '< 300 ms', pass: r.board.firstRender.p95 < 300 },
        ]
      : []),
    {
      what: 'Initial client JavaScript, gzipped',
      measured: `${(r.bundle.initialGzip / 1024).toFixed(1)} KB${r.bundle.chartsInInitial ? ' (charting code included!)' : ', charts only in the dashboard chunk'}`,
      target: '< 100 KB, charts only with the dashboard',
      pass: r.bundle.initialGzip < 100 * 1024 && !r.bundle.chartsInInitial && r.bundle.chartChunk?.startsWith('shoal-dashboard-view') === true,
    },
    ...(r.demo
      ? [{ what: `First-run demo data (${Object.values(r.demo.records).reduce((a, b) => a + b, 0).toLocaleString('en')} records)`, measured: `${r.demo.seconds.toFixed(1)} s`, target: '< 30 s', pass: r.demo.seconds < 30 }]
      : []),
    ...(r.batch
      ? [
          { what: 'Batch create of 10,000 customers: Shoal / raw insertMany rate', measured: ratio(r.batch.shoal.rate / r.batch.raw.rate), target: '>= 0.50', pass: r.batch.shoal.rate / r.batch.raw.rate >= 0.5 },
          {
            what: 'Batch create: socket messages for 10,000 changes at one client',
            measured: `${r.batch.messages} (${r.batch.changesSeen.toLocaleString('en')} changes)`,
            target: 'bounded',
            pass: r.batch.changesSeen === r.batch.customers && r.batch.messages <= (r.batch.customers / 1_000) * 3,
          },
        ]
      : []),
    ...(r.idle
      ? [
          {
            what: '1,000 idle connected clients: extra resident memory of the server',
            measured: `${(r.idle.rssAfterMb - r.idle.rssBeforeMb).toFixed(1)} MB (heap ${(r.idle.heapAfterMb - r.idle.heapBeforeMb).toFixed(1)} MB)`,
            target: '< 100 MB',
            pass: r.idle.connected === r.idle.clients && r.idle.rssAfterMb - r.idle.rssBeforeMb < 100,
          },
        ]
      : []),
    ...(r.soak
      ? [
          {
            what: `Soak, ${r.soak.clients} clients, ${r.soak.rate} changes/s for ${r.soak.seconds} s: changes lost or duplicated at any client`,
            measured: `${r.soak.missing} lost, ${r.soak.duplicates} duplicated (${r.soak.changes.toLocaleString('en')} changes)`,
            target: '0',
            pass: r.soak.missing === 0 && r.soak.duplicates === 0 && r.soak.failedRequests === 0 && r.soak.logged === r.soak.changes,
          },
          {
            what: 'Soak: resident memory after warm-up (first minute) to the end',
            measured: `${soakWarm(r.soak)} → ${r.soak.rss.at(-1)} MB`,
            target: 'flat (within 10% or 20 MB)',
            pass: soakFlat(r.soak),
          },
        ]
      : []),
    ...(r.dashboard ? [{ what: 'Dashboard over 100,000 deals and 500,000 interactions: p95', measured: ms(r.dashboard.shoal.p95), target: '< 150 ms', pass: r.dashboard.shoal.p95 < 150 }] : []),
    ...(r.reads ? readVerdicts(r.reads) : []),
  ];
}

/** The first start's time, or that this run reused a checkpoint without timing one. */
const firstStartText = (x: ReadsScenarioResult) => (Number.isNaN(x.firstStart.seconds) ? 'not timed in this run (BENCH_READS_SKIP_FIRST: the checkpoint of an earlier first start was reused)' : `${x.firstStart.seconds.toFixed(1)} s`);

/** SPEC section 10's targets at the large data set. */
export function readVerdicts(x: ReadsScenarioResult): Verdict[] {
  const worst = Math.max(...x.reads.map((m) => Math.max(m.shoal.sequential.p95, m.shoal.concurrent.p95)));
  const mb = x.memory.rssMb;
  return [
    { what: 'Large data set: every read p95, one at a time and at 10 concurrent clients (worst of all reads)', measured: ms(worst), target: '< 25 ms', pass: worst < 25 },
    { what: 'Large data set: start to the first answered read, from a checkpoint', measured: `${x.checkpointStart.seconds.toFixed(1)} s (${x.checkpointStart.from})`, target: '< 30 s', pass: x.checkpointStart.seconds < 30 && x.checkpointStart.from === 'checkpoint' },
    { what: 'Large data set: start to the first answered read, first start (from the database)', measured: firstStartText(x), target: '(reported)', pass: undefined },
    { what: 'Large data set: resident memory of the server', measured: `${mb.toFixed(0)} MB`, target: '< 1,536 MB', pass: mb < 1536 },
    { what: 'Batch create of 10,000 interactions with customer references / raw insertMany rate', measured: ratio(x.batch.ratio), target: '>= 0.50', pass: x.batch.ratio >= 0.5 },
  ];
}

const pRow = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`;

/** The "reads at scale" section of docs/benchmarks.md. */
export function readsSection(x: ReadsScenarioResult): string {
  const rows = x.reads.map((m) => {
    const ratioOf = (a: Percentiles, b?: Percentiles) => (b ? ratio(a.p95 / b.p95) : 'n/a');
    return `| ${m.name} | ${ms(m.shoal.first)} | ${pRow(m.shoal.sequential)} | ${pRow(m.shoal.concurrent)} | ${m.shoal.cpuMs === undefined ? 'n/a' : `${m.shoal.cpuMs.toFixed(2)} ms`} | ${m.sqlite ? pRow(m.sqlite.sequential) : 'n/a'} | ${m.sqlite ? pRow(m.sqlite.concurrent) : 'n/a'} | ${ratioOf(m.shoal.sequential, m.sqlite?.sequential)} / ${ratioOf(m.shoal.concurrent, m.sqlite?.concurrent)} |`;
  });
  const kinds = Object.entries(x.memory.perKindMb).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ');
  return `## Reads at scale (SPEC section 10)

The large data set, seeded with the raw driver in ${x.seedSeconds.toFixed(0)} s: ${Object.entries(x.counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')} (interaction notes of about 200 characters). Every read goes through the HTTP API with a bearer token; each is requested once alone (its first read after start, which pays for anything built on first use), warmed up 20 times and then timed 200 times one after another and 400 times from 10 concurrent clients (20 and 40 when the warm-up's median is over 100 ms), with another customer, owner or search word each time. Shoal's CPU per request is its process's CPU time (every thread, the garbage collector's included) over the concurrent run divided by its requests: ten requests in flight on one event loop each wait about ten times it. The ceiling is the same rows in an indexed SQLite database (better-sqlite3, WAL, an index per query and FTS5 prefix queries for \`q\`) behind a bare \`node:http\` server in the bench's process; Shoal runs in a process of its own.

| read | Shoal's first read after start | Shoal p50 / p95 / p99, sequential | Shoal at 10 concurrent | Shoal's CPU per request at 10 concurrent | SQLite sequential | SQLite at 10 concurrent | Shoal / SQLite p95 (seq / conc.) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

- Start to the first answered read: first start (no checkpoint, every collection read from FerretDB) ${firstStartText(x)}; a restart from the checkpoint ${x.checkpointStart.seconds.toFixed(1)} s (${x.checkpointStart.from}).
- Resident memory of the Shoal process (its own process, as \`npm start\` runs it) at the large data set after every read above: ${x.memory.rssMb.toFixed(0)} MB, at its peak ${x.memory.peakMb.toFixed(0)} MB; the read model's share by kind (what its tables hold, as it reports at its load): ${kinds}.
- Batch create of 10,000 interactions with customer references (10 batches of 1,000 through \`POST /api/interactions/batch\`, in blocks of 5,000 alternating with the raw driver's \`insertMany\` of the same documents into the same \`interactions\` collection: ${x.batch.blocks.map((b) => `${b.side} ${b.perSecond.toFixed(0)}/s`).join(', ')}): ${x.batch.shoalPerSecond.toFixed(0)}/s against raw ${x.batch.rawPerSecond.toFixed(0)}/s: ratio ${ratio(x.batch.ratio)}; CPU per 1,000, Shoal's process ${x.batch.cpu.shoal.toFixed(0)} ms + the engine ${x.batch.cpu.shoalEngine.toFixed(0)} ms against the raw driver ${x.batch.cpu.raw.toFixed(0)} ms + the engine ${x.batch.cpu.rawEngine.toFixed(0)} ms (CPU ratio ${ratio((x.batch.cpu.raw + x.batch.cpu.rawEngine) / (x.batch.cpu.shoal + x.batch.cpu.shoalEngine))}); load average ${x.batch.load[0].toFixed(1)} before, ${x.batch.load[1].toFixed(1)} after.
`;
}

/** The resident memory once warmed up: the sample a minute in (or the first, for short runs). */
const soakWarm = (s: SoakScenarioResult) => s.rss[Math.min(s.rss.length - 1, Math.round(60 / s.sampleSeconds))]!;
const soakFlat = (s: SoakScenarioResult) => s.rss.at(-1)! - soakWarm(s) <= Math.max(20, soakWarm(s) * 0.1);

const loadRow = (label: string, l: LoadResult, shoalRps: number) =>
  `| ${label} | ${rate(l.rps)} | ${l.blocks.map(rate).join(', ')} | ${l.requests} in ${l.seconds.toFixed(1)} s | ${ms(l.p50)} | ${ms(l.p975)} | ${ms(l.p99)} | ${ratio(shoalRps / l.rps)} |`;

const fanRow = (label: string, s: FanoutSide) =>
  `| ${label} | ${ms(s.afterResponse.p50)} | ${ms(s.afterResponse.p95)} | ${ms(s.afterResponse.p99)} | ${ms(s.delivery.p50)} | ${ms(s.delivery.p95)} | ${ms(s.delivery.p99)} | ${ms(s.delivery.max)} | ${s.delivery.count} | ${s.missing} | ${ms(s.rest.p50)} | ${ms(s.rest.p95)} |`;

/** What the spread of the blocks says about the list ratio. */
function listNoise(list: ListScenarioResult): string {
  const [shoalMin, shoalMax] = [Math.min(...list.shoal.blocks), Math.max(...list.shoal.blocks)];
  const [rawMin, rawMax] = [Math.min(...list.raw.blocks), Math.max(...list.raw.blocks)];
  const overlap = shoalMax >= rawMin && rawMax >= shoalMin;
  const spread = `Blocks ranged ${range(list.raw.blocks)} requests/s on the raw driver and ${range(list.shoal.blocks)} on Shoal`;
  return overlap
    ? `${spread}: the ranges overlap, so the difference between the two is within this run's noise.`
    : `${spread}: the ranges do not overlap.`;
}

/** docs/benchmarks.md for one run. */
export function renderMarkdown(r: Report): string {
  const { list, fanout, machine } = r;
  const v = verdicts(r);
  const ferret = r.engine.startsWith('FerretDB');
  return `# Shoal benchmarks

Written by \`npm run bench\` (bench/run.ts); every run overwrites this file. Targets: SPEC section 8.
Each figure below is from one run: Shoal and its baselines ran in the same process, one after
the other, on the same database engine.

- **Date:** ${r.date.toISOString()}
- **Engine:** ${r.engine}
- **Machine:** ${machine.cpus} × ${machine.cpu}, ${machine.memory} RAM, ${machine.os}
- **Node:** ${machine.node}
- **Load average (1 min, whole machine):** ${r.loadAverage.before.toFixed(2)} before the run, ${r.loadAverage.after.toFixed(2)} after
- **Run time:** ${r.totalSeconds.toFixed(0)} s

## Results

| target | measured | target | result |
| --- | --- | --- | --- |
${v.map((x) => `| ${x.what} | ${x.measured} | ${x.target} | ${mark(x.pass)} |`).join('\n')}

## 1. Customer list: \`GET /api/customers\`, 50 of ${r.seededCustomers.toLocaleString('en')}, sorted, with a search term

Request: \`GET ${list.path}\`: the term "${list.term}" matches ${list.total} of the
${r.seededCustomers.toLocaleString('en')} customers (X-Total-Count); the answer is the first 50 by name.
The customers are generated (varied company names, industries, e-mail domains, phones, tags)
and inserted with the raw driver's \`insertMany\` as documents shaped exactly as
\`customer.service.ts\` \`create()\` stores them (seeding took ${(r.seedMs / 1000).toFixed(1)} s), after \`createApp\`
has created the model's indexes.

- **Shoal**: \`createApp\` on a free port: express, validation of the query with the shared
  zod schema, \`customers.list\` answered from the read model (the page and its count from memory, no database read).
- **Raw driver** (the baseline): a bare \`node:http\` server that runs the same two queries
  Shoal runs for this request through the \`mongodb\` driver: the same \`find\`
  (\`{ $and: [{ search: { $regex: term } }] }\`, sort \`{ nameSort: 1, _id: 1 }\`, limit 51, the
  extra record telling whether there is a next page) and, in parallel, the same
  \`countDocuments\` Shoal needs for \`X-Total-Count\`; it maps the first 50 to the API shape and
  JSON-encodes them.
- **Memory ceiling**: a bare \`node:http\` server JSON-encoding the same 50 records from memory
  on each request: what Node alone can serve here, without a database.

Before measuring, the three answers were checked to be the same records and the same total.

Load: autocannon with ${list.connections} connections, run from a worker thread of the benchmark
process so it does not share the servers' event loop. Shoal and the raw driver are measured in
four alternating blocks (raw driver, Shoal, Shoal, raw driver), so a drift of the engine or of
other load on the machine weighs on both alike, after a warm-up round of one request per
connection on each (it took ${(list.probeMs.raw / 1000).toFixed(1)} s on the raw driver and ${(list.probeMs.shoal / 1000).toFixed(1)} s on Shoal).
${
    list.mode.shoal === 'duration' && list.mode.raw === 'duration'
      ? 'Both answered it within a second, so each was warmed up for 2 s more and measured for 8 s in all.'
      : `Each server's blocks follow its own speed: ${(['shoal', 'raw'] as const).map((k) => `${k === 'shoal' ? 'Shoal' : 'the raw driver'} ${list.mode[k] === 'duration' ? 'answered it within a second, so it was warmed up for 2 s more and measured for 8 s in all' : `took seconds per round of ${list.connections} concurrent requests, so its blocks are a fixed number of requests (at least one per connection) sized for about 8 s in all rather than a fixed time (a timed run would complete almost no request and leave the rest running in the engine while the next block is measured)`}`).join('; ')}.`
  }
Each block starts once every request of the previous one has ended. The memory ceiling is
warmed up for 2 s and measured for 8 s.

| server | requests/s | per block | measured | p50 | p97.5 | p99 | Shoal / this |
| --- | --- | --- | --- | --- | --- | --- | --- |
${loadRow('Shoal', list.shoal, list.shoal.rps)}
${loadRow('raw driver', list.raw, list.shoal.rps)}
${loadRow('memory ceiling', list.ceiling, list.shoal.rps)}

${listNoise(list)}${
    ferret
      ? `\nOn FerretDB 1.24 (SQLite) the regex filter and the sort read the whole
collection for both the page and the count, so each request costs the engine about a second or
more and the engine, not Node, sets the throughput of Shoal and of the raw driver alike.`
      : ''
  }

## 2. A change reaching ${fanout.sockets} connected clients

${fanout.sockets} socket.io clients (websocket transport, authenticated with a bearer token) connect to
the server from a worker thread of the benchmark process, which also sends the changes. ${fanout.rounds} times,
one after the other with a short pause (after 5 unrecorded warm-up changes), it sends a change
over HTTP and records, for every socket, the time from sending the request to that socket's
receiving the matching \`change\` event (matched on \`version\`), and the time to the end of the
REST response.

- **Shoal**: \`PATCH /api/customers/:id\` changing \`phone\` of one seeded customer; Shoal
  validates it, reads and updates the record, appends the event to the event log and broadcasts
  it to the team room.
- **Baseline**: bare express + socket.io (default options) in the same process; its
  \`POST /change\` broadcasts the posted JSON (a change event of the same shape and size as
  Shoal's) with \`io.emit('change', body)\` and answers 200.

SPEC section 8 measures the change "from the REST response": **after response** = REST response
complete → \`change\` received (0 when the event arrived first), one sample per socket and change;
that is the target's figure. **Delivery** = request sent → \`change\` received, which adds the
time the server takes to make the change (for Shoal, the database write) and is reported too.
REST = request sent → response complete. The ${fanout.sockets} clients share one thread, so the later sockets of a
broadcast wait for the earlier ones to be handled; that weighs on both servers alike.

| server | after response p50 | after response p95 | after response p99 | delivery p50 | delivery p95 | delivery p99 | delivery max | deliveries | missing | REST p50 | REST p95 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${fanRow('Shoal', fanout.shoal)}
${fanRow('baseline', fanout.baseline)}${fanout.move ? `\n${fanRow('Shoal, a deal moved (POST /move)', fanout.move)}` : ''}

Engine floor, for reference: the three operations of Shoal's PATCH (\`findOne\` by \`_id\`,
\`updateOne\` by \`_id\` and \`version\`, \`insertOne\` of the event) run one after the other
through the raw driver on another customer, without HTTP or sockets, took p50
${ms(fanout.engineFloor.p50)}, p95 ${ms(fanout.engineFloor.p95)} (${fanout.engineFloor.count} times). No PATCH can reach a client sooner
than that on this engine.${
    ferret
      ? ` On FerretDB 1.24 (SQLite) an update of one document by \`_id\` costs time
in proportion to the size of the collection (tens of milliseconds at 10,000 customers, a few at
100), so the floor, not Node or socket.io, dominates Shoal's figures here.`
      : ''
  }

Connecting the ${fanout.sockets} sockets took ${fanout.shoal.connectMs.toFixed(0)} ms to Shoal and
${fanout.baseline.connectMs.toFixed(0)} ms to the baseline.
` + renderBoardAndDashboard(r);
}

const distRow = (label: string, d: { p50: number; p95: number; p99: number; max: number; count: number }) =>
  `| ${label} | ${ms(d.p50)} | ${ms(d.p95)} | ${ms(d.p99)} | ${ms(d.max)} | ${d.count} |`;

/** Sections 3 and 4: the pipeline board and the dashboard, when they ran. */
function renderBoardAndDashboard(r: Report): string {
  const parts: string[] = [];
  if (r.board) {
    parts.push(`
## 3. Pipeline board: \`GET /api/pipeline\` with ${r.board.open.toLocaleString('en')} open deals

${r.board.open.toLocaleString('en')} open and ${r.board.closed.toLocaleString('en')} closed deals, as the opportunity service stores them.
Sequential requests after a warm-up, against a bare node:http server running the same queries
through the raw driver (a count and a sum per stage, the first 50 cards of each column by rank).
First render: Debian's Chromium (1440 x 900), signed in, opens \`/pipeline\` (page load, scripts
from cache, \`/api/auth/me\`, \`/api/pipeline\`, render of the six columns, each with up to its first 50 cards),
timed from the navigation's start to the end of the frame that first paints the cards (the board's
\`shoal:pipeline-shown\` User Timing mark, read from the page). The first frame has as many cards per column as the
screen can show (a column's height over the smallest card's: 7 here); the rest follow as many per column per frame, and
"all cards" is the end of the frame that paints the last (\`shoal:pipeline-complete\`). "As the driver sees it" is the time
from playwright asking for the page until it finds a card: it adds playwright's own round trips
and its polling, which waits while the page's main thread is busy after the paint.

| what | p50 | p95 | p99 | max | samples |
| --- | --- | --- | --- | --- | --- |
${distRow('Shoal', r.board.shoal)}
${distRow('raw driver', r.board.raw)}
${distRow('first render (Chromium), to the painted cards', r.board.firstRender)}
${distRow('all cards painted', r.board.allCards)}
${distRow('first render, as the driver sees it', r.board.firstRenderDriver)}
`);
  }
  parts.push(`
## 8. Initial client JavaScript

The scripts \`client/dist/index.html\` loads before any view's own code (its module script and the modules it
preloads), each gzipped at level 9 as a server would send them:

| file | bytes | gzipped |
| --- | --- | --- |
${r.bundle.initial.map((f) => `| ${f.file} | ${f.bytes.toLocaleString('en')} | ${f.gzip.toLocaleString('en')} |`).join('\n')}

In all ${(r.bundle.initialGzip / 1024).toFixed(1)} KB gzipped. The charting code (Chart.js) is in \`${r.bundle.chartChunk ?? 'no chunk'}\`, loaded only
when the dashboard opens${r.bundle.chartsInInitial ? '; but an initial script carries charting code too' : ''}.
Opening the board loads ${(r.bundle.board.gzip / 1024).toFixed(1)} KB gzipped (the initial scripts, the board's chunk and what it imports
statically, ${r.bundle.board.files.length} scripts), ${r.bundle.board.zod ? 'the schema library (zod) among them' : 'without the schema library (zod)'}.
`);
  if (r.batch) {
    const b = r.batch;
    parts.push(`
## 5. Batch create of ${b.customers.toLocaleString('en')} customers

Shoal: \`POST /api/customers/batch\` with 1,000 customers a request (each item validated with the
shared schema, written by the record service in one \`insertMany\`, its ${b.customers.toLocaleString('en')} events appended in one
write a request and broadcast grouped). Raw driver: \`insertMany\` of the same kind of documents, as
the service stores them, 1,000 a call, into a collection with the same indexes. Alternating blocks of
5,000 (raw, Shoal, Shoal, raw); the rate is customers over the blocks' total time. A socket client
connected to Shoal counted the messages the changes came in.

| side | customers/s | per block |
| --- | --- | --- |
| Shoal | ${b.shoal.rate.toFixed(0)} | ${b.shoal.blocks.map((x) => x.toFixed(0)).join(', ')} |
| raw driver | ${b.raw.rate.toFixed(0)} | ${b.raw.blocks.map((x) => x.toFixed(0)).join(', ')} |

Shoal / raw: ${ratio(b.shoal.rate / b.raw.rate)}. The client got ${b.changesSeen.toLocaleString('en')} changes in ${b.messages} socket messages.
`);
  }
  if (r.idle) {
    const i = r.idle;
    parts.push(`
## 6. ${i.clients.toLocaleString('en')} idle connected clients

A child process connects ${i.clients.toLocaleString('en')} Socket.IO clients (websocket, authenticated with one user's token, 50 at a
time; ${(i.connectMs / 1000).toFixed(1)} s in all) to a fresh Shoal and leaves them idle for 3 s; the server process's memory is read
after a full garbage collection before they connect and while they are connected (${i.connected.toLocaleString('en')} were).

| | before | with the clients | extra |
| --- | --- | --- | --- |
| resident memory | ${i.rssBeforeMb} MB | ${i.rssAfterMb} MB | ${(i.rssAfterMb - i.rssBeforeMb).toFixed(1)} MB |
| JavaScript heap | ${i.heapBeforeMb} MB | ${i.heapAfterMb} MB | ${(i.heapAfterMb - i.heapBeforeMb).toFixed(1)} MB |

While they connected, the clients got ${i.presenceMessages.toLocaleString('en')} team presence lists (${i.presenceMb} MB in all): the team list has
one entry per person, not per tab, and is sent at most once a second.
`);
  }
  if (r.soak) {
    const k = r.soak;
    parts.push(`
## 7. Soak: ${k.clients} clients, ${k.rate} changes a second for ${k.seconds} s

A child process keeps ${k.clients} Socket.IO clients connected to a fresh Shoal and records every change's \`seq\` at each
client; the benchmark PATCHes 50 customers in turn at ${k.rate} a second, paced by the clock. Afterwards each client's
changes are checked against the log's \`seq\` range: ${k.logged.toLocaleString('en')} changes in the log, ${k.changes.toLocaleString('en')} answered 200
(${k.failedRequests} failed requests); ${k.missing} deliveries missing and ${k.duplicates} duplicated over all clients.

The server's resident memory and heap (MB, after a full collection) every ${k.sampleSeconds} s:

| | ${k.rss.map((_, i) => `${Math.min(i * k.sampleSeconds, k.seconds)} s`).join(' | ')} |
| --- | ${k.rss.map(() => '---').join(' | ')} |
| resident | ${k.rss.join(' | ')} |
| heap | ${k.heap.join(' | ')} |
`);
  }
  if (r.dashboard) {
    const d = r.dashboard;
    parts.push(`
## 4. Dashboard: \`GET /api/dashboard\` over ${d.deals.toLocaleString('en')} deals and ${d.interactions.toLocaleString('en')} interactions

Seeded with the raw driver (${d.stageChanges.toLocaleString('en')} stage changes beside them) in ${d.seedSeconds.toFixed(0)} s. Shoal loads its dashboard facts once
(${d.loadSeconds.toFixed(1)} s here; the whole benchmark process's heap after a garbage collection: ${d.heapMb} MB) and then maintains them from the change events, so a request scans no
collection. Timed: sequential requests for the last 7, 30, 90 and 365 days and one owner, after a warm-up;
the ceiling is a bare node:http server answering the same JSON from memory.

| server | p50 | p95 | p99 | max | requests |
| --- | --- | --- | --- | --- | --- |
${distRow('Shoal', d.shoal)}
${distRow('of which computing the figures (Server-Timing)', d.compute)}
${distRow('memory ceiling', d.ceiling)}

The facts are kept by column in typed arrays (server/dashboard/deal-columns.ts,
interaction-columns.ts): a request is one pass over the deals' numbers and one over the
interactions', with no object per record to visit.
`);
  }
  if (r.reads) parts.push(`\n${readsSection(r.reads)}`);
  return parts.join('');
}

/** Scenario 1 alone (`BENCH_SCENARIOS=list`): the throughputs, the ratio and the load average now. */
export function renderListOnly(list: ListCeilingResult): string {
  return [
    `List ${list.path} (${list.total} matches): Shoal ${rate(list.shoal.rps)} req/s (p50 ${ms(list.shoal.p50)}, p97.5 ${ms(list.shoal.p975)}), memory ${rate(list.ceiling.rps)} req/s`,
    `  Shoal / memory ${ratio(list.shoal.rps / list.ceiling.rps)} (target >= 0.25); blocks: Shoal ${list.shoal.blocks.map(rate).join(', ')}, memory ${list.ceiling.blocks.map(rate).join(', ')} req/s; server thread CPU per request: Shoal ${list.busyUs.shoal.toFixed(0)} µs, memory ${list.busyUs.ceiling.toFixed(0)} µs (ratio ${ratio(list.busyUs.ceiling / list.busyUs.shoal)}); load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`,
  ].join('\n');
}

/** The few lines printed at the end of a run. */
export function renderSummary(r: Report): string {
  const lines = [
    `Engine: ${r.engine}`,
    `List: Shoal ${rate(r.list.shoal.rps)} req/s, raw driver ${rate(r.list.raw.rps)} req/s, memory ${rate(r.list.ceiling.rps)} req/s`,
    `Change to ${r.fanout.sockets} clients after the REST response: Shoal p95 ${ms(r.fanout.shoal.afterResponse.p95)}, baseline p95 ${ms(r.fanout.baseline.afterResponse.p95)}`,
    `Change to ${r.fanout.sockets} clients from sending the request: Shoal p95 ${ms(r.fanout.shoal.delivery.p95)}, baseline p95 ${ms(r.fanout.baseline.delivery.p95)}, engine floor p50 ${ms(r.fanout.engineFloor.p50)}`,
    ...verdicts(r).map((x) => `  ${mark(x.pass).padEnd(8)} ${x.what}: ${x.measured} (target ${x.target})`),
  ];
  return lines.join('\n');
}
