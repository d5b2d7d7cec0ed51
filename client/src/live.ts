import { io, type Socket } from 'socket.io-client';
import type { ChangeEvent, ClientToServerEvents, JobProgress, PresenceEntry, PresenceUpdate, ServerToClientEvents } from '../../shared/events.js';
import type { InboxState, Notification } from '../../shared/notification.js';
import { ApiError, type ShoalApi } from './api.js';

/** The socket as the client types it (generics in the client's order). */
export type ShoalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * How the live connection is doing: `connecting` before the first connection, `live` while
 * changes arrive, `reconnecting` during a drop, `offline` when the browser is offline or the
 * server has been unreachable for a while (it keeps trying in the background).
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** What a subscriber wants to hear about. */
export interface LiveHandlers {
  /** Every change, once, in `seq` order (missed ones are replayed first). */
  change?(event: ChangeEvent): void;
  /** The connection state; called at once with the current state. */
  state?(state: ConnectionState): void;
  /** Some changes could not be replayed (too old): refetch what is shown. */
  resync?(): void;
  /**
   * Who is in a presence room (`team`: everyone online; `customers`, ...: who is in that
   * view). Called at once with the last known list of each room, then on every update.
   */
  presence?(room: string, entries: PresenceEntry[]): void;
  /**
   * Something a dashboard figure depends on changed (only while this tab is in the
   * `dashboard` presence room; the server coalesces these to at most one per ~500 ms).
   */
  dashboard?(update: { seq: number }): void;
  /** Progress of a long job this user started (demo data, CSV imports), as the server reports it. */
  job?(progress: JobProgress): void;
  /** A new notification for the signed-in user (the server sends it to their sockets only). */
  notification?(notification: Notification): void;
  /** The signed-in user's unread count changed (a new notification, or some read in any tab). */
  inbox?(state: InboxState): void;
}

/** What a socket authenticates with besides the session cookie (scripts and Node tests). */
export interface LiveAuth {
  token?: string;
}

export interface LiveOptions {
  api: ShoalApi;
  /** Server URL; the page's origin when left out. */
  url?: string;
  /**
   * A personal API token for the handshake. The browser leaves it out: the session cookie
   * goes with the handshake by itself.
   */
  auth?: LiveAuth;
  /** Makes the socket (tests pass their own). */
  connect?: (url: string | undefined, auth: LiveAuth) => ShoalSocket;
  /** Called when the server refuses the connection because nobody is signed in. */
  onUnauthorized?: () => void;
  /** How long a drop may last before the state says offline (default 8 s). */
  offlineAfterMs?: number;
  /** How long to wait before retrying a failed replay (default 3 s). */
  retryMs?: number;
}

const defaultConnect = (url: string | undefined, auth: LiveAuth): ShoalSocket =>
  url === undefined ? io({ auth: { ...auth }, autoConnect: false }) : io(url, { auth: { ...auth }, autoConnect: false });

/** The handshake was refused for want of a session or token (the server says "Sign in first..."). */
const isUnauthorized = (error: Error) => /sign in/i.test(error.message);

/**
 * The live connection: one socket.io connection per tab. It tracks the last `seq` it
 * delivered; on a gap, or after a reconnect socket.io could not recover, it replays
 * `GET /api/events?after=<seq>` before delivering anything newer, and asks subscribers to
 * refetch when the log no longer has what was missed (410).
 */
