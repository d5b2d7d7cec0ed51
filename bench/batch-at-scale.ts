import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { ObjectId, type Db } from 'mongodb';

/** Blocks of 5,000 (5 requests or insertMany calls of 1,000), alternating: raw, Shoal, Shoal, raw. */
const PER_CALL = 1_000;
const PER_BLOCK = 5_000;

export interface BatchAtScaleResult {
  shoalPerSecond: number;
  rawPerSecond: number;
  ratio: number;
  /** Each block's rate, in the order run. */
  blocks: { side: 'raw' | 'shoal'; perSecond: number }[];
  /**
   * CPU time per 1,000 records (ms): Shoal's server process and the engine during Shoal's
   * blocks; the bench's process (the raw driver) and the engine during the raw blocks. NaN
   * when the engine is not a local process.
   */
  cpu: { shoal: number; shoalEngine: number; raw: number; rawEngine: number };
  /** The 1-minute load average before and after. */
  load: [number, number];
}

/** CPU time (user + system, ms) of a process from /proc, NaN when it is not there. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(stat[11]) + Number(stat[12])) * 10;
  } catch {
    return NaN;
  }
}

/** The embedded engine's process: the one whose command line names the bench's data folder. */
export function enginePidOf(dataDir: string): number | undefined {
  const pid = readdirSync('/proc').find((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${dataDir}/ferretdb`);
    } catch {
      return false;
    }
  });
  return pid === undefined ? undefined : Number(pid);
}

/**
 * SPEC section 10's batch row at the large data set: 10,000 interactions with customer
 * references through `POST /api/interactions/batch` (1,000 a request) against the raw driver's
 * `insertMany` of the same documents as Shoal stores them (1,000 a call, unordered as Shoal's).
 * The raw side writes into Shoal's own `interactions` collection, so both sides pay the same
 * index upkeep on a table of the same size (a million rows at full size: a fresh collection
 * would make the raw side's inserts cheaper than any insert Shoal can make); its documents are
 * deleted by `_id` afterwards, as Shoal's are through its API. Both sides' request bodies and
 * documents are built before the clock starts. Beside the rates it reports the CPU time each
 * side took per 1,000 (Shoal's process or the bench's, and the engine's), which a shared
 * machine's load moves much less than the rates.
 */
export async function runBatchAtScale(options: {
  db: Db;
  url: string;
  headers: Record<string, string>;
  /** The interactions to create: documents as the service stores them. */
  sample: Record<string, unknown>[];
  /** Whose token the requests carry (the raw documents name them as who logged them). */
  userId: string;
  shoalPid: number;
  enginePid: number | undefined;
}): Promise<BatchAtScaleResult & { cleanUp(): Promise<void> }> {
  const { db, url, headers, sample, shoalPid, enginePid } = options;
  const loadBefore = os.loadavg()[0]!;
  const interactions = db.collection('interactions');
  const bodies = (from: number) =>
    Array.from({ length: PER_BLOCK / PER_CALL }, (_, b) =>
      JSON.stringify({
        create: sample.slice(from + b * PER_CALL, from + (b + 1) * PER_CALL).map((i) => ({ customerId: i.customerId, type: i.type, date: (i.date as Date).toISOString(), subject: i.subject, notes: i.notes, durationMinutes: i.durationMinutes })),
      }),
    );
  // As Shoal's service stores them: no contact (the requests name none), who sent them, now.
  const rawDocs = (from: number) =>
    Array.from({ length: PER_BLOCK / PER_CALL }, (_, b) =>
      sample.slice(from + b * PER_CALL, from + (b + 1) * PER_CALL).map(({ _id, contactId: _c, ...rest }) => {
        const at = new Date();
        return { ...rest, _id: new ObjectId(), userId: options.userId, createdAt: at, updatedAt: at };
      }),
    );
  const created: string[] = [];
  const rawIds: ObjectId[] = [];
  const spent = { shoal: 0, shoalEngine: 0, raw: 0, rawEngine: 0 };
  const blocks: BatchAtScaleResult['blocks'] = [];
  const ownCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };

  async function shoalBlock(from: number): Promise<void> {
    const requests = bodies(from);
    const marked = process.hrtime.bigint();
    const [c0, e0, t0] = [cpuMs(shoalPid), cpuMs(enginePid), performance.now()];
    for (const body of requests) {
      const res = await fetch(`${url}/api/interactions/batch`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`batch: ${res.status} ${(await res.text()).slice(0, 300)}`);
      const answer = (await res.json()) as { create?: { record?: { id: string } }[] };
      for (const item of answer.create ?? []) if (item.record) created.push(item.record.id);
    }
    const ms = performance.now() - t0;
    // A CPU profile of Shoal's process (NODE_OPTIONS=--cpu-prof) is cut to these blocks by these marks (µs, the monotonic clock V8 stamps samples with).
    if (process.env.BENCH_BATCH_MARKS) console.log(`    shoal block: ${(marked / 1000n).toString()} ${(process.hrtime.bigint() / 1000n).toString()}`);
    spent.shoal += cpuMs(shoalPid) - c0;
    spent.shoalEngine += cpuMs(enginePid) - e0;
    blocks.push({ side: 'shoal', perSecond: PER_BLOCK / (ms / 1000) });
  }

  async function rawBlock(from: number): Promise<void> {
    const calls = rawDocs(from);
    for (const docs of calls) for (const d of docs) rawIds.push(d._id);
    const [c0, e0, t0] = [ownCpu(), cpuMs(enginePid), performance.now()];
    for (const docs of calls) await interactions.insertMany(docs, { ordered: false });
    const ms = performance.now() - t0;
    spent.raw += ownCpu() - c0;
    spent.rawEngine += cpuMs(enginePid) - e0;
    blocks.push({ side: 'raw', perSecond: PER_BLOCK / (ms / 1000) });
  }

  const cleanUp = async () => {
    // Shoal's through its API (their events), the raw ones by `_id` (the one filter FerretDB does not scan for).
    for (let i = 0; i < created.length; i += PER_CALL) {
      await fetch(`${url}/api/interactions/batch`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ delete: created.slice(i, i + PER_CALL) }) });
    }
    created.length = 0;
    for (let i = 0; i < rawIds.length; i += PER_CALL) {
      await interactions.bulkWrite(rawIds.slice(i, i + PER_CALL).map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
    }
    rawIds.length = 0;
  };

  try {
    await rawBlock(0);
    await shoalBlock(0);
    await shoalBlock(PER_BLOCK);
    await rawBlock(PER_BLOCK);
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
  const total = (side: 'raw' | 'shoal') => {
    const rates = blocks.filter((b) => b.side === side).map((b) => b.perSecond);
    // Records over the blocks' total time.
    return rates.length / rates.reduce((sum, r) => sum + 1 / r, 0);
  };
  const per = (ms: number) => ms / ((2 * PER_BLOCK) / 1000);
  const shoalPerSecond = total('shoal');
  const rawPerSecond = total('raw');
  return {
    shoalPerSecond,
    rawPerSecond,
    ratio: shoalPerSecond / rawPerSecond,
    blocks,
    cpu: { shoal: per(spent.shoal), shoalEngine: per(spent.shoalEngine), raw: per(spent.raw), rawEngine: per(spent.rawEngine) },
    load: [loadBefore, os.loadavg()[0]!],
    cleanUp,
  };
}
