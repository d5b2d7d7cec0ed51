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

export interface EventLog {
  /** Appends one event with the next `seq` and hands it to every listener, in `seq` order. */
  append(change: ChangeInput): Promise<ChangeEvent>;
  /** Events with `seq > after`, oldest first; 410 when some of them are no longer kept. */
  since(after: number, limit: number): Promise<{ events: ChangeEvent[]; latest: number }>;
  /** The newest `seq` handed out (0 before the first change). */
  latest(): Promise<number>;
  subscribe(listener: ChangeListener): () => void;
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

  async function append(change: ChangeInput): Promise<ChangeEvent> {
    return lock.run('append', async () => {
      for (let attempt = 0; ; attempt++) {
        next ??= (await loadLatest()) + 1;
        const stored: StoredEvent = {
          seq: next,
          entity: change.entity,
          op: change.op,
          recordId: change.id,
          data: change.data,
          version: change.version,
          ...(change.fields ? { fields: change.fields } : {}),
          actor: change.actor,
          at: clock(),
        };
        try {
          await model.collection.insertOne({ ...stored });
        } catch (error) {
          if (isDuplicateKey(error) && attempt < 20) {
            next = undefined;
            continue;
          }
          next = undefined;
          throw error;
        }
        next += 1;
        const event = toEvent(stored);
        for (const listener of listeners) {
          try {
            listener(event);
          } catch (error) {
            logger.error({ err: error, seq: event.seq }, 'change listener failed');
          }
        }
        return event;
      }
    });
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
    since,
    latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    prune,
  };
}
