import { money } from './format/money.js';
/**
 * Periods and number formatting of the dashboard. Periods are whole local days: "last 30
 * days" runs from midnight 30 days ago to midnight tonight (`to` is exclusive), so today's
 * calls and deals are in it and the period does not drift while the page is open.
 */

/** The period choices of the dashboard. */
export const PERIOD_PRESETS = ['last7', 'last30', 'last90', 'quarter', 'last12m', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The label of each period choice. */
export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  quarter: 'This quarter',
  last12m: 'Last 12 months',
  custom: 'Custom dates',
};

/** How the previous period is called in the figure cards. */
const PREVIOUS_LABELS: Record<PeriodPreset, string> = {
  last7: 'previous 7 days',
  last30: 'previous 30 days',
  last90: 'previous 90 days',
  quarter: 'previous quarter',
  last12m: 'previous 12 months',
  custom: 'previous period',
};

/** A period as the dashboard asks for it: `from` inclusive, `to` exclusive. */
export interface Period {
  from: Date;
  to: Date;
}

const addDays = (d: Date, days: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);

/** `YYYY-MM-DD` of a local date, as `<input type="date">` wants it. */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD` day, or undefined when it is not one. */
export function parseDay(day: string | null | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!match) return undefined;
  const d = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return d.getDate() === Number(match[3]) ? d : undefined;
}

/**
 * The period of a choice, as of `now`. `custom` takes the first and last day (both included);
 * it answers undefined while they do not make a period.
 */
export function periodOf(preset: PeriodPreset, now: Date = new Date(), custom: { from?: string; to?: string } = {}): Period | undefined {
  const tomorrow = addDays(now, 1);
  switch (preset) {
    case 'last7':
      return { from: addDays(tomorrow, -7), to: tomorrow };
    case 'last30':
      return { from: addDays(tomorrow, -30), to: tomorrow };
    case 'last90':
      return { from: addDays(tomorrow, -90), to: tomorrow };
    case 'quarter': {
      const first = Math.floor(now.getMonth() / 3) * 3;
      return { from: new Date(now.getFullYear(), first, 1), to: new Date(now.getFullYear(), first + 3, 1) };
    }
    case 'last12m':
      return { from: new Date(tomorrow.getFullYear() - 1, tomorrow.getMonth(), tomorrow.getDate()), to: tomorrow };
    case 'custom': {
      const from = parseDay(custom.from);
      const last = parseDay(custom.to);
      if (!from || !last || last < from) return undefined;
      return { from, to: addDays(last, 1) };
    }
  }
}

/** "previous 30 days", "previous quarter": what a figure is compared with. */
export function previousLabel(preset: PeriodPreset): string {
  return PREVIOUS_LABELS[preset];
}

const dayRange = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

/** "Jan 5 – Feb 3, 2026": the days of a period (its last day is the one before `to`). */
export function periodText(from: string | Date, to: string | Date): string {
  const start = new Date(from);
  const last = new Date(new Date(to).getTime() - 1);
  if (Number.isNaN(start.getTime()) || Number.isNaN(last.getTime())) return '';
  return dayRange.formatRange(start, last);
}

const countFormat = new Intl.NumberFormat();
const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const daysFormat = new Intl.NumberFormat(undefined, { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 });

/** "1,234". */
export const count = (value: number): string => countFormat.format(value);
/** "63%" of a ratio 0..1. */
export const percent = (ratio: number): string => percentFormat.format(ratio);
/** "23.5 days". */
export const days = (value: number): string => daysFormat.format(value);

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

const pointsFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

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
