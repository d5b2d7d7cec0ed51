import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { FieldDefinition } from '../../../shared/field.js';
import type { Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { timersOf } from '../timers.js';
import type { BulkProgress } from './bulk.js';
import { changeMany, deleteMany, restoreCustomers, selectedRecords } from './bulk-run.js';
import type { ListEntity } from './filter-model.js';
import type { ListController } from './list-controller.js';
import { NOTHING, pageState, selectAll, selectedCount } from './selection.js';
import './shoal-bulk-bar.js';
import type { BulkDetail } from './shoal-bulk-bar.js';

/** How long a delete of deals or contacts waits for Undo before it is sent. */
const UNDO_MS = 10_000;

const NOUNS: Record<ListEntity, [string, string]> = { customer: ['customer', 'customers'], contact: ['contact', 'contacts'], opportunity: ['deal', 'deals'] };

/** What a bulk controller needs of its list page. */
export interface BulkSource {
  entity: ListEntity;
  api(): ShoalApi | undefined;
  store(): RecordStore | undefined;
  list(): ListController;
  /** Tells the rep (a toast), with an optional button. */
  toast(text: string, action?: { label: string; run: () => void }, ms?: number): void;
}

/**
 * Bulk edit of a list's selection: resolves it (the ticked rows, or every match), sends the
 * change through the batch API in batches of up to 1,000 with its progress, and says how it
 * went. A delete can be undone: customers are restored (`POST /customers/:id/restore`); deals
 * and contacts, which have no restore, leave the list at once and are deleted only when the
 * Undo time has passed (or the page is left). The wait is on the host's timers (`timersOf`: a
 * test's clock when it set one).
 */
export class BulkController implements ReactiveController {
  progress: (BulkProgress & { what: string }) | undefined;
  error = '';
  /** A delete waiting for Undo, with the clients it goes through (the host may have left the page by then). */
  #pending: { ids: string[]; timer: number; api: ShoalApi; store: RecordStore } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: BulkSource,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // Leaving the page before Undo ran out: the delete goes now.
    if (this.#pending) void this.#sendDelete();
  }

  #noun(n: number): string {
    const [one, many] = NOUNS[this.source.entity];
    return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  }

  #set(progress: BulkController['progress']): void {
    this.progress = progress;
    this.host.requestUpdate();
  }

  /** Runs a change the bulk bar asked for on the selection. */
  async run({ change, what, past }: BulkDetail): Promise<void> {
    const api = this.source.api();
    const store = this.source.store();
    const list = this.source.list();
    if (!api || !store || this.progress) return;
    this.error = '';
    const progress = (p: BulkProgress) => this.#set({ ...p, what });
    try {
      this.#set({ done: 0, failed: 0, total: selectedCount(list.selection, list.total), what });
      const records = await selectedRecords(api, store, this.source.entity, list);
      const ids = records.map((r) => r.id);
      if (change === 'delete' && this.source.entity !== 'customer') {
        list.hide(ids);
        this.#pending = { ids, timer: timersOf(this.host).set(() => void this.#sendDelete(), UNDO_MS), api, store };
        this.source.toast(`Deleted ${this.#noun(ids.length)}`, { label: 'Undo', run: () => this.#undoPending() }, UNDO_MS);
      } else if (change === 'delete') {
        const outcome = await deleteMany(api, store, 'customer', ids, progress);
        list.drop(outcome.deleted);
        const failed = outcome.failed.length ? `; ${outcome.failed.length.toLocaleString('en')} could not be deleted (${outcome.reason ?? 'changed meanwhile'})` : '';
        this.source.toast(`Deleted ${this.#noun(outcome.done)}${failed}`, outcome.deleted.length ? { label: 'Undo', run: () => void this.#restore(outcome.deleted) } : undefined, 12_000);
      } else {
        const outcome = await changeMany(api, store, this.source.entity, records, change, progress);
        this.source.toast(`${past} ${this.#noun(outcome.done)}`);
        if (outcome.failed.length) this.error = `${outcome.failed.length.toLocaleString('en')} could not be changed: ${outcome.reason ?? 'they changed meanwhile'}.`;
      }
      list.setSelection(NOTHING);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.#set(undefined);
      list.reload();
    }
  }

  #undoPending(): void {
    if (!this.#pending) return;
    timersOf(this.host).clear(this.#pending.timer);
    this.source.list().unhide(this.#pending.ids);
    this.#pending = undefined;
    this.source.list().reload();
  }

  async #sendDelete(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    timersOf(this.host).clear(pending.timer);
    this.#pending = undefined;
    try {
      const outcome = await deleteMany(pending.api, pending.store, this.source.entity, pending.ids, () => undefined);
      if (outcome.failed.length) this.source.toast(`${outcome.failed.length.toLocaleString('en')} could not be deleted: ${outcome.reason ?? 'they changed meanwhile'}`);
    } catch (error) {
      this.source.toast(`The delete failed: ${describeError(error)}`);
    }
    // Deleted ones are gone from the server's answers now; ones it refused show again.
    this.source.list().unhide(pending.ids);
    this.source.list().reload();
  }

  async #restore(ids: string[]): Promise<void> {
    const api = this.source.api();
    const store = this.source.store();
    if (!api || !store) return;
    const what = `Restoring ${this.#noun(ids.length)}`;
    try {
      const outcome = await restoreCustomers(api, store, ids, (p) => this.#set({ ...p, what }));
      this.source.toast(`Restored ${this.#noun(outcome.done)}`);
    } finally {
      this.#set(undefined);
      this.source.list().reload();
    }
  }

  /** The bulk bar, while rows are selected or a change runs. */
  render(fields: readonly FieldDefinition[], users: readonly User[], stages: readonly Stage[] = []) {
    const list = this.source.list();
    const count = selectedCount(list.selection, list.total);
    if (!this.progress && count === 0 && !this.error) return nothing;
    const ids = list.rowIds;
    return html`<shoal-bulk-bar
      entity=${this.source.entity}
      .count=${count}
      .total=${list.total}
      ?all=${list.selection.all}
      ?offer-all=${pageState(list.selection, ids) === 'all' && list.total > ids.length}
      .fields=${fields}
      .users=${users}
      .stages=${stages}
      .progress=${this.progress}
      .error=${this.error}
      @shoal-bulk=${(e: CustomEvent<BulkDetail>) => void this.run(e.detail)}
      @shoal-select-all=${() => list.setSelection(selectAll())}
      @shoal-select-none=${() => {
        this.error = '';
        list.setSelection(NOTHING);
      }}
    ></shoal-bulk-bar>`;
  }
}
