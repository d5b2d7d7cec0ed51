/**
 * The slow reads of "reads at scale" (bench/reads-scenario.ts) timed in one process, on the read
 * model's tables alone: no engine, no HTTP, no other process sharing the measurement. The tables
 * are filled from the same generated data set (bench/reads-data.ts) and compacted as a load
 * from the database leaves them; each read then runs 200 times with another parameter each
 * time, and its CPU time per read (the figure to compare on a shared machine) and wall p50/p95/max
 * are printed. For comparing a query plan before and after on a
 * shared machine (the HTTP bench's timings are noisy there), not for docs/.
 *
 *   BENCH_READS_FRACTION=0.1 npx tsx --expose-gc bench/read-queries.ts [name-filter]
 *
 * `BENCH_READS_FRACTION` as for the HTTP bench (default 0.1); the optional argument keeps only
 * the reads whose name contains it, and only the tables those reads need are filled (at full
 * size the interactions alone take minutes). `BENCH_QUERIES_PROFILE=<file>.cpuprofile` writes a
 * CPU profile of the timed reads alone (not of the filling; bench/profile-summary.ts sums it).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { ObjectId } from 'mongodb';
import { toContact } from '../server/contacts/contact.service.js';
import { toCustomer } from '../server/customers/customer.service.js';
import { createDashboard } from '../server/dashboard/dashboard.service.js';
import { toInteraction } from '../server/interactions/interaction.service.js';
import { toOpportunity } from '../server/opportunities/opportunity.service.js';
import { encodeCursor } from '../server/read-model/table.js';
import { newState, TABLE_NAMES, type ReadModel, type TableName } from '../server/read-model/read-model.js';
import { taskQuery, toTask } from '../server/tasks/task.service.js';
import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES } from '../shared/stage.js';

// Before reads-data.ts reads it.
process.env.BENCH_READS_FRACTION ??= '0.1';
const { largeData } = await import('./reads-data.js');
const DAY = 86_400_000;
const now = Date.now();
const users = Array.from({ length: 10 }, () => new ObjectId().toHexString());
const state = newState();
const only = process.argv[2];
/** The tables each read needs (the board: the deals, their customers' names, the deals' tasks). */
const needs: [string, TableName[]][] = [
  ['calls', ['interaction']],
  ['interactions', ['interaction']],
  ['timeline', ['customer', 'interaction']],
  ['contacts', ['contact']],
  ['customers', ['customer']],
  ['contacts of a customer', ['contact']],
  ['work', ['task']],
  ['overdue', ['task']],
  ['deals', ['opportunity']],
  ['board', ['customer', 'opportunity', 'task']],
];
const filled = new Set<TableName>(only ? needs.filter(([name]) => name.includes(only) || only.includes(name)).flatMap(([, t]) => t) : TABLE_NAMES);
if (!filled.size) for (const name of TABLE_NAMES) filled.add(name);
const began = performance.now();
for (const slice of largeData(users, now)) {
  if (filled.has('customer')) for (const d of slice.customers) state.tables.customer.put(toCustomer(d as never));
  if (filled.has('contact')) for (const d of slice.contacts) state.tables.contact.put(toContact(d as never));
  if (filled.has('opportunity')) for (const d of slice.deals) state.tables.opportunity.put(toOpportunity(d as never));
  if (filled.has('interaction')) for (const d of slice.interactions) state.tables.interaction.put(toInteraction(d as never));
  if (filled.has('task')) for (const d of slice.tasks) state.tables.task.put(toTask(d as never));
}
for (const name of TABLE_NAMES) state.tables[name].compact();
// As a load does once its tables are filled (read-model.ts): what reads would build on first use.
const warmed = performance.now();
for (const name of TABLE_NAMES) state.tables[name].warm();
const warmMs = performance.now() - warmed;
// A deal in ten has open tasks (the HTTP bench's tasks have none: its board's next steps are all empty).
const dealIds = [...state.tables.opportunity.idList()];
if (dealIds.length) {
  const tasks = [...state.tables.task.all()].map((r) => JSON.parse(r.json) as { id: string; version: number; opportunityId?: string });
  tasks.forEach((t, i) => {
    if (i % 2 === 0) state.tables.task.put({ ...t, opportunityId: dealIds[(i * 7) % dealIds.length]!, version: t.version + 1 } as never);
  });
}
console.log(`filled in ${((performance.now() - began) / 1000).toFixed(1)} s (warmed in ${warmMs.toFixed(0)} ms): ${TABLE_NAMES.map((n) => `${state.tables[n].size} ${n}`).join(', ')}`);

const dashboard = createDashboard({ clock: () => new Date() });
dashboard.attach({ ready: async () => state } as unknown as ReadModel);
dashboard.projection.load(state);
const pipeline = { id: DEFAULT_PIPELINE_ID, stages: DEFAULT_STAGES };
const customerIds = [...state.tables.customer.idList()];
// Keyset cursors into the customers by name, as a rep paging deep into the list sends them.
const nameKeys = customerIds.filter((_, i) => i % 97 === 0).map((id) => encodeCursor('name', state.tables.customer.key(id, 'name'), id));
const contactOwners = filled.has('contact') ? [...new Set([...state.tables.contact.all()].slice(0, 5000).map((r) => String(r.keys.customerId)))] : [];

