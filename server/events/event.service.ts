import { AsyncLocalStorage } from 'node:async_hooks';
import { trusted } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { ChangeEvent, ChangeOp, EntityName } from '../../shared/events.js';
import { isDuplicateKey } from '../db/errors.js';
import { AppError } from '../http/app-error.js';
import { KeyedLock } from '../lib/keyed-lock.js';
import type { Logger } from '../logger.js';
import type { EventModel } from './event.model.js';

/** A change as a service describes it; the log adds `seq` and `at`. */
export interface ChangeInput {
  entity: EntityName;
  op: ChangeOp;
  id: string;
  data: Record<string, unknown> | null;
  version: number;
  fields?: string[];
  actor: Actor;
}

export type ChangeListener = (event: ChangeEvent) => void;
/** Receives the changes to send to clients, in `seq` order, grouped as they should travel. */
export type BroadcastListener = (events: ChangeEvent[]) => void;

/** The most changes one broadcast group holds. */
export const BROADCAST_GROUP = 500;

export interface EventLog {
  /** Appends one event with the next `seq` and hands it to every listener, in `seq` order. */
  append(change: ChangeInput): Promise<ChangeEvent>;
  /** Appends several events with consecutive `seq`s in one write. */
  appendMany(changes: ChangeInput[]): Promise<ChangeEvent[]>;
  /**
   * Runs `work` as one batch: the changes it makes reach the broadcast listeners in groups of
   * up to 500, not one by one (a batch of 1,000 changes is two socket messages).
   */
  batch<T>(work: () => Promise<T>): Promise<T>;
  /** Every change as it is appended, one at a time (roll-ups). */
  /** Events with `seq > after`, oldest first; 410 when some of them are no longer kept. */
  since(after: number, limit: number): Promise<{ events: ChangeEvent[]; latest: number }>;
  /** The newest `seq` handed out (0 before the first change). */
  latest(): Promise<number>;
  subscribe(listener: ChangeListener): () => void;
  /** The changes grouped for sending: one a group, or a batch's in groups (clients). */
  subscribeBroadcast(listener: BroadcastListener): () => void;
  /** Deletes events older than the retention window, always keeping the newest. */
  prune(now: Date): Promise<number>;
}


type StoredEvent = {
  seq: number;
  entity: string;
  op: string;
  recordId: string;
  data: Record<string, unknown> | null;
  version: number;
  fields?: string[];
  actor: Actor;
  at: Date;
};

const toEvent = (doc: StoredEvent): ChangeEvent => ({
  seq: doc.seq,
  entity: doc.entity as EntityName,
  op: doc.op as ChangeOp,
  id: doc.recordId,
  data: doc.data,
  version: doc.version,
  ...(doc.fields ? { fields: doc.fields } : {}),
  actor: { id: doc.actor.id, name: doc.actor.name },
  at: doc.at.toISOString(),
});

/**
 * The event log. `seq` values come from one in-process counter under a lock, so they are
 * strictly increasing without duplicates on any engine; the unique index on `seq` catches
 * another Shoal process that appended meanwhile, and the counter is reloaded and the append
 * retried.
 */
