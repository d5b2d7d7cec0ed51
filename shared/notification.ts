import { z } from 'zod';
import { Actor, Limit, Timestamp } from './common.js';

/** Why someone is notified: given a task by someone else, a task's reminder, mentioned, made owner by someone else. */
export const NotificationType = z.enum(['assigned', 'reminder', 'mention', 'owner']);
export type NotificationType = z.infer<typeof NotificationType>;

/** The kinds of record a notification is about. */
export const NotificationEntity = z.enum(['task', 'interaction', 'customer', 'opportunity']);
export type NotificationEntity = z.infer<typeof NotificationEntity>;

/** One notification in a user's inbox; `recordId` is the task, interaction, customer or deal it is about. */
export const Notification = z.object({
  id: z.string(),
  type: NotificationType,
  entity: NotificationEntity,
  recordId: z.string(),
  /** Who caused it (none for a reminder). */
  actor: Actor.optional(),
  text: z.string(),
  createdAt: Timestamp,
  read: z.boolean(),
});
export type Notification = z.infer<typeof Notification>;

/** Query of `GET /api/notifications`: the caller's own, newest first. */
export const NotificationListQuery = z.strictObject({
  /** `true`: only the unread ones. */
  unread: z.literal('true', { error: 'must be true' }).optional(),
  limit: Limit,
  cursor: z.string().max(200).optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

/** The caller's unread count, sent to their sockets whenever it changes (`inbox` event). */
export const InboxState = z.object({ unread: z.number().int() });
export type InboxState = z.infer<typeof InboxState>;
