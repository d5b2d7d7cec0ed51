import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Customer } from '../../../shared/customer.js';
import type { User } from '../../../shared/user.js';
import { WithShoalContext } from '../context-mixin.js';
import type { StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import { LiveController } from '../live-controller.js';
import { base, card, presenceAvatars, progressBar, shimmer, stateMessage, toasts } from '../styles.js';
import { columnsOf, defaultColumns, shownColumns } from '../lists/columns.js';
import { filterFields, hasMine } from '../lists/filter-model.js';
import { fieldsOf, loadTeamAndFields } from '../lists/list-api.js';
import { ListController } from '../lists/list-controller.js';
import { CsvActions, exportQuery } from '../lists/csv-actions.js';
import { SearchBox, searchBoxStyles } from '../lists/search-box.js';
import { listLayout, listPageStyles, pager, pagerStyles, savedViews } from '../lists/list-parts.js';
import { BatchNotes } from '../lists/batch-notes.js';
import { BulkController } from '../lists/bulk-controller.js';
import type { SelectDetail } from '../lists/shoal-list-table.js';
import '../lists/shoal-column-chooser.js';
import type { ColumnsChangeDetail } from '../lists/shoal-column-chooser.js';
import '../lists/shoal-filter-builder.js';
import type { FiltersChangeDetail } from '../lists/shoal-filter-builder.js';
import { alsoHere, colleaguesOf, type Viewer } from '../records/viewers.js';
import '../records/shoal-recently-deleted.js';
import './shoal-customer-form.js';
import type { CustomerSavedDetail } from './shoal-customer-form.js';
import './shoal-customer-table.js';
import type { CustomerActionDetail, SortDetail } from './shoal-customer-table.js';
import { DEFAULT_STAGES } from '../../../shared/stage.js';
import { customersEmpty, listSkeleton, loadFailed } from './customers-states.js';
import type { DemoDataEndDetail } from './shoal-demo-data-offer.js';
import { roomOf } from '../../../shared/rooms.js';
import '../records/shoal-customer-delete.js';
import type { CustomerRemovedDetail } from '../records/shoal-customer-delete.js';
import { HighlightController } from '../highlight-controller.js';
import { ToastController } from '../lists/toast-controller.js';
import { customersViewStyles } from './shoal-customers-view.styles.js';

const REFETCH_DEBOUNCE_MS = 200;
const DEFAULT_SORT = 'name';

/**
 * The Customers view: search, filter (owner, tags, "mine", custom fields), sort and page through
 * customers, with the columns the rep chose, all kept in the address (back and forward restore
 * them); create, edit and delete them; and see colleagues' changes arrive live (rows update in place with a highlight and
 * a note naming who changed them; deleted rows disappear; new customers appear).
 */
@customElement('shoal-customers-view')
export class ShoalCustomersView extends WithShoalContext(LitElement) {
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
    listPageStyles,
    searchBoxStyles,
    customersViewStyles,
  ];

  /** Customers per page. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 25;

  /** The team, for the owner column and filter. */
  @state() private users: User[] = [];
  @state() private formOpen = false;
  @state() private deletedOpen = false;
  @state() private editing: Customer | undefined;
  @state() private deleting: Customer | undefined;
  @state() private others: Viewer[] = [];
  /** What screen readers hear about colleagues' changes. */
  @state() private announcement = '';

  #refetchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rows a colleague just changed flash, with a note naming who. */
  readonly #highlights = new HighlightController(this);
  /** The view's short messages (saved, imported, a colleague's batch). */
  readonly #toasts = new ToastController(this);
  /** Highlights waiting for a refetch to bring their row (new customers). */
  #pending = new Map<string, string>();
  /** Who last changed each customer, when it was someone else. */
  #editors = new Map<string, string>();
  /** The customers' CSV export and import (a file of customers or of their contacts). */
  readonly #csv = new CsvActions(this, {
    resource: 'customers',
    many: 'customers',
    kinds: ['customers', 'contacts'],
    imported: ({ message }) => {
      // The rep's own new customers are not shown one by one (their change events are theirs): fetch them now.
      this.#toasts.show(message);
      this.#refetch();
    },
  });
  /** Demo data is loading: its customers arrive together when it ends, not one by one. */
  #demoLoading = false;
  /** Bulk edit of the selection. */
  readonly #bulk: BulkController = new BulkController(this, {
    entity: 'customer',
    api: () => this.api,
    store: () => this.#store.store,
    list: () => this.#list,
    toast: (text, action, ms) => this.#toasts.show(text, action, ms),
  });
  /** A colleague's batch (500 owners changed) is one note, and the page is loaded again for it. */
  readonly #batchNotes = new BatchNotes((text, group) => {
    // The toasts are a live region: screen readers hear it there.
    this.#toasts.show(text);
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

  /** The search box, the list's `q`. */
  readonly #search = new SearchBox(this, {
    list: () => this.#list,
    label: 'Search customers',
    region: 'Customers',
    placeholder: 'Search by name, email, phone, industry or tag',
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
      if (room === roomOf({ kind: 'presence', view: 'customers' })) this.others = colleaguesOf(entries, this.user?.id);
    },
    state: (state) => {
      // Back online after a failed load: try again by itself.
      if (state === 'live' && this.#list.error) this.#refetch();
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.live?.setPresence({ view: 'customers' });
    this.#search.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#refetchTimer);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('live') && this.live) this.live.setPresence({ view: 'customers' });
    if (changed.has('api') || changed.has('live')) this.#loadTeamAndFields();
  }

  /** The team and the custom field definitions, once per store (both kept current by their events). */
  #loadTeamAndFields(): void {
    const store = this.#store.store;
    if (!store || !this.api) return;
    loadTeamAndFields(store, this.api, { users: (users) => (this.users = users), fields: () => this.requestUpdate() });
  }

  #loadedPage(items: readonly { id: string }[]): void {
    this.#search.sync();
    for (const [id, note] of this.#pending) if (items.some((c) => c.id === id)) this.#highlights.mark(id, note);
    this.#pending.clear();
  }

  #refetch(): void {
    clearTimeout(this.#refetchTimer);
    this.#refetchTimer = setTimeout(() => this.#list.reload(), REFETCH_DEBOUNCE_MS);
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
        this.#highlights.mark(id, `edited by ${event.actor.name}`);
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

  #onSort(event: CustomEvent<SortDetail>): void {
    this.#list.set({ sort: event.detail.sort });
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
      this.#toasts.show(`Saved ${customer.name}`);
    } else {
      this.#pending.set(customer.id, 'just added');
      this.#toasts.show(`Added ${customer.name}`);
      this.#refetch();
    }
  }

  #onDemoDataEnd(detail: DemoDataEndDetail): void {
    this.#demoLoading = false;
    this.#toasts.show(detail.message);
    this.#refetch();
  }

  #onRemoved({ customer, already }: CustomerRemovedDetail): void {
    this.deleting = undefined;
    if (already) this.#toasts.show(`${customer.name} was already deleted`);
    this.#search.focus();
  }

  /** The notes beside the page's rows ("edited by Dana Park"). */
  #notes(): Record<string, string> {
    const notes: Record<string, string> = {};
    for (const { id } of this.rows) {
      const note = this.#highlights.note(id);
      if (note) notes[id] = note;
    }
    return notes;
  }

  /** The columns shown: the rep's choice (custom fields included), or the defaults. */
  #columns() {
    return shownColumns(columnsOf('customer', fieldsOf(this.#store.store, 'customer')), this.#list.state.columns, defaultColumns('customer'));
  }

  #content() {
    const list = this.#list;
    if (!list.loaded && !list.error) return listSkeleton('Loading customers');
    if (list.error) return loadFailed("We couldn't load your customers", list.error, () => this.#refetch());
    if (list.loaded && list.total === 0 && this.rows.length === 0) {
      return customersEmpty(
        { q: list.state.q, filtered: Object.keys(list.state.filters).length > 0, admin: this.user?.role === 'admin' },
        {
          clearFilters: () => this.#list.set({ filters: {} }),
          clearSearch: () => this.#search.clear(),
          add: () => this.#openNew(),
          demoStart: () => (this.#demoLoading = true),
          demoEnd: (detail) => this.#onDemoDataEnd(detail),
        },
      );
    }
    return html`${this.#bulk.render(fieldsOf(this.#store.store, 'customer'), this.users)}<shoal-customer-table
        .customers=${this.rows}
        selectable
        .selection=${list.selection}
        @shoal-select=${(e: CustomEvent<SelectDetail>) => list.setSelection(e.detail.selection)}
        .columns=${this.#columns()}
        .users=${this.users}
        .sort=${list.state.sort}
        .highlighted=${this.rows.filter((c) => this.#highlights.flashing(c.id)).map((c) => c.id)}
        .notes=${this.#notes()}
        ?busy=${list.loading}
        label="Customers"
        @shoal-sort=${(e: CustomEvent<SortDetail>) => this.#onSort(e)}
        @shoal-edit=${(e: CustomEvent<CustomerActionDetail>) => this.#onEdit(e)}
        @shoal-delete=${(e: CustomEvent<CustomerActionDetail>) => (this.deleting = this.rows.find((c) => c.id === e.detail.id))}
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
          ${this.#csv.buttons(this.api, exportQuery(list.state, this.user?.id, DEFAULT_SORT), !!q || Object.keys(list.state.filters).length > 0)}
          <button type="button" class="recently-deleted" aria-haspopup="dialog" @click=${() => (this.deletedOpen = true)}>Recently deleted</button>
          <button type="button" class="primary new-customer" @click=${() => this.#openNew()}>
            <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor"><path d="M10 3.5a.9.9 0 0 1 .9.9v4.7h4.7a.9.9 0 0 1 0 1.8h-4.7v4.7a.9.9 0 0 1-1.8 0v-4.7H4.4a.9.9 0 0 1 0-1.8h4.7V4.4a.9.9 0 0 1 .9-.9z" /></svg>
            New customer
          </button>
        </div>
      </div>
      <div class="layout">
      ${savedViews(list, { api: this.api, user: this.user, entity: 'customer', allLabel: 'All customers', defaultSort: DEFAULT_SORT, chosen: () => (this.#search.text = '') })}
      <div class="main">
      <div class="toolbar">
        ${this.#search.render()}
        ${alsoHere(this.others)}
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

      ${this.#csv.dialog(this.api, this.live)}

      <shoal-recently-deleted
        .api=${this.api}
        .live=${this.live}
        .open=${this.deletedOpen}
        @shoal-close=${() => {
          this.deletedOpen = false;
          this.renderRoot.querySelector<HTMLElement>('button.recently-deleted')?.focus();
        }}
      ></shoal-recently-deleted>

      <shoal-customer-delete
        .customer=${this.deleting}
        .editors=${this.#editors}
        .api=${this.api}
        .live=${this.live}
        @shoal-customer-removed=${(e: CustomEvent<CustomerRemovedDetail>) => this.#onRemoved(e.detail)}
        @shoal-cancel=${() => (this.deleting = undefined)}
      ></shoal-customer-delete>

      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.#toasts.render()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customers-view': ShoalCustomersView;
  }
}
