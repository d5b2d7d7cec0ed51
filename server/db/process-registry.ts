import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Schema, type Connection } from 'mongoose';
import type { Logger } from '../logger.js';
import { isDuplicateKey } from './errors.js';

/**
 * A lease in `shoal_processes`, read and written by `_id` only (the one filter FerretDB 1.24
 * answers without reading the whole collection). Two documents:
 * - `solo`: held by the one process that runs without `REDIS_URL`. Taken by an insert, so two
 *   processes starting at once cannot both get it (the `_id` is unique).
 * - `shared`: renewed by every process that runs with `REDIS_URL`.
 * A process without Redis refuses to start while either is live; one with Redis refuses while
 * `solo` is live. Without Redis, the per-record locks, the outbox's settling and the caches of
 * sessions and tokens are per process, so a second process would overwrite changes on FerretDB.
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    pid: { type: Number, required: true },
    host: { type: String, required: true },
    startedAt: { type: Date, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'shoal_processes', versionKey: false },
);

interface Lease {
  _id: 'solo' | 'shared';
  holder: string;
  pid: number;
  host: string;
  startedAt: Date;
  until: Date;
}

/** How often a process renews its lease. */
export const HEARTBEAT_MS = 2_000;
/** How long a lease lasts without renewal: a process that died (kill -9) frees it after this. */
export const LEASE_MS = 6_000;

/** Thrown when another live Shoal process makes this one unsafe; the message names `REDIS_URL`. */
export class SharedDatabaseError extends Error {}

function describe(lease: Lease): string {
  return `pid ${lease.pid} on ${lease.host}, started ${lease.startedAt.toISOString()}`;
}

function soloRunning(lease: Lease, dbName: string): SharedDatabaseError {
  return new SharedDatabaseError(
    `Another Shoal process (${describe(lease)}) is running on database "${dbName}" without REDIS_URL. ` +
      'Several Shoal processes on one database need the same REDIS_URL, every one of them (the per-record locks, ' +
      'the write settling and the ending of sessions go through it); without it run one process. Stop that ' +
      'process first, or give all of them REDIS_URL.',
  );
}

function sharedRunning(lease: Lease, dbName: string): SharedDatabaseError {
  return new SharedDatabaseError(
    `Other Shoal processes (the last one ${describe(lease)}) are running on database "${dbName}" with REDIS_URL. ` +
      'This one has no REDIS_URL: set the same REDIS_URL as theirs to run beside them, or stop them first ' +
      `(their lease ends ${LEASE_MS / 1000} s after the last one stops).`,
  );
}

/** Whether `pid` is a live process on this machine (signal 0 tests without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ProcessClaim {
  /** Frees the lease (a clean stop), so the next process need not wait for it to run out. */
  release(): Promise<void>;
}

export interface ClaimOptions {
  connection: Connection;
  /** True when this process shares locks and caches through Redis (`REDIS_URL`). */
  scaleOut: boolean;
  logger: Logger;
  /**
   * Called when a heartbeat finds another process that makes this one unsafe (two started at
   * the same moment, or this one was stalled past its lease); `server/main.ts` stops then.
   */
  onConflict(error: SharedDatabaseError): void;
}

/**
 * Registers this process on its database, or throws `SharedDatabaseError` (naming `REDIS_URL`)
 * when another live process makes running here unsafe. A lease that looks live is watched for
 * up to `LEASE_MS`: renewed means its process lives; run out means it died. A `solo` lease of
 * a process of this machine that no longer exists (kill -9, then a restart) is taken at once.
 */
export async function claimDatabase(options: ClaimOptions): Promise<ProcessClaim> {
  const { connection, scaleOut, logger } = options;
  const model = connection.model('ShoalProcess', leaseSchema);
  const me = { holder: randomUUID(), pid: process.pid, host: os.hostname(), startedAt: new Date() };
  const dbName = connection.name;
  const read = (id: Lease['_id']) => model.findById(id).lean<Lease>().exec();
  const lease = (id: Lease['_id']): Lease => ({ _id: id, ...me, until: new Date(Date.now() + LEASE_MS) });

  /** The live holder of `id` other than this process, if any (waits up to a lease to tell). */
  async function liveOther(id: Lease['_id']): Promise<Lease | undefined> {
    let seen = await read(id);
    const deadline = Date.now() + LEASE_MS + HEARTBEAT_MS;
    while (seen && seen.holder !== me.holder) {
      if (seen.until.getTime() <= Date.now()) return undefined;
      if (id === 'solo' && seen.host === me.host && !alive(seen.pid)) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await read(id);
      // Renewed (or taken by yet another process) while watched: someone is alive.
      if (now && (now.holder !== seen.holder || now.until.getTime() !== seen.until.getTime())) return now;
      if (Date.now() > deadline) return undefined;
      seen = now;
    }
    return undefined;
  }

  async function takeSolo(): Promise<void> {
    for (;;) {
      try {
        await model.collection.insertOne(lease('solo') as never);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const other = await liveOther('solo');
      if (other) throw soloRunning(other, dbName);
      const stale = await read('solo');
      if (stale && stale.holder !== me.holder) await model.deleteOne({ _id: 'solo', holder: stale.holder });
    }
  }

  if (scaleOut) {
    const solo = await liveOther('solo');
    if (solo) throw soloRunning(solo, dbName);
    await model.updateOne({ _id: 'shared' }, { $set: lease('shared') }, { upsert: true });
  } else {
    const shared = await liveOther('shared');
    if (shared) throw sharedRunning(shared, dbName);
    await takeSolo();
  }
  logger.debug({ scaleOut }, 'registered this process on its database');

  let stopped = false;
  async function heartbeat(): Promise<void> {
    if (scaleOut) {
      const solo = await read('solo');
      if (solo && solo.until.getTime() > Date.now()) throw soloRunning(solo, dbName);
      await model.updateOne({ _id: 'shared' }, { $set: lease('shared') }, { upsert: true });
      return;
    }
    const [solo, shared] = await Promise.all([read('solo'), read('shared')]);
    if (solo && solo.holder !== me.holder) throw soloRunning(solo, dbName);
    if (shared && shared.until.getTime() > Date.now()) throw sharedRunning(shared, dbName);
    if (solo) await model.updateOne({ _id: 'solo' }, { $set: { until: new Date(Date.now() + LEASE_MS) } });
    else await takeSolo();
  }
  const timer = setInterval(() => {
    heartbeat().catch((error: unknown) => {
      if (stopped) return;
      if (error instanceof SharedDatabaseError) {
        stopped = true;
        clearInterval(timer);
        options.onConflict(error);
      } else logger.warn({ err: error }, 'could not renew this process lease; retrying');
    });
  }, HEARTBEAT_MS);
  timer.unref();

  return {
    async release() {
      stopped = true;
      clearInterval(timer);
      if (!scaleOut) await model.deleteOne({ _id: 'solo', holder: me.holder }).catch(() => undefined);
    },
  };
}
