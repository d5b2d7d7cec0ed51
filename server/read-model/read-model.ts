import type { Model } from 'mongoose';
import type { Contact } from '../../shared/contact.js';
import type { Customer } from '../../shared/customer.js';
import type { ChangeEvent, EntityName } from '../../shared/events.js';
import type { Interaction } from '../../shared/interaction.js';
import type { Opportunity, StageChange } from '../../shared/opportunity.js';
import { toContact } from '../contacts/contact.service.js';
import { toCustomer } from '../customers/customer.service.js';
import type { EventLog } from '../events/event.service.js';
import { toInteraction } from '../interactions/interaction.service.js';
import { KeyedLock } from '../lib/keyed-lock.js';
import type { Logger } from '../logger.js';
import { toOpportunity } from '../opportunities/opportunity.service.js';
import type { Task } from '../../shared/task.js';
import { toTask } from '../tasks/task.service.js';
import { contactTable, customerTable, interactionTable, opportunityTable, taskTable } from './kinds.js';
import { Table } from './table.js';
import type { Checkpoints } from './checkpoint.js';

/** The record kinds the read model keeps, by entity name. */
export interface Tables {
  customer: Table<Customer>;
  contact: Table<Contact>;
  opportunity: Table<Opportunity>;
  interaction: Table<Interaction>;
  task: Table<Task>;
}
export type TableName = keyof Tables;
export const TABLE_NAMES: readonly TableName[] = ['customer', 'contact', 'opportunity', 'interaction', 'task'];
/** The kinds that belong to a customer and go (and come back) with it. */
const CHILDREN = ['contact', 'opportunity', 'interaction', 'task'] as const;

export interface ReadModelModels {
  customer: Model<any>;
  contact: Model<any>;
  opportunity: Model<any>;
  interaction: Model<any>;
  task: Model<any>;
  stageChange: Model<any>;
  user: Model<any>;
}

/** Everything the read model holds at one `seq`: what a checkpoint saves. */
export interface ReadState {
  seq: number;
  tables: Tables;
  /** Each deal's stage changes, oldest first (kept after a delete, so a restore has them). */
  history: Map<string, StageChange[]>;
  /** Team members' names by id. */
  users: Map<string, string>;
}

/**
 * Something else maintained from the same events in the same order (the dashboard's facts):
 * built from the state once loaded, then told of each change after the tables took it.
 */
export interface Projection {
  load(state: ReadState): void;
  apply(event: ChangeEvent, state: ReadState): void;
}

export const newState = (): ReadState => ({
  seq: 0,
  tables: {
    customer: new Table(customerTable),
    contact: new Table(contactTable),
    opportunity: new Table(opportunityTable),
    interaction: new Table(interactionTable),
    task: new Table(taskTable),
  },
  history: new Map(),
  users: new Map(),
});

type StoredChange = { opportunityId: string; from: string | null; to: string; actor: { id: string; name: string }; at: Date };
const toChange = (c: StoredChange): StageChange => ({ from: c.from, to: c.to, actor: { id: c.actor.id, name: c.actor.name }, at: c.at.toISOString() });

/**
 * The one read model (SPEC section 10): every record kind in memory, indexed for every list,
 * filter, sort, search and count, loaded once (from a checkpoint plus the events after it, or
 * from the database) and then maintained from the change events in `seq` order, here or from
 * another process through Redis. A gap is filled from the event log. Reads wait for the
 * changes already appended, so a client reads its own writes.
 */
