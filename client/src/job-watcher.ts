import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { JobProgress } from '../../shared/events.js';
import { LiveController } from './live-controller.js';
import type { LiveClient } from './live.js';

/** How long without a `job` event before asking the server how the job is doing. */
const QUIET_MS = 3_000;
/** How often to ask while no `job` events arrive. */
const POLL_MS = 1_000;

export interface JobWatcherOptions {
  kind: JobProgress['kind'];
  live: () => LiveClient | undefined;
  /** Asks the server how the job is doing (`GET /api/demo-data/:id`, `/api/imports/:id`). */
  fetch: (id: string, signal: AbortSignal) => Promise<JobProgress>;
  /** News of the job, newer than the last; the last news is the job's end (`state` not running). */
  onNews: (job: JobProgress) => void;
  /** Whether `news` is older than `shown` and to be dropped (default: fewer rows done in the same phase). */
  isStale?: (news: JobProgress, shown: JobProgress) => boolean;
  /** A failed question to the server: answer true to stop following (the server forgot the job). */
  onPollError?: (error: unknown, shown: JobProgress) => boolean;
}

/**
 * Follows one background job the person started (demo data, a CSV import): its `job` socket
 * events, also those that arrive before the request that starts it has answered, and, when
 * none come for 3 s, asking the server every second. Stops at the job's end.
 */
export class JobWatcher implements ReactiveController {
  /** Events that came while the job was being started. */
  #early: JobProgress[] = [];
  #starting = false;
  #shown: JobProgress | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling = new AbortController();

  constructor(
    host: ReactiveControllerHost,
    private readonly options: JobWatcherOptions,
  ) {
    host.addController(this);
    new LiveController(host, options.live, { job: (news) => this.#onEvent(news) });
  }

  /** Whether a job is being followed. */
  get following(): boolean {
    return this.#shown !== undefined;
  }

  hostConnected(): void {
    if (this.#shown) this.#watch(QUIET_MS);
  }

  hostDisconnected(): void {
    this.#stopWatching();
  }

  /** The request that starts a job is on its way: keep the events that come meanwhile. */
  starting(): void {
    this.stop();
    this.#starting = true;
  }

  /** Follows `job`, as the request that started it answered (with the news that came first). */
  follow(job: JobProgress): void {
    const early = this.#early.filter((news) => news.id === job.id);
    this.#starting = false;
    this.#early = [];
    this.#shown = job;
    for (const news of early) this.#take(news);
    if (this.#shown) this.#watch(QUIET_MS);
  }

  /** Stops following (the job was refused, or the view starts afresh). */
  stop(): void {
    this.#starting = false;
    this.#early = [];
    this.#shown = undefined;
    this.#stopWatching();
  }

  #onEvent(news: JobProgress): void {
    if (news.kind !== this.options.kind) return;
    if (this.#starting) this.#early.push(news);
    if (news.id !== this.#shown?.id) return;
    this.#take(news);
    // Events flow again: stop asking, and start counting the quiet anew.
    if (this.#shown) this.#watch(QUIET_MS);
  }

  /** Takes in news (from an event or a poll); older news than what was shown is dropped. */
  #take(news: JobProgress): void {
    const shown = this.#shown;
    if (!shown || news.id !== shown.id) return;
    const stale = this.options.isStale ?? ((n, s) => n.phase === s.phase && n.done < s.done);
    if (news.state === 'running' && stale(news, shown)) return;
    if (news.state === 'running') this.#shown = news;
    else this.stop();
    this.options.onNews(news);
  }

  /** (Re)starts the wait for news; after `ms` without any, asks the server. */
  #watch(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), ms);
  }

  #stopWatching(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#polling.abort();
    this.#polling = new AbortController();
  }

  async #poll(): Promise<void> {
    const shown = this.#shown;
    if (!shown) return;
    const { signal } = this.#polling;
    try {
      this.#take(await this.options.fetch(shown.id, signal));
    } catch (error) {
      if (!signal.aborted && this.options.onPollError?.(error, shown)) {
        this.stop();
        return;
      }
      // Offline or a blip: ask again on the next round.
    }
    if (!signal.aborted && this.#shown) this.#watch(POLL_MS);
  }
}
