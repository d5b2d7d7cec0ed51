import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { sessionCookieOf } from '../auth/auth.middleware.js';
import type { AuthService, EndedCredentials } from '../auth/auth.service.js';
import { isPresenceRoom, roomOf } from '../../shared/rooms.js';
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
import { privateTo } from '../views/view.service.js';
import type { Logger } from '../logger.js';

export type ShoalServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ShoalSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every socket is in the team room; every change is broadcast there, and who is online. */
export const TEAM_ROOM = roomOf({ kind: 'team' });
/** Each user's sockets, so a deactivated user can be disconnected everywhere. */
export const userRoom = (userId: string) => roomOf({ kind: 'user', userId });
const credentialRoom = (credential: string) => roomOf({ kind: 'credential', credential });

const PRESENCE_WINDOW_MS = 1_000;
const PRESENCE_PER_WINDOW = 10;
const PRESENCE_COALESCE_MS = 150;
/**
 * Who is online changes the team list every socket gets: coalesced longer, so 1,000 clients
 * reconnecting after a restart cause a few lists rather than dozens.
 */
const TEAM_COALESCE_MS = 1_000;

const presenceRoom = (p: PresenceUpdate) => roomOf({ kind: 'presence', view: p.view, recordId: p.recordId });

/**
 * Whether a handshake may go on: one that carries Shoal's session cookie must come from
 * Shoal's own origin (the host it was asked for) or one of `allowed`, or a page on another
 * site (or another port of this host, which is the same site, so the Lax cookie goes along)
 * could read the feed in the user's name. Without the cookie (scripts with a token, which
 * send no Origin) anything goes: the token is the proof. No Origin at all is a non-browser
 * client or the browser's own same-origin request.
 */
export function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || !sessionCookieOf(req.headers.cookie)) return true;
  if (allowed.has(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // "null" (sandboxed frames, files) and anything unparsable
  }
}

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
  deps: {
    events: EventLog;
    auth: AuthService;
    logger: Logger;
    adapter?: ServerOptions['adapter'] | undefined;
    /** Origins besides Shoal's own whose pages may open a socket with the session cookie (`SHOAL_ALLOWED_ORIGINS`). */
    allowedOrigins?: readonly string[] | undefined;
  },
): { io: ShoalServer; close(): Promise<void> } {
  const { events, auth, logger } = deps;
  const allowedOrigins = new Set(deps.allowedOrigins ?? []);
  const io: ShoalServer = new Server(httpServer, {
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      const allowed = originAllowed(req, allowedOrigins);
      callback(allowed ? null : 'This origin may not open a socket with the Shoal session cookie.', allowed);
    },
    // Middlewares run on recovery too: a recovered socket proves its credential again, so a
    // session ended (or a user deactivated) while the socket was away does not come back.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
  });

  // A socket authenticates like the API: `auth: {token}` (scripts) or the session cookie.
  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const cookie = sessionCookieOf(socket.handshake.headers.cookie);
      const found = typeof token === 'string' ? await auth.fromToken(token) : cookie ? await auth.fromCookie(cookie) : undefined;
      if (!found) return next(new Error('Sign in first: send auth.token or the session cookie.'));
      const id = found.user._id.toHexString();
      // A recovered socket keeps its rooms (its user's among them): only its own user may take it back.
      if (socket.recovered && socket.data.actor?.id !== id) return next(new Error('Sign in first: this connection belongs to someone else.'));
      socket.data.actor = { id, name: found.user.name };
      socket.data.color = found.user.color;
      socket.data.credential = found.credential;
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
            } else if (s.data.presence && presenceRoom(s.data.presence) === room) {
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
    // A recovered socket is back in the rooms it had; every socket is in the team room for good.
    const credential = socket.data.credential ? credentialRoom(socket.data.credential) : undefined;
    if (!socket.recovered) void socket.join([TEAM_ROOM, userRoom(socket.data.actor.id), ...(credential ? [credential] : [])]);
    else {
      // Recovered with another of its user's credentials (a new token, a new session): follow that one.
      for (const room of socket.rooms) if (room.startsWith(credentialRoom('')) && room !== credential) void socket.leave(room);
      if (credential) void socket.join(credential);
    }
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
      const before = socket.data.presence ? presenceRoom(socket.data.presence) : undefined;
      const room = presenceRoom(parsed.data);
      socket.data.presence = parsed.data;
      if (before && before !== room && isPresenceRoom(before)) {
        void socket.leave(before);
        publishPresence(before);
      }
      void socket.join(room);
      publishPresence(room);
      answer(ack, { ok: true });
    });

    socket.on('disconnect', () => {
      publishPresence(TEAM_ROOM);
      if (socket.data.presence) publishPresence(presenceRoom(socket.data.presence));
    });
  });

  /**
   * Whether a broadcast to `room` would reach nobody, ever: with the in-memory adapter (one
   * process), no socket is in it and no socket that was in it can still come back with its
   * missed packets (connection state recovery keeps a dropped socket's session, rooms and all,
   * for two minutes, and hands it the packets broadcast meanwhile). socket.io encodes a packet
   * before it looks at the room, and keeps it for recovery: a batch's group of 500 changes is a
   * quarter of a megabyte of JSON sent to no one. With the Redis adapter the other processes'
   * sockets are not known here, so every broadcast goes out.
   */
  const unheard = (room: string): boolean => {
    if (deps.adapter) return false;
    const adapter = io.of('/').adapter;
    if (adapter.rooms.get(room)?.size) return false;
    // The sessions kept for recovery (socket.io-adapter's SessionAwareAdapter; not part of its
    // typed API, so anything else than a map of sessions means "someone may listen").
    const kept = (adapter as unknown as { sessions?: unknown }).sessions;
    if (!(kept instanceof Map)) return false;
    for (const session of (kept as Map<unknown, { rooms?: unknown }>).values()) {
      if (!Array.isArray(session.rooms) || session.rooms.includes(room)) return false;
    }
    return true;
  };

  // One message a change; a batch's changes travel in groups (`changes`), not one message each.
  // A change for one user alone (a personal view's) goes to that user's sockets, as notifications do.
  const unsubscribe = events.subscribeBroadcast((all) => {
    const group = all.filter((event) => {
      const userId = privateTo(event);
      if (userId !== undefined && !unheard(userRoom(userId))) io.to(userRoom(userId)).emit('change', event);
      return userId === undefined;
    });
    if (group.length && !unheard(TEAM_ROOM)) {
      if (group.length === 1) io.to(TEAM_ROOM).emit('change', group[0]!);
      else io.to(TEAM_ROOM).emit('changes', group);
    }
    for (const event of group) if (event.entity === 'user' && event.data?.active === false) io.in(userRoom(event.id)).disconnectSockets(true);
  });

  // Ended credentials close what was opened with them, on every process (through the adapter).
  const endSockets = async (what: EndedCredentials) => {
    if ('credential' in what) return io.in(credentialRoom(what.credential)).disconnectSockets(true);
    const sockets = await io.in(userRoom(what.userId)).fetchSockets();
    for (const s of sockets) if (s.data.credential?.startsWith('session:') && s.data.credential !== what.sessionsExcept) s.disconnect(true);
  };
  const stopEnding = auth.onEnded((what) => {
    endSockets(what).catch((error) => logger.warn({ err: error }, 'closing the sockets of an ended credential failed'));
  });

  return {
    io,
    close: async () => {
      unsubscribe();
      stopEnding();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await io.close();
    },
  };
}
