import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { User } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import type { Page } from '../data/http.js';
import type { ListEntity } from './filter-model.js';
import { RESOURCE, listPage } from './list-api.js';
import { readListState, restQuery, sameQuery, writeListState, type ListState } from './list-state.js';
import { NOTHING, type Selection } from './selection.js';

/** What a list controller is told by its host. */
export interface ListSource {
  entity: ListEntity;
  defaultSort: string;
  pageSize(): number;
  api(): ShoalApi | undefined;
  store(): RecordStore | undefined;
  me(): User | undefined;
  /** A page came in (its records are in the store by then). */
  loaded?(page: Page<{ id: string }>): void;
}

/** How a change of the state goes into the browser's history. */
type HistoryMode = 'push' | 'replace' | 'none';

/**
 * The state of one list page (customers, contacts, deals): search, filters, sort, columns and
 * page, kept in the address (a change is a history entry; back and forward restore it), and
 * the page of record ids it loads for them (the records enter the record store, one snapshot
 * per page). The list's view renders its rows from the store by these ids. The selection is
 * kept here too, and dropped when the query changes.
 */
export class ListController implements ReactiveController {
  state: ListState;
  /** The ids of the page shown, in the server's order. */
  rowIds: string[] = [];
  total = 0;
  nextCursor: string | undefined;
  /** A page has come in at least once. */
  loaded = false;
  loading = false;
  error: unknown;
  selection: Selection = NOTHING;
  /** Cursor of each page visited (index 0: page 1); null: not known (the address named a later page). */
  #cursors: (string | null | undefined)[] = [undefined];
  #abort: AbortController | undefined;
  #started = false;
  /** Rows kept off the page (see {@link hide}). */
  readonly #hidden = new Set<string>();
  /** The page's path: a history entry of another page is not this list's. */
  readonly #path = globalThis.location?.pathname ?? '/';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: ListSource,
  ) {
    this.state = readListState(globalThis.location?.search ?? '', source.entity, source.defaultSort);
    this.#cursorsFromState();
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener('popstate', this.#onPopState);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('popstate', this.#onPopState);
    this.#abort?.abort();
    this.#started = false;
  }

  hostUpdate(): void {
    // The first load waits for the API client (it may come later, through context).
    if (!this.#started && this.source.api()) {
      this.#started = true;
      void this.load();
    }
  }

  /** The REST query of the page shown (the "mine" filter resolved). */
  get query(): Record<string, string> {
    return restQuery(this.state, this.source.me()?.id, this.source.pageSize());
  }

  /** The REST collection of the list. */
  get resource(): (typeof RESOURCE)[ListEntity] {
    return RESOURCE[this.source.entity];
  }

  /** The 1-based index of the first row shown. */
  get from(): number {
    return this.rowIds.length ? (this.state.page - 1) * this.source.pageSize() + 1 : 0;
  }

  get hasPrevious(): boolean {
    return this.state.page > 1;
  }

  /**
   * Changes the state; a change of the query (search, filters, sort) goes back to page 1 and
   * drops the selection. `history`: a push makes a history entry (filters, sort, page), a replace
   * does not (typing a search).
   */
  set(patch: Partial<ListState>, history: HistoryMode = 'push'): void {
    const next: ListState = { ...this.state, ...patch };
    const queryChanged = !sameQuery(next, this.state);
    if (queryChanged && !('page' in patch)) {
      next.page = 1;
      next.cursor = undefined;
      this.#cursors = [undefined];
      this.selection = NOTHING;
    }
    const columnsOnly = !queryChanged && next.page === this.state.page && next.cursor === this.state.cursor;
    this.state = next;
    this.#write(history);
    this.host.requestUpdate();
    if (!columnsOnly) void this.load();
  }

  /** The next page. */
  next(): void {
    if (!this.nextCursor) return;
    this.#cursors[this.state.page] = this.nextCursor;
    this.set({ page: this.state.page + 1, cursor: this.nextCursor });
  }

  /** The page before (page 1 when the address named a later page without the ones before). */
  previous(): void {
    if (this.state.page <= 1) return;
    const before = this.#cursors[this.state.page - 2];
    if (before === null) this.set({ page: 1, cursor: undefined });
    else this.set({ page: this.state.page - 1, cursor: before });
  }

  /** Loads the page shown again (after a change that may add or remove rows). */
  reload(): void {
    void this.load();
  }

  setSelection(selection: Selection): void {
    this.selection = selection;
    this.host.requestUpdate();
  }

  /**
   * Keeps rows off the page until {@link unhide}, through every reload (a delete waiting for its
   * Undo: the server still has them).
   */
  hide(ids: readonly string[]): void {
    for (const id of ids) this.#hidden.add(id);
    this.drop(ids);
  }

  /** Lets hidden rows show again, from the next load on. */
  unhide(ids: readonly string[]): void {
    for (const id of ids) this.#hidden.delete(id);
  }

  /** Takes rows off the page at once (deleted here or by someone else). */
  drop(ids: readonly string[]): void {
    const gone = new Set(ids);
    const before = this.rowIds.length;
    this.rowIds = this.rowIds.filter((id) => !gone.has(id));
    this.total = Math.max(0, this.total - (before - this.rowIds.length));
    this.host.requestUpdate();
  }

  async load(): Promise<void> {
    const api = this.source.api();
    if (!api) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const page = await listPage<{ id: string; version: number }>(api, this.resource, this.query, abort.signal);
      if (abort.signal.aborted) return;
      // A page emptied by deletions: step back rather than show an empty page.
      if (page.items.length === 0 && this.state.page > 1) {
        this.loading = false;
        this.previous();
        return;
      }
      const store = this.source.store();
      const shown = page.items.filter((r) => !this.#hidden.has(r.id));
      this.rowIds = shown.map((r) => r.id);
      this.total = Math.max(0, page.total - (page.items.length - shown.length));
      this.nextCursor = page.nextCursor;
      this.loaded = true;
      this.loading = false;
      void store?.snapshot(this.source.entity, page.items as never[], page.seq).catch(() => this.reload());
      this.source.loaded?.(page);
    } catch (error) {
      if (abort.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return;
      this.loading = false;
      this.error = error;
    }
    this.host.requestUpdate();
  }

  #write(history: HistoryMode): void {
    if (history === 'none' || !globalThis.history) return;
    const url = `${location.pathname}${writeListState(this.state, this.source.defaultSort)}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    const entry = { shoalList: { cursors: this.#cursors } };
    if (history === 'push') globalThis.history.pushState(entry, '', url);
    else globalThis.history.replaceState(entry, '', url);
  }

  #cursorsFromState(): void {
    const saved = (globalThis.history?.state as { shoalList?: { cursors?: (string | null | undefined)[] } } | null)?.shoalList?.cursors;
    if (saved && saved[this.state.page - 1] === this.state.cursor) {
      this.#cursors = [...saved];
      return;
    }
    this.#cursors = [undefined];
    for (let p = 2; p < this.state.page; p++) this.#cursors.push(null);
    if (this.state.page > 1) this.#cursors.push(this.state.cursor);
  }

  readonly #onPopState = () => {
    if (location.pathname !== this.#path) return;
    const next = readListState(location.search, this.source.entity, this.source.defaultSort);
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    const queryChanged = !sameQuery(next, this.state);
    this.state = next;
    this.#cursorsFromState();
    if (queryChanged) this.selection = NOTHING;
    this.host.requestUpdate();
    void this.load();
  };
}
