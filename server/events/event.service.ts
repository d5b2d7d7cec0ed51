import { AsyncLocalStorage } from 'node:async_hooks';
import { trusted, type Types } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { ChangeEvent, ChangeOp, EntityName } from '../../shared/events.js';
import { isDuplicateKey } from '../db/errors.js';
import { deflateJson, inflateJson, type StoredBinary } from '../db/packed.js';
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

/** How many of the newest changes the log keeps in memory for replays. */
const RECENT = 20_000;

/** The most changes one broadcast group holds. */
export const BROADCAST_GROUP = 500;

/** How an append is stored: `id`, the `_id` of the event document (the outbox's intent, see outbox.ts). */
export interface AppendOptions {
  id?: Types.ObjectId;
  /** What `packGroup` made of exactly these changes (the outbox's intent holds it too): stored as it is. */
  packed?: Buffer;
}

export interface EventLog {
  /** Appends one event with the next `seq` and hands it to every listener, in `seq` order. */
  append(change: ChangeInput, options?: AppendOptions): Promise<ChangeEvent>;
  /** Appends several events with consecutive `seq`s in one write. */
  appendMany(changes: ChangeInput[], options?: AppendOptions): Promise<ChangeEvent[]>;
  /**
   * Runs `work` as one batch: the changes it makes reach the broadcast listeners in groups of
   * up to 500, not one by one (a batch of 1,000 changes is two socket messages).
   */
  batch<T>(work: () => Promise<T>): Promise<T>;
  /** Events with `seq > after`, oldest first; 410 when some of them are no longer kept. */
  since(after: number, limit: number): Promise<{ events: ChangeEvent[]; latest: number }>;
  /** The newest `seq` handed out (0 before the first change). */
  latest(): Promise<number>;
  /**
   * Changes another Shoal process appended (scale-out): they move the `seq` counter on and
   * reach the per-change listeners; clients already got them through the Socket.IO adapter.
   */
  receive(changes: ChangeEvent[]): void;
  /** Every change as it is appended, here or by another process, one at a time (roll-ups). */
  subscribe(listener: ChangeListener): () => void;
  /** The changes grouped for sending: one a group, or a batch's in groups (clients). */
  subscribeBroadcast(listener: BroadcastListener): () => void;
  /** Deletes events older than the retention window, always keeping the newest. */
  prune(now: Date): Promise<number>;
}


/** A change as stored, without its place in the log. */
type StoredChange = {
  entity: string;
  op: string;
  recordId: string;
  data: Record<string, unknown> | null;
  version: number;
  fields?: string[];
  actor: Actor;
};
type StoredEvent = StoredChange & { seq: number; at: Date };
/**
 * Consecutive events appended together: `seq` to `last`, in `packed` as deflated JSON (see
 * event.model.ts), or in `group` as JSON text (how groups were stored before `packed`).
 */
type StoredGroup = { seq: number; last: number; at: Date; packed?: StoredBinary; group?: string };
type StoredDoc = StoredEvent | StoredGroup;

/** The event of a change appended at `seq`: what `toEvent` makes of it once stored, without a JSON round trip. */
const appendedEvent = (change: ChangeInput, seq: number, at: string): ChangeEvent =>
  ({
    seq,
    entity: change.entity,
    op: change.op,
    id: change.id,
    data: change.data,
    version: change.version,
    ...(change.fields ? { fields: change.fields } : {}),
    actor: { id: change.actor.id, name: change.actor.name },
    at,
  }) as ChangeEvent;

const storedChange = (change: ChangeInput): StoredChange => ({
  entity: change.entity,
  op: change.op,
  recordId: change.id,
  data: change.data,
  version: change.version,
  ...(change.fields ? { fields: change.fields } : {}),
  actor: change.actor,
});

/** Several changes as one group of the log stores them: deflated JSON (db/packed.ts). */
export const packGroup = (changes: ChangeInput[]): Buffer => deflateJson(JSON.stringify(changes.map(storedChange)));

/** The changes `packGroup` stored. */
export const unpackGroup = (packed: StoredBinary): ChangeInput[] =>
  (JSON.parse(inflateJson(packed)) as StoredChange[]).map((c) => ({
    entity: c.entity as EntityName,
    op: c.op as ChangeOp,
    id: c.recordId,
    data: c.data,
    version: c.version,
    ...(c.fields ? { fields: c.fields } : {}),
    actor: c.actor,
  }));

/** Whether FerretDB stores a value's keys as they are: none starts with `$` or holds a `.`. */
function storableKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(storableKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return true;
  return Object.entries(value).every(([key, inner]) => !key.startsWith('$') && !key.includes('.') && storableKeys(inner));
}

