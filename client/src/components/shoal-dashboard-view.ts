import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Dashboard } from '../../../shared/dashboard.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { chartsOf, type InteractionTypes } from '../dashboard/charts.js';
import { fetchDashboard } from '../dashboard/dashboard-api.js';
import { count, figuresOf, hasNoDeals } from '../dashboard/figures.js';
import { PERIOD_LABELS, PERIOD_PRESETS, daysOf, filtersOfSearch, isoDay, periodKey, periodOf, previousLabel, withFilters, type PeriodPreset } from '../dashboard/periods.js';
import { StoreController } from '../data/store-controller.js';
import { periodText, timeOfDay } from '../format/dates.js';
import { FORMER_TEAMMATE } from '../format/people.js';
import { money } from '../format/money.js';
import { LiveController } from '../live-controller.js';
import type { ConnectionState } from '../live.js';
import { dashboardViewStyles } from './shoal-dashboard-view.styles.js';
import './shoal-dashboard-chart.js';
import './shoal-figure-card.js';
import './shoal-interaction-history.js';
import { INTERACTION_TYPES, INTERACTION_TYPE_INFO } from '../format/interaction-types.js';
import { paths } from '../shell/routes.js';
import { PipelineList } from '../board/pipeline-choice.js';
import type { NavigateDetail } from './shoal-user-menu.js';

/** The interaction types as the charts show them: the one definition's names and colours. */
const INTERACTIONS: InteractionTypes = {
  types: INTERACTION_TYPES,
  label: (t) => INTERACTION_TYPE_INFO[t].label,
  color: (t) => INTERACTION_TYPE_INFO[t].color,
};

/**
 * The Dashboard: the sales figures of a period (last 7/30/90 days, this quarter, the last 12
 * months or chosen dates) for everyone or one rep, each compared with the period before;
 * charts of value by stage, stage conversion, interactions over time, activity by rep, lost
 * reasons and time in stage (each also as a table); the top customers by open value; and the
 * interaction history. It joins the `dashboard` room and refetches once per `dashboard`
 * message the server sends (coalesced to one per ~500 ms), keeping the figures on screen
 * while the new ones load. With several pipelines, a pipeline filter narrows the deals' figures
 * to one. The filters are kept in the address (`?period=&owner=&pipeline=`).
 *
 * @fires shoal-navigate - A customer was chosen; `detail.path` is `/customers/<id>`.
 */
@customElement('shoal-dashboard-view')
export class ShoalDashboardView extends WithShoalContext(LitElement) {
  static override styles = dashboardViewStyles;

  /** The currency money is shown in (Shoal's default currency). */
  @property()
  currency = 'USD';

  /** Keep the filters in the page's address (`?period=&owner=`); off in component tests. */
  @property({ type: Boolean, attribute: 'sync-url' })
  syncUrl = true;

  @state() private preset: PeriodPreset = 'last30';
  @state() private customFrom = '';
  @state() private customTo = '';
  @state() private ownerId: string | undefined;
  /** One pipeline's figures; every pipeline's when undefined. */
  @state() private pipelineId: string | undefined;
  /** The day the periods are counted from (moves on at midnight with the next refresh). */
  @state() private today = new Date();
  @state() private reloads = 0;
  @state() private data: Dashboard | undefined;
  /** The filters `data` was fetched for; while they differ from the current ones it is dimmed. */
  @state() private dataKey = '';
  @state() private updatedAt: Date | undefined;

  @query('#period') private periodSelect: HTMLSelectElement | null | undefined;
  @query('#owner') private ownerSelect: HTMLSelectElement | null | undefined;
  @query('#pipeline') private pipelineSelect: HTMLSelectElement | null | undefined;
  /** The pipelines for the pipeline filter (loaded once, kept by their changes). */
  readonly #pipelines = new PipelineList();

  #liveBefore: ConnectionState | undefined;

