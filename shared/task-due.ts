/**
 * Task due dates as plain functions, without the schema library: the web client's board reads
 * them without loading zod (shared/task.ts has the schemas and re-exports these).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (due: string) => /^\d{4}-\d{2}-\d{2}$/.test(due);

/**
 * The instant a task is due: a date and time as it says; a whole day at the end of that day
 * (UTC), so a task due today is not overdue until the day is over.
 */
export function dueInstant(dueAt: string): Date {
  return isDay(dueAt) ? new Date(Date.parse(`${dueAt}T00:00:00Z`) + DAY_MS - 1) : new Date(dueAt);
}

/** A `dueFrom`/`dueTo` bound as an instant: a day starts at its start (from) or ends after its end (to). */
export function dueBound(value: string, side: 'from' | 'to'): Date {
  if (!isDay(value)) return new Date(value);
  const start = Date.parse(`${value}T00:00:00Z`);
  return new Date(side === 'from' ? start : start + DAY_MS);
}
