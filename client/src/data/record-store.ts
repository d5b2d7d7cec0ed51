import type { Contact } from '../../../shared/contact.js';
import type { Customer } from '../../../shared/customer.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { ChangeEvent, ChangeEventOf, EntityName } from '../../../shared/events.js';
import type { Interaction } from '../../../shared/interaction.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import type { PipelineDefinition } from '../../../shared/pipeline.js';
import type { Task } from '../../../shared/task.js';
import type { User } from '../../../shared/user.js';
import type { SavedView } from '../../../shared/view.js';
import type { ShoalApi } from '../api.js';
import type { LiveClient } from '../live.js';

/** The record each entity name stands for. */
export interface Records {
  customer: Customer;
  contact: Contact;
  opportunity: Opportunity;
  interaction: Interaction;
  task: Task;
  user: User;
  field: FieldDefinition;
  pipeline: PipelineDefinition;
  view: SavedView;
}

/** A record of any kind, as the store keeps it. */
export type AnyRecord = Records[EntityName];

/**
 * What one change did to the store: the record before and after (undefined: not there). A union
 * over the kinds, so checking `entity` types the records.
 */
export type StoreChange<E extends EntityName = EntityName> = {
  [K in E]: {
    entity: K;
    id: string;
    before: Records[K] | undefined;
    after: Records[K] | undefined;
    /** The change event it came from; absent for a REST answer and a cascade. */
    event?: ChangeEventOf<K>;
    /** The record went with its deleted customer: that customer's delete event (it has none of its own). */
    cascade?: ChangeEventOf<'customer'>;
  };
}[E];

/** What a subscriber hears. */
export interface StoreListener {
  /** Changes the store took, in the order it took them (never one it dropped as old). */
  change?(change: StoreChange): void;
  /** Some changes could not be replayed (the log no longer has them): refetch what is shown. */
  resync?(): void;
}

/** The parts of a customer that go with it when it is deleted. */
const CHILDREN = ['contact', 'opportunity', 'interaction', 'task'] as const satisfies readonly EntityName[];

const key = (entity: EntityName, id: string) => `${entity}:${id}`;

/**
 * The web client's one store of records, by entity and id. REST answers (`put`, `snapshot`) and
 * change events (from the live client) enter here, and only here, through one version check: a
 * record is taken only when its version is newer than the one the store last saw for that id,
 * deletes included, so a duplicate or late change is dropped wherever it comes from. Views read
 * records from it and subscribe to what changed; they keep only their own view state.
 *
 * A snapshot (a list or page answer) carries the `seq` it reflects (`Shoal-Seq`). Changes after
 * it may already have gone by on the socket while the answer travelled, or not yet be known to
 * the live client at all: {@link snapshot} closes both gaps (see there).
 */
export class RecordStore {
  readonly #live: LiveClient | undefined;
  readonly #api: ShoalApi;
  readonly #records = new Map<EntityName, Map<string, AnyRecord>>();
  /** The newest version seen of every id, also of deleted ones (so a late update cannot bring one back). */
  readonly #versions = new Map<string, number>();
  readonly #listeners = new Set<StoreListener>();
  #team: Promise<User[]> | undefined;

