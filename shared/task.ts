import { z } from 'zod';
import { DateOnly, Limit, ReadOnlyFields, RecordId, Timestamp, optionalText } from './common.js';
import { requiredText } from './text.js';
import { CustomValues, sortWithCustom, withCustomParams, withoutPaging } from './field.js';

/** The kinds of planned next step. */
export const TaskType = z.enum(['call', 'meeting', 'email', 'todo', 'deadline'], { error: 'must be call, meeting, email, todo or deadline' });
export type TaskType = z.infer<typeof TaskType>;

const dateTime = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-11-24T10:30:00Z' });
/** A due date: a whole day (YYYY-MM-DD, due at the end of that day, UTC) or a date and time. */
export const DueAt = z.union([DateOnly, dateTime], { error: 'must be a date such as 2026-12-31 or a date and time such as 2026-12-31T15:00:00Z' });

const title = requiredText(200);
const done = z.boolean({ error: 'must be true or false' });

const writable = {
  title,
  type: TaskType.default('todo'),
  dueAt: DueAt,
  remindAt: dateTime.optional(),
  /** Who does it; the creator when left out. */
  assigneeId: RecordId.optional(),
  customerId: RecordId.optional(),
  contactId: RecordId.optional(),
  opportunityId: RecordId.optional(),
  notes: optionalText(10_000, { multiline: true }),
  done: done.default(false),
  /** Custom field values by key, checked against the definitions by the server (SPEC section 12). */
  custom: CustomValues.optional(),
};

/** Body of `POST /api/tasks`. */
export const TaskCreate = z.strictObject(writable);
export type TaskCreate = z.infer<typeof TaskCreate>;

const readOnly = { ...ReadOnlyFields, completedAt: z.unknown().optional(), completedBy: z.unknown().optional() };

/** Body of `PUT /api/tasks/:id`; a left-out assignee stays who it was. */
export const TaskReplace = z
  .strictObject({ ...writable, ...readOnly })
  .transform(({ id: _i, createdAt: _c, updatedAt: _u, version: _v, completedAt: _ca, completedBy: _cb, ...rest }) => rest);
export type TaskReplace = z.infer<typeof TaskReplace>;

const clearable = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]).optional();

/** Body of `PATCH /api/tasks/:id`: `null` clears an optional field. */
export const TaskPatch = z
  .strictObject({
    title: title.optional(),
    type: TaskType.optional(),
    dueAt: DueAt.optional(),
    remindAt: clearable(dateTime),
    assigneeId: RecordId.optional(),
    customerId: clearable(RecordId),
    contactId: clearable(RecordId),
    opportunityId: clearable(RecordId),
    notes: writable.notes,
    done: done.optional(),
    custom: writable.custom,
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });
export type TaskPatch = z.infer<typeof TaskPatch>;

/** A planned next step, as the API returns it. `completedAt`/`completedBy` are set while it is done. */
export const Task = z.object({
  id: RecordId,
  title: z.string(),
  type: TaskType,
  dueAt: z.string(),
  remindAt: Timestamp.optional(),
  assigneeId: z.string(),
  customerId: RecordId.optional(),
  contactId: RecordId.optional(),
  opportunityId: RecordId.optional(),
  notes: z.string().optional(),
  done: z.boolean(),
  completedAt: Timestamp.optional(),
  completedBy: z.string().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Task = z.infer<typeof Task>;

export const TASK_SORTS = ['dueAt', 'createdAt', 'updatedAt', 'title'] as const;

const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/** The parameters of `GET /api/tasks` beside `custom.*`. */
const listParams = {
  q: z.string().trim().max(200).optional(),
  assigneeId: RecordId.optional(),
  customerId: RecordId.optional(),
  opportunityId: RecordId.optional(),
  done: flag.optional(),
  /** Due at or after: a date (from the start of that day, UTC) or a date and time. */
  dueFrom: DueAt.optional(),
  /** Due before: a date (through the end of that day, UTC) or a date and time (exclusive). */
  dueTo: DueAt.optional(),
  /** `true`: not done and due before now. */
  overdue: z.literal('true', { error: 'must be true' }).optional(),
  sort: sortWithCustom(TASK_SORTS, 'dueAt'),
  limit: Limit,
  cursor: z.string().max(1000).optional(),
};

/** Query of `GET /api/tasks`: soonest due first by default; `custom.<key>` filters too. */
export const TaskListQuery = withCustomParams(listParams);
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/** Query of `GET /api/tasks/export`: the list's filters and sort, every match. */
export const TaskExportQuery = withCustomParams(withoutPaging(listParams));
export type TaskExportQuery = z.infer<typeof TaskExportQuery>;

/** Due dates as instants (zod-free, for the web client's board). */
export { dueBound, dueInstant } from './task-due.js';
