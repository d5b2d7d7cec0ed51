import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { html as staticHtml, literal } from 'lit/static-html.js';
import type { Contact } from '../../../shared/contact.js';
import type { Customer } from '../../../shared/customer.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import type { StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import { listStages } from '../records.js';
import { isPlainClick, paths } from '../shell/routes.js';
import { browserTimers, type Timers } from '../timers.js';
import { base, card, progressBar, shimmer, stateMessage, toasts } from '../styles.js';
import { HighlightController } from '../highlight-controller.js';
import { BatchNotes } from './batch-notes.js';
import { BulkController } from './bulk-controller.js';
import { ToastController } from './toast-controller.js';
import { columnsOf, defaultColumns, shownColumns } from './columns.js';
import { filterFields, hasMine, type ListEntity } from './filter-model.js';
import { fieldsOf, loadTeamAndFields } from './list-api.js';
import { ListController } from './list-controller.js';
import { listLayout, listPageStyles, pager, pagerStyles, savedViews } from './list-parts.js';
import { passesFilters, touchesFilters } from './live-match.js';
import './shoal-column-chooser.js';
import type { ColumnsChangeDetail } from './shoal-column-chooser.js';
import './shoal-contact-table.js';
import { ShoalDealTable } from './shoal-deal-table.js';
import './shoal-filter-builder.js';
import type { FiltersChangeDetail } from './shoal-filter-builder.js';
import type { SelectDetail, SortDetail } from './shoal-list-table.js';
import { CsvActions, exportQuery } from './csv-actions.js';

const REFETCH_DEBOUNCE_MS = 200;
const SEARCH_DEBOUNCE_MS = 300;

/** What differs between the lists this page shows. */
interface ListKind {
  title: string;
  noun: [string, string];
  defaultSort: string;
  searchHint: string;
}

const KINDS: Record<Exclude<ListEntity, 'customer'>, ListKind> = {
  opportunity: { title: 'Deals', noun: ['deal', 'deals'], defaultSort: '-createdAt', searchHint: 'Search deals by name' },
  contact: { title: 'Contacts', noun: ['contact', 'contacts'], defaultSort: 'name', searchHint: 'Search contacts by name, email or position' },
};

type Row = Opportunity | Contact;

/** What the deals list imports. */
/**
 * A list page on the list kit: the deals table (beside the board) or the contacts list. Search,
 * filters over every field (custom ones included, owner, stage, "mine"), sort, the column
 * chooser and the page, all in the address; rows from the record store, kept live by its
 * changes (a row someone else changed flashes; a new or deleted one reloads the page).
 */
