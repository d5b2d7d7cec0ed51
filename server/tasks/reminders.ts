import { createHash } from 'node:crypto';
import { trusted } from 'mongoose';
import type { ChangeEvent } from '../../shared/events.js';
import type { EventLog } from '../events/event.service.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifications/notification.service.js';
import type { TaskDoc, TaskModel } from './task.model.js';

/** A timer never waits longer than this (setTimeout overflows past 24.8 days); it just looks again. */
const MAX_WAIT_MS = 6 * 60 * 60 * 1000;
/** After a failed delivery (the database gone), when to try again. */
const RETRY_MS = 5_000;

/** The notification id of a task's reminder at `remindAt`: the same for every process and every retry. */
export const reminderNotificationId = (taskId: string, remindAt: Date) => createHash('sha256').update(`reminder:${taskId}:${remindAt.toISOString()}`).digest('hex').slice(0, 24);

/**
 * Delivers each open task's reminder to its assignee once, at `remindAt`: also when the time
 * came while Shoal was down (delivered at start), and with several processes on one database.
 *
 * Every process keeps the pending reminders in memory (loaded at start, then maintained from
 * the change events, other processes' included) and arms one timer for the earliest. When one
 * is due, the process takes the task's lock (the record service's, so no edit of it runs
 * meanwhile) and, across processes, the reminder's Redis lock; re-reads the task; and only if
 * it is still open, due and not yet reminded delivers the notification and claims the reminder
 * by setting `reminderSentAt` (conditional on the version read, on MongoDB). The notification
 * has a fixed id per task and `remindAt`, and the inbox keeps an id once, so a process that
 * stopped between delivering and claiming cannot deliver it twice. A new `remindAt` clears
 * `reminderSentAt` (task.service.ts): the reminder is armed again.
 */
export function createReminders(deps: {
  model: TaskModel;
  events: EventLog;
  /** The per-document locks of the record services. */
  locks: KeyedLock;
  lock: ClusterLock;
  notifier: Notifier;
  clock: () => Date;
  logger: Logger;
  versionedUpdates: boolean;
}) {
  const { model, events, locks, lock, notifier, clock, logger, versionedUpdates } = deps;
  const pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let arming = false;
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  const track = (id: string, data: Record<string, unknown> | null) => {
    const remindAt = typeof data?.remindAt === 'string' ? Date.parse(data.remindAt) : NaN;
    if (data?.done !== true && Number.isFinite(remindAt)) pending.set(id, remindAt);
    else pending.delete(id);
  };

  /** Arms the timer for the earliest pending reminder, once per burst of changes. */
  function arm(): void {
    if (arming || closed) return;
    arming = true;
    setImmediate(() => {
      arming = false;
      if (closed) return;
      clearTimeout(timer);
      let earliest = Infinity;
      for (const at of pending.values()) if (at < earliest) earliest = at;
      if (earliest === Infinity) return;
      timer = setTimeout(() => void (running = running.then(deliverDue)), Math.min(MAX_WAIT_MS, Math.max(0, earliest - clock().getTime())));
      timer.unref();
    });
  }

  async function deliverDue(): Promise<void> {
    const now = clock().getTime();
    const due = [...pending].filter(([, at]) => at <= now).map(([id]) => id);
    for (const id of due) pending.delete(id);
    for (const id of due) {
      if (closed) return;
      await remind(id).catch((error: unknown) => {
        logger.warn({ err: error, taskId: id }, 'could not deliver a reminder; retrying');
        if (!pending.has(id)) pending.set(id, clock().getTime() + RETRY_MS);
      });
    }
    arm();
  }

  function remind(id: string): Promise<void> {
    return locks.run(`task:${id}`, () =>
      lock.run(`reminder:${id}`, async () => {
        const doc = await model.findById(id).lean<TaskDoc>();
        if (!doc || !doc.remindAt || doc.done || doc.reminderSentAt) return;
        const now = clock();
        // Moved later since this process heard of it.
        if (doc.remindAt.getTime() > now.getTime()) {
          pending.set(id, doc.remindAt.getTime());
          return;
        }
        await notifier.deliver(doc.assigneeId, { id: reminderNotificationId(id, doc.remindAt), type: 'reminder', entity: 'task', recordId: id, text: `Reminder: ${doc.title}` });
        await model.updateOne(versionedUpdates ? { _id: doc._id, version: doc.version } : { _id: doc._id }, { $set: { reminderSentAt: now } });
      }),
    );
  }

  /** Reads the reminders not yet delivered (`filter` narrows it to some tasks). */
  async function load(filter: Record<string, unknown> = {}): Promise<void> {
    const docs = await model
      .find({ ...filter, remindAt: trusted({ $exists: true }), reminderSentAt: trusted({ $exists: false }), done: false }, { remindAt: 1 })
      .lean<{ _id: { toHexString(): string }; remindAt: Date }[]>();
    for (const doc of docs) pending.set(doc._id.toHexString(), doc.remindAt.getTime());
    arm();
  }

  const onChange = (event: ChangeEvent) => {
    if (event.entity === 'task') {
      if (event.op === 'deleted') pending.delete(event.id);
      else if (event.op !== 'updated' || event.fields?.some((f) => f === 'remindAt' || f === 'done')) track(event.id, event.data);
      arm();
    } else if (event.entity === 'customer' && event.op === 'restored') {
      // Its tasks came back with it, without events of their own.
      load({ customerId: event.id }).catch((error: unknown) => logger.warn({ err: error }, 'could not load the reminders of a restored customer'));
    }
  };

  let unsubscribe: (() => void) | undefined;
  return {
    /** Starts delivering: loads the pending reminders (those due while Shoal was down go at once). */
    async start(): Promise<void> {
      // Listen first, so a change made while loading is not missed (delivery re-reads each task).
      unsubscribe = events.subscribe(onChange);
      while (!closed) {
        try {
          return await load();
        } catch (error) {
          logger.warn({ err: error }, 'could not load the pending reminders; retrying');
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
        }
      }
    },
    /** How many reminders this process waits to deliver (tests, metrics). */
    get pending(): number {
      return pending.size;
    },
    async close(): Promise<void> {
      closed = true;
      unsubscribe?.();
      clearTimeout(timer);
      await running;
    },
  };
}
