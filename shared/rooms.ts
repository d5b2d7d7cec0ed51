import type { PresenceUpdate } from './events.js';

/**
 * The Socket.IO rooms Shoal uses. Their names are made here only, by `roomOf`, for the server
 * (joining, broadcasting) and the client (telling one room's presence from another's).
 * - `team`: every signed-in socket, for its whole life: every change goes there, and its
 *   presence lists who is online.
 * - `user`: one user's sockets (their jobs' progress, their notifications and unread count; all
 *   closed on deactivation).
 * - `credential`: the sockets opened with one session or one API token (closed when it ends).
 * - `presence`: the sockets in one view (`customers`, `pipeline`, `dashboard`, `team`,
 *   `profile`, `my-work`, `not-found`, or one customer's or deal's page): who else is there, and view payloads such as `dashboard`.
 */
export type RoomKey =
  | { kind: 'team' }
  | { kind: 'user'; userId: string }
  | { kind: 'credential'; credential: string }
  | { kind: 'presence'; view: PresenceUpdate['view']; recordId?: string | undefined };

/**
 * The name of a room. Every kind has its own prefix, so a presence view can never be named
 * like a broadcast room (the view `team` is `presence:team`, apart from the team room `team`).
 */
export function roomOf(key: RoomKey): string {
  switch (key.kind) {
    case 'team':
      return 'team';
    case 'user':
      return `user:${key.userId}`;
    case 'credential':
      return `credential:${key.credential}`;
    case 'presence':
      return (key.view === 'customer' || key.view === 'deal') && key.recordId ? `presence:${key.view}:${key.recordId}` : `presence:${key.view}`;
  }
}

/** True for the names of presence rooms, the only rooms a socket ever leaves. */
export const isPresenceRoom = (room: string) => room.startsWith('presence:');
