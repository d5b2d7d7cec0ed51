import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Customer, RemovedParts } from '../../../shared/customer.js';
import type { PresenceEntry } from '../../../shared/events.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext, liveContext, userContext } from '../context.js';
import type { StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import { LiveController } from '../live-controller.js';
import type { LiveClient } from '../live.js';
import { base, card, presenceAvatars, progressBar, shimmer, stateMessage, toasts } from '../styles.js';
import { columnsOf, defaultColumns, shownColumns } from '../lists/columns.js';
import { filterFields, hasMine } from '../lists/filter-model.js';
import { fieldsOf, loadFields } from '../lists/list-api.js';
import { ListController } from '../lists/list-controller.js';
import { restQuery } from '../lists/list-state.js';
import { listLayout, pager, pagerStyles } from '../lists/list-parts.js';
import { BatchNotes } from '../lists/batch-notes.js';
import { BulkController } from '../lists/bulk-controller.js';
import '../lists/shoal-saved-views.js';
import type { ViewApplyDetail } from '../lists/shoal-saved-views.js';
import type { SelectDetail } from '../lists/shoal-list-table.js';
import '../lists/shoal-column-chooser.js';
import type { ColumnsChangeDetail } from '../lists/shoal-column-chooser.js';
import '../lists/shoal-filter-builder.js';
import type { FiltersChangeDetail } from '../lists/shoal-filter-builder.js';
import './shoal-avatar.js';
import { listNames } from './shoal-online-users.js';
import './shoal-confirm-dialog.js';
import '../records/shoal-recently-deleted.js';
import './shoal-customer-form.js';
import type { CustomerSavedDetail } from './shoal-customer-form.js';
import './shoal-customer-table.js';
import type { CustomerActionDetail, SortDetail } from './shoal-customer-table.js';
import { DEFAULT_STAGES } from '../../../shared/stage.js';
import type { ImportEndDetail } from './shoal-csv-import-dialog.js';
import './shoal-demo-data-offer.js';
import type { DemoDataEndDetail } from './shoal-demo-data-offer.js';
import { roomOf } from '../../../shared/rooms.js';
import { countParts, partsList } from '../records/parts-count.js';
import { restoreCustomer } from '../records.js';
import { toast } from '../shell/shoal-toasts.js';

const HIGHLIGHT_MS = 3_000;
const NOTE_MS = 12_000;
const TOAST_MS = 6_000;
const SEARCH_DEBOUNCE_MS = 300;
const REFETCH_DEBOUNCE_MS = 200;
const DEFAULT_SORT = 'name';

interface Toast {
  id: number;
  text: string;
  /** A button beside the text (Undo). */
  action?: { label: string; run: () => void };
}

/** A colleague in the Customers view. */
interface Colleague {
  id: string;
  name: string;
  color?: string | undefined;
}

const searchIcon = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="currentColor">
  <path d="M8.5 3a5.5 5.5 0 1 0 3.4 9.8l3.6 3.6a.9.9 0 0 0 1.3-1.3l-3.6-3.6A5.5 5.5 0 0 0 8.5 3zm-3.7 5.5a3.7 3.7 0 1 1 7.4 0 3.7 3.7 0 0 1-7.4 0z" />
</svg>`;

/**
 * The Customers view: search, filter (owner, tags, "mine", custom fields), sort and page through
 * customers, with the columns the rep chose, all kept in the address (back and forward restore
 * them); create, edit and delete them; and see colleagues' changes arrive live (rows update in place with a highlight and
 * a note naming who changed them; deleted rows disappear; new customers appear).
 */
@customElement('shoal-customers-view')
export class ShoalCustomersView extends LitElement {
  static override styles = [
    base,
    card,
    presenceAvatars,
    progressBar,
    stateMessage,
    shimmer,
    toasts,
    pagerStyles,
    listLayout,
    css`
      :host {
        display: block;
      }
      .head-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        margin-bottom: 0.875rem;
      }
      .search {
        position: relative;
        flex: 1 1 18rem;
        max-width: 28rem;
      }
      .search svg {
        position: absolute;
        left: 0.75rem;
        top: 50%;
        transform: translateY(-50%);
        color: var(--shoal-muted, #536171);
        pointer-events: none;
      }
      .search input {
        padding-left: 2.375rem;
      }
      .card {
        position: relative;
        overflow: hidden;
      }
      .progress {
        position: absolute;
        inset: 0 0 auto;
        z-index: 2;
      }
      .skeleton {
        padding: 0.5rem 1rem;
      }
      .skeleton div {
        height: 1rem;
        margin: 1.125rem 0;
        border-radius: 0.25rem;
        background: linear-gradient(90deg, #eef1f4 25%, #f6f8fa 50%, #eef1f4 75%);
        background-size: 200% 100%;
        animation: shimmer 1.4s ease-in-out infinite;
      }
      @media (prefers-reduced-motion: reduce) {
        .skeleton div,
        .progress {
          animation: none;
        }
      }
      .toast button:hover:not(:disabled) {
        background: rgb(255 255 255 / 12%);
      }
      .delete-error {
        margin: 0.75rem 0 0;
        color: var(--shoal-danger, #b42318);
      }
      strong {
        color: var(--shoal-text, #1b2430);
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (from `<shoal-app>`). */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The signed-in user (from `<shoal-app>`); their own changes are not highlighted. */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  /** Customers per page. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 25;

  /** The search box's text (the list's `q` once applied). */
  @state() private searchText = '';
  /** The team, for the owner column and filter. */
  @state() private users: User[] = [];
  @state() private highlighted: string[] = [];
  @state() private notes: Record<string, string> = {};
  @state() private formOpen = false;
  @state() private importOpen = false;
  @state() private deletedOpen = false;
  @state() private editing: Customer | undefined;
  @state() private deleting: Customer | undefined;
  @state() private deleteBusy = false;
  @state() private deleteError = '';
  /** What goes with the customer being deleted (undefined while counting; null when the count failed). */
  @state() private deleteParts: RemovedParts | null | undefined;
  @state() private toasts: Toast[] = [];
  @state() private others: Colleague[] = [];
  /** What screen readers hear about colleagues' changes. */
  @state() private announcement = '';

  @query('#search') private searchInput!: HTMLInputElement;

  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #refetchTimer: ReturnType<typeof setTimeout> | undefined;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Highlights waiting for a refetch to bring their row (new customers). */
  #pending = new Map<string, string>();
  /** Who last changed each customer, when it was someone else. */
  #editors = new Map<string, string>();
  #toastId = 0;
  /** Demo data is loading: its customers arrive together when it ends, not one by one. */
  #demoLoading = false;
  /** Bulk edit of the selection. */
  readonly #bulk: BulkController = new BulkController(this, {
    entity: 'customer',
    api: () => this.api,
    store: () => this.#store.store,
    list: () => this.#list,
    toast: (text, action, ms) => this.#toast(text, action, ms),
  });
  /** A colleague's batch (500 owners changed) is one note, and the page is loaded again for it. */
  readonly #batchNotes = new BatchNotes((text, group) => {
    // The toasts are a live region: screen readers hear it there.
    this.#toast(text);
    if (group) this.#refetch();
  }, ['customer', 'customers']);

  /** Search, filters, sort, columns and page, in the address; the page's customer ids. */
  readonly #list: ListController = new ListController(this, {
    entity: 'customer',
    defaultSort: DEFAULT_SORT,
    pageSize: () => this.pageSize,
    api: () => this.api,
    store: () => this.#store.store,
    me: () => this.user,
    loaded: (page) => this.#loadedPage(page.items),
  });

  readonly #store: StoreController = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    customer: (change) => this.#onCustomerChange(change),
    // A definition an admin added or changed: the filter builder and the columns follow (the host re-renders).
    field: () => undefined,
    // A view saved, changed or deleted elsewhere (the team's, or the rep's own in another tab).
    view: () => void this.renderRoot.querySelector('shoal-saved-views')?.reload(),
    user: () => {
      if (this.#store.store) this.users = this.#store.store.users();
    },
    resync: () => this.#refetch(),
  });

  readonly #live = new LiveController(this, () => this.live, {
    presence: (room, entries) => {
      if (room === roomOf({ kind: 'presence', view: 'customers' })) this.#onPresence(entries);
    },
    state: (state) => {
      // Back online after a failed load: try again by itself.
      if (state === 'live' && this.#list.error) this.#refetch();
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.live?.setPresence({ view: 'customers' });
    this.searchText = this.#list.state.q;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
    clearTimeout(this.#refetchTimer);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('live') && this.live) this.live.setPresence({ view: 'customers' });
    if (changed.has('api') || changed.has('live')) this.#loadTeamAndFields();
  }

  /** The team and the custom field definitions, once per store (both kept current by their events). */
  #loadTeamAndFields(): void {
    const store = this.#store.store;
    if (!store || !this.api) return;
    store
      .team()
      .then((users) => (this.users = users))
      .catch(() => undefined);
    loadFields(store, this.api)
      .then(() => this.requestUpdate())
      .catch(() => undefined);
  }

  #later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #loadedPage(items: readonly { id: string }[]): void {
    this.searchText = this.#list.state.q;
    for (const [id, note] of this.#pending) if (items.some((c) => c.id === id)) this.#highlight(id, note);
    this.#pending.clear();
  }

  #refetch(): void {
    clearTimeout(this.#refetchTimer);
    this.#refetchTimer = setTimeout(() => this.#list.reload(), REFETCH_DEBOUNCE_MS);
  }

  async #highlight(id: string, note: string): Promise<void> {
    if (this.highlighted.includes(id)) {
      // Restart the flash: take the row out of the set for one render.
      this.highlighted = this.highlighted.filter((h) => h !== id);
      await this.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    this.highlighted = [...this.highlighted, id];
    this.notes = { ...this.notes, [id]: note };
    this.#later(() => {
      this.highlighted = this.highlighted.filter((h) => h !== id);
    }, HIGHLIGHT_MS);
    this.#later(() => {
      if (this.notes[id] !== note) return;
      const { [id]: _gone, ...rest } = this.notes;
      this.notes = rest;
    }, NOTE_MS);
  }

  #toast(text: string, action?: Toast['action'], ms = TOAST_MS): void {
    const id = ++this.#toastId;
    this.toasts = [...this.toasts.slice(-2), { id, text, ...(action ? { action } : {}) }];
    this.#later(() => this.#dismissToast(id), ms);
  }

  #dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  #onPresence(entries: PresenceEntry[]): void {
    const me = this.user?.id;
    const seen = new Map<string, Colleague>();
    for (const entry of entries) if (entry.actor.id !== me) seen.set(entry.actor.id, { ...entry.actor, color: entry.color });
    this.others = [...seen.values()];
  }

  /** The page's customers as the store has them, in the page's order. */
  private get rows(): Customer[] {
    const store = this.#store.store;
    return store ? this.#list.rowIds.map((id) => store.get('customer', id)).filter((c): c is Customer => c !== undefined) : [];
  }

  /** A customer change the store took: flag a colleague's; new and restored ones come with a refetch. */
  #onCustomerChange({ id, event, before, after }: StoreChange<'customer'>): void {
    const mine = event?.actor.id === this.user?.id;
    const row = this.#list.rowIds.includes(id);
    if (event && !mine) this.#editors.set(id, event.actor.name);
    if (!after) {
      if (row) {
        this.#list.drop([id]);
        if (this.#list.rowIds.length === 0) this.#refetch();
      } else if (event && !mine) {
        // Not on this page, but it may still count in the total.
        this.#refetch();
      }
      if (event && !mine) this.#batchNotes.add(event.actor.name, 'deleted', `${event.actor.name} deleted ${before?.name ?? event.data?.name ?? 'a customer'}`);
      return;
    }
    // A REST answer (a save here): the row shows it already.
    if (!event) return;
    if (event.op === 'created') {
      if (!mine && !this.#demoLoading) {
        this.#pending.set(id, `added by ${event.actor.name}`);
        this.announcement = `${event.actor.name} added ${after.name}`;
        this.#refetch();
      }
    } else if (row) {
      if (!mine) {
        this.#highlight(id, `edited by ${event.actor.name}`);
        this.announcement = `${event.actor.name} edited ${after.name}`;
        this.#batchNotes.add(event.actor.name, 'changed');
      }
    } else if (!mine && event.op === 'updated') {
      this.#batchNotes.add(event.actor.name, 'changed');
    } else if (event.op === 'restored') {
      if (!mine) this.#pending.set(id, `restored by ${event.actor.name}`);
      this.#refetch();
    }
    if (!mine && this.editing?.id === id) this.editing = after;
  }

  #onSearchInput(event: Event): void {
    this.searchText = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => this.#applySearch(), SEARCH_DEBOUNCE_MS);
  }

  #onSearchKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      clearTimeout(this.#searchTimer);
      this.#applySearch();
    } else if (event.key === 'Escape' && this.searchText) {
      event.preventDefault();
      this.#clearSearch();
    }
  }

  #applySearch(): void {
    const q = this.searchText.trim();
    if (q === this.#list.state.q) return;
    // Typing is one history entry, not one a word.
    this.#list.set({ q }, this.#list.state.q ? 'replace' : 'push');
  }

  #clearSearch(): void {
    this.searchText = '';
    clearTimeout(this.#searchTimer);
    this.#applySearch();
    this.searchInput?.focus();
  }

  #onSort(event: CustomEvent<SortDetail>): void {
    this.#list.set({ sort: event.detail.sort });
  }

  /** The address of the CSV export of the customers the list matches (search, filters, sort; every page). */
  #exportUrl(): string {
    const { limit: _l, cursor: _c, sort, ...query } = restQuery(this.#list.state, this.user?.id, 1);
    const params = new URLSearchParams({ ...query, ...(sort && sort !== DEFAULT_SORT ? { sort } : {}) });
    const search = params.toString();
    const base = this.api?.customerExportUrl() ?? '/api/customers/export';
    return search ? `${base}?${search}` : base;
  }

  #openNew(): void {
    this.editing = undefined;
    this.formOpen = true;
  }

  #onEdit(event: CustomEvent<CustomerActionDetail>): void {
    const customer = this.rows.find((c) => c.id === event.detail.id);
    if (!customer) return;
    this.editing = customer;
    this.formOpen = true;
  }

  #onSaved(event: CustomEvent<CustomerSavedDetail>): void {
    const { customer, mode } = event.detail;
    this.formOpen = false;
    if (mode === 'updated') {
      this.#store.store?.put('customer', customer);
      this.#toast(`Saved ${customer.name}`);
    } else {
      this.#pending.set(customer.id, 'just added');
      this.#toast(`Added ${customer.name}`);
      this.#refetch();
    }
  }

  /** Opens the import dialog, whose code loads on first use (it is not part of the first page). */
  async #openImport(): Promise<void> {
    await import('./shoal-csv-import-dialog.js');
    this.importOpen = true;
  }

  #onImportEnd(detail: ImportEndDetail): void {
    // The rep's own new customers are not shown one by one (their change events are theirs): fetch them now.
    this.#toast(detail.message);
    this.#refetch();
  }

  async #onImportClose(event: CustomEvent<void>): Promise<void> {
    this.importOpen = false;
    // Back to the button that opened it, once the modal dialog no longer holds the focus.
    await (event.target as LitElement).updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.import')?.focus();
  }

  #onDemoDataEnd(detail: DemoDataEndDetail): void {
    this.#demoLoading = false;
    this.#toast(detail.message);
    this.#refetch();
  }

  #onDelete(event: CustomEvent<CustomerActionDetail>): void {
    const customer = this.rows.find((c) => c.id === event.detail.id);
    if (!customer) return;
    this.deleting = customer;
    this.deleteError = '';
    this.deleteParts = undefined;
    const api = this.api;
    if (api)
      countParts(api, customer.id).then(
        (parts) => {
          if (this.deleting?.id === customer.id) this.deleteParts = parts;
        },
        () => {
          if (this.deleting?.id === customer.id) this.deleteParts = null;
        },
      );
  }

  /** The customer's deletion, with Undo (a restore) in the app's toast. */
  #deletedToast(customer: Customer): void {
    const api = this.api;
    toast(this, {
      text: `Deleted ${customer.name}`,
      action: {
        label: 'Undo',
        run: () => {
          if (!api) return;
          restoreCustomer(api, customer.id).then(
            (back) => {
              this.#store.store?.put('customer', back);
              toast(this, { text: `Restored ${back.name}` });
            },
            (error: unknown) => toast(this, { text: `Could not restore ${customer.name}: ${describeError(error)}` }),
          );
        },
      },
    });
  }

  async #confirmDelete(): Promise<void> {
    const customer = this.deleting;
    if (!customer || !this.api) return;
    this.deleteBusy = true;
    this.deleteError = '';
    try {
      await this.api.deleteCustomer(customer.id, customer.version);
      this.#removed(customer);
      this.#deletedToast(customer);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.#removed(customer);
        this.#toast(`${customer.name} was already deleted`);
      } else if (error instanceof ApiError && error.status === 412 && error.problem.current) {
        const current = error.problem.current as Customer;
        this.#store.store?.put('customer', current);
        this.deleting = current;
        const who = this.#editors.get(current.id) ?? 'Someone else';
        this.deleteError = `${who} changed this customer since you opened it. Check the latest details, then delete again if you still want to.`;
      } else {
        this.deleteError = describeError(error);
      }
    } finally {
      this.deleteBusy = false;
    }
  }

  /** ", and its 3 contacts, 2 deals and 14 interactions" (counting: said so; none: nothing). */
  #partsText() {
    if (this.deleteParts === undefined) return html`<span class="counting">, with what belongs to it (counting…)</span>`;
    if (this.deleteParts === null) return ', with its contacts, deals, interactions and tasks';
    const parts = partsList(this.deleteParts);
    return parts.length ? html`, and its <span class="parts">${listNames(parts)}</span>` : '';
  }

  #removed(customer: Customer): void {
    // Off the page and the total at once; the delete event changes nothing more.
    this.#store.store?.forget('customer', customer.id);
    this.deleting = undefined;
    this.searchInput?.focus();
  }

  /** A saved view chosen: its filters, sort and columns (none: the plain list). */
  #applyView({ view }: ViewApplyDetail): void {
    this.searchText = '';
    this.#list.set({ view: view?.id, q: '', filters: { ...(view?.filters ?? {}) }, sort: view?.sort || DEFAULT_SORT, columns: view?.columns?.length ? view.columns : undefined });
  }

  /** The columns shown: the rep's choice (custom fields included), or the defaults. */
  #columns() {
    return shownColumns(columnsOf('customer', fieldsOf(this.#store.store, 'customer')), this.#list.state.columns, defaultColumns('customer'));
  }

  #presence() {
    if (this.others.length === 0) return nothing;
    const names = this.others.map((a) => a.name);
    const label = `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} also here`;
    return html`<div class="presence">
      <ul class="avatars" aria-label=${label}>
        ${this.others.slice(0, 5).map((a) => html`<li title=${a.name}><shoal-avatar name=${a.name} color=${a.color ?? ''} user-id=${a.id}></shoal-avatar></li>`)}
      </ul>
      <span aria-hidden="true">${names.length === 1 ? `${names[0]} is also here` : `${names.length} colleagues here`}</span>
    </div>`;
  }

  #content() {
    const list = this.#list;
    const error = list.error;
    if (!list.loaded && !error) {
      return html`<div class="skeleton" role="status" aria-label="Loading customers">
        ${Array.from({ length: 6 }, () => html`<div></div>`)}
      </div>`;
    }
    if (error) {
      return html`<div class="state error" role="alert">
        <h2>We couldn't load your customers</h2>
        <p>${describeError(error)}</p>
        <button type="button" class="primary retry" @click=${() => this.#refetch()}>Try again</button>
      </div>`;
    }
    const q = list.state.q;
    const filtered = Object.keys(list.state.filters).length > 0;
    if (list.loaded && list.total === 0 && this.rows.length === 0) {
      return filtered
        ? html`<div class="state empty">
            <h2>No customers match these filters${q ? html` and “${q}”` : nothing}</h2>
            <p>Remove a filter, or clear them all to see every customer.</p>
            <button type="button" class="clear-filters" @click=${() => this.#list.set({ filters: {} })}>Clear filters</button>
          </div>`
        : q
        ? html`<div class="state empty">
            <h2>No customers match “${q}”</h2>
            <p>Check the spelling, or search by company name, email, phone, industry or tag.</p>
            <button type="button" @click=${() => this.#clearSearch()}>Clear search</button>
          </div>`
        : this.user?.role === 'admin'
          ? html`<shoal-demo-data-offer
              @shoal-add-customer=${() => this.#openNew()}
              @shoal-demo-data-start=${() => (this.#demoLoading = true)}
              @shoal-demo-data-end=${(e: CustomEvent<DemoDataEndDetail>) => this.#onDemoDataEnd(e.detail)}
            ></shoal-demo-data-offer>`
          : html`<div class="state empty">
              <h2>No customers yet</h2>
              <p>Add your first customer to start tracking contacts and deals. Your team sees it right away.</p>
              <p class="hint">Want to look around with sample data first? Ask an admin to load the demo data.</p>
              <button type="button" class="primary" @click=${() => this.#openNew()}>Add a customer</button>
            </div>`;
    }
    return html`${this.#bulk.render(fieldsOf(this.#store.store, 'customer'), this.users)}<shoal-customer-table
        .customers=${this.rows}
        selectable
        .selection=${list.selection}
        @shoal-select=${(e: CustomEvent<SelectDetail>) => list.setSelection(e.detail.selection)}
        .columns=${this.#columns()}
        .users=${this.users}
        .sort=${list.state.sort}
        .highlighted=${this.highlighted}
        .notes=${this.notes}
        ?busy=${list.loading}
        label="Customers"
        @shoal-sort=${(e: CustomEvent<SortDetail>) => this.#onSort(e)}
        @shoal-edit=${(e: CustomEvent<CustomerActionDetail>) => this.#onEdit(e)}
        @shoal-delete=${(e: CustomEvent<CustomerActionDetail>) => this.#onDelete(e)}
      ></shoal-customer-table>
      ${pager(list, this.rows.length)}`;
  }

  protected override render() {
    const list = this.#list;
    const q = list.state.q;
    const pending = list.loading && list.loaded;
    const subtitle = list.loaded ? `${list.total} ${list.total === 1 ? 'company' : 'companies'}${q ? ` matching “${q}”` : ''}` : 'Loading…';
    const defs = fieldsOf(this.#store.store, 'customer');
    return html`<section aria-labelledby="customers-title">
      <div class="head">
        <div>
          <h1 id="customers-title" tabindex="-1">Customers</h1>
          <p class="subtitle">${subtitle}</p>
        </div>
        <div class="head-actions">
          <a
            class="button export"
            href=${this.#exportUrl()}
            download
            title=${q || Object.keys(list.state.filters).length ? 'Download the customers this list matches as a CSV file' : 'Download all customers as a CSV file'}
          >
            Export CSV
          </a>
          <button type="button" class="import" aria-haspopup="dialog" @click=${() => void this.#openImport()}>Import CSV</button>
          <button type="button" class="recently-deleted" aria-haspopup="dialog" @click=${() => (this.deletedOpen = true)}>Recently deleted</button>
          <button type="button" class="primary new-customer" @click=${() => this.#openNew()}>
            <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor"><path d="M10 3.5a.9.9 0 0 1 .9.9v4.7h4.7a.9.9 0 0 1 0 1.8h-4.7v4.7a.9.9 0 0 1-1.8 0v-4.7H4.4a.9.9 0 0 1 0-1.8h4.7V4.4a.9.9 0 0 1 .9-.9z" /></svg>
            New customer
          </button>
        </div>
      </div>
      <div class="layout">
      <shoal-saved-views
        .api=${this.api}
        entity="customer"
        allLabel="All customers"
        .user=${this.user}
        .active=${list.state.view}
        .current=${{ filters: list.state.filters, sort: list.state.sort, columns: list.state.columns }}
        @shoal-view-apply=${(e: CustomEvent<ViewApplyDetail>) => this.#applyView(e.detail)}
      ></shoal-saved-views>
      <div class="main">
      <div class="toolbar">
        <div class="search" role="search" aria-label="Customers">
          <label for="search" class="visually-hidden">Search customers</label>
          ${searchIcon}
          <input
            id="search"
            type="search"
            placeholder="Search by name, email, phone, industry or tag"
            autocomplete="off"
            .value=${this.searchText}
            @input=${(e: Event) => this.#onSearchInput(e)}
            @keydown=${(e: KeyboardEvent) => this.#onSearchKey(e)}
          />
        </div>
        ${this.#presence()}
      </div>
      <div class="filters">
        <shoal-filter-builder
          .fields=${filterFields('customer', defs, { users: this.users, stages: DEFAULT_STAGES })}
          .filters=${list.state.filters}
          .users=${this.users}
          .context=${{ stages: DEFAULT_STAGES, me: this.user }}
          ?mine=${hasMine('customer')}
          @shoal-filters-change=${(e: CustomEvent<FiltersChangeDetail>) => this.#list.set({ filters: e.detail.filters })}
        ></shoal-filter-builder>
        <shoal-column-chooser
          .all=${columnsOf('customer', defs)}
          .chosen=${list.state.columns}
          .defaults=${defaultColumns('customer')}
          @shoal-columns-change=${(e: CustomEvent<ColumnsChangeDetail>) => this.#list.set({ columns: e.detail.columns })}
        ></shoal-column-chooser>
      </div>
      <div class="card">${pending ? html`<div class="progress" role="progressbar" aria-label="Updating"></div>` : nothing} ${this.#content()}</div>
      </div>
      </div>

      <shoal-customer-form
        .api=${this.api}
        .open=${this.formOpen}
        .customer=${this.editing}
        .lastEditor=${this.editing ? this.#editors.get(this.editing.id) : undefined}
        .users=${this.users}
        .me=${this.user}
        .fields=${defs}
        @shoal-saved=${(e: CustomEvent<CustomerSavedDetail>) => this.#onSaved(e)}
        @shoal-close=${() => {
          this.formOpen = false;
        }}
      ></shoal-customer-form>

      <shoal-csv-import-dialog
        .api=${this.api}
        .live=${this.live}
        .open=${this.importOpen}
        @shoal-import-end=${(e: CustomEvent<ImportEndDetail>) => this.#onImportEnd(e.detail)}
        @shoal-close=${(e: CustomEvent<void>) => void this.#onImportClose(e)}
      ></shoal-csv-import-dialog>

      <shoal-recently-deleted
        .api=${this.api}
        .live=${this.live}
        .open=${this.deletedOpen}
        @shoal-close=${() => {
          this.deletedOpen = false;
          this.renderRoot.querySelector<HTMLElement>('button.recently-deleted')?.focus();
        }}
      ></shoal-recently-deleted>

      <shoal-confirm-dialog
        .open=${this.deleting !== undefined}
        heading="Delete ${this.deleting?.name ?? 'customer'}?"
        confirm-label=${this.deleteBusy ? 'Deleting…' : 'Delete customer'}
        danger
        ?busy=${this.deleteBusy}
        @shoal-confirm=${() => void this.#confirmDelete()}
        @shoal-cancel=${() => {
          this.deleting = undefined;
        }}
      >
        <p style="margin: 0">
          <strong>${this.deleting?.name}</strong> (${this.deleting?.email}) will be removed for everyone on your team${this.#partsText()}.
          You can undo it, or restore it from Recently deleted for 30 days.
        </p>
        ${this.deleteError ? html`<p class="delete-error" role="alert">${this.deleteError}</p>` : nothing}
      </shoal-confirm-dialog>

      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <div class="toasts" role="status" aria-live="polite">
        ${this.toasts.map(
          (t) => html`<div class="toast">
            <span>${t.text}</span>
            ${t.action
              ? html`<button
                  type="button"
                  class="small toast-action"
                  @click=${() => {
                    this.#dismissToast(t.id);
                    t.action!.run();
                  }}
                >
                  ${t.action.label}
                </button>`
              : nothing}
            <button type="button" class="small" aria-label="Dismiss" @click=${() => this.#dismissToast(t.id)}>✕</button>
          </div>`,
        )}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customers-view': ShoalCustomersView;
  }
}