  /** `live` feeds it the change events; without one it holds REST answers only. */
  constructor(live: LiveClient | undefined, api: ShoalApi) {
    this.#live = live;
    this.#api = api;
    live?.subscribe({
      change: (event) => this.apply(event),
      resync: () => {
        for (const l of this.#listeners) l.resync?.();
      },
    });
  }

  /** One record, or undefined when the store does not have it. */
  get<E extends EntityName>(entity: E, id: string): Records[E] | undefined {
    return this.#map(entity).get(id) as Records[E] | undefined;
  }

  /** Every record of a kind the store holds that passes `test`. */
  where<E extends EntityName>(entity: E, test: (record: Records[E]) => boolean = () => true): Records[E][] {
    const out: Records[E][] = [];
    for (const record of this.#map(entity).values()) if (test(record as Records[E])) out.push(record as Records[E]);
    return out;
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * A record as a REST call answered it (a read, a create, a save). Taken when newer than what
   * the store has; answers whether it was.
   */
  put<E extends EntityName>(entity: E, record: Records[E]): boolean {
    return this.#take(entity, record.id, record, record.version);
  }

  /**
   * A list or page answer that reflects the changes up to `seq` (its `Shoal-Seq`; undefined
   * when the server did not say). Its records enter the store, and then the changes after
   * `seq` are made sure of: when the live client has already gone past `seq`, the changes in
   * between are replayed from `GET /api/events` into the store (those it has are dropped by
   * the version check); when it has no baseline yet, it starts from `seq`.
   *
   * Resolves with the changes after `seq` up to where the live client was, in order, whether
   * the store took them now or earlier: a view that keeps figures derived from the snapshot
   * (a column's count and total) applies them; a view that only shows records can ignore them.
   */
  async snapshot<E extends EntityName>(entity: E, records: readonly Records[E][], seq: number | undefined): Promise<ChangeEvent[]> {
    for (const record of records) this.put(entity, record);
    return this.catchUp(seq);
  }

  /** The changes after `seq` that the live client went past before a snapshot at `seq` arrived (see {@link snapshot}). */
  async catchUp(seq: number | undefined): Promise<ChangeEvent[]> {
    if (seq === undefined || !this.#live) return [];
    const seen = this.#live.lastSeq;
    if (seen === undefined) {
      // Not connected yet: the live client will deliver everything after the oldest snapshot.
      this.#live.startAfter(seq);
      return [];
    }
    if (seen <= seq) return [];
    const { events } = await this.#api.eventsAfter(seq);
    const gap = events.filter((e) => e.seq <= seen);
    for (const event of gap) this.apply(event);
    return gap;
  }

  /**
   * A record a REST call deleted (the answer carries no version): off the store now. Its delete
   * event, when it comes, is newer and still taken (a deleted customer's parts go then).
   */
  forget(entity: EntityName, id: string): void {
    const map = this.#map(entity);
    const before = map.get(id);
    if (!before) return;
    map.delete(id);
    this.#emit({ entity, id, before, after: undefined } as StoreChange);
  }

  /** A change event (from the live client, or replayed): taken when newer than what the store has. */
  apply(event: ChangeEvent): boolean {
    const entity = event.entity;
    if (event.op === 'deleted') {
      const taken = this.#take(entity, event.id, undefined, event.version, event);
      if (taken && event.entity === 'customer') this.#cascade(event.id, event);
      return taken;
    }
    if (!event.data) return false;
    const record = { ...event.data, version: Math.max(event.data.version, event.version) } as AnyRecord;
    return this.#take(entity, event.id, record, event.version, event);
  }

  /**
   * The team, loaded once per store (`GET /api/users`) and kept up to date by the changes
   * of users. A failed load is tried again on the next call; `refresh` loads it again (after
   * changes were lost).
   */
  team(refresh = false): Promise<User[]> {
    if (refresh) this.#team = undefined;
    this.#team ??= this.#api.listUsers().then(
      (users) => {
        for (const user of users) this.put('user', user);
        return this.users();
      },
      (error: unknown) => {
        this.#team = undefined;
        throw error;
      },
    );
    return this.#team;
  }

  /** The team as the store has it now, by name. */
  users(): User[] {
    return this.where('user').sort((a, b) => a.name.localeCompare(b.name));
  }

  #map(entity: EntityName): Map<string, AnyRecord> {
    let map = this.#records.get(entity);
    if (!map) this.#records.set(entity, (map = new Map()));
    return map;
  }

  /** The one version check: newer than anything seen of this id, or dropped. */
  #take(entity: EntityName, id: string, record: AnyRecord | undefined, version: number, event?: ChangeEvent): boolean {
    const k = key(entity, id);
    const seen = this.#versions.get(k);
    if (seen !== undefined && seen >= version) return false;
    this.#versions.set(k, version);
    const map = this.#map(entity);
    const before = map.get(id);
    if (record) map.set(id, record);
    else map.delete(id);
    this.#emit({ entity, id, before, after: record, ...(event ? { event } : {}) } as StoreChange);
    return true;
  }

  /** A deleted customer's contacts, deals and interactions go with it (the server sends one event). */
  #cascade(customerId: string, event: ChangeEventOf<'customer'>): void {
    for (const entity of CHILDREN) {
      const map = this.#map(entity);
      for (const [id, record] of map) {
        if ((record as { customerId?: string }).customerId !== customerId) continue;
        map.delete(id);
        // A restore brings them back at the versions they had: let a refetch put them in again.
        this.#versions.delete(key(entity, id));
        this.#emit({ entity, id, before: record, after: undefined, cascade: event } as StoreChange);
      }
    }
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) {
      try {
        listener.change?.(change);
      } catch (error) {
        console.error('A store listener failed', error);
      }
    }
  }
}

const stores = new WeakMap<object, RecordStore>();

/**
 * The store of a live client: one per tab, made by the first component that asks (the shell,
 * in the app; a component test's own fake live client otherwise). A component with an API
 * client but no live connection gets a store of REST answers, one per API client.
 */
export function storeOf(live: LiveClient | undefined, api: ShoalApi): RecordStore {
  const owner = live ?? api;
  let store = stores.get(owner);
  if (!store) stores.set(owner, (store = new RecordStore(live, api)));
  return store;
}

/**
 * Which changes a figure derived from a snapshot (a list's total, a column's count) has taken
 * in: each change after the snapshot's seq, once, whether it comes live or in the snapshot's
 * catch-up. Before a snapshot is in, nothing counts (the snapshot will reflect it or its
 * catch-up will bring it).
 */
export class SnapshotFigures {
  #loaded = false;
  #seq: number | undefined;
  readonly #taken = new Set<number>();

  /** A snapshot at `seq` (undefined: the server did not say; every change after now counts). */
  reset(seq: number | undefined): void {
    this.#loaded = true;
    this.#seq = seq;
    this.#taken.clear();
  }

  /** A new load started: nothing counts until its snapshot is in. */
  loading(): void {
    this.#loaded = false;
  }

  /** True the first time a change after the snapshot is offered. */
  take(event: ChangeEvent): boolean {
    if (!this.#loaded || (this.#seq !== undefined && event.seq <= this.#seq) || this.#taken.has(event.seq)) return false;
    this.#taken.add(event.seq);
    return true;
  }
}
