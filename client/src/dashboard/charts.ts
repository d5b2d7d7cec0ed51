import type { Dashboard } from '../../../shared/dashboard.js';
import type { InteractionType } from '../../../shared/interaction.js';
import type { ChartKind, ChartSeries, ChartTable } from '../components/shoal-dashboard-chart.js';
import { bucketDay } from '../format/dates.js';
import { compactMoney, money } from '../format/money.js';
import { stageColor as stageStyleColor } from '../format/stage-style.js';
import { count, dealCount, days, percent } from './figures.js';

/**
 * The data of the dashboard's charts, shaped from one answer: labels, series, the same figures
 * as a table, and what the card says when there is nothing to draw. Pure, so it is tested
 * without a browser; `<shoal-dashboard-chart>` draws it.
 */

export { OTHER_STAGE_COLOR } from '../format/stage-style.js';
const ACTIVITY_COLOR = '#2a6fb0';

/** The colour of a stage's bars: the one stage style the board uses too (format/stage-style.ts). */
export const stageColor = (stage: string): string => stageStyleColor(stage);

/** The interaction types as the charts show them (their one definition is handed in by the view). */
export interface InteractionTypes {
  types: readonly InteractionType[];
  label: (type: InteractionType) => string;
  color: (type: InteractionType) => string;
}

/** Everything one chart card needs. */
export interface ChartSpec {
  /** Its class: the grid width (`span-N`) and a name tests and styles find it by. */
  className: string;
  heading: string;
  description: string;
  kind: ChartKind;
  labels: (string | string[])[];
  series: ChartSeries[];
  format: (value: number) => string;
  detail?: (index: number) => string;
  table: ChartTable;
  /** What the card says instead of empty axes ('' when there is something to draw). */
  empty: string;
}

/** The six charts of a dashboard answer, in the order they are shown. */
export function chartsOf(d: Dashboard, currency: string, interactions: InteractionTypes): ChartSpec[] {
  return [byStage(d, currency), conversion(d), overTime(d, interactions), lostReasons(d), byRep(d, currency), timeInStage(d)];
}

function byStage(d: Dashboard, currency: string): ChartSpec {
  return {
    className: 'span-7 by-stage',
    heading: 'Value by stage',
    description: 'Open deals by stage at the end of the period; won and lost during it',
    kind: 'bar',
    labels: d.byStage.map((s) => s.name),
    series: [{ label: 'Value', data: d.byStage.map((s) => s.value), color: d.byStage.map((s) => stageColor(s.stage)) }],
    format: (v) => compactMoney(v, currency),
    detail: (i) => dealCount(d.byStage[i]?.count ?? 0),
    table: { columns: ['Stage', 'Deals', 'Value'], rows: d.byStage.map((s) => [s.name, count(s.count), money(s.value, currency)]) },
    empty: d.byStage.some((s) => s.count > 0) ? '' : 'No deals in this period yet.',
  };
}

/** Deals that reached each stage, as a funnel of horizontal bars. */
function conversion(d: Dashboard): ChartSpec {
  const stageName = new Map(d.byStage.map((s) => [s.stage, s.name]));
  const name = (key: string) => stageName.get(key) ?? key;
  const conv = d.conversion;
  const reached = conv.length ? [conv[0]!.entered, ...conv.map((s) => s.advanced)] : [];
  const stages = conv.length ? [conv[0]!.from, ...conv.map((s) => s.to)] : [];
  return {
    className: 'span-5 conversion',
    heading: 'Stage conversion',
    description: 'Of the deals created in the period, how many reached each stage',
    kind: 'horizontal',
    labels: stages.map((key, i) => {
      if (i === 0) return [name(key), 'new deals'];
      const rate = conv[i - 1]!.rate;
      return [name(key), rate === null ? '—' : `${percent(rate)} advanced`];
    }),
    series: [{ label: 'Deals', data: reached, color: stages.map(stageColor) }],
    format: count,
    table: {
      columns: ['Step', 'Entered', 'Advanced', 'Rate'],
      rows: conv.map((s) => [`${name(s.from)} → ${name(s.to)}`, count(s.entered), count(s.advanced), s.rate === null ? '—' : percent(s.rate)]),
    },
    empty: reached[0] ? '' : 'No deals were created in this period yet.',
  };
}