let n = 0;
const next = <T>(list: readonly T[]): T => list[n++ % list.length]!;
const reads: { name: string; run: () => unknown }[] = [
  { name: 'calls of the last 30 days', run: () => state.tables.interaction.query({ eq: { type: 'call' }, range: { date: { gte: now - 30 * DAY, lt: now } }, sort: '-date', limit: 50 }) },
  { name: 'interactions q', run: () => state.tables.interaction.query({ q: next(['pilot', 'warehouse', 'pricing', 'legal rev']), sort: '-date', limit: 50 }) },
  { name: 'contacts q', run: () => state.tables.contact.query({ q: next(['ana', 'müll', 'zoë', 'head']), sort: 'name', limit: 8 }) },
  { name: 'customers, a page deep (cursor)', run: () => state.tables.customer.query({ sort: 'name', limit: 50, cursor: next(nameKeys) }) },
  { name: 'contacts of a customer', run: () => state.tables.contact.query({ eq: { customerId: next(contactOwners) }, sort: 'name', limit: 50 }) },
  { name: 'customers q', run: () => state.tables.customer.query({ q: next(['acme', 'nor', 'glo', 'sol', 'ber']), sort: 'name', limit: 50 }) },
  { name: 'customers seats >= N', run: () => state.tables.customer.query({ range: { 'custom.seats': { gte: next([1500, 1900, 500]) } }, sort: 'name', limit: 50 }) },
  { name: 'my work', run: () => state.tables.task.query({ ...taskQuery({ assigneeId: next(users), done: false, sort: 'dueAt' } as never, new Date()), limit: 50 } as never) },
  { name: 'overdue', run: () => state.tables.task.query({ ...taskQuery({ overdue: true, sort: 'dueAt' } as never, new Date()), limit: 50 } as never) },
  { name: 'timeline', run: () => state.tables.interaction.query({ eq: { customerId: next(customerIds) }, sort: '-date', limit: 50 }) },
  { name: 'deals of a stage by amount', run: () => state.tables.opportunity.query({ eq: { stage: next(['proposal', 'won', 'qualification']) }, sort: '-amount', limit: 50 }) },
  { name: 'board', run: () => dashboard.pipeline(pipeline, undefined, 50) },
  { name: 'board, one owner', run: () => dashboard.pipeline(pipeline, next(users), 50) },
  // A deal changed before each read (its column written again; the others kept).
  {
    name: 'board, a deal changed before',
    run: () => {
      const deal = state.tables.opportunity.get(next(dealIds))!;
      state.tables.opportunity.put({ ...deal, version: deal.version + 1 });
      return dashboard.pipeline(pipeline, undefined, 50);
    },
  },
];
const profiler = process.env.BENCH_QUERIES_PROFILE ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
for (const read of reads) {
  if (only && !read.name.includes(only)) continue;
  // The first call after the load, timed on its own: what a structure built on first use costs
  // the first reader (reads sharing a structure: the first of them in this list pays).
  const firstCpu = process.cpuUsage();
  const firstAt = performance.now();
  await read.run();
  const first = { wall: performance.now() - firstAt, cpu: process.cpuUsage(firstCpu) };
  for (let i = 0; i < 20; i++) await read.run();
  const sample = (await read.run()) as { rows?: { json: string }[]; json?: string | Buffer };
  const bytes = Buffer.byteLength(sample.rows ? `[${sample.rows.map((r) => r.json).join(',')}]` : (sample.json ?? JSON.stringify(sample)));
  const times: number[] = [];
  // CPU time too: on a shared machine the wall time is mostly other processes' turns.
  const cpu = process.cpuUsage();
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const answer = await read.run();
    // What the route does with it: the answer as JSON (a list page's bytes as the route writes them).
    const page = answer as { rows?: { json: string; table?: { jsonArray(rows: readonly unknown[]): Buffer } }[]; json?: string | Buffer };
    const table = page.rows?.[0]?.table;
    if (table) table.jsonArray(page.rows!);
    else if (page.rows) `[${page.rows.map((r) => r.json).join(',')}]`.length;
    else if (page.json === undefined) JSON.stringify(answer);
    times.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  // The query alone (the rows found, their text not read): what the plan costs beside the text.
  const planCpu = process.cpuUsage();
  for (let i = 0; i < 200; i++) await read.run();
  const plan = process.cpuUsage(planCpu);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${read.name.padEnd(30)} CPU ${((used.user + used.system) / 200 / 1000).toFixed(2)} ms a read (query alone ${((plan.user + plan.system) / 200 / 1000).toFixed(2)})  wall p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms  first ${first.wall.toFixed(2)} ms (CPU ${((first.cpu.user + first.cpu.system) / 1000).toFixed(2)})  ${(bytes / 1024).toFixed(0)} KB`);
}
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(process.env.BENCH_QUERIES_PROFILE!, JSON.stringify(profile));
}
