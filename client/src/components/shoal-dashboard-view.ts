import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Dashboard } from '../../../shared/dashboard.js';
import type { InteractionType } from '../../../shared/interaction.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { apiContext, liveContext } from '../context.js';
import { fetchDashboard } from '../dashboard/dashboard-api.js';
import {
  PERIOD_LABELS,
  PERIOD_PRESETS,
  changeOf,
  count,
  days,
  formatFigure,
  isoDay,
  percent,
  periodOf,
  periodText,
  previousLabel,
  type Change,
  type FigureKind,
  type PeriodPreset,
} from '../dashboard-format.js';
import { compactMoney, money } from '../format/money.js';
import { StoreController } from '../data/store-controller.js';
import { LiveController } from '../live-controller.js';
import type { ConnectionState, LiveClient } from '../live.js';
import { bannerColors, base, card, progressBar, shimmer, stateMessage } from '../styles.js';
import './shoal-dashboard-chart.js';
import type { ChartSeries, ChartTable } from './shoal-dashboard-chart.js';
import './shoal-figure-card.js';
import './shoal-interaction-history.js';
import { INTERACTION_TYPE_COLORS, INTERACTION_TYPE_LABELS } from './shoal-interaction-history.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { paths } from '../shell/routes.js';

/** Colours of the stages: a blue ramp for the open ones, green for won, red for lost. */
const STAGE_COLORS: Record<string, string> = {
  prospecting: '#7fb2dd',
  qualification: '#4a90c9',
  proposal: '#2a6fb0',
  negotiation: '#1b4f85',
  won: '#0e9f6e',
  lost: '#d9534f',
};
const OTHER_STAGE = '#64748b';
const TYPES = Object.keys(INTERACTION_TYPE_LABELS) as InteractionType[];
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const timeLabel = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** One figure card: what it shows and how it compares. */
interface FigureSpec {
  key: string;
  label: string;
  value: string;
  previous: string;
  detail: string;
  change: Change;
  accent?: string;
}

/** The filters of the dashboard, as kept in the page's address. */
interface Filters {
  preset: PeriodPreset;
  from: string;
  to: string;
  ownerId: string | undefined;
}

function readUrl(): Partial<Filters> {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  const preset = params.get('period');
  const out: Partial<Filters> = {};
  if (preset && (PERIOD_PRESETS as readonly string[]).includes(preset)) out.preset = preset as PeriodPreset;
  if (params.get('from')) out.from = params.get('from')!;
  if (params.get('to')) out.to = params.get('to')!;
  if (params.get('owner')) out.ownerId = params.get('owner')!;
  return out;
}

/**
 * The Dashboard: the sales figures of a period (last 7/30/90 days, this quarter, the last 12
 * months or chosen dates) for everyone or one rep, each compared with the period before;
 * charts of value by stage, stage conversion, interactions over time, activity by rep, lost
 * reasons and time in stage (each also as a table); the top customers by open value; and the
 * interaction history. It joins the `dashboard` room and refetches once per `dashboard`
 * message the server sends (coalesced to one per ~500 ms), keeping the figures on screen
 * while the new ones load. The filters are kept in the address (`?period=&owner=`).
 *
 * @fires shoal-navigate - A customer was chosen; `detail.path` is `/customers/<id>`.
 */
