import { Types, type Model } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { ChangeOp, EntityName } from '../../shared/events.js';
import { isDuplicateKey } from '../db/errors.js';
import type { ChangeInput, EventLog } from '../events/event.service.js';
import { directWrites, type Outbox } from '../events/outbox.js';
import { AppError } from '../http/app-error.js';
import { checkFieldVersions, versionKey, type Precondition } from '../http/conditional.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import type { ReadModel, TableName } from '../read-model/read-model.js';
import type { Keys, TableQuery } from '../read-model/table.js';
import type { CustomWrite, FieldService } from '../fields/field.service.js';
import type { CustomFilters, FieldEntity } from '../../shared/field.js';

/** What every stored record has beside its own fields. */
export interface RecordDoc {
  _id: Types.ObjectId;
  /**
   * The record version at which each API field last changed (for stale PATCHes). A custom
   * field `custom.<key>` is kept as `custom:<key>`: FerretDB refuses keys holding a `.`.
   */
  fieldVersions: Record<string, number>;
  /** Custom field values by key (server/fields/), on kinds whose `fields` include `custom`. */
  custom?: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether a record has custom values to show. */
export const hasCustomValues = (custom: Record<string, unknown> | undefined): custom is Record<string, unknown> => {
  for (const _ in custom) return true;
  return false;
};

/** A record's custom values as its API form carries them: none when it has none. */
export const customPart = (custom: Record<string, unknown> | undefined): { custom?: Record<string, unknown> } => (hasCustomValues(custom) ? { custom } : {});

let lastDate: Date | undefined;
let lastTime = NaN;
let lastIso = '';
/**
 * `date.toISOString()`, remembering the last answer: the records of one batch share their
 * `createdAt` and `updatedAt` (one Date), so a batch of 1,000 formats them once, not 2,000 times.
 */
export function isoOf(date: Date): string {
  const time = date.getTime();
  if (date !== lastDate || time !== lastTime) {
    lastDate = date;
    lastTime = time;
    lastIso = date.toISOString();
  }
  return lastIso;
}

/** One page of a list, from the read model. */
export interface Page {
  /** The records as a JSON array in UTF-8, in order: the answer's body as it is sent. */
  body: Buffer;
  total: number;
  nextCursor?: string;
  /** The last change the page reflects (`Shoal-Seq`). */
  seq: number;
}

/** A list query: the read model's, and the list's `custom.<key>` filters (checked against the definitions). */
export type ListQuery = TableQuery & { custom?: CustomFilters | undefined };

/** Every match of a list query, not one page (exports). */
export type StreamQuery = Omit<ListQuery, 'limit' | 'cursor'>;

/** Who made one item of a batch and when, where it is not the batch's actor now (demo data spread over a year). */
export interface ItemContext {
  actor: Actor;
  at: Date;
}

/** The context of a change, for the rules that depend on it. */
export interface ChangeContext {
  actor: Actor;
  now: Date;
  /** Stored fields the change sets as given (`WriteOptions.stored`), so `toStored` need not work them out. */
  given?: Record<string, unknown>;
}

/**
 * How one kind of record (customer, contact, opportunity, interaction) is stored and checked.
 * `F` is its writable fields as the API's schemas output them; `A` its API form.
 */
export interface RecordKind<F extends object, A extends { id: string; version: number }, D extends RecordDoc = RecordDoc & Record<string, unknown>> {
  entity: EntityName;
  /** How messages name one record: "customer", "deal". */
  noun: string;
  model: Model<any>;
  /**
   * The writable API fields, in order. With `custom` among them, the record service checks,
   * stores and reads back its custom values (`toStored` and `fromStored` need not).
   */
  fields: readonly (keyof F & string)[];
  /**
   * The stored fields for these writable ones, derived fields included (search text, sort
   * keys, cents). A key whose value is `undefined` is removed from the stored record.
   */
  toStored(fields: F, before: D | undefined, context: ChangeContext): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The writable fields of a stored record. */
  fromStored(doc: D): F;
  toApi(doc: D): A;
  /**
   * Fills in what follows from the fields a request sent (`input`): a deal's probability from
   * its new stage, say. `before` is undefined for a create.
   */
  prepare?(next: F, before: F | undefined, input: Record<string, unknown>): F;
  /** Rules that need other records (references); throws a 422 naming the field. */
  check?(next: F, before: F | undefined): Promise<void>;
  /**
   * `check` of many new records at once (a batch's creates): answers each one's 422, or
   * undefined when it passes, with one wait for the read model rather than one per record.
   */
  checkMany?(items: F[]): Promise<(AppError | undefined)[]>;
  /**
   * Locks of other records this one depends on (its customer), held while it is checked and
   * written, so a change of those (a customer's delete) cannot slip between the check and the
   * write and leave an orphan. `before` is undefined for a create.
   */
  guards?(fields: F, before: F | undefined): string[];
  /** The 409 for a clash with a unique index. */
  duplicate?(fields: F): AppError;
  /** Runs after a change is written and its event appended (stage history, roll-ups). */
  afterChange?(before: D | undefined, after: D, context: ChangeContext): Promise<void> | void;
  /**
   * Its `toStored` reads other records of its kind (a deal's rank at the bottom of its column),
   * so a batch creates them one at a time rather than in one write.
   */
  createsOneByOne?: boolean;
}

/** A batch item's own failure (a rule it breaks) is its result; anything else fails the batch. */
const asItemError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  throw error;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isRecordId = (id: string) => /^[0-9a-f]{24}$/.test(id);
/** The `fieldVersions` key of an API field name (`custom.tier` is kept as `custom:tier`). */
export { versionKey };
type Custom = Record<string, unknown> | undefined;
const customOf = (fields: object): Custom => (fields as { custom?: Custom }).custom;
const empty = (value: unknown) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** Splits stored fields into `$set` and `$unset`. */
function updateOf(stored: Record<string, unknown>, extra: Record<string, unknown>) {
  const $set: Record<string, unknown> = { ...extra };
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value === undefined) $unset[key] = '';
    else $set[key] = value;
  }
  return Object.keys($unset).length ? { $set, $unset } : { $set };
}