/** The events a stored document holds, oldest first. */
function eventsOf(doc: StoredDoc): ChangeEvent[] {
  const text = 'packed' in doc && doc.packed ? inflateJson(doc.packed) : 'group' in doc ? doc.group : undefined;
  return text ? groupOf(text, doc.seq, doc.at) : [toEvent(doc as StoredEvent)];
}
const groupOf = (text: string, seq: number, at: Date): ChangeEvent[] => (JSON.parse(text) as StoredChange[]).map((change, i) => toEvent({ ...change, seq: seq + i, at }));

// The log holds what the services appended (each kind with its own record); the shared union types it.
const toEvent = (doc: StoredEvent): ChangeEvent =>
  ({
  seq: doc.seq,
  entity: doc.entity as EntityName,
  op: doc.op as ChangeOp,
  id: doc.recordId,
  data: doc.data,
  version: doc.version,
  ...(doc.fields ? { fields: doc.fields } : {}),
  actor: { id: doc.actor.id, name: doc.actor.name },
  at: doc.at.toISOString(),
  }) as ChangeEvent;

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
  /**
   * The batches running now. The scope is switched off whenever none is: on Node 20 an enabled
   * AsyncLocalStorage hooks every promise the process makes (about 7 % of a list request's CPU
   * from the first batch on, measured). And a change appended by work a batch left running
   * after it ended (its scope still says that batch) is broadcast at once, not kept for a
   * broadcast that has been sent.
   */
  const openBatches = new Set<ChangeEvent[]>();
  let next: number | undefined;
  /**
   * The newest changes (up to RECENT), so replaying what a client or the read model missed
   * reads no collection (FerretDB would scan the whole log for a `seq` range).
   */
  const recent: ChangeEvent[] = [];

  /** The newest document of the log (a single event or a group). */
  async function newestDoc(): Promise<{ seq: number; last?: number } | null> {
    return model.findOne({}, { seq: 1, last: 1 }).sort({ seq: -1 }).lean<{ seq: number; last?: number }>();
  }

  async function loadLatest(): Promise<number> {
    const newest = await newestDoc();
    return newest ? (newest.last ?? newest.seq) : 0;
  }

  /**
   * The first reading of the log's position, done once: FerretDB answers `newestDoc`'s sorted
   * query by reading every event anyway, so the whole log is streamed in one pass instead and
   * its newest RECENT events are kept, so that replays after a start (the read model's catch-up
   * from its checkpoint, a client's `GET /api/events?after=`) come from memory, not from a scan
   * per page of 1,000.
   */
  let warming: Promise<number> | undefined;
  async function warm(): Promise<number> {
    let newest = 0;
    let kept: ChangeEvent[] = [];
    const newestOf = (list: ChangeEvent[]) => list.sort((a, b) => a.seq - b.seq).slice(-RECENT);
    for await (const doc of model.find({}).lean<StoredDoc>().cursor({ batchSize: 1000 })) {
      for (const event of eventsOf(doc)) {
        kept.push(event);
        if (event.seq > newest) newest = event.seq;
      }
      if (kept.length > 2 * RECENT) kept = newestOf(kept);
    }
    remember(newestOf(kept));
    return newest;
  }

  /** The newest `seq`, from the in-process counter (`warm` sets it first). `??=` keeps a value an append set meanwhile. */
  async function latest(): Promise<number> {
    if (next === undefined) {
      const loaded = (await (warming ??= warm())) + 1;
      next ??= loaded;
    }
    return next - 1;
  }

  /** Hands events to the per-change listeners, one by one. */
  function tell(appended: ChangeEvent[]): void {
    remember(appended);
    for (const event of appended) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger.error({ err: error, seq: event.seq }, 'change listener failed');
        }
      }
    }
  }

  /** Hands appended events to the listeners: each one by one, and grouped for broadcast. */
  function publish(appended: ChangeEvent[], batch: ChangeEvent[] | undefined): void {
    tell(appended);
    if (!batch || !openBatches.has(batch)) return broadcast(appended);
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

  /**
   * Stores `changes` with the next `seq`s in one document (a group when there are several),
   * retrying once the counter is reloaded when another process took those `seq`s.
   */
  async function store(changes: ChangeInput[], options: AppendOptions = {}): Promise<ChangeEvent[]> {
    let packed: Buffer | undefined;
    return lock.run('append', async () => {
      for (let attempt = 0; ; attempt++) {
        // After another process took our seq, only its newest is needed again (one sorted query).
        if (next === undefined) next = warming ? (await loadLatest()) + 1 : (await latest()) + 1;
        const at = clock();
        const first = next;
        // One change is one document of fields, unless FerretDB would refuse its data's keys (a saved
        // view's filters are named `custom.tier`): then, like a group, deflated JSON.
        const single = changes.length === 1 && storableKeys(changes[0]!.data);
        // A batch's thousand events, deflated: FerretDB writes them in a fraction of the time (db/packed.ts).
        // The text is made (and deflated) once, not again when an append is retried.
        packed ??= single ? undefined : (options.packed ?? packGroup(changes));
        const doc: StoredDoc = packed ? { seq: first, last: first + changes.length - 1, at, packed } : { ...storedChange(changes[0]!), seq: first, at };
        try {
          await model.collection.insertOne({ ...doc, ...(options.id ? { _id: options.id } : {}) });
        } catch (error) {
          next = undefined;
          if (isDuplicateKey(error) && attempt < 20) continue;
          throw error;
        }
        next = first + changes.length;
        const stamp = at.toISOString();
        return changes.map((change, i) => appendedEvent(change, first + i, stamp));
      }
    });
  }

  async function append(change: ChangeInput, options?: AppendOptions): Promise<ChangeEvent> {
    const batch = batchScope.getStore();
    const [event] = await store([change], options);
    publish([event!], batch);
    return event!;
  }

  async function appendMany(changes: ChangeInput[], options?: AppendOptions): Promise<ChangeEvent[]> {
    if (changes.length === 0) return [];
    const batch = batchScope.getStore();
    const appended = await store(changes, options);
    publish(appended, batch);
    return appended;
  }

  async function batch<T>(work: () => Promise<T>): Promise<T> {
    const pending: ChangeEvent[] = [];
    openBatches.add(pending);
    try {
      return await batchScope.run(pending, work);
    } finally {
      openBatches.delete(pending);
      if (openBatches.size === 0) batchScope.disable();
      // What the batch changed is sent even if it stopped half way.
      pending.sort((a, b) => a.seq - b.seq);
      broadcast(pending);
    }
  }

  /** Keeps the newest events in `seq` order (another process's may come a little out of order). */
  function remember(appended: ChangeEvent[]): void {
    for (const event of appended) {
      let i = recent.length;
      while (i > 0 && recent[i - 1]!.seq > event.seq) i--;
      if (recent[i - 1]?.seq === event.seq) continue;
      recent.splice(i, 0, event);
    }
    if (recent.length > RECENT + RECENT / 4) recent.splice(0, recent.length - RECENT);
  }

  /** The events after `after` from memory, when memory holds all of them without a gap. */
  function fromMemory(after: number, limit: number): ChangeEvent[] | undefined {
    if (!recent.length || recent[0]!.seq > after + 1 || next === undefined) return undefined;
    let lo = 0;
    let hi = recent.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (recent[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    const found = recent.slice(lo, lo + limit);
    for (let i = 0; i < found.length; i++) if (found[i]!.seq !== after + 1 + i) return undefined;
    // Memory must reach the newest seq handed out, or be a full page.
    if (found.length < limit && (found.at(-1)?.seq ?? after) !== next - 1) return undefined;
    return found;
  }

  async function since(after: number, limit: number) {
    const remembered = fromMemory(after, limit);
    if (remembered) return { events: remembered, latest: Math.max(await latest(), remembered.at(-1)?.seq ?? 0) };
    // The newest seq before the query, not after: an event appended while the query runs would
    // otherwise be counted as newest yet missing from the answer, a gap answered 410 (a client
    // replaying right after a restart refetched instead of getting the change).
    const known = await latest();
    // A group that began before `after` may still hold later events.
    const docs = await model
      .find({ $or: [{ seq: trusted({ $gt: after }) }, { last: trusted({ $gt: after }) }] })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<StoredDoc[]>();
    const found = docs.flatMap(eventsOf).filter((e) => e.seq > after);
    const newest = Math.max(known, found.at(-1)?.seq ?? 0);
    if (after > newest) {
      throw new AppError('EVENTS_EXPIRED', `No change ${after} exists yet (the newest is ${newest}); refetch the records.`, {
        extra: { latest: newest },
      });
    }
    const first = found[0];
    if (after < newest && (!first || first.seq !== after + 1)) {
      throw new AppError('EVENTS_EXPIRED', `Changes after ${after} are no longer kept; refetch the records.`, { extra: { latest: newest } });
    }
    return { events: found.slice(0, limit), latest: newest };
  }

  async function prune(now: Date): Promise<number> {
    const newest = await newestDoc();
    if (!newest) return 0;
    const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
    const result = await model.deleteMany({ at: trusted({ $lt: cutoff }), seq: trusted({ $lt: newest.seq }) });
    // What the log no longer keeps is not replayed from memory either.
    const keep = recent.findIndex((e) => Date.parse(e.at) >= cutoff.getTime() || e.seq >= newest.seq);
    recent.splice(0, keep < 0 ? recent.length : keep);
    return result.deletedCount;
  }

  function receive(changes: ChangeEvent[]): void {
    const newest = Math.max(...changes.map((e) => e.seq));
    // Not behind another process: the next local append takes the seq after its newest.
    if (next !== undefined && newest >= next) next = newest + 1;
    tell(changes);
  }

  return {
    append,
    appendMany,
    receive,
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
