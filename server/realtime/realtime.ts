import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { sessionCookieOf } from '../auth/auth.middleware.js';
import type { AuthService } from '../auth/auth.service.js';
import {
  PresenceUpdate,
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  type PresenceEntry,
  type ServerToClientEvents,
  type SocketData,
} from '../../shared/events.js';
import type { EventLog } from '../events/event.service.js';
import type { Logger } from '../logger.js';

export type ShoalServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ShoalSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every socket is in the team room; every change is broadcast there, and who is online. */
export const TEAM_ROOM = 'team';
/** Each user's sockets, so a deactivated user can be disconnected everywhere. */
export const userRoom = (id: string) => `user:${id}`;

const PRESENCE_WINDOW_MS = 1_000;
const PRESENCE_PER_WINDOW = 10;
const PRESENCE_COALESCE_MS = 150;
/**
 * Who is online changes the team list every socket gets: coalesced longer, so 1,000 clients
 * reconnecting after a restart cause a few lists rather than dozens.
 */
const TEAM_COALESCE_MS = 1_000;

const roomOf = (p: PresenceUpdate) => (p.view === 'customer' && p.recordId ? `customer:${p.recordId}` : p.view);

/** Calls `ack` only if the client sent one (it is optional at runtime whatever the types say). */
function answer(ack: unknown, value: Ack): void {
  if (typeof ack === 'function') (ack as (a: Ack) => void)(value);
}

/**
 * The realtime layer: authenticates sockets, puts them in the team room, broadcasts every
 * change of the event log (a batch's in groups), and relays presence per view room (rate-limited, coalesced).
 */
export function createRealtime(
  httpServer: HttpServer,
  deps: { events: EventLog; auth: AuthService; logger: Logger; adapter?: ServerOptions['adapter'] | undefined },
): { io: ShoalServer; close(): Promise<void> } {
  const { events, auth, logger } = deps;
  const io: ShoalServer = new Server(httpServer, {
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
  });

  // A socket authenticates like the API: `auth: {token}` (scripts) or the session cookie.
  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const cookie = sessionCookieOf(socket.handshake.headers.cookie);
      const found = typeof token === 'string' ? await auth.fromToken(token) : cookie ? await auth.fromCookie(cookie) : undefined;
      if (!found) return next(new Error('Sign in first: send auth.token or the session cookie.'));
      socket.data.actor = { id: found.user._id.toHexString(), name: found.user.name };
      socket.data.color = found.user.color;
      next();
    } catch (error) {
      logger.warn({ err: error }, 'socket authentication failed');
      next(new Error('Cannot check your sign-in right now; retrying.'));
    }
  });

  const pending = new Map<string, NodeJS.Timeout>();
  function publishPresence(room: string): void {
    if (pending.has(room)) return;
    pending.set(
      room,
      setTimeout(async () => {
        pending.delete(room);
        try {
          const sockets = await io.in(room).fetchSockets();
          // The team room lists everyone online, once per person (however many tabs); a view
          // room lists each socket in that view, with what it is editing or dragging.
          const present: PresenceEntry[] = [];
          const listed = new Set<string>();
          for (const s of sockets) {
            if (room === TEAM_ROOM) {
              if (listed.has(s.data.actor.id)) continue;
              listed.add(s.data.actor.id);
              present.push({ socketId: s.id, actor: s.data.actor, color: s.data.color, view: s.data.presence?.view ?? 'customers' });
            } else if (s.data.presence && roomOf(s.data.presence) === room) {
              present.push({ socketId: s.id, actor: s.data.actor, color: s.data.color, ...s.data.presence });
            }
          }
          io.to(room).emit('presence', room, present);
        } catch (error) {
          logger.warn({ err: error, room }, 'presence broadcast failed');
        }
      }, room === TEAM_ROOM ? TEAM_COALESCE_MS : PRESENCE_COALESCE_MS),
    );
  }

  io.on('connection', (socket: ShoalSocket) => {
    if (!socket.recovered) void socket.join([TEAM_ROOM, userRoom(socket.data.actor.id)]);
    publishPresence(TEAM_ROOM);
    let windowStart = 0;
    let inWindow = 0;

    socket.on('presence', (update: unknown, ack?: unknown) => {
      const now = Date.now();
      if (now - windowStart > PRESENCE_WINDOW_MS) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > PRESENCE_PER_WINDOW) return answer(ack, { ok: false, error: 'too many presence updates; slow down' });
      const parsed = PresenceUpdate.safeParse(update);
      if (!parsed.success) return answer(ack, { ok: false, error: `invalid presence: ${parsed.error.issues[0]?.message ?? 'bad payload'}` });
      const before = socket.data.presence ? roomOf(socket.data.presence) : undefined;
      const room = roomOf(parsed.data);
      socket.data.presence = parsed.data;
      if (before && before !== room) {
        void socket.leave(before);
        publishPresence(before);
      }
      void socket.join(room);
      publishPresence(room);
      answer(ack, { ok: true });
    });

    socket.on('disconnect', () => {
      publishPresence(TEAM_ROOM);
      if (socket.data.presence) publishPresence(roomOf(socket.data.presence));
    });
  });

  // One message a change; a batch's changes travel in groups (`changes`), not one message each.
  const unsubscribe = events.subscribeBroadcast((group) => {
    if (group.length === 1) io.to(TEAM_ROOM).emit('change', group[0]!);
    else io.to(TEAM_ROOM).emit('changes', group);
    for (const event of group) if (event.entity === 'user' && event.data?.active === false) io.in(userRoom(event.id)).disconnectSockets(true);
  });

  return {
    io,
    close: async () => {
      unsubscribe();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await io.close();
    },
  };
}
