import type { Model } from 'mongoose';
import { dueBound, dueInstant, type Task, type TaskCreate, type TaskExportQuery, type TaskListQuery } from '../../shared/task.js';
import { AppError } from '../http/app-error.js';
import { createRecordService, customPart, type RecordDeps, type RecordKind, type StreamQuery } from '../records/record.service.js';
import { customerGuard } from '../records/references.js';
import { notifyMentions, notifyNewHolder, type Notifier } from '../notifications/notification.service.js';
import type { TaskDoc, TaskModel } from './task.model.js';

type Fields = TaskCreate;

const invalid = (path: string, message: string) => new AppError('VALIDATION', `The ${path} does not refer to a record you can use.`, { errors: [{ path, message }] });

export function toTask(doc: TaskDoc): Task {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    type: doc.type,
    dueAt: doc.dueAt,
    ...(doc.remindAt ? { remindAt: doc.remindAt.toISOString() } : {}),
    assigneeId: doc.assigneeId,
    ...(doc.customerId !== undefined ? { customerId: doc.customerId } : {}),
    ...(doc.contactId !== undefined ? { contactId: doc.contactId } : {}),
    ...(doc.opportunityId !== undefined ? { opportunityId: doc.opportunityId } : {}),
    ...(doc.notes !== undefined ? { notes: doc.notes } : {}),
    done: doc.done,
    ...(doc.completedAt ? { completedAt: doc.completedAt.toISOString() } : {}),
    ...(doc.completedBy !== undefined ? { completedBy: doc.completedBy } : {}),
    ...customPart(doc.custom),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** What a task's rules need beyond its own collection. */
export interface TaskChecks {
  /** The customer exists and the contact is one of its contacts (server/records/references.ts). */
  checkReferences(fields: { customerId: string; contactId?: string | undefined }): Promise<void>;
  opportunities: Model<any>;
  /** Whether a user can be given work: they exist and are active. */
  isActiveUser(id: string): Promise<boolean>;
  /** Throws a 422 naming `notes` when the text mentions someone who is not a user. */
  checkMentions(before: string | undefined, after: string | undefined): Promise<void>;
  notifier: Notifier;
}

const TYPE_WORDS = { call: 'a call', meeting: 'a meeting', email: 'an email', todo: 'a to-do', deadline: 'a deadline' } as const;

/** Task rules that need other records: the customer's own contact and deal, an active assignee, known mentions. */
function checkTask(checks: TaskChecks) {
  return async (next: Fields, before: Fields | undefined) => {
    if (next.customerId) {
      const [, deal] = await Promise.all([
        checks.checkReferences({ customerId: next.customerId, contactId: next.contactId }),
        next.opportunityId ? checks.opportunities.findById(next.opportunityId, { customerId: 1 }).lean<{ customerId: string }>() : undefined,
      ]);
      if (next.opportunityId && !deal) throw invalid('opportunityId', 'is not an existing deal');
      if (deal && deal.customerId !== next.customerId) throw invalid('opportunityId', 'is a deal of another customer');
    } else {
      for (const path of ['contactId', 'opportunityId'] as const) if (next[path]) throw invalid(path, 'needs the customerId of its customer');
    }
    if (next.assigneeId && next.assigneeId !== before?.assigneeId && !(await checks.isActiveUser(next.assigneeId))) {
      throw invalid('assigneeId', 'is not an active user');
    }
    await checks.checkMentions(before?.notes, next.notes);
  };
}

function taskKind(model: TaskModel, checks: TaskChecks): RecordKind<Fields, Task, TaskDoc> {
  return {
    entity: 'task',
    noun: 'task',
    model,
    fields: ['title', 'type', 'dueAt', 'remindAt', 'assigneeId', 'customerId', 'contactId', 'opportunityId', 'notes', 'done', 'custom'],
    // One instant has many spellings (offsets); keep the UTC one so a resend is no change. A
    // PUT that leaves out the assignee keeps the one it has.
    prepare: (next, before) => ({
      ...next,
      dueAt: /T/.test(next.dueAt) ? new Date(next.dueAt).toISOString() : next.dueAt,
      ...(next.remindAt ? { remindAt: new Date(next.remindAt).toISOString() } : {}),
      ...(next.assigneeId === undefined && before ? { assigneeId: before.assigneeId } : {}),
    }),
    guards: (next, before) => [...customerGuard(next), ...customerGuard(before)],
    check: checkTask(checks),
    toStored: (f, before, { actor, now }) => {
      const completed = f.done && before?.done;
      const remindAt = f.remindAt ? new Date(f.remindAt) : undefined;
      return {
        title: f.title,
        titleSort: f.title.toLowerCase(),
        type: f.type,
        dueAt: f.dueAt,
        dueSort: dueInstant(f.dueAt),
        remindAt,
        // A new reminder time arms the reminder again.
        ...(before?.remindAt?.getTime() !== remindAt?.getTime() ? { reminderSentAt: undefined } : {}),
        assigneeId: f.assigneeId ?? actor.id,
        customerId: f.customerId,
        contactId: f.contactId,
        opportunityId: f.opportunityId,
        notes: f.notes,
        done: f.done,
        completedAt: f.done ? (completed ? before!.completedAt : now) : undefined,
        completedBy: f.done ? (completed ? before!.completedBy : actor.id) : undefined,
        search: [f.title, f.type, f.notes].filter(Boolean).join(' ').toLowerCase(),
      };
    },
    fromStored: (d) => ({
      title: d.title,
      type: d.type,
      dueAt: d.dueAt,
      remindAt: d.remindAt?.toISOString(),
      assigneeId: d.assigneeId,
      customerId: d.customerId,
      contactId: d.contactId,
      opportunityId: d.opportunityId,
      notes: d.notes,
      done: d.done,
    }),
    toApi: toTask,
    // The new assignee (given it by someone else) and whoever the notes newly mention hear of it.
    async afterChange(before, after, { actor }) {
      const recordId = after._id.toHexString();
      const text = `${actor.name} assigned you ${TYPE_WORDS[after.type]}: ${after.title}`;
      await notifyNewHolder(checks.notifier, { type: 'assigned', entity: 'task', recordId, before: before?.assigneeId, after: after.assigneeId, actor, text });
      await notifyMentions(checks.notifier, { entity: 'task', recordId, before: before?.notes, after: after.notes, actor, what: `the task "${after.title}"` });
    },
  };
}

/**
 * The list's search, filters and sort as one read-model query. `dueFrom` is inclusive, `dueTo`
 * exclusive (a whole day as `dueTo` includes that day); `overdue=true` is "not done and due
 * before now", a whole day being due at its end (UTC).
 */
export function taskQuery(query: TaskExportQuery, now: Date): StreamQuery {
  const due = { gte: query.dueFrom ? dueBound(query.dueFrom, 'from').getTime() : undefined, lt: query.dueTo ? dueBound(query.dueTo, 'to').getTime() : undefined };
  let done = query.done === undefined ? undefined : String(query.done);
  if (query.overdue) {
    // Done tasks are never overdue: with done=true, nothing matches.
    done = query.done === true ? 'never' : 'false';
    due.lt = due.lt !== undefined && due.lt < now.getTime() ? due.lt : now.getTime();
  }
  const eq = { assigneeId: query.assigneeId, customerId: query.customerId, opportunityId: query.opportunityId, done };
  return { q: query.q, eq, range: { due }, sort: query.sort, custom: query.custom };
}

/** Tasks: planned next steps, each assigned to a user, optionally about a customer, contact and deal. */
export function createTaskService(deps: RecordDeps & { model: TaskModel } & TaskChecks) {
  const records = createRecordService(taskKind(deps.model, deps), deps);
  return {
    ...records,
    list: (query: TaskListQuery) => records.list({ ...taskQuery(query, deps.clock()), limit: query.limit, cursor: query.cursor }),
    /** Every task matching the list's filters (CSV export). */
    stream: (query: TaskExportQuery) => records.stream(taskQuery(query, deps.clock())),
  };
}
export type TaskService = ReturnType<typeof createTaskService>;
