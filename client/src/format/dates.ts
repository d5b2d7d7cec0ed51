/**
 * Dates and times as every view shows them, one rule per kind of date:
 * - an instant (`2026-01-05T10:00:00Z`, when something happened) in the viewer's time zone:
 *   `timeAgo` ("5 minutes ago"), `fullDate` ("Jan 5, 2026, 10:00 AM"), `dateOnly` ("Jan 5, 2026"),
 *   `timeOfDay` ("10:00 AM");
 * - a calendar day (`2026-01-05`, a close date, a due day) the same day in every time zone:
 *   `calendarDay` ("Jan 5, 2026"), `shortDay` ("Jan 5" this year, "Jan 2027" in another),
 *   `dueDate` (a due day or a due time), `dueShort` ("Today", "Tue", "Mar 3": a card's next step);
 * - ranges and buckets: `periodText` ("Jan 5 – Feb 3, 2026"), `bucketDay` ("Jan 5", a chart's UTC bucket).
 */

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const mediumDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const shortTime = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const utcMedium = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const utcDayMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const utcMonthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const utcWeekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const weekdayAndTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
const utcWeekdayOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const dayRange = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

const instant = (value: string | Date): number => (value instanceof Date ? value.getTime() : Date.parse(value));
/** Midnight UTC of a `YYYY-MM-DD` day (the first ten characters of what is given), NaN when it is not one. */
const utcDay = (ymd: string): number => Date.parse(`${ymd.slice(0, 10)}T00:00:00Z`);

/** "just now", "5 minutes ago", "yesterday", or the date for anything older than a week. */
export function timeAgo(iso: string | Date, now: number = Date.now()): string {
  const time = instant(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return mediumDate.format(time);
}

/** A full date and time, for tooltips and screen readers ("Jan 5, 2026, 10:00 AM"). */
export function fullDate(iso: string | Date): string {
  const time = instant(iso);
  return Number.isNaN(time) ? '' : absolute.format(time);
}

/** The date of an instant without the time ("Jan 5, 2026"). */
export function dateOnly(iso: string | Date): string {
  const time = instant(iso);
  return Number.isNaN(time) ? '' : mediumDate.format(time);
}

/** The time of day of an instant ("10:00 AM"). */
export function timeOfDay(iso: string | Date): string {
  const time = instant(iso);
  return Number.isNaN(time) ? '' : shortTime.format(time);
}

/** A calendar day (`2026-12-31`) in words, the same day in every time zone ("Dec 31, 2026"); the text itself when it is no day. */
export function calendarDay(ymd: string | undefined): string {
  if (!ymd) return '';
  const time = utcDay(ymd);
  return Number.isNaN(time) ? ymd : utcMedium.format(time);
}

/** A calendar day in short: "Mar 3" in the current year, "Jan 2027" in another (give the full day in a title). */
export function shortDay(ymd: string, now: Date = new Date()): string {
  const time = utcDay(ymd);
  if (Number.isNaN(time)) return '';
  return new Date(time).getUTCFullYear() === now.getFullYear() ? utcDayMonth.format(time) : utcMonthYear.format(time);
}

/** Whether a calendar day is before the viewer's today. */
export function isPastDay(ymd: string, now: Date = new Date()): boolean {
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return ymd.slice(0, 10) < today;
}

/**
 * When a task is due: a whole day ("2026-12-05") as that calendar day whatever the viewer's
 * time zone ("Sat, Dec 5"); a date and time in local time ("Sat, Dec 5, 3:00 PM").
 */
export function dueDate(dueAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueAt)) return utcWeekday.format(utcDay(dueAt));
  const time = Date.parse(dueAt);
  return Number.isNaN(time) ? '' : weekdayAndTime.format(time);
}

/** The viewer's local day of a moment, as `YYYY-MM-DD`. */
const localYmd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * When a task is due, in short for a card: "Today", "Tomorrow", "Yesterday", the weekday within
 * the coming week ("Tue"), else the day ("Mar 3", "Jan 2027"). A due day is that calendar day;
 * a due time counts on the viewer's day it falls on. Give `dueDate` in a title.
 */
export function dueShort(dueAt: string, now: Date = new Date()): string {
  const time = Date.parse(dueAt);
  if (Number.isNaN(time)) return '';
  const ymd = /^\d{4}-\d{2}-\d{2}$/.test(dueAt) ? dueAt : localYmd(new Date(time));
  const days = Math.round((utcDay(ymd) - utcDay(localYmd(now))) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Tomorrow';
  if (days === -1) return 'Yesterday';
  if (days > 1 && days < 7) return utcWeekdayOnly.format(utcDay(ymd));
  return shortDay(ymd, now);
}

/** The UTC day a chart bucket starts on ("Jan 5"). */
export function bucketDay(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : utcDayMonth.format(time);
}

/** "Jan 5 – Feb 3, 2026": the days of a period whose `to` is exclusive (its last day is the one before). */
export function periodText(from: string | Date, to: string | Date): string {
  const start = new Date(from);
  const last = new Date(new Date(to).getTime() - 1);
  if (Number.isNaN(start.getTime()) || Number.isNaN(last.getTime())) return '';
  return dayRange.formatRange(start, last);
}
