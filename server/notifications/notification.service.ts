import { Types } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import { addedMentions, mentionsAsText } from '../../shared/mentions.js';
import type { Notification, NotificationEntity, NotificationListQuery, NotificationType } from '../../shared/notification.js';
import { AppError } from '../http/app-error.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import type { Logger } from '../logger.js';
import type { InboxDoc, InboxModel, StoredNotification } from './notification.model.js';

/** The most notifications an inbox keeps; older ones give way (docs/notifications.md). */
export const INBOX_SIZE = 200;

/** A notification to send; `id` makes it idempotent (a reminder delivered again is not stored twice). */
export interface NotificationInput {
  id?: string;
  type: NotificationType;
  entity: NotificationEntity;
  recordId: string;
  actor?: Actor;
  text: string;
}

/** What services use to notify people. */
export interface Notifier {
  /**
   * Stores the notification in `userId`'s inbox and sends it to their sockets; answers false
   * when that user is not an active user or the inbox already holds a notification with that id.
   */
  deliver(userId: string, input: NotificationInput): Promise<boolean>;
  /**
   * `deliver`, for a change already made: the change does not wait for it (the notification
   * joins the user's next inbox write), and a failure is logged, not thrown at the change.
   */
  notify(userId: string, input: NotificationInput): void;
}

export interface NotificationService extends Notifier {
  list(userId: string, query: NotificationListQuery): Promise<{ items: Notification[]; unread: number; total: number; nextCursor?: string }>;
  read(userId: string, id: string): Promise<Notification>;
  readAll(userId: string): Promise<{ unread: number }>;
  /** Resolves when every notification handed over so far is written (closing, tests). */
  settled(): Promise<void>;
}

const toNotification = (n: StoredNotification): Notification => ({
  id: n.id,
  type: n.type,
  entity: n.entity,
  recordId: n.recordId,
  ...(n.actor ? { actor: { id: n.actor.id, name: n.actor.name } } : {}),
  text: n.text,
  createdAt: n.createdAt,
  read: n.read,
});

const itemsOf = (doc: InboxDoc | null): StoredNotification[] => (typeof doc?.items === 'string' ? (JSON.parse(doc.items) as StoredNotification[]) : []);
const unreadOf = (items: StoredNotification[]) => items.reduce((n, item) => n + (item.read ? 0 : 1), 0);
const isRecordId = (id: string) => /^[0-9a-f]{24}$/.test(id);

// Newest first: by creation time, then id.
const before = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) => a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
const encodeCursor = (n: StoredNotification) => Buffer.from(JSON.stringify({ c: new Date(n.createdAt).getTime(), i: n.id })).toString('base64url');
function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c: unknown; i: unknown };
    if (typeof c === 'number' && typeof i === 'string') return { createdAt: c, id: i };
  } catch {
    /* refused below */
  }
  throw new AppError('VALIDATION', 'The cursor is not one this list gave out.', { errors: [{ path: 'cursor', message: 'is not a cursor for this list' }] });
}

/**
 * Notifications, kept per user in one inbox document read and written by `_id`. Each change of
 * an inbox runs under that inbox's cluster lock (in the process and, with Redis, across
 * processes), and on MongoDB is also conditional on the version read.
 */