@customElement('shoal-record-list')
export class ShoalRecordList extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    card,
    progressBar,
    stateMessage,
    shimmer,
    pagerStyles,
    listLayout,
    toasts,
    listPageStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-bottom: 0.875rem;
      }
      .toolbar input {
        max-width: 28rem;
      }
    `,
  ];

  /** Which records: `opportunity` (deals) or `contact`. */
  @property()
  entity: 'opportunity' | 'contact' = 'opportunity';

  /** Rows per page. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 25;

  /** The timers the Undo of a delete, the toasts and the rows' highlights wait on (a test's clock, or the browser's). */
  @property({ attribute: false })
  timers: Timers = browserTimers;

  @state() private users: User[] = [];
  @state() private stages: readonly Stage[] = DEFAULT_STAGES;
  @state() private searchText = '';

  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #refetchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Customers asked for (the rows name them). */
  #asked = new Set<string>();

  readonly #store: StoreController = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    opportunity: (change) => this.#onChange(change),
    contact: (change) => this.#onChange(change),
    field: () => undefined,
    // A view saved, changed or deleted elsewhere (the team's, or the rep's own in another tab).
    view: () => void this.renderRoot.querySelector('shoal-saved-views')?.reload(),
    customer: () => undefined,
    user: () => {
      if (this.#store.store) this.users = this.#store.store.users();
    },
    resync: () => this.#refetch(),
  });

  // Created in connectedCallback: the entity attribute decides its default sort.
  #list: ListController | undefined;
  readonly #toasts = new ToastController(this);
  /** Rows a colleague just changed: each flashes, and says who for a while ("edited by Dana Park"). */
  readonly #highlights = new HighlightController(this);
  #bulk: BulkController | undefined;
  /** A colleague's batch is one note, and the page is loaded again for it. */
  #notes: BatchNotes | undefined;

  /** The deals' CSV export and import. */
  readonly #csv = new CsvActions(this, {
    resource: 'opportunities',
    many: 'deals',
    imported: ({ message }) => {
      this.#toasts.show(message);
      this.#refetch();
    },
  });

  /** What the CSV export of the deals takes: the list's search, filters and sort (every page). */
  #exportQuery(): Record<string, string> {
    return exportQuery(this.#list!.state, this.user?.id, this.#kind.defaultSort);
  }

  get #kind(): ListKind {
    return KINDS[this.entity];
  }

  override connectedCallback(): void {
    this.#list ??= new ListController(this, {
      entity: this.entity,
      defaultSort: this.#kind.defaultSort,
      pageSize: () => this.pageSize,
      api: () => this.api,
      store: () => this.#store.store,
      me: () => this.user,
      loaded: (page) => this.#loaded(page.items as Row[]),
    });
    this.#bulk ??= new BulkController(this, {
      entity: this.entity,
      api: () => this.api,
      store: () => this.#store.store,
      list: () => this.#list!,
      toast: (text, action, ms) => this.#toasts.show(text, action, ms),
    });
    this.#notes ??= new BatchNotes((text, group) => {
      this.#toasts.show(text);
      if (group) this.#refetch();
    }, this.#kind.noun);
    super.connectedCallback();
    this.searchText = this.#list.state.q;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
    clearTimeout(this.#refetchTimer);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!(changed.has('api') || changed.has('live'))) return;
    const store = this.#store.store;
    if (!store || !this.api) return;
    loadTeamAndFields(store, this.api, { users: (users) => (this.users = users), fields: () => this.requestUpdate() });
    if (this.entity === 'opportunity')
      listStages(this.api)
        .then((stages) => (this.stages = stages))
        .catch(() => undefined);
  }

  #refetch(): void {
    clearTimeout(this.#refetchTimer);
    this.#refetchTimer = setTimeout(() => this.#list?.reload(), REFETCH_DEBOUNCE_MS);
  }

  /** The rows' customers the store lacks: fetched one by one (a page names at most a few). */
  #loaded(rows: readonly Row[]): void {
    const store = this.#store.store;
    const api = this.api;
    if (!store || !api) return;
    for (const id of new Set(rows.map((r) => r.customerId))) {
      if (store.get('customer', id) || this.#asked.has(id)) continue;
      this.#asked.add(id);
      api.getCustomer(id).then(
        ({ value }) => {
          store.put('customer', value);
          this.requestUpdate();
        },
        () => this.#asked.delete(id),
      );
    }
  }

  #onChange({ id, event, after }: StoreChange<'opportunity'> | StoreChange<'contact'>): void {
    const list = this.#list;
    if (!list || !event) return;
    const mine = event.actor.id === this.user?.id;
    if (!after) {
      if (list.rowIds.includes(id)) list.drop([id]);
      if (!mine) {
        this.#notes?.add(event.actor.name, 'deleted');
        this.#refetch();
      }
      return;
    }
    // Shoal's own rotting mark is no one's edit: the row says what it means, no note names who.
    const mark = event.fields?.length === 1 && event.fields[0] === 'rotting';
    // A change of a filtered field (a deal marked rotting under "Rotting: yes") moves the record in or out.
    const filters = list.state.filters;
    const judged = touchesFilters(filters, event.fields);
    const passes = !judged || passesFilters(filters, after, { meId: this.user?.id, stages: this.stages });
    if (list.rowIds.includes(id)) {
      if (!passes) {
        list.drop([id]);
        this.#refetch();
      } else if (mark) this.#highlights.mark(id, 'rotting' in after && after.rotting ? 'now rotting' : 'no longer rotting');
      else if (!mine) this.#highlights.mark(id, `${event.op === 'moved' ? 'moved' : 'edited'} by ${event.actor.name}`);
    } else if (event.op === 'created' || event.op === 'restored' || (judged && passes)) {
      this.#refetch();
    }
    if (!mine && !mark && event.op !== 'created') this.#notes?.add(event.actor.name, 'changed');
  }


  #onSearch(text: string, now = false): void {
    this.searchText = text;
    clearTimeout(this.#searchTimer);
    const apply = () => {
      const q = this.searchText.trim();
      if (q !== this.#list?.state.q) this.#list?.set({ q }, this.#list.state.q ? 'replace' : 'push');
    };
    if (now) apply();
    else this.#searchTimer = setTimeout(apply, SEARCH_DEBOUNCE_MS);
  }

  /** A saved view chosen: its filters, sort and columns (none: the plain list). */
  get #rows(): Row[] {
    const store = this.#store.store;
    if (!store || !this.#list) return [];
    return this.#list.rowIds.map((id) => store.get(this.entity, id)).filter((r): r is Row => r !== undefined);
  }

  #customers(): Map<string, Customer> {
    const store = this.#store.store;
    const map = new Map<string, Customer>();
    if (!store) return map;
    for (const row of this.#rows) {
      const c = store.get('customer', row.customerId);
      if (c) map.set(c.id, c);
    }
    return map;
  }

  #table(rows: Row[]) {
    const list = this.#list!;
    const columns = shownColumns(columnsOf(this.entity, fieldsOf(this.#store.store, this.entity)), list.state.columns, defaultColumns(this.entity));
    // One template for both tables: the tag is chosen, the deal table also takes the stages.
    const tag = this.entity === 'opportunity' ? literal`shoal-deal-table` : literal`shoal-contact-table`;
    return staticHtml`<${tag}
      .rows=${rows}
      .columns=${columns}
      .users=${this.users}
      .customers=${this.#customers()}
      .sort=${list.state.sort}
      .highlighted=${this.#highlights.highlighted}
      .notes=${this.#highlights.notes}
      ?busy=${list.loading}
      selectable
      .selection=${list.selection}
      @shoal-sort=${(e: CustomEvent<SortDetail>) => list.set({ sort: e.detail.sort })}
      @shoal-select=${(e: CustomEvent<SelectDetail>) => list.setSelection(e.detail.selection)}
      ${ref((table) => {
        if (table instanceof ShoalDealTable) table.stages = this.stages;
      })}
    ></${tag}>`;
  }

  #content() {
    const list = this.#list!;
    const [one, many] = this.#kind.noun;
    if (list.error)
      return html`<div class="state error" role="alert">
        <h2>We couldn't load the ${many}</h2>
        <p>${describeError(list.error)}</p>
        <button type="button" class="primary retry" @click=${() => list.reload()}>Try again</button>
      </div>`;
    if (!list.loaded)
      return html`<div class="skeleton" role="status" aria-label="Loading ${many}">
        ${Array.from({ length: 6 }, () => html`<div></div>`)}
      </div>`;
    const rows = this.#rows;
    if (list.total === 0 && rows.length === 0) {
      const narrowed = list.state.q || Object.keys(list.state.filters).length;
      return narrowed
        ? html`<div class="state empty">
            <h2>No ${many} match</h2>
            <p>Remove a filter or change the search to see more.</p>
            <button type="button" class="clear-filters" @click=${() => ((this.searchText = ''), list.set({ filters: {}, q: '' }))}>Clear search and filters</button>
          </div>`
        : html`<div class="state empty">
            <h2>No ${many} yet</h2>
            <p>${this.entity === 'opportunity' ? 'Add a deal from a customer’s page or the board; it shows here.' : 'Add a contact from a customer’s page; it shows here.'}</p>
          </div>`;
    }
    void one;
    return html`${this.#bulk!.render(fieldsOf(this.#store.store, this.entity), this.users, this.stages)} ${this.#table(rows)} ${pager(list, rows.length)}`;
  }

  protected override render() {
    const list = this.#list;
    if (!list) return nothing;
    const kind = this.#kind;
    const defs = fieldsOf(this.#store.store, this.entity);
    const subtitle = list.loaded ? `${list.total.toLocaleString('en')} ${list.total === 1 ? kind.noun[0] : kind.noun[1]}` : 'Loading…';
    return html`<section aria-labelledby="list-title">
      <div class="head">
        <div>
          <h1 id="list-title" tabindex="-1">${kind.title}</h1>
          <p class="subtitle">${subtitle}</p>
        </div>
        ${this.entity === 'opportunity'
          ? html`<div class="head-actions">
              <a
                class="button board"
                href=${paths.pipeline()}
                @click=${(e: MouseEvent) => {
                  if (!isPlainClick(e)) return;
                  e.preventDefault();
                  this.dispatchEvent(new CustomEvent('shoal-navigate', { detail: { path: paths.pipeline() }, bubbles: true, composed: true }));
                }}
                >Board view</a
              >
              ${this.#csv.buttons(this.api, this.#exportQuery(), !!list.state.q || Object.keys(list.state.filters).length > 0)}
            </div>`
          : nothing}
      </div>
      <div class="layout">
      ${savedViews(list, { api: this.api, user: this.user, entity: this.entity, allLabel: `All ${kind.noun[1]}`, defaultSort: kind.defaultSort, chosen: () => (this.searchText = '') })}
      <div class="main">
      <div class="toolbar" role="search" aria-label=${kind.title}>
        <label for="search" class="visually-hidden">${kind.searchHint}</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          placeholder=${kind.searchHint}
          .value=${this.searchText}
          @input=${(e: Event) => this.#onSearch((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.#onSearch(this.searchText, true)}
        />
      </div>
      <div class="filters">
        <shoal-filter-builder
          .fields=${filterFields(this.entity, defs, { users: this.users, stages: this.stages })}
          .filters=${list.state.filters}
          .users=${this.users}
          .context=${{ stages: this.stages, me: this.user }}
          ?mine=${hasMine(this.entity)}
          @shoal-filters-change=${(e: CustomEvent<FiltersChangeDetail>) => list.set({ filters: e.detail.filters })}
        ></shoal-filter-builder>
        <shoal-column-chooser
          .all=${columnsOf(this.entity, defs)}
          .chosen=${list.state.columns}
          .defaults=${defaultColumns(this.entity)}
          @shoal-columns-change=${(e: CustomEvent<ColumnsChangeDetail>) => list.set({ columns: e.detail.columns })}
        ></shoal-column-chooser>
      </div>
      <div class="card">${list.loading && list.loaded ? html`<div class="progress" role="progressbar" aria-label="Updating"></div>` : nothing} ${this.#content()}</div>
      </div>
      </div>
      ${this.entity === 'opportunity' ? this.#csv.dialog(this.api, this.live) : nothing}
      ${this.#toasts.render()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-record-list': ShoalRecordList;
  }
}
