import { dueInstant, type Task, type TaskType } from '../../../shared/task.js';

/** The groups of "My work", in the order shown. */
export type TaskGroup = 'overdue' | 'today' | 'upcoming' | 'done';

export const GROUP_TITLES: Record<TaskGroup, string> = { overdue: 'Overdue', today: 'Today', upcoming: 'Upcoming', done: 'Done recently' };

/** How many done tasks "My work" keeps showing. */
export const RECENT_DONE = 10;

const pad = (n: number) => String(n).padStart(2, '0');
/** The viewer's calendar day of an instant, as YYYY-MM-DD. */
const localDay = (time: Date) => `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;

/**
 * Which group a task is in at `now`: done; overdue when its due instant has passed (a whole
 * day is due at its end, as the server's `overdue` filter says); today when it is due on the
 * viewer's calendar day (a whole day: that date); upcoming otherwise.
 */
export function groupOf(task: Task, now: Date): TaskGroup {
  if (task.done) return 'done';
  if (dueInstant(task.dueAt).getTime() < now.getTime()) return 'overdue';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(task.dueAt) ? task.dueAt : localDay(new Date(task.dueAt));
  return day === localDay(now) ? 'today' : 'upcoming';
}

/** Tasks by group: open ones soonest due first, done ones most recently completed first (the newest few). */
export function groupTasks(tasks: readonly Task[], now: Date): Record<TaskGroup, Task[]> {
  const groups: Record<TaskGroup, Task[]> = { overdue: [], today: [], upcoming: [], done: [] };
  for (const task of tasks) groups[groupOf(task, now)].push(task);
  const due = (t: Task) => dueInstant(t.dueAt).getTime();
  for (const key of ['overdue', 'today', 'upcoming'] as const) groups[key].sort((a, b) => due(a) - due(b) || a.title.localeCompare(b.title));
  groups.done = groups.done.sort((a, b) => (b.completedAt ?? b.updatedAt).localeCompare(a.completedAt ?? a.updatedAt)).slice(0, RECENT_DONE);
  return groups;
}

/** Completing one of these offers to log it as an interaction of the same type. */
export const LOGGABLE: ReadonlySet<TaskType> = new Set(['call', 'meeting', 'email']);

export const TYPE_LABELS: Record<TaskType, string> = { call: 'Call', meeting: 'Meeting', email: 'Email', todo: 'To-do', deadline: 'Deadline' };