/** What every record service is built from. */
export interface RecordDeps {
  events: EventLog;
  /** Answers every list (SPEC section 10): the database is read by `_id` only. */
  reads: ReadModel;
  /**
   * Stores each change's intent before its record write, so a change and its event are one
   * recoverable unit (docs/write-path.md). Without it, the record and its event are two writes.
   */
  outbox?: Outbox;
  /**
   * Per-record (and per-column, per-customer) locks: the cluster lock, so with `REDIS_URL`
   * processes sharing one database wait for each other too (FerretDB updates read-then-write).
   */
  locks: ClusterLock;
  clock: () => Date;
  /**
   * Make each update conditional on the version read (default true). FerretDB 1.24 scans the
   * whole collection for any filter but `{_id}` and its updates are read-then-write anyway,
   * so there the per-document lock alone serialises writes and updates go by `_id`.
   */
  versionedUpdates?: boolean;
  /** Custom field definitions: the `custom` values of every write are checked against them. */
  fields: FieldService;
}

/** How a PATCH-like change is recorded: its event's `op`, and stored fields it sets beyond the writable ones. */
export interface WriteOptions {
  op?: ChangeOp;
  /** Stored fields set as they are (a card's rank), each counting as a changed field of that name. */
  stored?: Record<string, unknown>;
  /** A stale version is a 412 whatever the change writes (Shoal's own marks, decided on the version read). */
  strict?: boolean;
}