export function createReadModel(deps: { models: ReadModelModels; events: EventLog; logger: Logger; checkpoints?: Checkpoints | undefined; projections?: Projection[] }) {
  const { models, events, logger, checkpoints } = deps;
  const projections = deps.projections ?? [];
  const serial = new KeyedLock();
  let state: Promise<ReadState> | undefined;
  let current: ReadState | undefined;
  const appliedListeners = new Set<(event: ChangeEvent) => void>();
  /** How the last load went: from a checkpoint or the database, and how long it took. */
  let lastLoad: { from: 'checkpoint' | 'database'; ms: number; seq: number } | undefined;

  /** Streams a whole collection (the one read that is not by `_id`, done once at start). */
  async function stream<D>(model: Model<any>, each: (doc: D) => void, projection?: Record<string, 1>): Promise<void> {
    for await (const doc of model.find({}, projection).lean<D>().cursor({ batchSize: 1000 })) each(doc as D);
  }

  async function loadFromDatabase(): Promise<ReadState> {
    const s = newState();
    // Take the position first: changes made while the collections are read are replayed after.
    s.seq = await events.latest();
    await Promise.all([
      stream<never>(models.customer, (d) => s.tables.customer.put(toCustomer(d))),
      stream<never>(models.contact, (d) => s.tables.contact.put(toContact(d))),
      stream<never>(models.opportunity, (d) => s.tables.opportunity.put(toOpportunity(d))),
      stream<never>(models.interaction, (d) => s.tables.interaction.put(toInteraction(d))),
      stream<never>(models.task, (d) => s.tables.task.put(toTask(d))),
      stream<{ _id: { toHexString(): string }; name: string }>(models.user, (u) => s.users.set(u._id.toHexString(), u.name), { name: 1 }),
    ]);
    // The lists grew a record at a time: flat arrays hold them in far less memory (table.ts).
    for (const name of TABLE_NAMES) s.tables[name].compact();
    const changes: StoredChange[] = [];
    await stream<StoredChange>(models.stageChange, (c) => changes.push(c));
    changes.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const c of changes) {
      const list = s.history.get(c.opportunityId);
      if (list) list.push(toChange(c));
      else s.history.set(c.opportunityId, [toChange(c)]);
    }
    return s;
  }

  async function load(): Promise<ReadState> {
    const started = Date.now();
    let s = checkpoints ? await checkpoints.read(newState) : undefined;
    let from: 'checkpoint' | 'database' = 'checkpoint';
    const readMs = Date.now() - started;
    if (s) {
      try {
        await catchUp(s, false);
        logger.info({ readMs, catchUpMs: Date.now() - started - readMs }, 'read model checkpoint read and brought up to date');
      } catch (error) {
        // The events after it are gone (retention), or it is ahead of this database: not usable.
        logger.warn({ err: error }, 'read model checkpoint cannot be brought up to date; loading from the database');
        s = undefined;
      }
    }
    if (!s) {
      from = 'database';
      s = await loadFromDatabase();
      await catchUp(s, false);
    }
    // What reads would otherwise build on first use, built before the first read is answered.
    for (const name of TABLE_NAMES) s.tables[name].warm();
    for (const p of projections) p.load(s);
    current = s;
    lastLoad = { from, ms: Date.now() - started, seq: s.seq };
    logger.info(
      { from, seq: s.seq, ms: Date.now() - started, ...Object.fromEntries(TABLE_NAMES.map((t) => [t, s.tables[t].size])), bytes: Object.fromEntries(TABLE_NAMES.map((t) => [t, s.tables[t].footprint()])) },
      'read model loaded',
    );
    if (from === 'database') void checkpoints?.write(s).catch((error) => logger.warn({ err: error }, 'read model checkpoint could not be written'));
    return s;
  }

  /** Applies every event after `s.seq` from the log, in order. */
  async function catchUp(s: ReadState, tell = true): Promise<void> {
    for (;;) {
      const { events: batch } = await events.since(s.seq, 1000);
      for (const event of batch) if (event.seq > s.seq) await applyOne(s, event, tell);
      if (batch.length < 1000) return;
    }
  }

  /** Reads records by `_id` into a table (the children a restore brought back). */
  async function fetchInto(s: ReadState, name: TableName, ids: string[]): Promise<void> {
    const model = models[name];
    const convert = { customer: toCustomer, contact: toContact, opportunity: toOpportunity, interaction: toInteraction, task: toTask }[name] as unknown as (d: never) => never;
    for (let i = 0; i < ids.length; i += 50) {
      const docs = await Promise.all(ids.slice(i, i + 50).map((id) => model.findById(id).lean()));
      for (const doc of docs) if (doc) (s.tables[name] as Table<any>).put(convert(doc as never));
    }
  }

  /**
   * Applies one event. Synchronous but for a customer's restore, which reads the children it
   * brought back: a batch's thousand events are applied in one pass, without an await each.
   */
  function applyOne(s: ReadState, event: ChangeEvent, tell: boolean): Promise<void> | undefined {
    const data = event.data as Record<string, unknown> | null;
    let restoring: Promise<void> | undefined;
    switch (event.entity) {
      case 'customer':
      case 'contact':
      case 'opportunity':
      case 'interaction':
      case 'task': {
        const table = s.tables[event.entity] as Table<{ id: string; version: number }>;
        if (event.op === 'deleted') {
          table.remove(event.id);
          if (event.entity === 'customer') for (const child of CHILDREN) for (const id of s.tables[child].idsWhere('customerId', event.id)) s.tables[child].remove(id);
        } else if (data) {
          const before = event.entity === 'opportunity' ? s.tables.opportunity.row(event.id) : undefined;
          const record = stripExtras(event.entity, data);
          if (table.put(record) && event.entity === 'opportunity') noteStage(s, event, before?.keys.stage as string | undefined, String(data.stage));
          if (event.op === 'restored' && event.entity === 'customer') {
            const ids = (data.restoredIds ?? {}) as Partial<Record<(typeof CHILDREN)[number], string[]>>;
            restoring = (async () => {
              for (const child of CHILDREN) await fetchInto(s, child, ids[child] ?? []);
            })();
          }
        }
        break;
      }
      case 'user':
        if (data && typeof data.name === 'string') s.users.set(event.id, data.name);
        break;
    }
    if (!restoring) return finish(s, event, tell);
    return restoring.then(() => finish(s, event, tell));
  }

  function finish(s: ReadState, event: ChangeEvent, tell: boolean): undefined {
    s.seq = Math.max(s.seq, event.seq);
    if (!tell) return;
    for (const p of projections) p.apply(event, s);
    for (const listener of appliedListeners) listener(event);
  }

  /** A deal's stage change, as the history shows it, when its event moved it (the service stored the same). */
  function noteStage(s: ReadState, event: ChangeEvent, from: string | undefined, to: string): void {
    if (from === to) return;
    const list = s.history.get(event.id) ?? [];
    // The service stores the change at the deal's updatedAt; a load may already have read it.
    const at = String((event.data ?? {}).updatedAt ?? event.at);
    const last = list.at(-1);
    if (last && last.to === to && last.at === at) return;
    list.push({ from: from ?? null, to, actor: event.actor, at });
    s.history.set(event.id, list);
  }

  /**
   * Changes told and not yet applied. They are applied in one turn of the `apply` lock, however
   * many came at once (a batch's thousand), and before any read that waits for the lock.
   */
  let queued: ChangeEvent[] = [];
  async function applyQueued(): Promise<void> {
    const s = await state!;
    const taken = queued;
    queued = [];
    for (const event of taken) {
      if (event.seq <= s.seq) continue;
      if (event.seq === s.seq + 1) {
        const restoring = applyOne(s, event, true);
        if (restoring) await restoring;
      } else await catchUp(s);
    }
  }

  const unsubscribe = events.subscribe((event) => {
    if (!state) return;
    queued.push(event);
    // The first of a run of changes takes a turn of the lock for all of them.
    if (queued.length > 1) return;
    void serial.run('apply', applyQueued).catch((error) => {
      logger.error({ err: error }, 'read model could not apply a change; it will reload');
      queued = [];
      state = undefined;
      current = undefined;
    });
  });

  return {
    /**
     * The state, loaded on first use, with every change appended so far applied: a client that
     * wrote reads its own write.
     */
    async ready(): Promise<ReadState> {
      state ??= serial.run('apply', load).catch((error) => {
        state = undefined;
        throw error;
      });
      await state;
      return serial.run('apply', async () => current ?? (await state!));
    },
    /** How the last load went (tests, the bench, the start log). */
    lastLoad: () => lastLoad,
    /** The state if loaded (no wait): for checks that fall back to the database. */
    loaded(): ReadState | undefined {
      return current;
    },
    /** Called after each change is applied (for the dashboard's notices). */
    onApplied(listener: (event: ChangeEvent) => void): () => void {
      appliedListeners.add(listener);
      return () => appliedListeners.delete(listener);
    },
    /** Saves a checkpoint of the state now (at shutdown, and now and then). */
    async checkpoint(): Promise<void> {
      if (!checkpoints || !current) return;
      await checkpoints.write(current);
    },
    /** A fresh load from the database, for tests that compare it with the maintained state. */
    recompute: loadFromDatabase,
    close() {
      unsubscribe();
    },
  };
}
export type ReadModel = ReturnType<typeof createReadModel>;

/** The record itself, without what some events add beside it (a delete's or restore's counts). */
function stripExtras(entity: EntityName, data: Record<string, unknown>): { id: string; version: number } {
  if (entity !== 'customer' || !('removed' in data || 'restored' in data || 'restoredIds' in data)) return data as { id: string; version: number };
  const { removed: _r, restored: _s, restoredIds: _i, ...record } = data;
  return record as { id: string; version: number };
}