export function createEventLog(deps: { model: EventModel; logger: Logger; clock: () => Date; retentionDays: number }): EventLog {
  const { model, logger, clock, retentionDays } = deps;
  const lock = new KeyedLock();
  const listeners = new Set<ChangeListener>();
  const broadcasters = new Set<BroadcastListener>();
  /** The changes of the batch running in this async context, not yet broadcast. */
  const batchScope = new AsyncLocalStorage<ChangeEvent[]>();
  let next: number | undefined;

  async function loadLatest(): Promise<number> {
    const newest = await model.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean<{ seq: number }>();
    return newest?.seq ?? 0;
  }

  /**
   * The newest `seq`, from the in-process counter (loaded from the log once: FerretDB answers
   * that sorted query by reading every event). `??=` keeps a value an append set meanwhile.
   */
  async function latest(): Promise<number> {
    if (next === undefined) {
      const loaded = (await loadLatest()) + 1;
      next ??= loaded;
    }
    return next - 1;
  }

  /** Hands appended events to the listeners: each one by one, and grouped for broadcast. */
  function publish(appended: ChangeEvent[], batch: ChangeEvent[] | undefined): void {
    for (const event of appended) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger.error({ err: error, seq: event.seq }, 'change listener failed');
        }
      }
    }
    if (!batch) return broadcast(appended);
    batch.push(...appended);
    if (batch.length >= BROADCAST_GROUP) broadcast(batch.splice(0));
  }

  function broadcast(events: ChangeEvent[]): void {
    for (let i = 0; i < events.length; i += BROADCAST_GROUP) {
      const group = events.slice(i, i + BROADCAST_GROUP);
      for (const listener of broadcasters) {
        try {
          listener(group);
        } catch (error) {
          logger.error({ err: error, seq: group[0]?.seq }, 'broadcast listener failed');
        }
      }
    }
  }

  /** Stores `changes` with the next `seq`s (one write), retrying once the counter is reloaded when another process took them. */
  async function store(changes: ChangeInput[]): Promise<ChangeEvent[]> {
    return lock.run('append', async () => {
      for (let attempt = 0; ; attempt++) {
        next ??= (await loadLatest()) + 1;
        const at = clock();
        const first = next;
        const stored: StoredEvent[] = changes.map((change, i) => ({
          seq: first + i,
          entity: change.entity,
          op: change.op,
          recordId: change.id,
          data: change.data,
          version: change.version,
          ...(change.fields ? { fields: change.fields } : {}),
          actor: change.actor,
          at,
        }));
        try {
          if (stored.length === 1) await model.collection.insertOne({ ...stored[0]! });
          else await model.collection.insertMany(stored.map((e) => ({ ...e })), { ordered: true });
        } catch (error) {
          next = undefined;
          // Only a single append can be retried whole: an insertMany may have stored some.
          if (isDuplicateKey(error) && stored.length === 1 && attempt < 20) continue;
          throw error;
        }
        next = first + stored.length;
        return stored.map(toEvent);
      }
    });
  }

  async function append(change: ChangeInput): Promise<ChangeEvent> {
    const batch = batchScope.getStore();
    const [event] = await store([change]);
    publish([event!], batch);
    return event!;
  }

  async function appendMany(changes: ChangeInput[]): Promise<ChangeEvent[]> {
    if (changes.length === 0) return [];
    const batch = batchScope.getStore();
    const appended = await store(changes);
    publish(appended, batch);
    return appended;
  }

  async function batch<T>(work: () => Promise<T>): Promise<T> {
    const pending: ChangeEvent[] = [];
    try {
      return await batchScope.run(pending, work);
    } finally {
      // What the batch changed is sent even if it stopped half way.
      pending.sort((a, b) => a.seq - b.seq);
      broadcast(pending);
    }
  }

  async function since(after: number, limit: number) {
    const docs = await model.find({ seq: trusted({ $gt: after }) }).sort({ seq: 1 }).limit(limit).lean<StoredEvent[]>();
    const newest = Math.max(await latest(), docs.at(-1)?.seq ?? 0);
    if (after > newest) {
      throw new AppError('EVENTS_EXPIRED', `No change ${after} exists yet (the newest is ${newest}); refetch the records.`, {
        extra: { latest: newest },
      });
    }
    const first = docs[0];
    if (after < newest && (!first || first.seq !== after + 1)) {
      throw new AppError('EVENTS_EXPIRED', `Changes after ${after} are no longer kept; refetch the records.`, { extra: { latest: newest } });
    }
    return { events: docs.map(toEvent), latest: newest };
  }

  async function prune(now: Date): Promise<number> {
    const newest = await latest();
    const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
    const result = await model.deleteMany({ at: trusted({ $lt: cutoff }), seq: trusted({ $lt: newest }) });
    return result.deletedCount;
  }

  return {
    append,
    appendMany,
    batch,
    since,
    latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeBroadcast(listener) {
      broadcasters.add(listener);
      return () => broadcasters.delete(listener);
    },
    prune,
  };
}