export function createNotifications(deps: {
  model: InboxModel;
  /** Whether someone can be notified (an active user). */
  isActiveUser(id: string): Promise<boolean>;
  lock: ClusterLock;
  clock: () => Date;
  logger: Logger;
  versionedUpdates: boolean;
  /** Sends to the user's sockets: a new notification, and the unread count after any change. */
  emit(userId: string, event: { notification?: Notification; unread: number }): void;
}): NotificationService {
  const { model, lock, clock, logger, versionedUpdates, emit } = deps;

  /** Reads the inbox, lets `change` edit its items (false: nothing to write), writes it back; the caller holds the inbox's lock. */
  async function changeInbox(userId: string, change: (items: StoredNotification[]) => boolean): Promise<StoredNotification[]> {
    const _id = new Types.ObjectId(userId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await model.findById(_id).lean<InboxDoc>();
      const items = itemsOf(doc);
      if (!change(items)) return items;
      if (!doc) {
        const inserted = await model.collection.insertOne({ _id, items: JSON.stringify(items), version: 1 } as never).then(
          () => true,
          (error: { code?: number }) => (error.code === 11000 ? false : Promise.reject(error)),
        );
        if (inserted) return items;
        continue;
      }
      const filter = versionedUpdates ? { _id, version: doc.version } : { _id };
      const result = await model.updateOne(filter, { $set: { items: JSON.stringify(items), version: doc.version + 1 } });
      if (result.matchedCount > 0) return items;
    }
    throw new Error(`The inbox of ${userId} kept changing under this write.`);
  }
  const locked = <T>(userId: string, work: () => Promise<T>) => lock.run(`inbox:${userId}`, work);

  /**
   * Notifications waiting for their user's inbox lock, by user. Everything that arrives while
   * an inbox is being written goes into its next write together: a batch of 1,000 tasks for one
   * rep, or an import of customers they own, is a few inbox writes, not 1,000.
   */
  const waiting = new Map<string, { items: StoredNotification[]; written: Promise<Set<string>> }>();
  const inFlight = new Set<Promise<unknown>>();

  /** Adds `item` to the user's next inbox write; resolves with the ids that write added. */
  function enqueue(userId: string, item: StoredNotification): Promise<Set<string>> {
    const open = waiting.get(userId);
    if (open) {
      open.items.push(item);
      return open.written;
    }
    const batch = { items: [item], written: undefined as unknown as Promise<Set<string>> };
    waiting.set(userId, batch);
    batch.written = locked(userId, async () => {
      waiting.delete(userId);
      const added = new Set<string>();
      const items = await changeInbox(userId, (list) => {
        added.clear();
        const known = new Set(list.map((n) => n.id));
        const fresh = batch.items.filter((n) => !known.has(n.id) && !added.has(n.id) && added.add(n.id));
        if (fresh.length === 0) return false;
        list.unshift(...fresh.reverse());
        // Newest first, also when another process wrote some a moment before.
        list.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        list.length = Math.min(list.length, INBOX_SIZE);
        return true;
      });
      const unread = unreadOf(items);
      for (const n of batch.items) if (added.has(n.id)) emit(userId, { notification: toNotification(n), unread });
      return added;
    });
    inFlight.add(batch.written);
    void batch.written.finally(() => inFlight.delete(batch.written)).catch(() => undefined);
    return batch.written;
  }

  async function deliver(userId: string, input: NotificationInput): Promise<boolean> {
    if (!isRecordId(userId) || !(await deps.isActiveUser(userId))) return false;
    const item: StoredNotification = {
      id: input.id ?? new Types.ObjectId().toHexString(),
      type: input.type,
      entity: input.entity,
      recordId: input.recordId,
      ...(input.actor ? { actor: { id: input.actor.id, name: input.actor.name } } : {}),
      text: input.text,
      createdAt: clock().toISOString(),
      read: false,
    };
    return (await enqueue(userId, item)).has(item.id);
  }

  return {
    deliver,
    notify(userId, input) {
      // Not awaited by the change: the write joins the user's next inbox write (see `enqueue`).
      deliver(userId, input).catch((error: unknown) => logger.error({ err: error, userId, type: input.type }, 'could not store a notification'));
    },

    async settled() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },

    async list(userId, query) {
      const stored = itemsOf(await model.findById(new Types.ObjectId(userId)).lean<InboxDoc>());
      const all = stored.filter((n) => !query.unread || !n.read);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const start = after ? all.findIndex((n) => before({ createdAt: new Date(n.createdAt).getTime(), id: n.id }, after)) : 0;
      const page = start < 0 ? [] : all.slice(start, start + query.limit);
      const last = page.at(-1);
      const more = start >= 0 && start + query.limit < all.length;
      return { items: page.map(toNotification), unread: unreadOf(stored), total: all.length, ...(more && last ? { nextCursor: encodeCursor(last) } : {}) };
    },

    async read(userId, id) {
      let found: StoredNotification | undefined;
      const items = await locked(userId, () => changeInbox(userId, (list) => {
        const index = list.findIndex((n) => n.id === id);
        if (index < 0) return false;
        found = { ...list[index]!, read: true };
        if (list[index]!.read) return false;
        list[index] = found;
        return true;
      }));
      if (!found) throw new AppError('NOT_FOUND', `You have no notification with id ${id}.`);
      emit(userId, { unread: unreadOf(items) });
      return toNotification(found);
    },

    async readAll(userId) {
      const items = await locked(userId, () => changeInbox(userId, (list) => {
        if (!list.some((n) => !n.read)) return false;
        list.forEach((n, i) => (list[i] = { ...n, read: true }));
        return true;
      }));
      emit(userId, { unread: unreadOf(items) });
      return { unread: 0 };
    },
  };
}

/**
 * Notifies the person a record is newly given to (a task's assignee, a customer's or deal's
 * owner), unless they gave it to themselves.
 */
export async function notifyNewHolder(
  notifier: Notifier,
  change: { type: 'assigned' | 'owner'; entity: NotificationEntity; recordId: string; before: string | undefined; after: string | undefined; actor: Actor; text: string },
): Promise<void> {
  const { after, before, actor } = change;
  if (!after || after === before || after === actor.id) return;
  notifier.notify(after, { type: change.type, entity: change.entity, recordId: change.recordId, actor, text: change.text });
}

/** Notifies each person the notes newly mention (an edit notifies only the mentions it adds), except the writer. */
export async function notifyMentions(
  notifier: Notifier,
  change: { entity: NotificationEntity; recordId: string; before: string | undefined; after: string | undefined; actor: Actor; what: string },
): Promise<void> {
  const { actor } = change;
  const added = addedMentions(change.before, change.after).filter((id) => id !== actor.id);
  if (added.length === 0) return;
  const excerpt = mentionsAsText(change.after ?? '').replace(/\s+/g, ' ').trim();
  const text = `${actor.name} mentioned you in ${change.what}: ${excerpt.length > 140 ? `${excerpt.slice(0, 139)}…` : excerpt}`;
  for (const id of added) notifier.notify(id, { type: 'mention', entity: change.entity, recordId: change.recordId, actor, text });
}
