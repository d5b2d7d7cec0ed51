/**
 * `tsx --expose-gc bench/read-model-memory.ts`: the read model's own cost at SPEC section 10's
 * large data set, without a database: the records the bench seeds are converted to their API
 * form, put into a fresh read state, then checkpointed and read back. Prints the heap and
 * resident memory per record kind and the checkpoint's write and read times
 * (`BENCH_READS_FRACTION` scales the data set down).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { toContact } from '../server/contacts/contact.service.js';
import { toCustomer } from '../server/customers/customer.service.js';
import { toInteraction } from '../server/interactions/interaction.service.js';
import { toOpportunity } from '../server/opportunities/opportunity.service.js';
import { toTask } from '../server/tasks/task.service.js';
import { createCheckpoints } from '../server/read-model/checkpoint.js';
import { newState, TABLE_NAMES, type ReadState } from '../server/read-model/read-model.js';
import { createLogger } from '../server/logger.js';
import { largeData } from './reads-data.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const mem = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
};
const users = Array.from({ length: 10 }, () => new ObjectId().toHexString());
const base = mem();
let state: ReadState | undefined = newState();
const convert = { customers: ['customer', toCustomer], contacts: ['contact', toContact], deals: ['opportunity', toOpportunity], interactions: ['interaction', toInteraction], tasks: ['task', toTask] } as const;
const began = Date.now();
for (const slice of largeData(users, Date.now())) {
  for (const [kind, [table, to]] of Object.entries(convert)) for (const doc of slice[kind as keyof typeof convert]) (state.tables[table] as any).put((to as (d: never) => unknown)(doc as never));
}
for (const name of TABLE_NAMES) state.tables[name].compact();
const loaded = mem();
console.log(`put every record: ${((Date.now() - began) / 1000).toFixed(1)} s; heap ${mb(loaded.heap - base.heap)}, rss ${mb(loaded.rss)}`);
for (const name of TABLE_NAMES) console.log(`  ${name}: ${state.tables[name].size} records`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'shoal-rm-memory-'));
const epochs = { findOne: async () => ({ _id: 'epoch', value: 'bench' }), insertOne: async () => undefined };
const connection = { name: 'bench', db: { collection: () => epochs } } as never;
const checkpoints = createCheckpoints({ dir, connection, logger: createLogger('warn') });
let t = Date.now();
await checkpoints.write(state);
console.log(`checkpoint written: ${((Date.now() - t) / 1000).toFixed(1)} s, ${mb(statSync(checkpoints.file).size)}`);
state = undefined;
const dropped = mem();
t = Date.now();
state = await checkpoints.read(newState);
if (!state) throw new Error('checkpoint not read');
const reread = mem();
console.log(`checkpoint read: ${((Date.now() - t) / 1000).toFixed(1)} s; heap ${mb(reread.heap - dropped.heap)}, rss ${mb(reread.rss)}`);
const heapOnly = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return `JS heap ${mb(m.heapUsed)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`;
};
console.log(`after the read: ${heapOnly()}`);
// Every sort's ordered index built, as the reads build those they use.
if (!process.env.NO_SORTS) for (const name of TABLE_NAMES) {
  const table = state.tables[name] as any;
  for (const sort of Object.keys(table.spec.sorts)) table.query({ sort, limit: 1 });
}
const sorted = mem();
console.log(`every sort tree built: rss ${mb(sorted.rss)}, ${heapOnly()}`);
// Each kind's share: its table replaced by an empty one; its parts as the table reports them.
const perRecord = (bytes: number, n: number) => (n ? (bytes / n).toFixed(0) : '-');
console.log('bytes per record (measured heap drop; table.footprintParts()):');
// (Each step in a function of its own, so no register of this frame keeps the old table alive.)
const partsOf = (name: (typeof TABLE_NAMES)[number]) => ({ n: state!.tables[name].size, parts: state!.tables[name].footprintParts() });
const drop = (name: (typeof TABLE_NAMES)[number]) => {
  (state!.tables as any)[name] = newState().tables[name];
};
for (const name of TABLE_NAMES) {
  const { n, parts } = partsOf(name);
  const before = mem();
  drop(name);
  const after = mem();
  console.log(`  ${name}: ${perRecord(before.heap - after.heap, n)} B/record (${mb(before.heap - after.heap)}); ${Object.entries(parts).map(([k, v]) => `${k} ${perRecord(v, n)}`).join(', ')}`);
}
rmSync(dir, { recursive: true, force: true });
