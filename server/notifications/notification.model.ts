import { Schema, type Connection, type Types } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { NotificationEntity, NotificationType } from '../../shared/notification.js';

/**
 * One user's inbox: one document per user, keyed by the user's id, holding their newest
 * notifications (newest first). FerretDB 1.24 answers only `_id` lookups without reading the
 * whole collection, so the inbox is read and written by `_id` (docs/notifications.md). The
 * notifications are one JSON text (`StoredNotification[]`), as the event log stores groups:
 * FerretDB reads and writes 500 of them as text about ten times faster than as nested documents.
 */
const inboxSchema = new Schema(
  {
    items: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'inboxes', versionKey: false, minimize: false },
);

export const inboxModel = (connection: Connection) => connection.model('Inbox', inboxSchema);
export type InboxModel = ReturnType<typeof inboxModel>;

export interface StoredNotification {
  id: string;
  type: NotificationType;
  entity: NotificationEntity;
  recordId: string;
  actor?: Actor;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  read: boolean;
}

export interface InboxDoc {
  _id: Types.ObjectId;
  /** `StoredNotification[]` as JSON, newest first. */
  items: string;
  version: number;
}
