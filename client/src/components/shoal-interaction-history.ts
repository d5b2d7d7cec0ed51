import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Customer } from '../../../shared/customer.js';
import type { ChangeEvent } from '../../../shared/events.js';
import { SnapshotFigures, type StoreChange } from '../data/record-store.js';
import { StoreController } from '../data/store-controller.js';
import type { Interaction, InteractionType } from '../../../shared/interaction.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import type { Page } from '../data/http.js';
import { resource } from '../data/resource.js';
import { fullDate, timeAgo } from '../format/dates.js';
import { memberName } from '../format/people.js';
import { LiveController } from '../live-controller.js';
import type { ConnectionState } from '../live.js';
import { mentionChipStyles, renderNotes } from '../mentions/mention-notes.js';
import { base, filterLabels, mutedState, panel, toasts } from '../styles.js';
import { CsvActions, csvActionStyles } from '../lists/csv-actions.js';
import { ToastController } from '../lists/toast-controller.js';
import { INTERACTION_TYPES, INTERACTION_TYPE_INFO, interactionIcon, interactionIconStyles, interactionTypeInfo } from '../format/interaction-types.js';
import { EntryEditController } from '../interactions/entry-edit-controller.js';
import { entryActions } from '../interactions/timeline.styles.js';
import { interactionHistoryStyles } from './shoal-interaction-history.styles.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { paths } from '../shell/routes.js';

const SUGGEST_DEBOUNCE_MS = 250;