export interface RecordService<F extends object, A extends { id: string; version: number }, D extends RecordDoc> {
  list(query: ListQuery): Promise<Page>;
  /** Every record matching a list query, in its order, a page at a time (exports). */
  stream(query: StreamQuery): AsyncIterable<A>;
  get(id: string): Promise<A>;
  /** The newest change `seq` now: a read made after it reflects at least that (`Shoal-Seq` of a single record). */
  seq(): Promise<number>;
  /** The stored record, or a 404. */
  load(id: string): Promise<D>;
  create(input: F, actor: Actor): Promise<A>;
  /**
   * Creates several records in one write and appends their events in one write; each item
   * that breaks a rule (a reference, a unique email) fails alone with its error.
   */
  createMany(inputs: F[], actor: Actor, each?: readonly ItemContext[]): Promise<(A | AppError)[]>;
  /** Runs `work` as one batch of changes (their events reach clients grouped). */
  batch<T>(work: () => Promise<T>): Promise<T>;
  replace(id: string, input: F, precondition: Precondition | undefined, actor: Actor): Promise<A>;
  patch(id: string, input: Partial<{ [K in keyof F]: F[K] | null }>, precondition: Precondition | undefined, actor: Actor, options?: WriteOptions): Promise<A>;
  remove(id: string, precondition: Precondition | undefined, actor: Actor): Promise<D>;
  /** Runs `work` holding this record's lock (for changes beyond a field update). */
  locked<T>(id: string, work: () => Promise<T>): Promise<T>;
  /** Throws the 412 of a stale `If-Match` for PUT, DELETE and other whole-record changes. */
  checkVersion(doc: D, precondition: Precondition | undefined): void;
}

/**
 * The one path of every record change: rules under a per-document lock, one write, one event
 * with the next `seq`. FerretDB 1.24 updates by read-then-write, so the lock (not the
 * engine) keeps concurrent changes of one record from overwriting each other; each update is
 * also conditional on the version read, which guards against another Shoal process on MongoDB.
 */
