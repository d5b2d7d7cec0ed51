import type { Dashboard } from '../../../shared/dashboard.js';
import { money } from '../format/money.js';

/**
 * The dashboard's key figures: numbers in words by kind, how a figure moved against the
 * previous period, and the eight figure cards of an answer.
 */

const countFormat = new Intl.NumberFormat();
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const daysFormat = new Intl.NumberFormat(undefined, { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 });
const pointsFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** "1,234". */
export const count = (value: number): string => countFormat.format(value);
/** "63%" of a ratio 0..1. */
export const percent = (ratio: number): string => percentFormat.format(ratio);
/** "23.5 days". */
export const days = (value: number): string => daysFormat.format(value);
/** "1 deal", "12 deals". */
export const dealCount = (n: number): string => `${count(n)} ${n === 1 ? 'deal' : 'deals'}`;

/** What a number is, for formatting and for how its change is told. */
export type FigureKind = 'count' | 'money' | 'ratio' | 'days';

/** A figure in words, by kind; "—" when there is none. */
export function formatFigure(value: number | null, kind: FigureKind, currency = 'USD'): string {
  if (value === null) return '—';
  switch (kind) {
    case 'count':
      return count(value);
    case 'money':
      return money(value, currency);
    case 'ratio':
      return percent(value);
    case 'days':
      return days(value);
  }
}

/** How a figure moved against the previous period, in words a sales manager reads at a glance. */
export interface Change {
  direction: 'up' | 'down' | 'flat' | 'none';
  /** Short: "Up 12%", "Down 5 pts", "No change", "Up from 0", "No earlier figure". */
  text: string;
  /** Whether the move is good news (green), bad news (red) or neither. */
  tone: 'good' | 'bad' | 'neutral';
}

/**
 * The change from `previous` to `current`. Ratios (win rate) move in percentage points,
 * everything else in percent. `higherIsBetter` is false for figures such as the sales cycle.
 */
export function changeOf(current: number | null, previous: number | null, kind: FigureKind, higherIsBetter = true): Change {
  if (current === null || previous === null) {
    const text = current === null && previous === null ? 'Nothing to compare' : previous === null ? 'No earlier figure' : 'None this period';
    return { direction: 'none', text, tone: 'neutral' };
  }
  const tone = (up: boolean): Change['tone'] => (up === higherIsBetter ? 'good' : 'bad');
  if (kind === 'ratio') {
    const points = Math.round((current - previous) * 100);
    if (points === 0) return { direction: 'flat', text: 'No change', tone: 'neutral' };
    const text = `${points > 0 ? 'Up' : 'Down'} ${pointsFormat.format(Math.abs(points))} ${Math.abs(points) === 1 ? 'pt' : 'pts'}`;
    return { direction: points > 0 ? 'up' : 'down', text, tone: tone(points > 0) };
  }
  if (current === previous) return { direction: 'flat', text: 'No change', tone: 'neutral' };
  if (previous === 0) return { direction: current > 0 ? 'up' : 'down', text: `${current > 0 ? 'Up' : 'Down'} from 0`, tone: tone(current > 0) };
  const ratio = (current - previous) / Math.abs(previous);
  const shown = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: Math.abs(ratio) < 0.1 ? 1 : 0 }).format(Math.abs(ratio));
  return { direction: ratio > 0 ? 'up' : 'down', text: `${ratio > 0 ? 'Up' : 'Down'} ${shown}`, tone: tone(ratio > 0) };
}

/** One figure card: what it shows and how it compares. */
export interface FigureSpec {
  key: keyof Dashboard['figures'];
  label: string;
  value: string;
  previous: string;
  detail: string;
  change: Change;
  /** The colour of the card's top edge, when not the default. */
  accent?: string;
}

/** The accent colours of the figure cards. */
const ACCENTS = { won: '#0e9f6e', activity: '#7c3aed' } as const;

/** The eight figure cards of a dashboard answer, in the order they are shown. */
export function figuresOf(d: Dashboard, currency = 'USD'): FigureSpec[] {
  const f = d.figures;
  const p = d.previous;
  const spec = (key: keyof typeof f, label: string, kind: FigureKind, detail: string, higherIsBetter = true, accent?: string): FigureSpec => ({
    key,
    label,
    value: formatFigure(f[key], kind, currency),
    previous: formatFigure(p[key], kind, currency),
    detail,
    change: changeOf(f[key], p[key], kind, higherIsBetter),
    ...(accent ? { accent } : {}),
  });
  return [
    spec('openDeals', 'Open deals', 'count', 'open at the end of the period'),
    spec('openPipelineValue', 'Open pipeline value', 'money', `in ${dealCount(f.openDeals)}`),
    spec('weightedForecast', 'Weighted forecast', 'money', 'amount × probability of open deals'),
    { ...spec('wonValue', 'Won', 'money', `${dealCount(f.wonDeals)} won`, true, ACCENTS.won), previous: `${money(p.wonValue, currency)} (${dealCount(p.wonDeals)})` },
    spec('winRate', 'Win rate', 'ratio', `${count(f.wonDeals)} won · ${count(f.lostDeals)} lost`, true, ACCENTS.won),
    spec('averageDealSize', 'Average deal size', 'money', 'of deals won'),
    spec('averageSalesCycleDays', 'Average sales cycle', 'days', 'from created to won', false),
    spec('interactions', 'Interactions', 'count', 'calls, meetings, emails and notes', true, ACCENTS.activity),
  ];
}

/** True when the period has no deal at all (the dashboard then says so in words). */
export function hasNoDeals(d: Dashboard): boolean {
  return d.figures.openDeals + d.figures.wonDeals + d.figures.lostDeals === 0 && d.byStage.every((s) => s.count === 0);
}