/** Interactions per day or week, stacked by type. */
function overTime(d: Dashboard, { types, label, color }: InteractionTypes): ChartSpec {
  const over = d.interactionsOverTime;
  const labels = over.series.map((b) => bucketDay(b.start));
  const totalOf = (b: (typeof over.series)[number]) => types.reduce((sum, t) => sum + (b.counts[t] ?? 0), 0);
  const total = over.series.reduce((sum, b) => sum + totalOf(b), 0);
  return {
    className: 'span-8 over-time',
    heading: 'Interactions over time',
    description: `Per ${over.bucket} and type`,
    kind: 'stacked',
    labels,
    series: types.map((t) => ({ label: `${label(t)}s`, data: over.series.map((b) => b.counts[t] ?? 0), color: color(t) })),
    format: count,
    table: {
      columns: [over.bucket === 'week' ? 'Week of' : 'Day', ...types.map((t) => `${label(t)}s`), 'Total'],
      rows: over.series.map((b, i) => [labels[i]!, ...types.map((t) => count(b.counts[t] ?? 0)), count(totalOf(b))]),
    },
    empty: total ? '' : 'No calls, meetings, emails or notes logged in this period yet.',
  };
}

function lostReasons(d: Dashboard): ChartSpec {
  const lost = d.lostReasons;
  return {
    className: 'span-4 lost-reasons',
    heading: 'Lost reasons',
    description: 'Why deals lost in the period were lost',
    kind: 'horizontal',
    labels: lost.map((r) => r.reason),
    series: [{ label: 'Deals lost', data: lost.map((r) => r.count), color: stageColor('lost') }],
    format: count,
    table: { columns: ['Reason', 'Deals lost'], rows: lost.map((r) => [r.reason, count(r.count)]) },
    empty: lost.length ? '' : 'No deals lost in this period.',
  };
}

/** Interactions by rep, with the deals each won under their name. */
function byRep(d: Dashboard, currency: string): ChartSpec {
  const reps = d.activityByRep;
  return {
    className: 'span-6 by-rep',
    heading: 'Activity by rep',
    description: 'Interactions logged, with deals won and their value',
    kind: 'horizontal',
    labels: reps.map((r) => [r.name, `${count(r.dealsWon)} won · ${compactMoney(r.wonValue, currency)}`]),
    series: [{ label: 'Interactions', data: reps.map((r) => r.interactions), color: ACTIVITY_COLOR }],
    format: count,
    table: { columns: ['Rep', 'Interactions', 'Deals won', 'Won value'], rows: reps.map((r) => [r.name, count(r.interactions), count(r.dealsWon), money(r.wonValue, currency)]) },
    empty: reps.length ? '' : 'No activity by reps in this period yet.',
  };
}

function timeInStage(d: Dashboard): ChartSpec {
  const stays = d.timeInStage;
  return {
    className: 'span-6 time-in-stage',
    heading: 'Time in stage',
    description: 'Average days a deal stayed in a stage before moving on',
    kind: 'bar',
    labels: stays.map((s) => s.name),
    series: [{ label: 'Average time', data: stays.map((s) => s.averageDays ?? 0), color: stays.map((s) => stageColor(s.stage)) }],
    format: (v) => days(v),
    detail: (i) => {
      const n = stays[i]?.stays ?? 0;
      return `${count(n)} ${n === 1 ? 'deal' : 'deals'} moved on`;
    },
    table: { columns: ['Stage', 'Average time', 'Deals moved on'], rows: stays.map((s) => [s.name, s.averageDays === null ? '—' : days(s.averageDays), count(s.stays)]) },
    empty: stays.some((s) => s.stays > 0) ? '' : 'No deal moved on from a stage in this period.',
  };
}
