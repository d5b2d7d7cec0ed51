import type { Interaction } from '../../../shared/interaction.js';
import type { Notification } from '../../../shared/notification.js';
import type { ShoalApi } from '../api.js';
import { paths } from '../shell/routes.js';

/** The newest notifications of the signed-in user and their unread count (`X-Unread-Count`). */
export interface InboxPage {
  items: Notification[];
  unread: number;
}

/** How many notifications the inbox panel shows. */
export const INBOX_LIMIT = 30;

/** `GET /notifications`: the caller's own, newest first. */
export async function listNotifications(api: ShoalApi, signal?: AbortSignal): Promise<InboxPage> {
  const response = await api.request('GET', `/notifications?limit=${INBOX_LIMIT}`, signal ? { signal } : {});
  const items = (await response.json()) as Notification[];
  const unread = Number(response.headers.get('x-unread-count'));
  return { items, unread: Number.isFinite(unread) ? unread : items.filter((n) => !n.read).length };
}

/** `POST /notifications/:id/read`: answers the notification, now read. */
export async function markRead(api: ShoalApi, id: string): Promise<Notification> {
  const response = await api.request('POST', `/notifications/${encodeURIComponent(id)}/read`);
  return (await response.json()) as Notification;
}

/** `POST /notifications/read-all`: answers the unread count left (0). */
export async function markAllRead(api: ShoalApi): Promise<{ unread: number }> {
  const response = await api.request('POST', '/notifications/read-all');
  return (await response.json()) as { unread: number };
}

async function read<T>(api: ShoalApi, path: string): Promise<T> {
  return (await (await api.request('GET', path)).json()) as T;
}

/**
 * The app path that shows what a notification is about: a task on "My work" (where the
 * assignee works it), an interaction on its customer's page, a customer's page, a deal on its
 * page.
 */
export async function pathOf(api: ShoalApi, notification: Notification): Promise<string> {
  const id = encodeURIComponent(notification.recordId);
  switch (notification.entity) {
    case 'task':
      return paths.myWork();
    case 'interaction':
      return paths.customer((await read<Interaction>(api, `/interactions/${id}`)).customerId);
    case 'opportunity':
      return paths.deal(notification.recordId);
    case 'customer':
      return paths.customer(notification.recordId);
  }
}