@customElement('shoal-dashboard-view')
export class ShoalDashboardView extends LitElement {
  static override styles = [
    base,
    card,
    progressBar,
    bannerColors,
    stateMessage,
    shimmer,
    css`
      :host {
        display: block;
      }
      .head {
        gap: 0.75rem 1.5rem;
        margin-bottom: 1.125rem;
      }
      .subtitle {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.5rem;
      }
      .live {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        font-size: 0.8125rem;
        color: #05603a;
      }
      .live::before {
        content: '';
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: #12b76a;
        box-shadow: 0 0 0 3px rgb(18 183 106 / 18%);
      }
      .live.stale {
        color: #7a2e0e;
      }
      .live.stale::before {
        background: #f79009;
        box-shadow: 0 0 0 3px rgb(247 144 9 / 18%);
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.625rem;
      }
      .filters label {
        display: block;
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--shoal-muted, #536171);
        margin-bottom: 0.1875rem;
      }
      .filters select,
      .filters input {
        min-height: 2.375rem;
        padding: 0.375rem 0.625rem;
        font-size: 0.875rem;
      }
      .filters .period select {
        min-width: 10.5rem;
      }
      .filters .owner select {
        min-width: 11rem;
      }
      .filters input[type='date'] {
        width: 10.5rem;
      }
      .filter-error {
        flex-basis: 100%;
        margin: 0;
        font-size: 0.8125rem;
        color: var(--shoal-danger, #b42318);
      }
      .progress {
        position: fixed;
        inset: 0 0 auto;
        z-index: 30;
      }
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
        border-radius: 0.625rem;
        padding: 0.75rem 1rem;
        margin: 0 0 1rem;
        font-size: 0.875rem;
        line-height: 1.45;
      }
      .banner p {
        margin: 0;
      }
      .banner strong {
        color: inherit;
      }
      .content {
        transition: opacity 0.2s;
      }
      .content.outdated {
        opacity: 0.6;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: 0.875rem;
        margin: 0 0 0.875rem;
        padding: 0;
        list-style: none;
      }
      .figures li {
        display: flex;
      }
      .figures shoal-figure-card {
        flex: 1;
        min-width: 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(12, minmax(0, 1fr));
        gap: 0.875rem;
      }
      .span-4 {
        grid-column: span 4;
      }
      .span-5 {
        grid-column: span 5;
      }
      .span-6 {
        grid-column: span 6;
      }
      .span-7 {
        grid-column: span 7;
      }
      .span-8 {
        grid-column: span 8;
      }
      .top {
        height: 100%;
        padding: 1rem 1rem 0.875rem;
      }
      .top h2 {
        margin: 0;
        font-size: 1rem;
      }
      .top .description {
        margin: 0.1875rem 0 0.75rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      .top ol {
        list-style: none;
        margin: 0;
        padding: 0;
        counter-reset: rank;
      }
      .top li {
        display: grid;
        grid-template-columns: 1.5rem minmax(0, 1fr) auto;
        grid-template-areas: 'rank name value' 'rank bar bar';
        align-items: center;
        gap: 0.25rem 0.625rem;
        padding: 0.5625rem 0.125rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      }
      .top li:last-child {
        border-bottom: none;
      }
      .rank {
        grid-area: rank;
        align-self: start;
        padding-top: 0.0625rem;
        font-size: 0.8125rem;
        font-weight: 600;
        color: var(--shoal-muted, #536171);
        font-variant-numeric: tabular-nums;
      }
      .top .name {
        grid-area: name;
        min-width: 0;
      }
      .top .name a {
        font-weight: 600;
        font-size: 0.9rem;
        color: var(--shoal-link, #0b6e99);
        text-decoration: none;
        overflow-wrap: anywhere;
      }
      .top .name a:hover {
        text-decoration: underline;
      }
      .top .deals {
        display: block;
        font-size: 0.75rem;
        color: var(--shoal-muted, #536171);
      }
      .top .value {
        grid-area: value;
        font-weight: 700;
        font-size: 0.9rem;
        font-variant-numeric: tabular-nums;
      }
      .top .bar {
        grid-area: bar;
        height: 0.3125rem;
        border-radius: 999px;
        background: #eef2f6;
        overflow: hidden;
      }
      .top .bar span {
        display: block;
        height: 100%;
        border-radius: inherit;
        background: var(--shoal-primary, #0b6e99);
        transition: width 0.4s;
      }
      .muted-state {
        margin: 0.5rem 0;
        padding: 1.5rem 1rem;
        text-align: center;
        color: var(--shoal-muted, #536171);
        background: var(--shoal-surface-muted, #f7f9fb);
        border-radius: 0.5rem;
        font-size: 0.9rem;
      }
      .state p {
        max-width: 32rem;
      }
      .skeleton {
        border-radius: 0.75rem;
        background: linear-gradient(90deg, #eaeef2 25%, #f4f6f8 50%, #eaeef2 75%);
        background-size: 200% 100%;
        animation: shimmer 1.4s ease-in-out infinite;
      }
      .skeleton.figure {
        height: 8.25rem;
      }
      .skeleton.chart {
        height: 20rem;
      }
      @media (prefers-reduced-motion: reduce) {
        .skeleton,
        .progress {
          animation: none;
        }
      }
      @media (max-width: 64rem) {
        .figures {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .grid > * {
          grid-column: 1 / -1;
        }
      }
      @media (max-width: 40rem) {
        .head {
          margin-bottom: 0.875rem;
        }
        .filters {
          width: 100%;
        }
        .filters > div {
          flex: 1 1 9rem;
        }
        .filters .period select,
        .filters .owner select,
        .filters input[type='date'] {
          min-width: 0;
          width: 100%;
        }
        .figures {
          gap: 0.625rem;
        }
        .grid {
          gap: 0.625rem;
        }
        shoal-figure-card {
          --shoal-figure-value-size: 1.375rem;
        }
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
  /** The day the periods are counted from (moves on at midnight with the next refresh). */
  @state() private today = new Date();
  @state() private reloads = 0;
  @state() private data: Dashboard | undefined;
  /** The filters `data` was fetched for; while they differ from the current ones it is dimmed. */
  @state() private dataKey = '';
  @state() private updatedAt: Date | undefined;

  @query('#period') private periodSelect: HTMLSelectElement | null | undefined;
  @query('#owner') private ownerSelect: HTMLSelectElement | null | undefined;

  #liveBefore: ConnectionState | undefined;

  readonly #dashboard = new Task(this, {
    task: async ([api, from, to, ownerId]: readonly [ShoalApi | undefined, string | undefined, string | undefined, string | undefined, number], { signal }) => {
      if (!api || !from || !to) return initialState;
      const key = this.#key(from, to, ownerId);
      const data = await fetchDashboard(api, { from, to, ownerId }, signal);
      return { data, key };
    },
    args: () => {
      const period = this.#period();
      return [this.api, period?.from.toISOString(), period?.to.toISOString(), this.ownerId, this.reloads] as const;
    },
    onComplete: ({ data, key }: { data: Dashboard; key: string }) => {
      this.data = data;
      this.dataKey = key;
      this.updatedAt = new Date();
    },
  });

  /** The team's names for the owner filter and the history (the store loads the team once and keeps it current). */
  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), { user: () => undefined });

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
  }

  protected override updated(): void {
    // Selects show what the filters hold, also when the users arrive after the filter was set.
    if (this.periodSelect) this.periodSelect.value = this.preset;
    if (this.ownerSelect) this.ownerSelect.value = this.ownerId ?? '';
  }

  #applyUrl(): void {
    const url = readUrl();
    if (url.preset) this.preset = url.preset;
    if (url.from) this.customFrom = url.from;
    if (url.to) this.customTo = url.to;
    if (url.ownerId) this.ownerId = url.ownerId;
  }

  #writeUrl(): void {
    if (!this.syncUrl || !globalThis.location || !globalThis.history) return;
    const url = new URL(location.href);
    for (const name of ['period', 'from', 'to', 'owner']) url.searchParams.delete(name);
    if (this.preset !== 'last30') url.searchParams.set('period', this.preset);
    if (this.preset === 'custom') {
      if (this.customFrom) url.searchParams.set('from', this.customFrom);
      if (this.customTo) url.searchParams.set('to', this.customTo);
    }
    if (this.ownerId) url.searchParams.set('owner', this.ownerId);
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  #period() {
    return periodOf(this.preset, this.today, { from: this.customFrom, to: this.customTo });
  }

  #key(from: string, to: string, ownerId: string | undefined): string {
    return `${from}|${to}|${ownerId ?? ''}`;
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
      const shown = this.#period() ?? periodOf('last30', this.today)!;
      this.customFrom = isoDay(shown.from);
      this.customTo = isoDay(new Date(shown.to.getTime() - 1));
    }
    this.preset = preset;
    this.#writeUrl();
  }

  #onOwner(event: Event): void {
    this.ownerId = (event.target as HTMLSelectElement).value || undefined;
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
          ${this.ownerId && !team.some((u) => u.id === this.ownerId) ? html`<option value=${this.ownerId} selected>Someone who left</option>` : nothing}
        </select>
      </div>
      ${customInvalid ? html`<p class="filter-error" id="period-error" role="alert">Choose a first day on or before the last day.</p>` : nothing}
    </div>`;
  }

