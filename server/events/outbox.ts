import { Schema, Types, trusted, type Connection, type Model } from 'mongoose';
import type { ChangeEvent, ChangeOp, EntityName } from '../../shared/events.js';
import { deflateJson, inflateJson, type StoredBinary } from '../db/packed.js';
import { AppError } from '../http/app-error.js';
import type { Logger } from '../logger.js';
import { packGroup, unpackGroup, type ChangeInput, type EventLog } from './event.service.js';
import type { EventModel } from './event.model.js';

/**
 * An intent: the changes a write is about to make, stored before it makes them. Its `_id`
 * becomes the `_id` of their event document, so whether the events were appended is one read
 * by `_id` (the only read FerretDB 1.24 answers without a scan). See docs/write-path.md.
 */
const intentSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    /**
     * The changes and the record locks the write held (the next writer of one of them settles
     * the intent first), as deflated JSON (`pack`): one binary field, a tenth the size of the text.
     */
    packed: { type: Buffer },
    /**
     * Several changes, as their event group will store them (`packGroup`): the same bytes are
     * appended as the group, so a batch's changes are serialised and deflated once. The keys
     * are then each change's own `entity:id`, or `packed` holds them (`pack` with no changes).
     */
    group: { type: Buffer },
    /** The changes as JSON text and the keys as an array: how intents were stored before `packed`. */
    changes: { type: String },
    keys: { type: [String], default: undefined },
    at: { type: Date, required: true },
  },
  { collection: 'outbox', versionKey: false },
);

export interface Intent {
  _id: Types.ObjectId;
  changes: ChangeInput[];
  keys: string[];
}

/**
 * An intent's changes and keys as stored: deflated JSON (server/db/packed.ts). A batch's
 * intent holds a thousand changes and a thousand keys, and is written before every batch's
 * record write: as a string and an array FerretDB took longer over it than over the batch's
 * events.
 */
export const pack = (changes: ChangeInput[], keys: string[]): Buffer => deflateJson(JSON.stringify({ changes, keys }));

/** Each change's own record lock, the keys an intent of a group holds unless it says otherwise. */
const ownKeys = (changes: ChangeInput[]) => changes.map((c) => `${c.entity}:${c.id}`);
/** Whether `keys` are `ownKeys(changes)`, tested without making them (a batch's thousand). */
const areOwnKeys = (keys: string[], changes: ChangeInput[]) =>
  keys.length === changes.length &&
  changes.every(({ entity, id }, i) => {
    const key = keys[i]!;
    return key.length === entity.length + 1 + id.length && key.startsWith(entity) && key.charCodeAt(entity.length) === 58 && key.endsWith(id);
  });

/** An intent as stored: several changes as their group (`packGroup`), else `pack`ed. */
function storedIntent(intent: Intent): { group?: Buffer; packed?: Buffer } {
  if (intent.changes.length < 2) return { packed: pack(intent.changes, intent.keys) };
  return { group: packGroup(intent.changes), ...(areOwnKeys(intent.keys, intent.changes) ? {} : { packed: pack([], intent.keys) }) };
}

/** What `storedIntent` stored, or an earlier form (the changes as JSON text, the keys as an array). */
type StoredIntent = { _id: Types.ObjectId; group?: StoredBinary; packed?: StoredBinary; changes?: string; keys?: string[] };
export function unpack(doc: StoredIntent): Intent {
  if (doc.group) {
    const changes = unpackGroup(doc.group);
    return { _id: doc._id, changes, keys: doc.packed ? (JSON.parse(inflateJson(doc.packed)) as { keys: string[] }).keys : ownKeys(changes) };
  }
  if (doc.packed) {
    const { changes, keys } = JSON.parse(inflateJson(doc.packed)) as { changes: ChangeInput[]; keys: string[] };
    return { _id: doc._id, changes, keys };
  }
  return { _id: doc._id, changes: JSON.parse(doc.changes ?? '[]') as ChangeInput[], keys: doc.keys ?? [] };
}

/** What the outbox needs to know whether a change landed: where each kind of record lives. */
export type RecordModels = Partial<Record<EntityName, Model<any>>>;
/** Completes a change that landed only in part (a customer's delete whose children are still there). */
export type Finisher = (change: ChangeInput) => Promise<void>;

export interface Outbox {
  /**
   * Makes a change of records and its events one recoverable unit: stores the intent, runs
   * `write` (which answers the changes it made: all, some, or throws), appends their events
   * under the intent's id, then forgets the intent. A rule `write` breaks (an `AppError`: a
   * taken email, a stale version) drops the intent; any other failure (the engine gone) leaves
   * it to be settled: by the next write of one of `keys`, by a retry every half second, or at
   * the next start.
   */
  commit(changes: ChangeInput[], keys: string[], write: () => Promise<ChangeInput[]>): Promise<ChangeEvent[]>;
  /** Settles what this process left unsettled under `key`; a write calls it holding that lock, before it reads. */
  settle(key: string): Promise<void>;
  /** Settles every stored intent older than `olderThanMs` (0 at start: those of a process that died). */
  reconcile(olderThanMs?: number): Promise<number>;
  /** Registers how to complete one kind of change (customer `deleted`: its children go too). */
  finisher(entity: EntityName, op: ChangeOp, finish: Finisher): void;
  close(): void;
}

export interface OutboxDeps {
  connection: Connection;
  events: EventLog;
  eventModel: EventModel;
  models: RecordModels;
  locks: { run<T>(key: string, work: () => Promise<T>): Promise<T> };
  clock: () => Date;
  logger: Logger;
  /** For fault tests: runs after the record write and before its events (the window a crash can hit). */
  afterRecordWrite?: (changes: ChangeInput[]) => Promise<void>;
}

