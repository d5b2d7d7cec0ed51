import { ApiError } from './problem.js';

/**
 * Saves that survive a lost connection. A form hands its write to {@link SaveQueue.save}; when
 * the server cannot be reached (offline, server down: an ApiError with status 0, or a 503),
 * the write waits in this tab and is sent again when the browser says it is back online, and
 * on a backoff timer meanwhile, until it reaches the server. The write is the same closure
 * each time, so it carries what the form read: the `If-Match` version (a change someone else
 * saved meanwhile still answers 412, and the form shows the conflict) and a create's
 * `Idempotency-Key` (a retry never creates twice). Any answer from the server ends it: a
 * success resolves `done`, a refusal (412, 422, 403...) rejects it.
 *
 * Waiting saves live in memory: closing the tab loses them, so a form says "keep this tab
 * open" while one waits. A newer save under the same key (the same record's form saved again)
 * replaces a waiting one, whose `done` then follows the newer one.
 */

/** One save handed to the queue. */
export interface PendingSave<T> {
  /** Resolves with the server's answer once the write is saved; rejects with the server's refusal (never with a network error), or SaveCancelled. */
  readonly done: Promise<T>;
  /** True while it waits for the connection. */
  readonly waiting: boolean;
  /** Gives up a waiting save (the form's Cancel): `done` rejects with SaveCancelled. */
  cancel(): void;
}

/** What a cancelled or superseded-then-cancelled save rejects with. */
export class SaveCancelled extends Error {
  override readonly name = 'SaveCancelled';
  constructor() {
    super('The save was cancelled before it reached the server.');
  }
}

/** Whether an error means the server was not reached, so the same write may be sent again. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 503);
}

/** What the queue needs from its surroundings (the browser's by default). */
export interface SaveQueueOptions {
  /** Calls `listener` when the connection may be back; answers the unsubscribe. Default: the window's `online` event. */
  onOnline?: (listener: () => void) => () => void;
  /** Waits between tries while offline, in ms; the last repeats. Default 2 s, 5 s, 10 s, then every 30 s. */
  backoffMs?: readonly number[];
}

interface Entry {
  key: string;
  write: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  waiting: boolean;
  tries: number;
}

const browserOnline = (listener: () => void) => {
  globalThis.addEventListener?.('online', listener);
  return () => globalThis.removeEventListener?.('online', listener);
};

/** The saves of one tab that wait for the connection; see the module comment. */
export class SaveQueue {
  readonly #waiting: Entry[] = [];
  readonly #listeners = new Set<(waiting: number) => void>();
  readonly #backoff: readonly number[];
  readonly #onOnline: (listener: () => void) => () => void;
  #unsubscribe: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing = false;

  constructor(options: SaveQueueOptions = {}) {
    this.#backoff = options.backoffMs?.length ? options.backoffMs : [2_000, 5_000, 10_000, 30_000];
    this.#onOnline = options.onOnline ?? browserOnline;
  }

  /** How many saves wait for the connection. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Hears the number of waiting saves whenever it changes; answers the unsubscribe. */
  subscribe(listener: (waiting: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends `write` now; when the server cannot be reached, keeps it and sends it again when the
   * connection returns. `onWaiting` runs once, when it starts to wait (the form says so).
   */
  save<T>(key: string, write: () => Promise<T>, onWaiting?: () => void): PendingSave<T> {
    let entry!: Entry;
    const done = new Promise<T>((resolve, reject) => {
      entry = { key, write, resolve: resolve as (value: unknown) => void, reject, waiting: false, tries: 0 };
    });
    const handle: PendingSave<T> = {
      done,
      get waiting() {
        return entry.waiting;
      },
      cancel: () => {
        if (!entry.waiting) return;
        this.#remove(entry);
        entry.waiting = false;
        entry.reject(new SaveCancelled());
      },
    };
    void this.#first(entry, onWaiting);
    return handle;
  }

  /** Tries every waiting save now (the app calls this when its socket is live again, say). */
  retryNow(): void {
    void this.#flush();
  }

  async #first(entry: Entry, onWaiting: (() => void) | undefined): Promise<void> {
    try {
      entry.resolve(await entry.write());
    } catch (error) {
      if (!isRetryable(error)) return entry.reject(error);
      // A newer save of the same thing replaces a waiting one; the older one ends with it.
      const older = this.#waiting.find((e) => e.key === entry.key);
      if (older) {
        this.#remove(older);
        older.waiting = false;
        entry.resolve = chain(entry.resolve, older.resolve);
        entry.reject = chain(entry.reject, older.reject);
      }
      entry.waiting = true;
      this.#waiting.push(entry);
      this.#changed();
      onWaiting?.();
      this.#arm();
    }
  }

  #arm(): void {
    this.#unsubscribe ??= this.#onOnline(() => void this.#flush());
    if (this.#timer === undefined && this.#waiting.length) {
      const tries = Math.min(...this.#waiting.map((e) => e.tries));
      const delay = this.#backoff[Math.min(tries, this.#backoff.length - 1)]!;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.#flush();
      }, delay);
    }
  }

  /** Sends the waiting saves in the order they were made; stops at the first that still cannot reach the server. */
  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      while (this.#waiting.length) {
        const entry = this.#waiting[0]!;
        entry.tries++;
        try {
          const value = await entry.write();
          this.#settle(entry, () => entry.resolve(value));
        } catch (error) {
          if (isRetryable(error)) break;
          this.#settle(entry, () => entry.reject(error));
        }
      }
    } finally {
      this.#flushing = false;
      if (this.#waiting.length) this.#arm();
      else {
        this.#unsubscribe?.();
        this.#unsubscribe = undefined;
      }
    }
  }

  #settle(entry: Entry, end: () => void): void {
    this.#remove(entry);
    entry.waiting = false;
    end();
  }

  #remove(entry: Entry): void {
    const at = this.#waiting.indexOf(entry);
    if (at < 0) return;
    this.#waiting.splice(at, 1);
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener(this.#waiting.length);
  }
}

function chain<A>(first: (a: A) => void, then: (a: A) => void): (a: A) => void {
  return (a) => {
    first(a);
    then(a);
  };
}

const queues = new WeakMap<object, SaveQueue>();

/** The save queue of a tab's API client (one per client, made on first use). */
export function saveQueueOf(owner: object): SaveQueue {
  let queue = queues.get(owner);
  if (!queue) queues.set(owner, (queue = new SaveQueue()));
  return queue;
}

/** What a form says while its save waits for the connection. */
export const WAITING_MESSAGE = "You're offline, so this isn't saved yet. Shoal will save it as soon as the connection is back; keep this tab open.";

/**
 * What a form says when a save ended without saving: plainly that it was not saved (the form
 * keeps the draft), with the reason. `what` names it ("Your profile", "The change to Ben").
 */
export function describeSaveError(error: unknown, what: string): string {
  if (error instanceof ApiError && error.status === 0) return `${what} was not saved: Shoal can't reach the server. What you typed is still here; try again when you're back online.`;
  if (error instanceof ApiError && error.status === 412) return `${what} was not saved: someone else changed it first. Review their change and save again.`;
  if (error instanceof ApiError && error.status === 422) return `${what} was not saved. Check the fields marked below.`;
  if (error instanceof ApiError && error.status === 409) return `${what} was not saved. ${error.problem.detail || 'That email is already in use.'}`;
  if (error instanceof ApiError) return `${what} was not saved. ${error.friendlyMessage}`;
  return `${what} was not saved. Something unexpected went wrong. Please try again.`;
}
