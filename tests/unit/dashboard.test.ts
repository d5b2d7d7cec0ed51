import { describe, expect, it } from 'vitest';
import { chartsOf, stageColor, OTHER_STAGE_COLOR, type InteractionTypes } from '../../client/src/dashboard/charts.js';
import { changeOf, figuresOf, formatFigure, hasNoDeals } from '../../client/src/dashboard/figures.js';
import { daysOf, filtersOfSearch, isoDay, parseDay, periodKey, periodOf, withFilters } from '../../client/src/dashboard/periods.js';
import { Dashboard, type PeriodFigures } from '../../shared/dashboard.js';

const figures = (o: Partial<PeriodFigures> = {}): PeriodFigures => ({
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
  ...o,
});

/** A dashboard answer, checked against the shared schema so the fixture cannot drift from the API. */
function answer(withDeals = true): Dashboard {
  return Dashboard.parse({
    period: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z' },
    previousPeriod: { from: '2025-12-02T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
    ownerId: null,
    figures: figures(withDeals ? { openDeals: 3, wonDeals: 1, lostDeals: 1, openPipelineValue: 12_500.5, wonValue: 9000, winRate: 0.5 } : {}),
    previous: figures(withDeals ? { openDeals: 2, wonDeals: 1, wonValue: 4000, winRate: 0.25 } : {}),
    byStage: [
      { stage: 'prospecting', name: 'Prospecting', count: withDeals ? 3 : 0, value: withDeals ? 12_500.5 : 0 },
      { stage: 'custom-stage', name: 'Custom', count: 0, value: 0 },
    ],
    timeInStage: [{ stage: 'prospecting', name: 'Prospecting', averageDays: withDeals ? 4.5 : null, stays: withDeals ? 2 : 0 }],
    conversion: [{ from: 'prospecting', to: 'custom-stage', entered: withDeals ? 4 : 0, advanced: withDeals ? 1 : 0, rate: withDeals ? 0.25 : null }],
    lostReasons: withDeals ? [{ reason: 'Price', count: 1 }] : [],
    interactionsOverTime: { bucket: 'week', series: [{ start: '2026-01-05T00:00:00.000Z', counts: { call: 2, meeting: 0, email: 1, note: 0 } }] },
    topCustomers: [],
    activityByRep: [],
  });
}

const types: InteractionTypes = { types: ['call', 'meeting', 'email', 'note'], label: (t) => t[0]!.toUpperCase() + t.slice(1), color: () => '#000' };

describe('dashboard periods', () => {
  const now = new Date(2026, 4, 20, 15, 30); // 20 May 2026, mid-afternoon

  it('counts whole local days up to midnight tonight', () => {
    const last7 = periodOf('last7', now)!;
    expect(isoDay(last7.from)).toBe('2026-05-14');
    expect(isoDay(last7.to)).toBe('2026-05-21');
    expect(daysOf(periodOf('last30', now)!)).toEqual({ from: '2026-04-21', to: '2026-05-20' });
    const quarter = periodOf('quarter', now)!;
    expect([isoDay(quarter.from), isoDay(quarter.to)]).toEqual(['2026-04-01', '2026-07-01']);
    expect(isoDay(periodOf('last12m', now)!.from)).toBe('2025-05-21');
  });

  it('takes custom first and last days, both included, and refuses a backwards or impossible one', () => {
    expect(daysOf(periodOf('custom', now, { from: '2026-02-01', to: '2026-02-28' })!)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodOf('custom', now, { from: '2026-03-02', to: '2026-03-01' })).toBeUndefined();
    expect(parseDay('2026-02-30')).toBeUndefined();
  });

  it('keeps the filters in the address and reads them back, leaving other parameters alone', () => {
    const url = withFilters('https://shoal.test/dashboard?x=1&period=last7', { preset: 'custom', from: '2026-01-01', to: '2026-01-31', ownerId: 'u1' });
    expect(url.search).toBe('?x=1&period=custom&from=2026-01-01&to=2026-01-31&owner=u1');
    expect(filtersOfSearch(url.search)).toEqual({ preset: 'custom', from: '2026-01-01', to: '2026-01-31', ownerId: 'u1' });
    expect(withFilters('https://shoal.test/dashboard?period=last7&from=2026-01-01', { preset: 'last30', from: '2026-01-01', to: '', ownerId: undefined }).search).toBe('');
    expect(filtersOfSearch('?period=forever')).toEqual({});
    expect(periodKey('a', 'b', undefined)).not.toBe(periodKey('a', 'b', 'u1'));
    expect(periodKey('a', 'b', undefined)).not.toBe(periodKey('a', 'b', undefined, 'p1'));
    const piped = withFilters('https://shoal.test/dashboard', { preset: 'last30', from: '', to: '', ownerId: undefined, pipelineId: 'p1' });
    expect(piped.search).toBe('?pipeline=p1');
    expect(filtersOfSearch(piped.search)).toEqual({ pipelineId: 'p1' });
  });
});

describe('dashboard figures', () => {
  it('tells a change in percent, a ratio in points, and whether it is good news', () => {
    expect(changeOf(120, 100, 'count')).toEqual({ direction: 'up', text: 'Up 20%', tone: 'good' });
    expect(changeOf(0.5, 0.25, 'ratio')).toEqual({ direction: 'up', text: 'Up 25 pts', tone: 'good' });
    expect(changeOf(30, 20, 'days', false)).toMatchObject({ direction: 'up', tone: 'bad' });
    expect(changeOf(5, 0, 'count').text).toBe('Up from 0');
    expect(changeOf(100, 103, 'money').text).toBe('Down 2.9%');
    expect(changeOf(null, 3, 'count').text).toBe('None this period');
    expect(changeOf(4, 4, 'count').direction).toBe('flat');
  });

  it('makes the eight figure cards with exact money and no figure as a dash', () => {
    const cards = figuresOf(answer());
    expect(cards.map((c) => c.key)).toEqual(['openDeals', 'openPipelineValue', 'weightedForecast', 'wonValue', 'winRate', 'averageDealSize', 'averageSalesCycleDays', 'interactions']);
    expect(cards[1]).toMatchObject({ value: '$12,500.50', detail: 'in 3 deals' });
    expect(cards[3]!.previous).toBe('$4,000 (1 deal)');
    expect(cards[5]!.value).toBe('—');
    expect(formatFigure(23.5, 'days')).toBe('23.5 days');
    expect(hasNoDeals(answer())).toBe(false);
    expect(hasNoDeals(answer(false))).toBe(true);
  });
});

describe('dashboard charts', () => {
  it('shapes six charts with tables and says when one has nothing to draw', () => {
    const charts = chartsOf(answer(), 'USD', types);
    expect(charts.map((c) => c.className)).toEqual(['span-7 by-stage', 'span-5 conversion', 'span-8 over-time', 'span-4 lost-reasons', 'span-6 by-rep', 'span-6 time-in-stage']);
    const [byStage, conversion, overTime, , byRep] = charts;
    expect(byStage!.series[0]!.color).toEqual([stageColor('prospecting'), OTHER_STAGE_COLOR]);
    expect(byStage!.table.rows[0]).toEqual(['Prospecting', '3', '$12,500.50']);
    expect(byStage!.detail!(0)).toBe('3 deals');
    expect(conversion!.labels).toEqual([['Prospecting', 'new deals'], ['Custom', '25% advanced']]);
    expect(conversion!.series[0]!.data).toEqual([4, 1]);
    expect(overTime!.table.columns).toEqual(['Week of', 'Calls', 'Meetings', 'Emails', 'Notes', 'Total']);
    expect(overTime!.table.rows).toEqual([['Jan 5', '2', '0', '1', '0', '3']]);
    expect(byRep!.empty).toBe('No activity by reps in this period yet.');
    expect(charts.filter((c) => c.empty === '').length).toBe(5);
    expect(chartsOf(answer(false), 'USD', types).every((c) => c.empty !== '' || c.className.includes('over-time'))).toBe(true);
  });
});