  readonly #dashboard = new Task(this, {
    task: async ([api, from, to, ownerId, pipelineId]: readonly [ShoalApi | undefined, string | undefined, string | undefined, string | undefined, string | undefined, number], { signal }) => {
      if (!api || !from || !to) return initialState;
      const key = periodKey(from, to, ownerId, pipelineId);
      const data = await fetchDashboard(api, { from, to, ownerId, pipelineId }, signal);
      return { data, key };
    },
    args: () => {
      const period = this.#period();
      return [this.api, period?.from.toISOString(), period?.to.toISOString(), this.ownerId, this.pipelineId, this.reloads] as const;
    },
    onComplete: ({ data, key }: { data: Dashboard; key: string }) => {
      this.data = data;
      this.dataKey = key;
      this.updatedAt = new Date();
    },
  });

  /** The team's names for the owner filter and the history (the store loads the team once and keeps it current). */
  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    user: () => undefined,
    pipeline: () => this.#pipelines.refresh(this.#store.store),
  });

  readonly #users = new Task(this, {
    task: async ([api]: readonly [ShoalApi | undefined]) => (api ? this.#store.store?.team() : initialState),
    args: () => [this.api] as const,
  });

  #team(): User[] {
    return this.#users.status === TaskStatus.COMPLETE ? (this.#store.store?.users() ?? []) : [];
  }

  readonly #live = new LiveController(this, () => this.live, {
    dashboard: () => this.#reload(),
    resync: () => this.#reload(),
    state: (state) => {
      // Back after a drop: the dashboard messages sent meanwhile were missed.
      if (state === 'live' && this.#liveBefore && this.#liveBefore !== 'live' && this.#liveBefore !== 'connecting') this.#reload();
      this.#liveBefore = state;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.syncUrl) this.#applyUrl();
    this.live?.setPresence({ view: 'dashboard' });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('live') && this.live) this.live.setPresence({ view: 'dashboard' });
    if (changed.has('syncUrl') && this.syncUrl && changed.get('syncUrl') === false) this.#applyUrl();
    if (changed.has('api') && this.api) this.#pipelines.load(this.api, this.#store.store, () => this.requestUpdate());
  }

  protected override updated(): void {
    // Selects show what the filters hold, also when the users arrive after the filter was set.
    if (this.periodSelect) this.periodSelect.value = this.preset;
    if (this.ownerSelect) this.ownerSelect.value = this.ownerId ?? '';
    if (this.pipelineSelect) this.pipelineSelect.value = this.pipelineId ?? '';
  }

  #applyUrl(): void {
    const url = filtersOfSearch(globalThis.location?.search ?? '');
    if (url.preset) this.preset = url.preset;
    if (url.from) this.customFrom = url.from;
    if (url.to) this.customTo = url.to;
    if (url.ownerId) this.ownerId = url.ownerId;
    if (url.pipelineId) this.pipelineId = url.pipelineId;
  }

  #writeUrl(): void {
    if (!this.syncUrl || !globalThis.location || !globalThis.history) return;
    const url = withFilters(location.href, { preset: this.preset, from: this.customFrom, to: this.customTo, ownerId: this.ownerId, pipelineId: this.pipelineId });
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  #period() {
    return periodOf(this.preset, this.today, { from: this.customFrom, to: this.customTo });
  }

  /** Fetches the figures again (one request; a newer call supersedes one in flight). */
  #reload(): void {
    const now = new Date();
    if (isoDay(now) !== isoDay(this.today)) this.today = now;
    this.reloads++;
  }

  #onPreset(event: Event): void {
    const preset = (event.target as HTMLSelectElement).value as PeriodPreset;
    if (preset === 'custom' && (!this.customFrom || !this.customTo)) {
      // Start from the period shown, so the date fields are never blank.
      const shown = daysOf(this.#period() ?? periodOf('last30', this.today)!);
      this.customFrom = shown.from;
      this.customTo = shown.to;
    }
    this.preset = preset;
    this.#writeUrl();
  }

  #onOwner(event: Event): void {
    this.ownerId = (event.target as HTMLSelectElement).value || undefined;
    this.#writeUrl();
  }

  #onPipeline(event: Event): void {
    this.pipelineId = (event.target as HTMLSelectElement).value || undefined;
    this.#writeUrl();
  }

  #onCustom(which: 'from' | 'to', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (which === 'from') this.customFrom = value;
    else this.customTo = value;
    this.#writeUrl();
  }

  #openCustomer(event: MouseEvent, customerId: string): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: paths.customer(customerId) }, bubbles: true, composed: true }));
  }

  #filters(users: User[]) {
    const period = this.#period();
    const customInvalid = this.preset === 'custom' && !period;
    const team = [...users].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
    return html`<div class="filters" role="group" aria-label="Dashboard filters">
      <div class="period">
        <label for="period">Period</label>
        <select id="period" @change=${(e: Event) => this.#onPreset(e)}>
          ${PERIOD_PRESETS.map((p) => html`<option value=${p} ?selected=${p === this.preset}>${PERIOD_LABELS[p]}</option>`)}
        </select>
      </div>
      ${this.preset === 'custom'
        ? html`<div>
              <label for="from">First day</label>
              <input id="from" type="date" .value=${this.customFrom} aria-invalid=${customInvalid ? 'true' : 'false'} aria-describedby=${customInvalid ? 'period-error' : nothing} @change=${(e: Event) => this.#onCustom('from', e)} />
            </div>
            <div>
              <label for="to">Last day</label>
              <input id="to" type="date" .value=${this.customTo} aria-invalid=${customInvalid ? 'true' : 'false'} aria-describedby=${customInvalid ? 'period-error' : nothing} @change=${(e: Event) => this.#onCustom('to', e)} />
            </div>`
        : nothing}
      <div class="owner">
        <label for="owner">Owner</label>
        <select id="owner" @change=${(e: Event) => this.#onOwner(e)}>
          <option value="" ?selected=${!this.ownerId}>Everyone</option>
          ${team.map((u) => html`<option value=${u.id} ?selected=${u.id === this.ownerId}>${u.name}${u.active ? '' : ' (deactivated)'}</option>`)}
          ${this.ownerId && !team.some((u) => u.id === this.ownerId) ? html`<option value=${this.ownerId} selected>${FORMER_TEAMMATE}</option>` : nothing}
        </select>
      </div>
      ${this.#pipelineFilter()}
      ${customInvalid ? html`<p class="filter-error" id="period-error" role="alert">Choose a first day on or before the last day.</p>` : nothing}
    </div>`;
  }

  /** The pipeline filter, when there are several pipelines. */
  #pipelineFilter() {
    const list = this.#pipelines.list;
    if (list.length < 2) return nothing;
    return html`<div class="pipeline">
      <label for="pipeline">Pipeline</label>
      <select id="pipeline" @change=${(e: Event) => this.#onPipeline(e)}>
        <option value="" ?selected=${!this.pipelineId}>All pipelines</option>
        ${list.map((p) => html`<option value=${p.id} ?selected=${p.id === this.pipelineId}>${p.name}</option>`)}
      </select>
    </div>`;
  }

  #charts(d: Dashboard) {
    return html`<div class="grid">
      ${chartsOf(d, this.currency, INTERACTIONS).map(
        (c) => html`<shoal-dashboard-chart
          class=${c.className}
          heading=${c.heading}
          description=${c.description}
          kind=${c.kind}
          .labels=${c.labels}
          .series=${c.series}
          .format=${c.format}
          .detail=${c.detail}
          .table=${c.table}
          empty=${c.empty}
        ></shoal-dashboard-chart>`,
      )}
      ${this.#topCustomers(d)}
      <shoal-interaction-history
        class="span-7"
        .api=${this.api}
        .live=${this.live}
        .users=${this.#team()}
        .from=${d.period.from}
        .to=${d.period.to}
        .repId=${this.ownerId}
        page-size="10"
      ></shoal-interaction-history>
    </div>`;
  }

  #topCustomers(d: Dashboard) {
    const top = d.topCustomers;
    const max = Math.max(1, ...top.map((t) => t.openValue));
    return html`<section class="card top span-5" aria-labelledby="top-title">
      <h2 id="top-title">Top customers by open value</h2>
      <p class="description">Open deals at the end of the period</p>
      ${top.length === 0
        ? html`<p class="muted-state">No open deals at the end of this period.</p>`
        : html`<ol>
            ${top.map(
              (t, i) => html`<li>
                <span class="rank" aria-hidden="true">${i + 1}</span>
                <span class="name">
                  <a href="/customers/${t.customerId}" @click=${(e: MouseEvent) => this.#openCustomer(e, t.customerId)}>${t.name}</a>
                  <span class="deals">${count(t.openDeals)} open ${t.openDeals === 1 ? 'deal' : 'deals'}</span>
                </span>
                <span class="value">${money(t.openValue, this.currency)}</span>
                <span class="bar" aria-hidden="true"><span style=${styleMap({ width: `${Math.max(2, (t.openValue / max) * 100)}%` })}></span></span>
              </li>`,
            )}
          </ol>`}
    </section>`;
  }

  #skeleton() {
    return html`<div role="status" aria-label="Loading the dashboard">
      <div class="figures">${Array.from({ length: 8 }, () => html`<div class="skeleton figure"></div>`)}</div>
      <div class="grid">
        <div class="skeleton chart span-7"></div>
        <div class="skeleton chart span-5"></div>
      </div>
    </div>`;
  }

  #content() {
    const status = this.#dashboard.status;
    const error = this.#dashboard.error;
    const failed = status === TaskStatus.ERROR && !(error instanceof DOMException && error.name === 'AbortError');
    const d = this.data;
    if (!d) {
      if (failed) {
        return html`<div class="card state error" role="alert">
          <h2>We couldn't load the dashboard</h2>
          <p>${describeError(error)}</p>
          <button type="button" class="primary retry" @click=${() => this.#reload()}>Try again</button>
        </div>`;
      }
      return this.#skeleton();
    }
    const period = this.#period();
    const outdated = !!period && this.dataKey !== periodKey(period.from.toISOString(), period.to.toISOString(), this.ownerId, this.pipelineId);
    const label = previousLabel(this.preset);
    return html`${failed
        ? html`<div class="banner warning" role="alert">
            <p><strong>We couldn't refresh the figures.</strong> ${describeError(error)} ${this.updatedAt ? `These are from ${timeOfDay(this.updatedAt)}.` : ''}</p>
            <button type="button" class="small retry" @click=${() => this.#reload()}>Try again</button>
          </div>`
        : nothing}
      ${hasNoDeals(d)
        ? html`<div class="banner info empty">
            <p><strong>No deals in this period yet.</strong> The figures fill in as your team adds deals and logs calls; a longer period may show more.</p>
          </div>`
        : nothing}
      <div class="content ${outdated ? 'outdated' : ''}">
        <h2 class="visually-hidden">Key figures</h2>
        <ul class="figures">
          ${figuresOf(d, this.currency).map(
            (f) => html`<li>
              <shoal-figure-card
                data-figure=${f.key}
                style=${styleMap(f.accent ? { '--shoal-figure-accent': f.accent } : {})}
                label=${f.label}
                value=${f.value}
                detail=${f.detail}
                previous-value=${f.previous}
                previous-label=${label}
                .change=${f.change}
              ></shoal-figure-card>
            </li>`,
          )}
        </ul>
        ${this.#charts(d)}
      </div>`;
  }

  protected override render() {
    const period = this.#period();
    const busy = this.#dashboard.status === TaskStatus.PENDING;
    const live = this.#live.state === 'live';
    const shown = this.data ? periodText(this.data.period.from, this.data.period.to) : period ? periodText(period.from, period.to) : '';
    return html`<section aria-labelledby="dashboard-title" aria-busy=${busy ? 'true' : 'false'}>
      ${busy && this.data ? html`<div class="progress" role="progressbar" aria-label="Updating the figures"></div>` : nothing}
      <div class="head">
        <div>
          <h1 id="dashboard-title" tabindex="-1">Dashboard</h1>
          <p class="subtitle">
            <span>${shown}${shown ? ' · ' : ''}compared with the ${previousLabel(this.preset)}</span>
            <span class="live ${live ? '' : 'stale'}">${live ? `Live${this.updatedAt ? `, updated ${timeOfDay(this.updatedAt)}` : ''}` : 'Not live: figures may be out of date'}</span>
          </p>
        </div>
        ${this.#filters(this.#team())}
      </div>
      ${this.#content()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-dashboard-view': ShoalDashboardView;
  }
}
