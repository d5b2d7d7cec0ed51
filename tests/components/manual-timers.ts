import type { Timers } from '../../client/src/timers.js';

/**
 * A clock a test moves by hand (`tick`), for a component's `timers`: what waits on it runs only
 * when the test says the time has passed, so no test waits for real time or passes by luck.
 */
export class ManualTimers implements Timers {
  #now = 0;
  #next = 1;
  readonly #due = new Map<number, { at: number; run: () => void }>();

  set(run: () => void, ms: number): number {
    const handle = this.#next++;
    this.#due.set(handle, { at: this.#now + ms, run });
    return handle;
  }

  clear(handle: number | undefined): void {
    if (handle !== undefined) this.#due.delete(handle);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#due.size;
  }

  /** Moves the clock on by `ms`, running what falls due, earliest first. */
  tick(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = [...this.#due].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.#due.delete(next[0]);
      this.#now = next[1].at;
      next[1].run();
    }
    this.#now = end;
  }
}
