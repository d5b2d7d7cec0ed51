import { ShoalApi } from '../../client/src/api.js';
import type { ConnectionState, LiveClient, LiveHandlers } from '../../client/src/live.js';
import type { ChangeEvent, JobProgress, PresenceEntry, PresenceUpdate } from '../../shared/events.js';
import type { Notification } from '../../shared/notification.js';
import { bodyOf, type Call } from './scripted-api.js';

/** One route of the fake server: a method, a path pattern, and its answers in turn (the last one repeats). */
export interface Route {
  method: string;
  path: RegExp;
  answers: Array<() => Response>;
}

/**
 * An API whose fetch answers by method and path, for pages that make several calls at
 * once (their order is not fixed). Each request is recorded; an unknown one fails the call.
 */
export function routedApi(routes: Route[], options: { csrfToken?: string } = {}): { api: ShoalApi; calls: Call[]; route(method: string, path: RegExp, ...answers: Array<() => Response>): void } {
  const calls: Call[] = [];
  const table = [...routes];
  const fake: typeof fetch = async (input, init) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url, headers: (init?.headers ?? {}) as Record<string, string>, body: bodyOf(init) });
    // The newest matching route wins, so a test can override an earlier answer.
    const route = [...table].reverse().find((r) => r.method === method && r.path.test(url.replace(/^\/api/, '')));
    if (!route) throw new Error(`unexpected request ${method} ${url}`);
    const answer = route.answers.length > 1 ? route.answers.shift()! : route.answers[0]!;
    return answer();
  };
  const api = new ShoalApi({ fetch: fake });
  api.csrfToken = options.csrfToken ?? 'csrf-of-this-session';
  return {
    api,
    calls,
    route(method, path, ...answers) {
      table.push({ method, path, answers });
    },
  };
}

/** A change event as a test writes it: the fake numbers it and stamps its time. */
type Unstamped = ChangeEvent extends infer E ? (E extends ChangeEvent ? Omit<E, 'seq' | 'at'> & { at?: string } : never) : never;

/**
 * A stand-in for the live connection: tests push changes and presence lists through it
 * and read what the component said about its own presence.
 */
export class FakeLive {
  readonly subscribers = new Set<LiveHandlers>();
  readonly presence: PresenceUpdate[] = [];
  state: ConnectionState = 'live';
  #seq = 100;

  subscribe(handlers: LiveHandlers): () => void {
    this.subscribers.add(handlers);
    handlers.state?.(this.state);
    return () => this.subscribers.delete(handlers);
  }

  setPresence(update: PresenceUpdate): void {
    this.presence.push(update);
  }

  present(): PresenceEntry[] {
    return [];
  }

  /** Delivers a change as the server would broadcast it. */
  change(event: Unstamped): void {
    const full = { seq: ++this.#seq, at: new Date().toISOString(), ...event } as ChangeEvent;
    for (const s of this.subscribers) s.change?.(full);
  }

  /** Delivers a `job` progress event, as the server sends it to the user who started the job. */
  job(progress: JobProgress): void {
    for (const s of this.subscribers) s.job?.(progress);
  }

  /** Delivers a `notification` and then the `inbox` count, as the server sends them to the user's sockets. */
  notify(notification: Notification, unread: number): void {
    for (const s of this.subscribers) s.notification?.(notification);
    for (const s of this.subscribers) s.inbox?.({ unread });
  }

  /** Delivers an `inbox` count alone (some read in another tab). */
  inbox(unread: number): void {
    for (const s of this.subscribers) s.inbox?.({ unread });
  }

  /** Delivers a presence list of a room. */
  room(room: string, entries: PresenceEntry[]): void {
    for (const s of this.subscribers) s.presence?.(room, entries);
  }

  /** This fake, typed as the client the components take. */
  get client(): LiveClient {
    return this as unknown as LiveClient;
  }
}