/** The list's order, as the server's: latest date first, then by id. */
const latestFirst = (a: Interaction, b: Interaction) => Date.parse(b.date) - Date.parse(a.date) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The interaction history of the dashboard: calls, meetings, emails and notes, newest first,
 * filtered by customer, rep and type (and by the dashboard's period), with "Load more".
 * Interactions logged, edited or deleted by anyone appear, change or disappear live without
 * a refetch. Customer names link to the customer's page. Export CSV downloads what the filters
 * match (every page); Import CSV logs a file's interactions (lists/csv-actions.ts).
 *
 * @fires shoal-navigate - A customer's name was chosen; `detail.path` is `/customers/<id>`.
 */
@customElement('shoal-interaction-history')
export class ShoalInteractionHistory extends WithShoalContext(LitElement) {
  static override styles = [base, panel, mutedState, filterLabels, mentionChipStyles, interactionIconStyles, entryActions, interactionHistoryStyles, csvActionStyles, toasts];

  /** The team, for the rep filter and the names of who logged what. */
  @property({ attribute: false })
  users: User[] = [];

  /** Start of the period (ISO, inclusive); every interaction when left out. */
  @property()
  from: string | undefined;

  /** End of the period (ISO, exclusive). */
  @property()
  to: string | undefined;

  /** The dashboard's owner filter: the rep filter follows it when it changes. */
  @property({ attribute: 'rep-id' })
  repId: string | undefined;

  /** Interactions per page. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 20;

  @state() private customerText = '';
  @state() private customerId: string | undefined;
  @state() private userId: string | undefined;
  @state() private type: InteractionType | undefined;
  @state() private suggestions: Customer[] = [];
  @state() private total = 0;
  @state() private nextCursor: string | undefined;
  @state() private loaded = false;
  @state() private loadingMore = false;
  @state() private moreError = '';
  @state() private names: Record<string, string> = {};
  @state() private reloads = 0;
  /** What screen readers hear about an edit or a delete here. */
  @state() private announcement = '';

  @query('#rep') private repSelect: HTMLSelectElement | null | undefined;
  @query('#type') private typeSelect: HTMLSelectElement | null | undefined;

  #suggestTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every first-page load, so a "load more" answer for old filters is dropped. */
  #generation = 0;
  #namesSeeded = false;
  #askedNames = new Set<string>();
  #liveBefore: ConnectionState | undefined;

  readonly #page = new Task(this, {
    task: async ([api, from, to, customerId, userId, type]: readonly [ShoalApi | undefined, string | undefined, string | undefined, string | undefined, string | undefined, InteractionType | undefined, number], { signal }) => {
      if (!api) return initialState;
      this.#generation++;
      this.#figures.loading();
      return resource(api, 'interactions').list({ from, to, customerId, userId, type, limit: this.pageSize }, signal);
    },
    args: () => [this.api, this.from, this.to, this.customerId, this.userId, this.type, this.reloads] as const,
    onComplete: (page: Page<Interaction>) => {
      this.total = page.total;
      this.#figures.reset(page.seq);
      this.#boundary = undefined;
      this.#paged(page);
      this.loaded = true;
      this.moreError = '';
      void this.#resolveNames(page.items);
      this.#store.store?.snapshot('interaction', page.items, page.seq).then(
        (gap) => {
          for (const event of gap) this.#count(event);
        },
        () => this.#reload(),
      );
    },
  });

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    interaction: (change) => this.#onInteractionChange(change),
    customer: (change) => this.#onCustomerChange(change),
    resync: () => this.#reload(),
  });

  /** Edit and Delete of the rows, with the customer timeline's form. */
  readonly #entries: EntryEditController = new EntryEditController(this, {
    api: () => this.api,
    store: () => this.#store.store,
    me: () => this.user?.id,
    team: () => this.users,
    say: (text) => (this.announcement = text),
    removed: (entry) => this.#focusAfter(entry),
    // Logged again before its change event came (the store then takes no event for it): counted here.
    recreated: (created) => {
      if (this.#matches(created)) this.total += 1;
    },
  });
  /** Each row's place, for the focus after a delete (the row that takes its place). */
  #places = new Map<string, number>();

  /** The total counts each change after the first page's seq once. */
  readonly #figures = new SnapshotFigures();
  readonly #toasts = new ToastController(this);
  /** The interactions' CSV export (of what the filters match) and import. */
  readonly #csv = new CsvActions(this, {
    resource: 'interactions',
    many: 'interactions',
    imported: ({ message }) => {
      this.#toasts.show(message);
      this.#reload();
    },
  });

  /** The export's query: the period and the filters, as the list asks for them. */
  #exportQuery(): Record<string, string> {
    const query = { from: this.from, to: this.to, customerId: this.customerId, userId: this.userId, type: this.type };
    return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  }
  /** The oldest row loaded while more remain: older ones show with "Load more". */
  #boundary: Interaction | undefined;

  /** The rows: the store's interactions that pass the filters, newest first, down to the oldest loaded. */
  private get items(): Interaction[] {
    const boundary = this.nextCursor ? this.#boundary : undefined;
    const rows = this.#store.store?.where('interaction', (i) => this.#matches(i) && (!boundary || latestFirst(i, boundary) <= 0)) ?? [];
    return rows.sort(latestFirst);
  }

  #paged(page: Page<Interaction>): void {
    this.nextCursor = page.nextCursor;
    const last = page.items.at(-1);
    if (last && (!this.#boundary || latestFirst(last, this.#boundary) > 0)) this.#boundary = last;
  }

  readonly #live = new LiveController(this, () => this.live, {
    state: (state) => {
      // Back after a drop: whatever was missed and not replayed is fetched again.
      if (state === 'live' && this.#liveBefore && this.#liveBefore !== 'live' && this.#liveBefore !== 'connecting') this.#reload();
      this.#liveBefore = state;
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#suggestTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('repId')) this.userId = this.repId || undefined;
  }

  protected override updated(): void {
    // A select shows what the filter holds, also after it was set from outside.
    if (this.repSelect) this.repSelect.value = this.userId ?? '';
    if (this.typeSelect) this.typeSelect.value = this.type ?? '';
  }

  #reload(): void {
    this.reloads++;
  }

  /** Whether an interaction belongs in the list with the current filters. */
  #matches(i: Interaction): boolean {
    const at = Date.parse(i.date);
    return (
      (!this.customerId || i.customerId === this.customerId) &&
      (!this.userId || i.userId === this.userId) &&
      (!this.type || i.type === this.type) &&
      (!this.from || at >= Date.parse(this.from)) &&
      (!this.to || at < Date.parse(this.to))
    );
  }

  #onCustomerChange({ id, event, after }: StoreChange<'customer'>): void {
    if (event?.op === 'deleted') {
      // Its interactions went with it (the store dropped them); the total comes with a reload.
      if (this.loaded) this.#reload();
    } else if (after?.name) {
      this.names = { ...this.names, [id]: after.name };
      if (event?.op === 'restored') this.#reload();
    }
  }

  /** An interaction change the store took: count it; name its customer; mind the entry being edited. */
  #onInteractionChange(change: StoreChange<'interaction'>): void {
    const { event, before, after } = change;
    this.#entries.changed(change);
    if (event) this.#count(event, before);
    if (after && this.#matches(after)) void this.#resolveNames([after]);
  }

  /**
   * The total follows each change after the page's seq once: an interaction that starts or stops
   * passing the filters (`before` is the record as it was, when known).
   */
  #count(event: ChangeEvent, before?: Interaction): void {
    if (event.entity !== 'interaction' || !this.#figures.take(event)) return;
    const data = event.data;
    const passes = (i: Interaction | null | undefined) => (i && this.#matches(i) ? 1 : 0);
    let delta = 0;
    if (event.op === 'created' || event.op === 'restored') delta = passes(data);
    else if (event.op === 'deleted') delta = -passes(data);
    else if (before) delta = passes(data) - passes(before);
    this.total = Math.max(0, this.total + delta);
  }

  async #loadMore(): Promise<void> {
    const api = this.api;
    const cursor = this.nextCursor;
    if (!api || !cursor || this.loadingMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    this.moreError = '';
    try {
      const page = await resource(api, 'interactions').list({ from: this.from, to: this.to, customerId: this.customerId, userId: this.userId, type: this.type, limit: this.pageSize, cursor });
      if (generation !== this.#generation) return;
      for (const item of page.items) this.#store.store?.put('interaction', item);
      this.#paged(page);
      void this.#resolveNames(page.items);
    } catch (error) {
      if (generation === this.#generation) this.moreError = describeError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Finds the names of the customers shown: one list call first, then any stragglers by id. */
  async #resolveNames(items: Interaction[]): Promise<void> {
    const api = this.api;
    if (!api) return;
    const missing = () => [...new Set(items.map((i) => i.customerId))].filter((id) => !(id in this.names) && !this.#askedNames.has(id));
    if (missing().length === 0) return;
    try {
      if (!this.#namesSeeded) {
        this.#namesSeeded = true;
        const page = await api.listCustomers({ sort: 'name', limit: 200 });
        this.#learn(page.items);
      }
      const ids = missing();
      for (const id of ids) this.#askedNames.add(id);
      const found = await Promise.all(
        ids.map(async (id) => {
          try {
            return [id, (await api.getCustomer(id)).value.name] as const;
          } catch (error) {
            return [id, error instanceof ApiError && error.status === 404 ? 'Deleted customer' : undefined] as const;
          }
        }),
      );
      const next = { ...this.names };
      for (const [id, name] of found) {
        if (name) next[id] = name;
        else this.#askedNames.delete(id);
      }
      this.names = next;
    } catch {
      // Names are a nicety: rows still show, and the next page tries again.
      this.#namesSeeded = false;
    }
  }

  #learn(customers: Customer[]): void {
    const next = { ...this.names };
    for (const c of customers) next[c.id] = c.name;
    this.names = next;
  }

  #onCustomerInput(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    this.customerText = text;
    const exact = this.#pick(text);
    if (exact || !text.trim()) {
      clearTimeout(this.#suggestTimer);
      this.customerId = exact?.id;
      return;
    }
    this.customerId = undefined;
    clearTimeout(this.#suggestTimer);
    this.#suggestTimer = setTimeout(() => void this.#suggest(text), SUGGEST_DEBOUNCE_MS);
  }

  #pick(text: string): Customer | undefined {
    const wanted = text.trim().toLowerCase();
    return wanted ? this.suggestions.find((c) => c.name.toLowerCase() === wanted) : undefined;
  }

  async #suggest(text: string): Promise<void> {
    if (!this.api) return;
    try {
      const page = await this.api.listCustomers({ q: text.trim(), limit: 8 });
      if (text !== this.customerText) return;
      this.suggestions = page.items;
      this.#learn(page.items);
      const exact = this.#pick(text);
      if (exact) this.customerId = exact.id;
    } catch {
      // No suggestions this time; typing again asks again.
    }
  }

  #clearCustomer(): void {
    this.customerText = '';
    this.customerId = undefined;
  }

  #userName(id: string): string {
    return memberName(this.users, id);
  }

  #open(event: MouseEvent, customerId: string): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: paths.customer(customerId) }, bubbles: true, composed: true }));
  }

  #focusAfter(entry: Interaction): void {
    const place = this.#places.get(entry.id) ?? 0;
    void this.updateComplete.then(() => {
      const items = this.items;
      const next = items[Math.min(place, items.length - 1)];
      this.renderRoot.querySelector<HTMLElement>(next ? `li[data-id="${next.id}"] button.edit` : '#customer')?.focus();
    });
  }

  #item(i: Interaction, place: number) {
    this.#places.set(i.id, place);
    if (i.id === this.#entries.editingId) return html`<li class="editing" data-id=${i.id}>${this.#entries.form(i)}</li>`;
    const customer = this.names[i.customerId];
    const kind = interactionTypeInfo(i.type).label;
    return html`<li data-id=${i.id}>
      <span class="type-icon ${i.type}" aria-hidden="true">${interactionIcon(i.type, 16)}</span>
      <div>
        <p class="subject">${i.subject || `${kind} logged`}</p>
        <p class="meta">
          <span class="kind">${kind}</span> ·
          <a href="/customers/${i.customerId}" @click=${(e: MouseEvent) => this.#open(e, i.customerId)}>${customer ?? 'Customer'}</a>
          · by ${this.#userName(i.userId)}${i.durationMinutes ? html` · ${i.durationMinutes} min` : nothing}
        </p>
        ${i.notes ? html`<p class="notes">${renderNotes(i.notes, this.users)}</p>` : nothing}
        ${this.#entries.actions(i)}
      </div>
      <time datetime=${i.date} title=${fullDate(i.date)}>${timeAgo(i.date)}</time>
    </li>`;
  }

  #list() {
    const status = this.#page.status;
    if (!this.loaded && status !== TaskStatus.ERROR) {
      return html`<div class="skeleton" role="status" aria-label="Loading interactions">
        ${Array.from({ length: 4 }, () => html`<div class="row"><div></div><div></div></div>`)}
      </div>`;
    }
    if (status === TaskStatus.ERROR && !this.loaded) {
      return html`<div class="muted-state error" role="alert">
        <p>We couldn't load the interaction history. ${describeError(this.#page.error)}</p>
        <button type="button" class="small" @click=${() => this.#reload()}>Try again</button>
      </div>`;
    }
    if (this.items.length === 0) {
      const filtered = this.customerId || this.userId || this.type;
      return html`<p class="muted-state">${filtered ? 'No interactions match these filters in this period.' : 'No calls, meetings, emails or notes logged in this period yet.'}</p>`;
    }
    return html`<ul aria-label="Interactions, newest first" aria-busy=${status === TaskStatus.PENDING ? 'true' : 'false'}>
      ${this.items.map((i, place) => this.#item(i, place))}
    </ul>`;
  }

  protected override render() {
    const typed = this.customerText.trim() !== '' && !this.customerId;
    const users = [...this.users].sort((a, b) => a.name.localeCompare(b.name));
    return html`<section aria-labelledby="history-title">
      <h2 id="history-title">Interaction history</h2>
      <p class="description">Latest first, in the period shown</p>
      <div class="csv-actions">${this.#csv.buttons(this.api, this.#exportQuery(), Object.keys(this.#exportQuery()).length > 0, true)}</div>
      <div class="filters" role="group" aria-label="Filter interactions">
        <div class="customer">
          <label for="customer">Customer</label>
          <input
            id="customer"
            type="search"
            list="customer-options"
            autocomplete="off"
            placeholder="All customers"
            aria-describedby=${typed ? 'customer-hint' : nothing}
            .value=${this.customerText}
            @input=${(e: Event) => this.#onCustomerInput(e)}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape' && this.customerText) {
                e.preventDefault();
                this.#clearCustomer();
              }
            }}
          />
          <datalist id="customer-options">${this.suggestions.map((c) => html`<option value=${c.name}>${c.email}</option>`)}</datalist>
          ${typed ? html`<p class="hint" id="customer-hint">Pick a customer from the suggestions.</p>` : nothing}
        </div>
        <div>
          <label for="rep">Rep</label>
          <select id="rep" @change=${(e: Event) => (this.userId = (e.target as HTMLSelectElement).value || undefined)}>
            <option value="" ?selected=${!this.userId}>All reps</option>
            ${users.map((u) => html`<option value=${u.id} ?selected=${u.id === this.userId}>${u.name}</option>`)}
          </select>
        </div>
        <div>
          <label for="type">Type</label>
          <select id="type" @change=${(e: Event) => (this.type = ((e.target as HTMLSelectElement).value || undefined) as InteractionType | undefined)}>
            <option value="" ?selected=${!this.type}>All types</option>
            ${INTERACTION_TYPES.map((t) => html`<option value=${t} ?selected=${t === this.type}>${INTERACTION_TYPE_INFO[t].plural}</option>`)}
          </select>
        </div>
      </div>
      ${this.#list()}
      ${this.loaded && this.items.length > 0
        ? html`<div class="foot">
            <span aria-live="polite">Showing ${this.items.length} of ${this.total}</span>
            ${this.moreError ? html`<span role="alert">${this.moreError}</span>` : nothing}
            ${this.nextCursor
              ? html`<button type="button" class="small load-more" ?disabled=${this.loadingMore} @click=${() => void this.#loadMore()}>
                  ${this.loadingMore ? 'Loading…' : 'Load more'}
                </button>`
              : nothing}
          </div>`
        : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.#csv.dialog(this.api, this.live)} ${this.#toasts.render()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-interaction-history': ShoalInteractionHistory;
  }
}
