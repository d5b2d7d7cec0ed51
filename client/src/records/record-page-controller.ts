import { TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { roomOf } from '../../../shared/rooms.js';
import type { LiveClient } from '../live.js';
import { LiveController } from '../live-controller.js';
import { RecordPresence } from './record-presence.js';
import { viewersOf, type Viewer } from './viewers.js';

/** A record page: its live connection and signed-in user (from context). */
export type RecordPageHost = ReactiveControllerHost & { isConnected: boolean; live: LiveClient | undefined; user: { id: string } | undefined };

/** What a record page tells its controller. */
export interface RecordPageOptions {
  view: 'customer' | 'deal';
  /** The id of the record the page shows (its `customerId`, `dealId`). */
  recordId: () => string;
  /** What the rep is editing on the page, for presence. */
  editing: () => string | undefined;
  /** The page's fields edited in place: closed when the record id changes. */
  editors: () => { closeAll(): void };
  /** The page's load, and how to run it again (when the connection comes back after it failed). */
  load: () => { status: TaskStatus };
  reload: () => void;
}

/**
 * What the customer page and the deal page share about "the record this page shows" (`R`): this
 * tab in the record's presence room (`send()` after anything that changes what is being
 * edited), the colleagues on it (`viewers`), who deleted it while it was open (`deleted`, a `D`)
 * and the record as it was, a load again when the connection comes back, and the reset when the
 * page is handed another record id: the viewers, the open editors and the deleted notice of the
 * old record go, and presence names the new record.
 */
export class RecordPageController<R, D> implements ReactiveController {
  /** The colleagues on this record's page (not the signed-in user), by name. */
  viewers: Viewer[] = [];
  /** Who deleted the record while it was open, until it is restored, loaded again or another id is shown. */
  deleted: D | undefined;
  /** The record as it was when it was deleted, for the page that says so. */
  #gone: R | undefined;

  readonly #presence: RecordPresence;
  #recordId: string | undefined;
  #live: LiveClient | undefined;

  constructor(
    private readonly host: RecordPageHost,
    private readonly options: RecordPageOptions,
  ) {
    this.#presence = new RecordPresence(host, { ...options, live: () => host.live });
    new LiveController(host, () => host.live, {
      presence: (room, entries) => {
        const recordId = options.recordId();
        if (room !== roomOf({ kind: 'presence', view: options.view, recordId })) return;
        this.viewers = viewersOf(entries, host.user?.id, recordId);
        host.requestUpdate();
      },
      state: (state) => {
        if (state === 'live' && options.load().status === TaskStatus.ERROR) options.reload();
      },
    });
    host.addController(this);
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

  /** The record to show: the store's, or while deleted the one that was. */
  shown(current: R | undefined): R | undefined {
    return current ?? (this.deleted ? this.#gone : undefined);
  }

  /** The record was deleted while open (`before`, as it was): the editors close and presence says nothing is edited. */
  markDeleted(before: R | undefined, deleted: D): void {
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