const RETRY_MS = 500;

/** The outbox of record changes (docs/write-path.md). */
export function createOutbox(deps: OutboxDeps): Outbox {
  const { connection, events, eventModel, models, locks, clock, logger } = deps;
  const model = connection.model('OutboxIntent', intentSchema);
  const finishers = new Map<string, Finisher>();
  /** Intents this process left unsettled, by record lock. */
  const unsettled = new Map<string, Set<Intent>>();
  /** Settles running now, by intent id, so one intent is never settled twice at once. */
  const settling = new Map<string, Promise<void>>();
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  async function landed(change: ChangeInput): Promise<boolean> {
    const records = models[change.entity];
    if (!records) return false;
    if (change.op === 'deleted') return !(await records.exists({ _id: change.id }));
    const doc = await records.findById(change.id, { version: 1 }).lean<{ version: number }>();
    return doc !== null && doc.version >= change.version;
  }

  /** Appends the events of the changes of `intent` that landed (if not yet), then forgets it. */
  async function settleIntent(intent: Intent): Promise<void> {
    if (!(await eventModel.exists({ _id: intent._id }))) {
      const done: ChangeInput[] = [];
      for (const change of intent.changes) if (await landed(change)) done.push(change);
      for (const change of done) await finishers.get(`${change.entity} ${change.op}`)?.(change);
      if (done.length) {
        await events.appendMany(done, { id: intent._id });
        logger.warn({ intent: intent._id.toHexString(), changes: done.length }, 'appended the events of a write interrupted before them');
      }
    }
    await model.deleteOne({ _id: intent._id });
    forget(intent);
  }

  /**
   * Settles `intent` once, whoever asks (the next writer of its record, the retry timer, a
   * start). It needs no record lock: a writer of the record settles it first. The intent's own
   * lock keeps two processes reconciling at once from appending its events twice.
   */
  function settleOnce(intent: Intent): Promise<void> {
    const id = intent._id.toHexString();
    let running = settling.get(id);
    if (!running) {
      running = locks.run(`outbox:${id}`, () => settleIntent(intent)).finally(() => settling.delete(id));
      settling.set(id, running);
    }
    return running;
  }

  function remember(intent: Intent): void {
    if (closed) return;
    for (const key of intent.keys) unsettled.set(key, (unsettled.get(key) ?? new Set()).add(intent));
    retryTimer ??= setInterval(() => {
      const pending = new Set([...unsettled.values()].flatMap((s) => [...s]));
      if (pending.size === 0 || closed) {
        clearInterval(retryTimer);
        retryTimer = undefined;
        return;
      }
      for (const intent of pending) settleOnce(intent).catch(() => undefined);
    }, RETRY_MS);
    retryTimer.unref();
  }

  function forget(intent: Intent): void {
    for (const key of intent.keys) {
      const set = unsettled.get(key);
      set?.delete(intent);
      if (set?.size === 0) unsettled.delete(key);
    }
  }

  async function commitIntent(intent: Intent, write: () => Promise<ChangeInput[]>): Promise<ChangeEvent[]> {
    const stored = storedIntent(intent);
    await model.collection.insertOne({ _id: intent._id, ...stored, at: clock() });
    let made: ChangeInput[];
    try {
      made = await write();
      await deps.afterRecordWrite?.(made);
    } catch (error) {
      if (!(error instanceof AppError)) remember(intent);
      else await model.deleteOne({ _id: intent._id }).catch(() => remember(intent));
      throw error;
    }
    let appended: ChangeEvent[] = [];
    try {
      // Every change landed: its group is the intent's, as stored.
      const whole = stored.group && made.length === intent.changes.length && made.every((c, i) => c === intent.changes[i]);
      if (made.length) appended = await events.appendMany(made, { id: intent._id, ...(whole ? { packed: stored.group } : {}) });
    } catch (error) {
      remember(intent);
      throw error;
    }
    // Forgetting the intent can wait: a leftover one is found settled (its events exist).
    model.deleteOne({ _id: intent._id }).catch(() => undefined);
    return appended;
  }

  return {
    async commit(changes, keys, write) {
      const intent: Intent = { _id: new Types.ObjectId(), changes, keys };
      // Held while the write runs: a process reconciling at start meanwhile waits for it, then finds it settled.
      return locks.run(`outbox:${intent._id.toHexString()}`, () => commitIntent(intent, write));
    },

    async settle(key) {
      const intents = unsettled.get(key);
      if (!intents) return;
      for (const intent of [...intents]) await settleOnce(intent);
    },

    async reconcile(olderThanMs = 0) {
      const cutoff = new Date(clock().getTime() - olderThanMs);
      const stored = await model.find(olderThanMs ? { at: trusted({ $lt: cutoff }) } : {}).lean<StoredIntent[]>();
      for (const doc of stored) await settleOnce(unpack(doc));
      return stored.length;
    },

    finisher(entity, op, finish) {
      finishers.set(`${entity} ${op}`, finish);
    },

    close() {
      closed = true;
      clearInterval(retryTimer);
      retryTimer = undefined;
    },
  };
}

/** Without an outbox: the record write, then its events (what tests of single services use). */
export function directWrites(events: EventLog): Outbox {
  return {
    async commit(_changes, _keys, write) {
      return events.appendMany(await write());
    },
    settle: async () => undefined,
    reconcile: async () => 0,
    finisher: () => undefined,
    close: () => undefined,
  };
}