export class LiveClient {
  readonly #api: ShoalApi;
  readonly #offlineAfterMs: number;
  readonly #retryMs: number;
  readonly #socket: ShoalSocket;
  readonly #subscribers = new Set<LiveHandlers>();
  readonly #onUnauthorized: (() => void) | undefined;
  /** The last list of each presence room, for subscribers that arrive later. */
  readonly #rooms = new Map<string, PresenceEntry[]>();
  #state: ConnectionState = 'connecting';
  #lastSeq: number | undefined;
  /** The oldest snapshot's seq seen before the baseline was known: delivery starts right after it. */
  #startAfter: number | undefined;
  #queue: ChangeEvent[] = [];
  #draining = false;
  #needsReplay = false;
  #presence: PresenceUpdate | undefined;
  #offlineTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: LiveOptions) {
    this.#api = options.api;
    this.#offlineAfterMs = options.offlineAfterMs ?? 8_000;
    this.#retryMs = options.retryMs ?? 3_000;
    this.#onUnauthorized = options.onUnauthorized;
    this.#socket = (options.connect ?? defaultConnect)(options.url, options.auth ?? {});
    this.#wire();
  }

  /** The connection state now. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The seq of the last change delivered (undefined before the baseline is known). */
  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  /**
   * A view loaded a snapshot at `seq` before this client knew where to start: deliver every
   * change after `seq` (instead of only those after the newest seq when the socket connects),
   * so nothing committed in between is lost. Ignored once the baseline is known.
   */
  startAfter(seq: number): void {
    if (this.#lastSeq !== undefined) return;
    this.#startAfter = Math.min(this.#startAfter ?? seq, seq);
  }

  /** Opens the connection. */
  start(): void {
    this.#stopped = false;
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    if (globalThis.navigator?.onLine === false) this.#setState('offline');
    this.#socket.connect();
  }

  /** Closes the connection for good. */
  stop(): void {
    this.#stopped = true;
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    clearTimeout(this.#offlineTimer);
    clearTimeout(this.#retryTimer);
    this.#socket.disconnect();
    this.#setState('offline');
  }

  /** The last known list of a presence room (empty before the server sent one). */
  present(room: string): PresenceEntry[] {
    return this.#rooms.get(room) ?? [];
  }

  /** Tells the server where this tab is; repeated after every reconnect. */
  setPresence(update: PresenceUpdate): void {
    this.#presence = update;
    if (this.#socket.connected) this.#socket.emit('presence', update);
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(handlers: LiveHandlers): () => void {
    this.#subscribers.add(handlers);
    handlers.state?.(this.#state);
    for (const [room, entries] of this.#rooms) handlers.presence?.(room, entries);
    return () => {
      this.#subscribers.delete(handlers);
    };
  }

  #wire(): void {
    const socket = this.#socket;
    socket.on('connect', () => {
      clearTimeout(this.#offlineTimer);
      this.#offlineTimer = undefined;
      this.#setState('live');
      // A recovered session got the missed packets from socket.io itself; otherwise replay them.
      if (!socket.recovered) this.#needsReplay = true;
      if (this.#presence) socket.emit('presence', this.#presence);
      void this.#drain();
    });
    socket.on('disconnect', (reason) => {
      if (this.#stopped) return;
      this.#dropped();
      // The server closed this socket on purpose: socket.io will not retry by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (this.#stopped) return;
      this.#dropped();
      if (isUnauthorized(error)) this.#onUnauthorized?.();
      // A refused handshake is not retried by socket.io; try again later.
      if (!socket.active) {
        clearTimeout(this.#retryTimer);
        this.#retryTimer = setTimeout(() => socket.connect(), this.#retryMs);
      }
    });
    socket.on('change', (event) => {
      this.#queue.push(event);
      void this.#drain();
    });
    socket.on('changes', (events) => {
      this.#queue.push(...events);
      void this.#drain();
    });
    socket.on('presence', (room, entries) => this.#setPresence(room, entries));
    socket.on('dashboard', (update) => {
      for (const s of this.#subscribers) s.dashboard?.(update);
    });
    socket.on('job', (progress) => {
      for (const s of this.#subscribers) s.job?.(progress);
    });
    socket.on('notification', (notification) => {
      for (const s of this.#subscribers) s.notification?.(notification);
    });
    socket.on('inbox', (state) => {
      for (const s of this.#subscribers) s.inbox?.(state);
    });
  }

  #setPresence(room: string, entries: PresenceEntry[]): void {
    this.#rooms.set(room, entries);
    for (const s of this.#subscribers) s.presence?.(room, entries);
  }

  #dropped(): void {
    if (this.#state !== 'offline') this.#setState(globalThis.navigator?.onLine === false ? 'offline' : 'reconnecting');
    this.#offlineTimer ??= setTimeout(() => {
      this.#offlineTimer = undefined;
      if (!this.#socket.connected) this.#setState('offline');
    }, this.#offlineAfterMs);
  }

  readonly #onOffline = () => {
    if (!this.#stopped) this.#setState('offline');
  };

  readonly #onOnline = () => {
    if (this.#stopped) return;
    if (this.#socket.connected) this.#setState('live');
    else {
      this.#setState('reconnecting');
      if (!this.#socket.active) this.#socket.connect();
    }
  };

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const s of this.#subscribers) s.state?.(state);
    // Offline, nobody can be shown as present any more; the server sends fresh lists on reconnect.
    if (state === 'offline') for (const room of [...this.#rooms.keys()]) this.#setPresence(room, []);
  }

  #deliver(event: ChangeEvent): void {
    this.#lastSeq = event.seq;
    for (const s of this.#subscribers) {
      try {
        s.change?.(event);
      } catch (error) {
        console.error('A change handler failed', error);
      }
    }
  }

  /** Delivers queued changes in order, replaying from the log first when something was missed. */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      if (this.#lastSeq === undefined) {
        const latest = await this.#api.latestSeq();
        // A snapshot older than the newest change was loaded meanwhile: start from it and replay.
        this.#lastSeq = Math.min(this.#startAfter ?? latest, latest);
        this.#needsReplay = this.#lastSeq < latest;
      }
      for (;;) {
        this.#queue.sort((a, b) => a.seq - b.seq);
        const next = this.#queue[0];
        const last: number = this.#lastSeq;
        if (next && next.seq <= last) {
          this.#queue.shift();
          continue;
        }
        if (!this.#needsReplay && next?.seq === last + 1) {
          this.#queue.shift();
          this.#deliver(next);
          continue;
        }
        if (!this.#needsReplay && !next) break;
        // A gap, or a reconnect without recovery: ask the log what we missed.
        await this.#replay();
      }
    } catch (error) {
      // The server is unreachable: keep what is queued and try again shortly.
      if (!(error instanceof ApiError && error.isNetworkError)) console.error('Replaying missed changes failed', error);
      clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(() => void this.#drain(), this.#retryMs);
    } finally {
      this.#draining = false;
    }
  }

  async #replay(): Promise<void> {
    const after = this.#lastSeq ?? 0;
    try {
      const { events } = await this.#api.eventsAfter(after);
      this.#needsReplay = false;
      for (const event of events) if (event.seq > (this.#lastSeq ?? 0)) this.#deliver(event);
      // Whatever is still queued beyond the log's end is newer than our answer: keep it; a
      // remaining gap then means the log lost the change, and only a refetch helps.
      const first = this.#queue.find((e) => e.seq > (this.#lastSeq ?? 0));
      if (first && first.seq > (this.#lastSeq ?? 0) + 1 && events.length === 0) this.#resync(first.seq - 1);
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) {
        this.#needsReplay = false;
        this.#resync(typeof error.problem.latest === 'number' ? error.problem.latest : await this.#api.latestSeq());
        return;
      }
      throw error;
    }
  }

  #resync(latest: number): void {
    this.#lastSeq = latest;
    for (const s of this.#subscribers) s.resync?.();
  }
}
