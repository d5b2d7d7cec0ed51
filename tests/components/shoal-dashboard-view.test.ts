import { expect, fixture, html } from '@open-wc/testing';
import { ShoalApi } from '../../client/src/api.js';
import '../../client/src/components/shoal-dashboard-view.js';
import type { ShoalDashboardView } from '../../client/src/components/shoal-dashboard-view.js';
import type { ShoalFigureCard } from '../../client/src/components/shoal-figure-card.js';
import type { ShoalInteractionHistory } from '../../client/src/components/shoal-interaction-history.js';
import type { LiveClient, LiveHandlers } from '../../client/src/live.js';
import type { Dashboard, PeriodFigures } from '../../shared/dashboard.js';
import type { ChangeEvent, PresenceUpdate } from '../../shared/events.js';
import type { Interaction } from '../../shared/interaction.js';
import type { PipelineDefinition } from '../../shared/pipeline.js';
import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES } from '../../shared/stage.js';
import type { User } from '../../shared/user.js';
import { customer, recordEvents } from './fixtures.js';
import { settle, type Call } from './scripted-api.js';

const stamp = { active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const ada: User = { ...stamp, id: '0000000000000000000000a1', name: 'Ada Lovelace', email: 'ada@shoal.example', role: 'admin', color: '#2563eb' };
const ben: User = { ...stamp, id: '0000000000000000000000a2', name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777' };
const acme = customer({ id: 'c1', name: 'Acme Logistics' });
const brightline = customer({ id: 'c2', name: 'Brightline Dental' });

const figures = (overrides: Partial<PeriodFigures> = {}): PeriodFigures => ({
  openDeals: 0,
  wonDeals: 0,
  lostDeals: 0,
  openPipelineValue: 0,
  weightedForecast: 0,
  winRate: null,
  averageDealSize: null,
  wonValue: 0,
  averageSalesCycleDays: null,
  interactions: 0,
  ...overrides,
});

const stages = [
  ['prospecting', 'Prospecting'],
  ['qualification', 'Qualification'],
  ['proposal', 'Proposal'],
  ['negotiation', 'Negotiation'],
  ['won', 'Closed Won'],
  ['lost', 'Closed Lost'],
] as const;

/** A dashboard answer; `current` and `previous` set the figures of the two periods. */
function payload(current: Partial<PeriodFigures>, previous: Partial<PeriodFigures> = {}, withDeals = true): Dashboard {
  return {
    period: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z' },
    previousPeriod: { from: '2025-12-02T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
    ownerId: null,
    figures: figures(current),
    previous: figures(previous),
    byStage: stages.map(([stage, name], i) => ({ stage, name, count: withDeals ? i + 1 : 0, value: withDeals ? (i + 1) * 10_000 : 0 })),
    timeInStage: stages.slice(0, 4).map(([stage, name]) => ({ stage, name, averageDays: withDeals ? 6.5 : null, stays: withDeals ? 3 : 0 })),
    conversion: stages.slice(0, 4).map(([from], i) => ({ from, to: stages[i + 1]![0], entered: withDeals ? 10 - i * 2 : 0, advanced: withDeals ? 8 - i * 2 : 0, rate: withDeals ? 0.8 : null })),
    lostReasons: withDeals ? [{ reason: 'Price', count: 3 }, { reason: 'Timing', count: 1 }] : [],
    interactionsOverTime: { bucket: 'day', series: [{ start: '2026-01-01T00:00:00.000Z', counts: { call: 2, meeting: 1, email: 3, note: 0 } }] },
    topCustomers: withDeals ? [{ customerId: acme.id, name: acme.name, openValue: 150_000, openDeals: 2 }, { customerId: brightline.id, name: brightline.name, openValue: 100_000, openDeals: 1 }] : [],
    activityByRep: withDeals ? [{ userId: ada.id, name: ada.name, interactions: 6, dealsWon: 2, wonValue: 90_000 }] : [],
  };
}

const busy = payload(
  { openDeals: 12, openPipelineValue: 250_000, weightedForecast: 120_000, wonDeals: 3, lostDeals: 2, wonValue: 90_000, winRate: 0.6, averageDealSize: 30_000, averageSalesCycleDays: 30, interactions: 48 },
  { openDeals: 12, openPipelineValue: 200_000, weightedForecast: 150_000, wonDeals: 2, lostDeals: 2, wonValue: 60_000, winRate: 0.5, averageDealSize: 30_000, averageSalesCycleDays: 40, interactions: 40 },
);

const call1: Interaction = {
  id: '0000000000000000000000f1',
  customerId: acme.id,
  type: 'call',
  date: '2026-01-20T10:00:00.000Z',
  subject: 'Renewal call',
  userId: ada.id,
  version: 1,
  createdAt: '2026-01-20T10:00:00.000Z',
  updatedAt: '2026-01-20T10:00:00.000Z',
};
const note1: Interaction = { ...call1, id: '0000000000000000000000f2', type: 'note', subject: 'Sent the price list', date: '2026-01-18T10:00:00.000Z', customerId: brightline.id, userId: ben.id };

const sales: PipelineDefinition = { id: DEFAULT_PIPELINE_ID, name: 'Sales', stages: [...DEFAULT_STAGES], default: true, version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

const json = (body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } });

/**
 * A fake API that answers by path, as the dashboard asks several things at once. Answers of
 * `GET /api/dashboard` come from `dashboards` in order (the last one repeats).
 */
function fakeApi(options: { dashboards?: Array<() => Response | Promise<Response>>; interactions?: (url: URL) => Response; pipelines?: PipelineDefinition[] } = {}) {
  const calls: Call[] = [];
  const dashboards = options.dashboards ?? [() => json(busy)];
  const fake: typeof fetch = async (input, init) => {
    const url = new URL(String(input), 'http://shoal.test');
    calls.push({ method: init?.method ?? 'GET', url: url.pathname + url.search, headers: (init?.headers ?? {}) as Record<string, string>, body: undefined });
    const path = url.pathname;
    if (path === '/api/dashboard') return (dashboards.length > 1 ? dashboards.shift()! : dashboards[0]!)();
    if (path === '/api/users') return json([ada, ben]);
    if (path === '/api/interactions') return options.interactions ? options.interactions(url) : json([call1, note1], { 'x-total-count': '2' });
    if (path === '/api/customers') return json([acme, brightline], { 'x-total-count': '2' });
    if (path === '/api/pipelines') return json(options.pipelines ?? [sales]);
    throw new Error(`unexpected request ${path}`);
  };
  return { api: new ShoalApi({ fetch: fake }), calls };
}

/** A live connection the test drives: it delivers `dashboard` messages and changes on demand. */
function fakeLive() {
  const subscribers = new Set<LiveHandlers>();
  const presence: PresenceUpdate[] = [];
  const live = {
    subscribe(handlers: LiveHandlers) {
      subscribers.add(handlers);
      handlers.state?.('live');
      return () => subscribers.delete(handlers);
    },
    setPresence(update: PresenceUpdate) {
      presence.push(update);
    },
  } as unknown as LiveClient;
  return {
    live,
    presence,
    dashboard: (seq: number) => subscribers.forEach((s) => s.dashboard?.({ seq })),
    change: (event: ChangeEvent) => subscribers.forEach((s) => s.change?.(event)),
  };
}

const shadow = (el: Element) => el.shadowRoot!;
const card = (el: ShoalDashboardView, key: string) => shadow(el).querySelector<ShoalFigureCard>(`shoal-figure-card[data-figure="${key}"]`)!;
const cardText = (el: ShoalDashboardView, key: string) => shadow(card(el, key)).textContent!.replace(/\s+/g, ' ').trim();
const history = (el: ShoalDashboardView) => shadow(el).querySelector<ShoalInteractionHistory>('shoal-interaction-history')!;
const dashboardCalls = (calls: Call[]) => calls.filter((c) => c.url.startsWith('/api/dashboard'));

async function render(api: ShoalApi, live?: LiveClient): Promise<ShoalDashboardView> {
  const el = await fixture<ShoalDashboardView>(html`<shoal-dashboard-view .api=${api} .live=${live} .syncUrl=${false}></shoal-dashboard-view>`);
  await settle(el);
  if (history(el)) await settle(history(el));
  return el;
}

describe('shoal-dashboard-view', () => {
  it('shows each figure with its change against the previous period, in words and colour', async () => {
    const { api, calls } = fakeApi();
    const el = await render(api);

    expect(cardText(el, 'openPipelineValue')).to.contain('Open pipeline value').and.contain('$250,000').and.contain('Up 25%').and.contain('$200,000 in the previous 30 days');
    expect(shadow(card(el, 'openPipelineValue')).querySelector('.change')!.classList.contains('good')).to.equal(true);
    expect(cardText(el, 'weightedForecast')).to.contain('$120,000').and.contain('Down 20%');
    expect(shadow(card(el, 'weightedForecast')).querySelector('.change')!.classList.contains('bad')).to.equal(true);
    expect(cardText(el, 'openDeals')).to.contain('12').and.contain('No change');
    expect(cardText(el, 'winRate')).to.contain('60%').and.contain('Up 10 pts').and.contain('3 won · 2 lost');
    expect(cardText(el, 'wonValue')).to.contain('$90,000').and.contain('3 deals won').and.contain('$60,000 (2 deals)');
    // A shorter sales cycle is good news.
    expect(cardText(el, 'averageSalesCycleDays')).to.contain('30 days').and.contain('Down 25%');
    expect(shadow(card(el, 'averageSalesCycleDays')).querySelector('.change')!.classList.contains('good')).to.equal(true);
    expect(cardText(el, 'interactions')).to.contain('48').and.contain('Up 20%');

    // The charts' figures are also there as tables, and the top customers link to their pages.
    const byStage = shadow(el).querySelector('shoal-dashboard-chart.by-stage')!;
    expect(shadow(byStage).querySelector('table')!.textContent).to.contain('Negotiation').and.contain('$40,000');
    expect(shadow(byStage).querySelector('table')!.parentElement!.className).to.equal('visually-hidden');
    const toggle = shadow(byStage).querySelector<HTMLButtonElement>('button.toggle')!;
    expect(toggle.getAttribute('aria-label')).to.equal('Show as table: Value by stage');
    toggle.click();
    await settle(el);
    expect(shadow(byStage).querySelector('table')!.parentElement!.className).to.equal('table-wrap');
    expect(shadow(byStage).querySelector<HTMLElement>('.plot')!.hidden).to.equal(true);
    expect(toggle.textContent!.trim()).to.equal('Show as chart');
    const top = shadow(el).querySelector('.top ol')!;
    expect(top.textContent).to.contain('Acme Logistics').and.contain('$150,000');
    const seen = recordEvents(el, ['shoal-navigate']);
    top.querySelector<HTMLAnchorElement>('a')!.click();
    expect(seen[0]!.detail).to.deep.equal({ path: `/customers/${acme.id}` });

    // The history lists the period's interactions with customer and rep names.
    const list = shadow(history(el)).querySelector('ul')!;
    expect(list.textContent).to.contain('Renewal call').and.contain('Acme Logistics').and.contain('Ada Lovelace');
    expect(list.textContent).to.contain('Sent the price list').and.contain('Brightline Dental').and.contain('Ben Ortiz');

    const first = dashboardCalls(calls)[0]!.url;
    expect(first).to.match(/^\/api\/dashboard\?from=.+&to=.+$/);
    await expect(el).to.be.accessible();
  });

  it('refetches exactly once per dashboard message, keeping the figures on screen while loading', async () => {
    let release: (r: Response) => void = () => undefined;
    const updated = payload({ ...busy.figures, openPipelineValue: 275_000 }, busy.previous);
    const { api, calls } = fakeApi({ dashboards: [() => json(busy), () => new Promise<Response>((resolve) => (release = resolve)), () => json(updated)] });
    const { live, presence, dashboard, change } = fakeLive();
    const el = await render(api, live);
    expect(presence).to.deep.include({ view: 'dashboard' });
    expect(dashboardCalls(calls)).to.have.length(1);

    // A change event alone (the server decides what moves a figure) fetches nothing.
    change({ seq: 7, entity: 'contact', op: 'created', id: 'x', data: null, version: 1, actor: { id: ben.id, name: ben.name }, at: '2026-01-20T10:00:00.000Z' });
    await settle(el);
    expect(dashboardCalls(calls)).to.have.length(1);

    dashboard(8);
    await settle(el);
    expect(dashboardCalls(calls)).to.have.length(2);
    // While the new figures load, the old ones stay.
    expect(cardText(el, 'openPipelineValue')).to.contain('$250,000');
    expect(shadow(el).querySelector('[role="progressbar"]')).to.exist;

    release(json(updated));
    await settle(el);
    expect(cardText(el, 'openPipelineValue')).to.contain('$275,000');
    expect(shadow(el).querySelector('[role="progressbar"]')).to.equal(null);
    // A later message as the barrier: had the first one fetched twice, the count would be past 3.
    dashboard(9);
    await settle(el);
    expect(dashboardCalls(calls), 'one refetch for each message').to.have.length(3);
  });

  it('refetches with ownerId when the owner filter changes, and the history follows the rep', async () => {
    const { api, calls } = fakeApi();
    const el = await render(api);
    const owner = shadow(el).querySelector<HTMLSelectElement>('#owner')!;
    expect([...owner.options].map((o) => o.textContent!.trim())).to.deep.equal(['Everyone', 'Ada Lovelace', 'Ben Ortiz']);
    owner.value = ben.id;
    owner.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    await settle(history(el));
    const last = dashboardCalls(calls).at(-1)!.url;
    expect(new URL(last, 'http://x').searchParams.get('ownerId')).to.equal(ben.id);
    const interactions = calls.filter((c) => c.url.startsWith('/api/interactions'));
    expect(new URL(interactions.at(-1)!.url, 'http://x').searchParams.get('userId')).to.equal(ben.id);
    expect(shadow(history(el)).querySelector<HTMLSelectElement>('#rep')!.value).to.equal(ben.id);

    // Back to everyone: no ownerId.
    owner.value = '';
    owner.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    expect(new URL(dashboardCalls(calls).at(-1)!.url, 'http://x').searchParams.has('ownerId')).to.equal(false);
  });

  it('filters by pipeline when there are several, and offers no pipeline filter with one', async () => {
    const service: PipelineDefinition = { ...sales, id: '0000000000000000000000e2', name: 'Service', default: false };
    const { api, calls } = fakeApi({ pipelines: [service, sales] });
    const el = await render(api);
    const choice = shadow(el).querySelector<HTMLSelectElement>('#pipeline')!;
    expect([...choice.options].map((o) => o.textContent!.trim())).to.deep.equal(['All pipelines', 'Sales', 'Service']);
    expect(choice.value).to.equal('');
    expect(new URL(dashboardCalls(calls).at(-1)!.url, 'http://x').searchParams.has('pipelineId')).to.equal(false);
    choice.value = service.id;
    choice.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    expect(new URL(dashboardCalls(calls).at(-1)!.url, 'http://x').searchParams.get('pipelineId')).to.equal(service.id);
    await expect(el).to.be.accessible();

    const one = await render(fakeApi().api);
    expect(shadow(one).querySelector('#pipeline')).to.equal(null);
  });

  it('asks for the chosen period: last 90 days, then custom dates', async () => {
    const { api, calls } = fakeApi();
    const el = await render(api);
    const period = shadow(el).querySelector<HTMLSelectElement>('#period')!;
    period.value = 'last90';
    period.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    const q = new URL(dashboardCalls(calls).at(-1)!.url, 'http://x').searchParams;
    expect(Math.round((Date.parse(q.get('to')!) - Date.parse(q.get('from')!)) / 86_400_000)).to.be.within(89, 91);
    expect(cardText(el, 'openPipelineValue')).to.contain('previous 90 days');

    period.value = 'custom';
    period.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    const from = shadow(el).querySelector<HTMLInputElement>('#from')!;
    const to = shadow(el).querySelector<HTMLInputElement>('#to')!;
    expect(from.value).to.match(/^\d{4}-\d{2}-\d{2}$/);
    from.value = '2026-03-10';
    from.dispatchEvent(new Event('change'));
    to.value = '2026-03-01';
    to.dispatchEvent(new Event('change'));
    await settle(el);
    const before = dashboardCalls(calls).length;
    expect(shadow(el).querySelector('.filter-error')!.textContent).to.contain('Choose a first day on or before the last day');
    to.value = '2026-03-31';
    to.dispatchEvent(new Event('change'));
    await settle(el);
    expect(dashboardCalls(calls)).to.have.length(before + 1);
    const custom = new URL(dashboardCalls(calls).at(-1)!.url, 'http://x').searchParams;
    expect(new Date(custom.get('from')!).getDate()).to.equal(10);
    expect(new Date(custom.get('to')!).getDate(), 'the last day is included').to.equal(1);
    expect(shadow(el).querySelector('.filter-error')).to.equal(null);
  });

  it('says so in plain words when there are no deals in the period', async () => {
    const { api } = fakeApi({ dashboards: [() => json(payload({}, {}, false))] });
    const el = await render(api);
    expect(shadow(el).querySelector('.banner.empty')!.textContent).to.contain('No deals in this period yet.');
    expect(shadow(shadow(el).querySelector('shoal-dashboard-chart.lost-reasons')!).textContent).to.contain('No deals lost in this period.');
    expect(cardText(el, 'averageDealSize')).to.contain('—').and.contain('Nothing to compare');
    await expect(el).to.be.accessible();
  });

  it('explains a failed load and tries again when asked', async () => {
    const down = () => new Response(JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The database is unreachable.' }), { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '2' } });
    const { api, calls } = fakeApi({ dashboards: [down, () => json(busy)] });
    const el = await render(api);
    const alert = shadow(el).querySelector('.state.error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain("We couldn't load the dashboard").and.contain('Shoal is having trouble reaching its database');
    await expect(el).to.be.accessible();
    alert.querySelector<HTMLButtonElement>('button.retry')!.click();
    await settle(el);
    expect(dashboardCalls(calls)).to.have.length(2);
    expect(cardText(el, 'openPipelineValue')).to.contain('$250,000');
  });

  it('filters the history by type, loads more, and shows new interactions live', async () => {
    const older: Interaction = { ...call1, id: '0000000000000000000000f3', subject: 'Intro meeting', type: 'meeting', date: '2026-01-05T10:00:00.000Z' };
    const interactions = (url: URL) =>
      url.searchParams.get('cursor')
        ? json([older], { 'x-total-count': '3' })
        : json([call1, note1], { 'x-total-count': '3', link: '</api/interactions?cursor=abc&limit=20>; rel="next"' });
    const { api, calls } = fakeApi({ interactions });
    const { live, change } = fakeLive();
    const el = await render(api, live);
    const h = history(el);
    const list = () => [...shadow(h).querySelectorAll('li[data-id]')].map((li) => li.getAttribute('data-id'));
    expect(list()).to.deep.equal([call1.id, note1.id]);
    expect(shadow(h).querySelector('.foot')!.textContent).to.contain('Showing 2 of 3');

    shadow(h).querySelector<HTMLButtonElement>('button.load-more')!.click();
    await settle(h);
    expect(new URL(calls.filter((c) => c.url.startsWith('/api/interactions')).at(-1)!.url, 'http://x').searchParams.get('cursor')).to.equal('abc');
    expect(list()).to.deep.equal([call1.id, note1.id, older.id]);
    expect(shadow(h).querySelector('button.load-more')).to.equal(null);

    // Someone logs an email: it appears at its place, without a refetch.
    const before = calls.length;
    const email: Interaction = { ...call1, id: '0000000000000000000000f4', type: 'email', subject: 'Proposal sent', date: '2026-01-19T09:00:00.000Z' };
    change({ seq: 9, entity: 'interaction', op: 'created', id: email.id, data: email, version: 1, actor: { id: ben.id, name: ben.name }, at: email.createdAt });
    await settle(h);
    expect(list()).to.deep.equal([call1.id, email.id, note1.id, older.id]);
    expect(shadow(h).querySelector('.foot')!.textContent).to.contain('Showing 4 of 4');
    expect(calls.slice(before).filter((c) => c.url.startsWith('/api/interactions') || c.url.startsWith('/api/dashboard'))).to.have.length(0);

    const type = shadow(h).querySelector<HTMLSelectElement>('#type')!;
    type.value = 'note';
    type.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(h);
    expect(new URL(calls.filter((c) => c.url.startsWith('/api/interactions')).at(-1)!.url, 'http://x').searchParams.get('type')).to.equal('note');
  });
});
