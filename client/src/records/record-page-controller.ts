import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { roomOf } from '../../../shared/rooms.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { ShoalApi, Versioned } from '../api.js';
import type { RecordStore, Records, StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import { loadFields } from '../lists/list-api.js';
import type { LiveClient } from '../live.js';
import { LiveController } from '../live-controller.js';
import { listStages } from '../records.js';
import { RecordPresence } from './record-presence.js';
import { viewersOf, type Viewer } from './viewers.js';

/** A record page: its API and live clients and the signed-in user (from context). */
export type RecordPageHost = ReactiveControllerHost & { isConnected: boolean; api: ShoalApi | undefined; live: LiveClient | undefined; user: { id: string } | undefined };

/** The kinds of record that have a page of their own, and the presence view of each. */
const VIEWS = { customer: 'customer', opportunity: 'deal' } as const;
type PageEntity = keyof typeof VIEWS;

/** A record as read, with the last change it reflects (`Shoal-Seq`) when the server said. */
export type Loaded<R> = Pick<Versioned<R>, 'value' | 'seq'>;

/** What a record page tells its controller. */
export interface RecordPageOptions<E extends PageEntity> {
  entity: E;
  /** The id of the record the page shows (its `customerId`, `dealId`). */
  recordId: () => string;
  /** Reads the record (with what else the page needs of it: the deal its customer's name). */
  fetch: (api: ShoalApi, id: string) => Promise<Loaded<Records[E]>>;
  /** A change of a record of this kind the store took (the page's own record, or another one). */
  changed: (change: StoreChange<E>) => void;
  /** The pipeline's stages, read with the record. */
  stages: (stages: Stage[]) => void;
  /** What the rep is editing on the page, for presence. */
  editing: () => string | undefined;
  /** The page's fields edited in place: closed when the record id changes or the record is deleted. */
  editors: () => { closeAll(): void };
}

/**
 * What the customer page and the deal page share about "the record this page shows": its load
 * (`load`, with the stages, the team and the field definitions; `reload()` again, as after a
 * resync or when the connection comes back after a failed load), this tab in the record's
 * presence room (`send()` after anything that changes what is being edited), the colleagues on
 * it (`viewers`), who deleted it while it was open (`deleted`, a `D`) and the record as it was,
 * and the reset when the page is handed another record id: the viewers, the open editors and the
 * deleted notice of the old record go, and presence names the new record.
 */
export class RecordPageController<E extends PageEntity, D> implements ReactiveController {
  /** The colleagues on this record's page (not the signed-in user), by name. */
  viewers: Viewer[] = [];
  /** Who deleted the record while it was open, until it is restored, loaded again or another id is shown. */
  deleted: D | undefined;
  /** How many times the page asked to load again (a child that shows more of the record can follow it). */
  reloads = 0;
  /** The load of the record. */
  readonly load: Task<readonly [ShoalApi | undefined, string, number], Loaded<Records[E]>>;

  /** The record as it was when it was deleted, for the page that says so. */
  #gone: Records[E] | undefined;
  readonly #presence: RecordPresence;
  readonly #store: StoreController;
  #recordId: string | undefined;
  #live: LiveClient | undefined;

  constructor(
    private readonly host: RecordPageHost,
    private readonly options: RecordPageOptions<E>,
  ) {
    const view = VIEWS[options.entity];
    // The page renders its record, its customer's name, the team's names and the field
    // definitions from the store: a change of any of them updates it.
    this.#store = new StoreController(host, () => ({ live: host.live, api: host.api }), {
      customer: () => undefined,
      user: () => undefined,
      field: () => undefined,
      [options.entity]: options.changed,
      resync: () => this.reload(),
    });
    this.#presence = new RecordPresence(host, { ...options, view, live: () => host.live });
    new LiveController(host, () => host.live, {
      presence: (room, entries) => {
        const recordId = options.recordId();
        if (room !== roomOf({ kind: 'presence', view, recordId })) return;
        this.viewers = viewersOf(entries, host.user?.id, recordId);
        host.requestUpdate();
      },
      state: (state) => {
        if (state === 'live') this.reloadIfFailed();
      },
    });
    this.load = new Task(host, {
      task: async ([api, id]) => {
        if (!api || !id) return initialState;
        const store = this.store;
        const [record, stages] = await Promise.all([
          options.fetch(api, id),
          listStages(api).catch(() => [...DEFAULT_STAGES]),
          store?.team().catch(() => []),
          store ? loadFields(store, api).catch(() => undefined) : undefined,
        ]);
        if (stages.length) options.stages(stages);
        return record;
      },
      args: () => [host.api, options.recordId(), this.reloads] as const,
      onComplete: (record) => {
        this.clearDeleted();
        void this.store
          ?.snapshot(options.entity, [record.value], record.seq)
          .catch(() => this.reload());
      },
    });
    host.addController(this);
  }

  /** The page's record store (the record's snapshot goes into it; the team and the field definitions load into it). */
  get store(): RecordStore | undefined {
    return this.#store.store;
  }

  /** Before each render: another record id resets the page; a new id or live client says presence again. */
  hostUpdate(): void {
    const recordId = this.options.recordId();
    const live = this.host.live;
    const first = this.#recordId === undefined;
    const moved = recordId !== this.#recordId;
    if (moved && !first) {
      this.viewers = [];
      this.options.editors().closeAll();
      this.clearDeleted();
    }
    this.#recordId = recordId;
    if (moved || live !== this.#live) {
      this.#live = live;
      this.#presence.send();
    }
  }

  /** Loads the record again. */
  reload(): void {
    this.reloads++;
    this.host.requestUpdate();
  }

  /** Loads again if the last load failed (a restored record's page, a connection back). */
  reloadIfFailed(): void {
    if (this.load.status === TaskStatus.ERROR) this.reload();
  }

  /** The record to show: the store's, or while deleted the one that was. */
  shown(current: Records[E] | undefined): Records[E] | undefined {
    return current ?? (this.deleted ? this.#gone : undefined);
  }

  /** The record was deleted while open (`before`, as it was): the editors close and presence says nothing is edited. */
  markDeleted(before: Records[E] | undefined, deleted: D): void {
    this.#gone = before;
    this.deleted = deleted;
    this.options.editors().closeAll();
    this.#presence.send();
    this.host.requestUpdate();
  }

  /** The record is back (restored or loaded again): no deleted notice. */
  clearDeleted(): void {
    if (this.deleted === undefined && this.#gone === undefined) return;
    this.deleted = undefined;
    this.#gone = undefined;
    this.host.requestUpdate();
  }

  /** Tells the room what the rep is editing now (only when that changed). */
  send(): void {
    this.#presence.send();
  }
}