export function createRecordService<F extends object, A extends { id: string; version: number }, D extends RecordDoc>(
  kind: RecordKind<F, A, D>,
  deps: RecordDeps,
): RecordService<F, A, D> {
  const { events, locks, clock } = deps;
  const outbox = deps.outbox ?? directWrites(events);
  const versioned = deps.versionedUpdates ?? true;
  const { model, noun, entity } = kind;
  const notFound = (id: string) => new AppError('NOT_FOUND', `No ${noun} has id ${id}.`);
  const lockKey = (id: string) => `${entity}:${id}`;
  const hasCustom = (kind.fields as readonly string[]).includes('custom');
  /** The fields with their `custom` values checked (a 422 naming `custom.<key>`) and parsed. */
  const withCustom = <T extends object>(input: T, mode: CustomWrite): T => {
    if (!hasCustom) return input;
    const custom = deps.fields.check(entity as FieldEntity, customOf(input), mode);
    // Nothing to change (no values, none given): the input as it is, not a copy of it.
    if (!custom && !('custom' in input)) return input;
    const out = { ...input } as Record<string, unknown>;
    if (custom) out.custom = custom;
    else delete out.custom;
    return out as T;
  };
  // The kind's own fields, and its custom values beside them when it has custom fields.
  // Not async when the kind's is not: a batch builds a thousand records without an await each.
  // Each kind's `toStored` answers a new object: the custom values are set on it, not copied with it.
  const toStored = (fields: F, before: D | undefined, context: ChangeContext): Record<string, unknown> | Promise<Record<string, unknown>> => {
    const withCustomValues = (stored: Record<string, unknown>) => {
      if (hasCustom) {
        const custom = customOf(fields);
        stored.custom = hasCustomValues(custom) ? custom : undefined;
      }
      return stored;
    };
    const stored = kind.toStored(fields, before, context);
    return stored instanceof Promise ? stored.then(withCustomValues) : withCustomValues(stored);
  };
  const fromStored = (doc: D): F => (hasCustom ? { ...kind.fromStored(doc), ...customPart(doc.custom) } : kind.fromStored(doc));
  /** A list query as the read model's: `custom.<key>` filters (and a sort on one) checked, as posting lists, ranges and a test of its keys. */
  const tableQuery = <Q extends StreamQuery>({ custom, ...query }: Q): Omit<Q, 'custom'> => {
    if (!hasCustom) return query;
    const { eq, range, where } = deps.fields.listFilter(entity as FieldEntity, custom, query.sort);
    const own = query.where;
    return {
      ...query,
      eq: { ...query.eq, ...eq },
      range: { ...query.range, ...range },
      ...(where ? { where: own ? (keys: Keys) => own(keys) && where(keys) : where } : {}),
    };
  };
  /** The API names of the fields a change of `before` into `next` changes; each custom key is its own. */
  const changedFields = (before: F, next: F): string[] => {
    const changed: string[] = [];
    for (const f of kind.fields) {
      if (f === 'custom') {
        const a = customOf(before) ?? {};
        const b = customOf(next) ?? {};
        for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) if (!same(empty(a[key]) ? undefined : a[key], empty(b[key]) ? undefined : b[key])) changed.push(`custom.${key}`);
      } else if (!same(empty(before[f]) ? undefined : before[f], empty(next[f]) ? undefined : next[f])) changed.push(f);
    }
    return changed;
  };

  /** Runs `work` holding every lock in `keys`, taken at once (a batch's thousand customers are one wait), so two holders never wait on each other. */
  function holding<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    return locks.runAll(keys, work);
  }
  const guardsOf = (fields: F, before?: F) => (kind.guards ? kind.guards(fields, before) : []);
  /** Runs `work` holding a record's lock, after settling a change of it that a failure left without its event. */
  const lockedRecord = <T>(id: string, work: () => Promise<T>): Promise<T> =>
    locks.run(lockKey(id), async () => {
      await outbox.settle(lockKey(id));
      return work();
    });
  const changeOf = (op: ChangeOp, api: A | Record<string, unknown>, version: number, actor: Actor, fields?: string[]): ChangeInput => ({
    entity,
    op,
    id: (api as { id: string }).id,
    data: api as unknown as Record<string, unknown>,
    version,
    ...(fields ? { fields } : {}),
    actor,
  });

  async function load(id: string): Promise<D> {
    if (!isRecordId(id)) throw notFound(id);
    const doc = await model.findById(id).lean<D>();
    if (!doc) throw notFound(id);
    return doc;
  }

  function checkVersion(doc: D, precondition: Precondition | undefined): void {
    if (precondition?.kind === 'version' && precondition.version !== doc.version) {
      throw new AppError('STALE_VERSION', `This ${noun} is at version ${doc.version}, not ${precondition.version}. Reload it and try again.`, {
        extra: { current: kind.toApi(doc) },
      });
    }
  }

  function duplicateOr(error: unknown, fields: F): unknown {
    return isDuplicateKey(error) && kind.duplicate ? kind.duplicate(fields) : error;
  }

  /** Writes `next` over `doc` as version + 1 and appends the event; no change, no write. */
  async function write(doc: D, requested: F, input: Record<string, unknown>, actor: Actor, options: WriteOptions = {}): Promise<A> {
    const before = fromStored(doc);
    const next = kind.prepare ? kind.prepare(requested, before, input) : requested;
    const changed = changedFields(before, next);
    for (const [key, value] of Object.entries(options.stored ?? {})) if (!same((doc as Record<string, unknown>)[key], value) && !changed.includes(key)) changed.push(key);
    if (changed.length === 0) return kind.toApi(doc);
    return holding(guardsOf(next, before), async () => {
      await kind.check?.(next, before);
      const version = doc.version + 1;
      const now = clock();
      const context = { actor, now, ...(options.stored ? { given: options.stored } : {}) };
      const fieldVersions = { ...doc.fieldVersions };
      for (const f of changed) fieldVersions[versionKey(f)] = version;
      const stored = { ...(await toStored(next, doc, context)), ...options.stored };
      const after = { ...doc, ...stored, fieldVersions, version, updatedAt: now } as D;
      for (const [key, value] of Object.entries(stored)) if (value === undefined) delete (after as Record<string, unknown>)[key];
      const api = kind.toApi(after);
      const change = changeOf(options.op ?? 'updated', api, version, actor, changed);
      await outbox.commit([change], [lockKey(api.id)], async () => {
        let result;
        try {
          result = await model.updateOne(versioned ? { _id: doc._id, version: doc.version } : { _id: doc._id }, updateOf(stored, { fieldVersions, version, updatedAt: now }));
        } catch (error) {
          throw duplicateOr(error, next);
        }
        if (result.matchedCount === 0) {
          throw new AppError('STALE_VERSION', `This ${noun} was changed by someone else at the same moment. Reload it and try again.`);
        }
        return [change];
      });
      await kind.afterChange?.(doc, after, context);
      return api;
    });
  }

  /** A new record's fields with its custom values checked and what follows from them filled in; throws a 422 naming a field. */
  function prepareNew(given: F): F {
    const requested = withCustom(given, 'create');
    return kind.prepare ? kind.prepare(requested, undefined, requested as Record<string, unknown>) : requested;
  }

  /** The stored record of fields that passed their rules. */
  function docOf(stored: Record<string, unknown>, context: ChangeContext): D {
    // Copied without the undefined values rather than deleting them (a delete leaves an object V8 reads slowly).
    const doc: Record<string, unknown> = { _id: new Types.ObjectId() };
    for (const key in stored) if (stored[key] !== undefined) doc[key] = stored[key];
    doc.fieldVersions = {};
    doc.version = 1;
    doc.createdAt = context.now;
    doc.updatedAt = context.now;
    return doc as unknown as D;
  }

  /** A new record as it will be stored, after its rules; throws a 422 naming a field. */
  async function newDoc(given: F, context: ChangeContext): Promise<D> {
    const input = prepareNew(given);
    await kind.check?.(input, undefined);
    return docOf(await toStored(input, undefined, context), context);
  }

  /**
   * New records as they will be stored, each after its rules, or the 422 it failed with. With
   * `checkMany`, the rules run for all at once, and the rest awaits only what is asynchronous.
   */
  async function newDocs(inputs: F[], contextOf: (i: number) => ChangeContext): Promise<(D | AppError)[]> {
    if (!kind.checkMany) {
      const results: (D | AppError)[] = [];
      for (const [i, input] of inputs.entries()) results.push(await newDoc(input, contextOf(i)).catch(asItemError));
      return results;
    }
    const results: (D | AppError | F)[] = inputs.map((input) => {
      try {
        return prepareNew(input);
      } catch (error) {
        return asItemError(error);
      }
    });
    const checking = results.flatMap((r, i) => (r instanceof AppError ? [] : [i]));
    const problems = await kind.checkMany(checking.map((i) => results[i] as F));
    for (const [n, i] of checking.entries()) {
      const problem = problems[n];
      if (problem) {
        results[i] = problem;
        continue;
      }
      try {
        const stored = toStored(results[i] as F, undefined, contextOf(i));
        results[i] = docOf(stored instanceof Promise ? await stored : stored, contextOf(i));
      } catch (error) {
        results[i] = asItemError(error);
      }
    }
    return results as (D | AppError)[];
  }

  const service: RecordService<F, A, D> = {
    load,
    checkVersion,
    locked: lockedRecord,

    async list(query) {
      const state = await deps.reads.ready();
      const table = state.tables[entity as TableName];
      const page = table.query(tableQuery(query));
      return { body: table.jsonArray(page.rows), total: page.total, seq: state.seq, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    stream(query) {
      // Checked now, before the caller starts its answer (a CSV file's header row), not at the first read.
      const table = tableQuery(query);
      return (async function* () {
        let cursor: string | undefined;
        do {
          const state = await deps.reads.ready();
          const page = state.tables[entity as TableName].query({ ...table, limit: 500, cursor });
          for (const row of page.rows) yield JSON.parse(row.json) as A;
          cursor = page.nextCursor;
        } while (cursor);
      })();
    },

    seq: () => events.latest(),

    async get(id) {
      return kind.toApi(await load(id));
    },

    create: (requested, actor) => holding(guardsOf(requested), async () => {
      const now = clock();
      const doc = await newDoc(requested, { actor, now });
      const api = kind.toApi(doc);
      const change = changeOf('created', api, 1, actor);
      await outbox.commit([change], [lockKey(api.id)], async () => {
        try {
          await model.collection.insertOne(doc as never);
        } catch (error) {
          throw duplicateOr(error, fromStored(doc));
        }
        return [change];
      });
      await kind.afterChange?.(undefined, doc, { actor, now });
      return api;
    }),

    async createMany(inputs, actor, each) {
      if (kind.createsOneByOne) {
        const results: (A | AppError)[] = [];
        for (const [i, input] of inputs.entries()) results.push(await service.create(input, each?.[i]?.actor ?? actor).catch(asItemError));
        return results;
      }
      return holding(inputs.flatMap((input) => guardsOf(input)), async () => {
        const now = clock();
        // One context for every item, unless the items say who made them and when.
        const shared: ChangeContext = { actor, now };
        const contextOf = each ? (i: number): ChangeContext => ({ actor: each[i]?.actor ?? actor, now: each[i]?.at ?? now }) : () => shared;
        const results = await newDocs(inputs, contextOf);
        // Each written doc's item, for its actor and time.
        const itemOf = results.flatMap((r, i) => (r instanceof AppError ? [] : [i]));
        const docs = results.filter((r): r is D => !(r instanceof AppError));
        const failed = new Map<number, unknown>();
        const changes = docs.map((doc, d) => changeOf('created', kind.toApi(doc), 1, contextOf(itemOf[d]!).actor));
        if (docs.length) {
          await outbox.commit(changes, changes.map((c) => lockKey(c.id)), async () => {
            try {
              await model.collection.insertMany(docs as never[], { ordered: false });
            } catch (error) {
              const writeErrors = (error as { writeErrors?: { index: number; err?: unknown }[] | { index: number } }).writeErrors;
              if (!writeErrors) throw error;
              for (const w of [writeErrors].flat()) failed.set(w.index, w);
            }
            return changes.filter((_, i) => !failed.has(i));
          });
        }
        const written: [D, ChangeContext][] = [];
        let d = 0;
        const out = results.map((r, i) => {
          if (r instanceof AppError) return r;
          const problem = failed.get(d++);
          if (problem === undefined) {
            written.push([r, contextOf(i)]);
            // The API form its event carries (the single create answers that same object too).
            return changes[d - 1]!.data as unknown as A;
          }
          const error = duplicateOr(problem, fromStored(r));
          return error instanceof AppError ? error : new AppError('CONFLICT', `This ${noun} could not be written.`);
        });
        if (kind.afterChange) {
          for (const [doc, context] of written) {
            const after = kind.afterChange(undefined, doc, context);
            if (after) await after;
          }
        }
        return out;
      });
    },

    batch: (work) => events.batch(work),

    async replace(id, input, precondition, actor) {
      return lockedRecord(id, async () => {
        const doc = await load(id);
        checkVersion(doc, precondition);
        const checked = withCustom(input, 'replace');
        return write(doc, checked, checked as Record<string, unknown>, actor);
      });
    },

    async patch(id, input, precondition, actor, options) {
      return lockedRecord(id, async () => {
        const doc = await load(id);
        if (options?.strict) checkVersion(doc, precondition);
        const custom = 'custom' in input ? customOf(withCustom(input, 'patch')) : undefined;
        // Stale, but only a conflict if a field this PATCH writes changed since that version.
        const own = Object.keys(input).flatMap((f) => (f === 'custom' ? Object.keys(customOf(input) ?? {}).map((key) => `custom.${key}`) : [f]));
        checkFieldVersions(doc, precondition, [...own, ...Object.keys(options?.stored ?? {})], () => kind.toApi(doc));
        const next = { ...fromStored(doc) } as Record<string, unknown>;
        for (const [key, value] of Object.entries(input)) {
          if (key === 'custom') continue;
          if (empty(value)) delete next[key];
          else next[key] = value;
        }
        // A PATCH of `custom` changes only the keys it names; `null` clears one.
        if (custom) {
          const merged = { ...customOf(next) } as Record<string, unknown>;
          for (const [key, value] of Object.entries(custom)) {
            if (value === null) delete merged[key];
            else merged[key] = value;
          }
          if (Object.keys(merged).length) next.custom = merged;
          else delete next.custom;
        }
        return write(doc, next as F, input as Record<string, unknown>, actor, options);
      });
    },

    async remove(id, precondition, actor) {
      return lockedRecord(id, async () => {
        const doc = await load(id);
        checkVersion(doc, precondition);
        const change = changeOf('deleted', kind.toApi(doc), doc.version + 1, actor);
        await outbox.commit([change], [lockKey(id)], async () => {
          const result = await model.deleteOne(versioned ? { _id: doc._id, version: doc.version } : { _id: doc._id });
          if (result.deletedCount === 0) throw new AppError('STALE_VERSION', `This ${noun} was changed by someone else at the same moment. Reload it and try again.`);
          return [change];
        });
        return doc;
      });
    },
  };
  return service;
}
