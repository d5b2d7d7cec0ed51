/**
 * The dashboard's periods and filters. Periods are whole local days: "last 30 days" runs from
 * midnight 30 days ago to midnight tonight (`to` is exclusive), so today's calls and deals are
 * in it and the period does not drift while the page is open. The filters live in the page's
 * address (`?period=&from=&to=&owner=&pipeline=`).
 */

/** The period choices of the dashboard. */
export const PERIOD_PRESETS = ['last7', 'last30', 'last90', 'quarter', 'last12m', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The choice shown when the address names none. */
export const DEFAULT_PRESET: PeriodPreset = 'last30';

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

/** The first and last day (`YYYY-MM-DD`) of a period, for the custom date fields. */
export function daysOf(period: Period): { from: string; to: string } {
  return { from: isoDay(period.from), to: isoDay(new Date(period.to.getTime() - 1)) };
}

/** "previous 30 days", "previous quarter": what a figure is compared with. */
export function previousLabel(preset: PeriodPreset): string {
  return PREVIOUS_LABELS[preset];
}

/** The filters of the dashboard, as kept in the page's address. */
export interface Filters {
  preset: PeriodPreset;
  /** First day of a custom period (`YYYY-MM-DD`). */
  from: string;
  /** Last day of a custom period (`YYYY-MM-DD`). */
  to: string;
  ownerId: string | undefined;
  /** Only this pipeline's deals (SPEC section 12); every pipeline's when left out. */
  pipelineId?: string | undefined;
}

/** The filters an address's query names (the others left out). */
export function filtersOfSearch(search: string): Partial<Filters> {
  const params = new URLSearchParams(search);
  const preset = params.get('period');
  const out: Partial<Filters> = {};
  if (preset && (PERIOD_PRESETS as readonly string[]).includes(preset)) out.preset = preset as PeriodPreset;
  if (params.get('from')) out.from = params.get('from')!;
  if (params.get('to')) out.to = params.get('to')!;
  if (params.get('owner')) out.ownerId = params.get('owner')!;
  if (params.get('pipeline')) out.pipelineId = params.get('pipeline')!;
  return out;
}

/** The address with the filters in its query (the default period and an empty owner left out; other parameters kept). */
export function withFilters(href: string, filters: Filters): URL {
  const url = new URL(href);
  for (const name of ['period', 'from', 'to', 'owner', 'pipeline']) url.searchParams.delete(name);
  if (filters.preset !== DEFAULT_PRESET) url.searchParams.set('period', filters.preset);
  if (filters.preset === 'custom') {
    if (filters.from) url.searchParams.set('from', filters.from);
    if (filters.to) url.searchParams.set('to', filters.to);
  }
  if (filters.ownerId) url.searchParams.set('owner', filters.ownerId);
  if (filters.pipelineId) url.searchParams.set('pipeline', filters.pipelineId);
  return url;
}

/** What identifies one fetch: while the shown figures' key differs from the wanted one, they are dimmed. */
export function periodKey(from: string, to: string, ownerId: string | undefined, pipelineId?: string): string {
  return `${from}|${to}|${ownerId ?? ''}|${pipelineId ?? ''}`;
}
