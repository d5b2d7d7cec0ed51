const dayMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) for a card: "Mar 3" this year, "Jan 2027" in another (the full date is in its title). */
export function closeDate(date: string, now: Date = new Date()): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time)) return '';
  return new Date(time).getUTCFullYear() === now.getFullYear() ? dayMonth.format(time) : monthYear.format(time);
}

/** The same date in full for screen readers ("Mar 3, 2026"). */
export function closeDateFull(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(time) ? '' : dayMonthYear.format(time);
}

/** Whether a calendar date (YYYY-MM-DD) is before today. */
export function isPast(date: string, now: Date = new Date()): boolean {
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return date < today;
}
