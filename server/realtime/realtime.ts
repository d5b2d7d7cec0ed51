import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { Actor } from '../../shared/common.js';
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

/** Every socket is in the team room; every change is broadcast there. */
export const TEAM_ROOM = 'team';

const PRESENCE_WINDOW_MS = 1_000;
const PRESENCE_PER_WINDOW = 10;
const PRESENCE_COALESCE_MS = 150;

const roomOf = (p: PresenceUpdate) => (p.view === 'customer' && p.recordId ? `customer:${p.recordId}` : p.view);

/** Calls `ack` only if the client sent one (it is optional at runtime whatever the types say). */
function answer(ack: unknown, value: Ack): void {
  if (typeof ack === 'function') (ack as (a: Ack) => void)(value);
}

/**
 * The realtime layer: authenticates sockets, puts them in the team room, broadcasts every
 * change of the event log, and relays presence per view room (rate-limited, coalesced).
 */
export function createRealtime(httpServer: HttpServer, deps: { events: EventLog; logger: Logger }): { io: ShoalServer; close(): Promise<void> } {
  const { events, logger } = deps;
  const io: ShoalServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
  });

  // Until accounts exist (issue 3) a socket names its rep in `auth.actor`.
  io.use((socket, next) => {
    const given = (socket.handshake.auth as { actor?: unknown } | undefined)?.actor;
    const parsed = Actor.safeParse(given ?? { id: 'anonymous', name: 'Anonymous' });
    if (!parsed.success) return next(new Error('auth.actor must be {id, name} with at most 64 and 80 characters'));
    socket.data.actor = parsed.data;
    next();
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
          const present: PresenceEntry[] = sockets
            .filter((s) => s.data.presence && roomOf(s.data.presence) === room)
            .map((s) => ({ socketId: s.id, actor: s.data.actor, ...s.data.presence! }));
          io.to(room).emit('presence', room, present);
        } catch (error) {
          logger.warn({ err: error, room }, 'presence broadcast failed');
        }
      }, PRESENCE_COALESCE_MS),
    );
  }

  io.on('connection', (socket: ShoalSocket) => {
    if (!socket.recovered) void socket.join(TEAM_ROOM);
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
      if (socket.data.presence) publishPresence(roomOf(socket.data.presence));
    });
  });

  const unsubscribe = events.subscribe((event) => io.to(TEAM_ROOM).emit('change', event));

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
