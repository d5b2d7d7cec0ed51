import type { Task, TaskCreate, TaskPatch, TaskType } from '../../../shared/task.js';

/** What the task form holds, as its inputs give it (strings; empty is "not set"). */
export interface TaskDraft {
  title: string;
  type: TaskType;
  /** YYYY-MM-DD, the viewer's calendar day. */
  dueDay: string;
  /** HH:MM (or HH:MM:SS), optional: with it the task is due at that local moment. */
  dueTime: string;
  /** A `datetime-local` value (local time), optional. */
  remindAt: string;
  assigneeId: string;
  customerId: string;
  contactId: string;
  opportunityId: string;
  notes: string;
}

/** The form's fields, in the order they are shown (the first with an error gets the focus). */
export const TASK_FIELDS = ['title', 'type', 'dueAt', 'remindAt', 'assigneeId', 'customerId', 'contactId', 'opportunityId', 'notes'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

/** Each field's label, as the form shows it. */
export const FIELD_LABELS: Record<TaskField, string> = {
  title: 'Title',
  type: 'Type',
  dueAt: 'Due',
  remindAt: 'Remind',
  assigneeId: 'Assignee',
  customerId: 'Customer',
  contactId: 'Contact',
  opportunityId: 'Deal',
  notes: 'Notes',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** The viewer's calendar day of an instant, as a date input wants it. */
export const localDay = (time = new Date()) => `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
/** An instant as a `datetime-local` input wants it (local time, seconds only when there are some). */
export function localDateTime(time: Date): string {
  const seconds = time.getSeconds() ? `:${pad(time.getSeconds())}` : '';
  return `${localDay(time)}T${pad(time.getHours())}:${pad(time.getMinutes())}${seconds}`;
}

/** A draft for a new task: due today, assigned to `me`, with what the page already knows. */
export function newDraft(me: string, preset: Partial<TaskDraft> = {}, now = new Date()): TaskDraft {
  return { title: '', type: 'todo', dueDay: localDay(now), dueTime: '', remindAt: '', assigneeId: me, customerId: '', contactId: '', opportunityId: '', notes: '', ...preset };
}

/** A task as the form shows it (a date and time in the viewer's time zone). */
export function draftOf(task: Task): TaskDraft {
  const whole = /^\d{4}-\d{2}-\d{2}$/.test(task.dueAt);
  const due = new Date(task.dueAt);
  return {
    title: task.title,
    type: task.type,
    dueDay: whole ? task.dueAt : localDay(due),
    dueTime: whole ? '' : `${pad(due.getHours())}:${pad(due.getMinutes())}`,
    remindAt: task.remindAt ? localDateTime(new Date(task.remindAt)) : '',
    assigneeId: task.assigneeId,
    customerId: task.customerId ?? '',
    contactId: task.contactId ?? '',
    opportunityId: task.opportunityId ?? '',
    notes: task.notes ?? '',
  };
}

/** The errors the form can tell before asking the server, phrased to follow the field's label. */
export function draftErrors(d: TaskDraft): Partial<Record<TaskField, string>> {
  const errors: Partial<Record<TaskField, string>> = {};
  if (!d.title.trim()) errors.title = 'is required: say what the next step is';
  if (!d.dueDay) errors.dueAt = 'needs a day';
  else if (Number.isNaN(Date.parse(`${d.dueDay}T${d.dueTime || '00:00'}`))) errors.dueAt = "isn't a date Shoal can read";
  if (d.remindAt && Number.isNaN(Date.parse(d.remindAt))) errors.remindAt = "isn't a date and time Shoal can read";
  return errors;
}

/**
 * The body of `POST /api/tasks` for a draft. A day alone is due by the end of that day; a day
 * and time is due at that local moment (sent in UTC); a reminder is a local moment too.
 */
export function createBody(d: TaskDraft): TaskCreate {
  return {
    title: d.title.trim(),
    type: d.type,
    dueAt: d.dueTime ? new Date(`${d.dueDay}T${d.dueTime}`).toISOString() : d.dueDay,
    ...(d.remindAt ? { remindAt: new Date(d.remindAt).toISOString() } : {}),
    done: false,
    ...(d.assigneeId ? { assigneeId: d.assigneeId } : {}),
    ...(d.customerId ? { customerId: d.customerId } : {}),
    ...(d.customerId && d.contactId ? { contactId: d.contactId } : {}),
    ...(d.customerId && d.opportunityId ? { opportunityId: d.opportunityId } : {}),
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
  };
}

/** The `PATCH` of an edit: only what changed; a cleared optional field is `null`. Undefined when nothing did. */
export function patchBody(before: Task, d: TaskDraft): TaskPatch | undefined {
  const next = createBody(d);
  const patch: Record<string, unknown> = {};
  if (next.title !== before.title) patch.title = next.title;
  if (next.type !== before.type) patch.type = next.type;
  const whole = (due: string) => due.length <= 10;
  if (whole(next.dueAt) || whole(before.dueAt) ? next.dueAt !== before.dueAt : Date.parse(next.dueAt) !== Date.parse(before.dueAt)) patch.dueAt = next.dueAt;
  if (next.assigneeId && next.assigneeId !== before.assigneeId) patch.assigneeId = next.assigneeId;
  const optional = (key: 'remindAt' | 'customerId' | 'contactId' | 'opportunityId' | 'notes', same: (a: string, b: string) => boolean = (a, b) => a === b) => {
    const a = before[key];
    const b = next[key];
    if (a === undefined && b === undefined) return;
    if (a !== undefined && b !== undefined && same(a, b)) return;
    patch[key] = b ?? null;
  };
  optional('remindAt', (a, b) => Date.parse(a) === Date.parse(b));
  optional('customerId');
  optional('contactId');
  optional('opportunityId');
  optional('notes');
  return Object.keys(patch).length ? (patch as TaskPatch) : undefined;
}

/**
 * A server's field error (a 422's `errors[]` message for a task field) in words a rep acts on,
 * to follow the field's label ("Deal belongs to another customer: …"). Messages not known here
 * are shown as the server phrased them (they follow the field name too).
 */
export function friendlyError(field: TaskField, message: string): string {
  if (field === 'assigneeId' && /not an active user/.test(message)) return 'is no longer active on the team: choose someone else';
  if (field === 'customerId' && /not an existing/.test(message)) return 'no longer exists (someone may have deleted it): choose another';
  if (field === 'opportunityId' && /another customer/.test(message)) return "belongs to another customer: choose one of this customer's deals";
  if (field === 'opportunityId' && /not an existing/.test(message)) return 'no longer exists: choose another or none';
  if (field === 'contactId' && /another customer/.test(message)) return "works for another customer: choose one of this customer's contacts";
  if (field === 'contactId' && /not an existing/.test(message)) return 'no longer exists: choose another or none';
  if ((field === 'contactId' || field === 'opportunityId') && /needs the customerId/.test(message)) return 'needs a customer: choose the customer first';
  if (field === 'notes' && /unknown user/.test(message)) return 'mention someone who is not on the team: remove that mention';
  if (field === 'dueAt') return "isn't a date Shoal can read: choose a day, and a time if you like";
  if (field === 'remindAt') return "isn't a date and time Shoal can read";
  return message;
}