  #figures(d: Dashboard): FigureSpec[] {
    const f = d.figures;
    const p = d.previous;
    const c = this.currency;
    const spec = (key: keyof typeof f, label: string, kind: FigureKind, detail: string, higherIsBetter = true, accent?: string): FigureSpec => ({
      key,
      label,
      value: formatFigure(f[key], kind, c),
      previous: formatFigure(p[key], kind, c),
      detail,
      change: changeOf(f[key], p[key], kind, higherIsBetter),
      ...(accent ? { accent } : {}),
    });
    const deals = (n: number) => `${count(n)} ${n === 1 ? 'deal' : 'deals'}`;
    return [
      spec('openDeals', 'Open deals', 'count', 'open at the end of the period'),
      spec('openPipelineValue', 'Open pipeline value', 'money', `in ${deals(f.openDeals)}`),
      spec('weightedForecast', 'Weighted forecast', 'money', 'amount × probability of open deals'),
      { ...spec('wonValue', 'Won', 'money', `${deals(f.wonDeals)} won`, true, '#0e9f6e'), previous: `${money(p.wonValue, c)} (${deals(p.wonDeals)})` },
      spec('winRate', 'Win rate', 'ratio', `${count(f.wonDeals)} won · ${count(f.lostDeals)} lost`, true, '#0e9f6e'),
      spec('averageDealSize', 'Average deal size', 'money', 'of deals won'),
      spec('averageSalesCycleDays', 'Average sales cycle', 'days', 'from created to won', false),
      spec('interactions', 'Interactions', 'count', 'calls, meetings, emails and notes', true, '#7c3aed'),
    ];
  }

  #charts(d: Dashboard) {
    const c = this.currency;
    const moneyAxis = (v: number) => compactMoney(v, c);
    const anyDeals = d.byStage.some((s) => s.count > 0);
    const stageName = new Map(d.byStage.map((s) => [s.stage, s.name]));
    const name = (key: string) => stageName.get(key) ?? key;

    // Value by stage.
    const byStage: ChartSeries[] = [{ label: 'Value', data: d.byStage.map((s) => s.value), color: d.byStage.map((s) => STAGE_COLORS[s.stage] ?? OTHER_STAGE) }];
    const byStageTable: ChartTable = { columns: ['Stage', 'Deals', 'Value'], rows: d.byStage.map((s) => [s.name, count(s.count), money(s.value, c)]) };

    // Conversion: deals that reached each stage, as a funnel of horizontal bars.
    const conv = d.conversion;
    const reached = conv.length ? [conv[0]!.entered, ...conv.map((s) => s.advanced)] : [];
    const reachedStages = conv.length ? [conv[0]!.from, ...conv.map((s) => s.to)] : [];
    const conversionLabels = reachedStages.map((key, i) => {
      const rate = i > 0 ? conv[i - 1]!.rate : null;
      return i === 0 ? [name(key), 'new deals'] : [name(key), rate === null ? '—' : `${percent(rate)} advanced`];
    });
    const conversionTable: ChartTable = {
      columns: ['Step', 'Entered', 'Advanced', 'Rate'],
      rows: conv.map((s) => [`${name(s.from)} → ${name(s.to)}`, count(s.entered), count(s.advanced), s.rate === null ? '—' : percent(s.rate)]),
    };

    // Interactions over time, stacked by type.
    const over = d.interactionsOverTime;
    const overLabels = over.series.map((b) => dayLabel.format(new Date(b.start)));
    const overSeries: ChartSeries[] = TYPES.map((t) => ({ label: `${INTERACTION_TYPE_LABELS[t]}s`, data: over.series.map((b) => b.counts[t] ?? 0), color: INTERACTION_TYPE_COLORS[t] }));
    const overTotal = over.series.reduce((sum, b) => sum + TYPES.reduce((s, t) => s + (b.counts[t] ?? 0), 0), 0);
    const overTable: ChartTable = {
      columns: [over.bucket === 'week' ? 'Week of' : 'Day', ...TYPES.map((t) => `${INTERACTION_TYPE_LABELS[t]}s`), 'Total'],
      rows: over.series.map((b, i) => [overLabels[i]!, ...TYPES.map((t) => count(b.counts[t] ?? 0)), count(TYPES.reduce((s, t) => s + (b.counts[t] ?? 0), 0))]),
    };

    // Activity by rep: interactions, with deals won under each name.
    const reps = d.activityByRep;
    const repLabels = reps.map((r) => [r.name, `${count(r.dealsWon)} won · ${compactMoney(r.wonValue, c)}`]);
    const repTable: ChartTable = { columns: ['Rep', 'Interactions', 'Deals won', 'Won value'], rows: reps.map((r) => [r.name, count(r.interactions), count(r.dealsWon), money(r.wonValue, c)]) };

    // Lost reasons and time in stage.
    const lost = d.lostReasons;
    const lostTable: ChartTable = { columns: ['Reason', 'Deals lost'], rows: lost.map((r) => [r.reason, count(r.count)]) };
    const stays = d.timeInStage;
    const staysTable: ChartTable = {
      columns: ['Stage', 'Average time', 'Deals moved on'],
      rows: stays.map((s) => [s.name, s.averageDays === null ? '—' : days(s.averageDays), count(s.stays)]),
    };

    return html`<div class="grid">
      <shoal-dashboard-chart
        class="span-7 by-stage"
        heading="Value by stage"
        description="Open deals by stage at the end of the period; won and lost during it"
        .labels=${d.byStage.map((s) => s.name)}
        .series=${byStage}
        .format=${moneyAxis}
        .detail=${(i: number) => { const n = d.byStage[i]?.count ?? 0; return `${count(n)} ${n === 1 ? 'deal' : 'deals'}`; }}
        .table=${byStageTable}
        empty=${anyDeals ? '' : 'No deals in this period yet.'}
      ></shoal-dashboard-chart>
      <shoal-dashboard-chart
        class="span-5 conversion"
        heading="Stage conversion"
        description="Of the deals created in the period, how many reached each stage"
        kind="horizontal"
        .labels=${conversionLabels}
        .series=${[{ label: 'Deals', data: reached, color: reachedStages.map((s) => STAGE_COLORS[s] ?? OTHER_STAGE) }]}
        .format=${count}
        .table=${conversionTable}
        empty=${reached[0] ? '' : 'No deals were created in this period yet.'}
      ></shoal-dashboard-chart>
      <shoal-dashboard-chart
        class="span-8 over-time"
        heading="Interactions over time"
        description=${`Per ${over.bucket} and type`}
        kind="stacked"
        .labels=${overLabels}
        .series=${overSeries}
        .format=${count}
        .table=${overTable}
        empty=${overTotal ? '' : 'No calls, meetings, emails or notes logged in this period yet.'}
      ></shoal-dashboard-chart>
      <shoal-dashboard-chart
        class="span-4 lost-reasons"
        heading="Lost reasons"
        description="Why deals lost in the period were lost"
        kind="horizontal"
        .labels=${lost.map((r) => r.reason)}
        .series=${[{ label: 'Deals lost', data: lost.map((r) => r.count), color: STAGE_COLORS.lost! }]}
        .format=${count}
        .table=${lostTable}
        empty=${lost.length ? '' : 'No deals lost in this period.'}
      ></shoal-dashboard-chart>
      <shoal-dashboard-chart
        class="span-6 by-rep"
        heading="Activity by rep"
        description="Interactions logged, with deals won and their value"
        kind="horizontal"
        .labels=${repLabels}
        .series=${[{ label: 'Interactions', data: reps.map((r) => r.interactions), color: '#2a6fb0' }]}
        .format=${count}
        .table=${repTable}
        empty=${reps.length ? '' : 'No activity by reps in this period yet.'}
      ></shoal-dashboard-chart>
      <shoal-dashboard-chart
        class="span-6 time-in-stage"
        heading="Time in stage"
        description="Average days a deal stayed in a stage before moving on"
        .labels=${stays.map((s) => s.name)}
        .series=${[{ label: 'Average time', data: stays.map((s) => s.averageDays ?? 0), color: stays.map((s) => STAGE_COLORS[s.stage] ?? OTHER_STAGE) }]}
        .format=${(v: number) => days(v)}
        .detail=${(i: number) => { const n = stays[i]?.stays ?? 0; return `${count(n)} ${n === 1 ? 'deal' : 'deals'} moved on`; }}
        .table=${staysTable}
        empty=${stays.some((s) => s.stays > 0) ? '' : 'No deal moved on from a stage in this period.'}
      ></shoal-dashboard-chart>
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
    const outdated = !!period && this.dataKey !== this.#key(period.from.toISOString(), period.to.toISOString(), this.ownerId);
    const noDeals = d.figures.openDeals + d.figures.wonDeals + d.figures.lostDeals === 0 && d.byStage.every((s) => s.count === 0);
    const label = previousLabel(this.preset);
    return html`${failed
        ? html`<div class="banner warning" role="alert">
            <p><strong>We couldn't refresh the figures.</strong> ${describeError(error)} ${this.updatedAt ? `These are from ${timeLabel.format(this.updatedAt)}.` : ''}</p>
            <button type="button" class="small retry" @click=${() => this.#reload()}>Try again</button>
          </div>`
        : nothing}
      ${noDeals
        ? html`<div class="banner info empty">
            <p><strong>No deals in this period yet.</strong> The figures fill in as your team adds deals and logs calls; a longer period may show more.</p>
          </div>`
        : nothing}
      <div class="content ${outdated ? 'outdated' : ''}">
        <h2 class="visually-hidden">Key figures</h2>
        <ul class="figures">
          ${this.#figures(d).map(
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
            <span class="live ${live ? '' : 'stale'}">${live ? `Live${this.updatedAt ? `, updated ${timeLabel.format(this.updatedAt)}` : ''}` : 'Not live: figures may be out of date'}</span>
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
