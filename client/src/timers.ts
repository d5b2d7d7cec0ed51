/**
 * The timers a component waits through (a search's debounce, a long press): the browser's by
 * default; a test hands a component a clock of its own that it moves by hand, so "time passed"
 * is a step of the test rather than a real wait.
 */
export interface Timers {
  set(run: () => void, ms: number): number;
  clear(handle: number | undefined): void;
}

/** The browser's timers. */
export const browserTimers: Timers = {
  set: (run, ms) => window.setTimeout(run, ms),
  clear: (handle) => window.clearTimeout(handle),
};

/** The timers of a component: its `timers` property when it has one set, else the browser's. */
export const timersOf = (host: object): Timers => (host as { timers?: Timers }).timers ?? browserTimers;

/**
 * Waits that end together: `later(run, ms)` waits on the timers `timers()` gives at that moment
 * (a component's own, a test's clock, or the browser's), `clear()` stops every wait still
 * pending (its host left the page). The highlights of colleagues' changes and the toasts wait
 * on one each.
 */
export class TimerSet {
  readonly #pending = new Set<{ timers: Timers; handle: number }>();

  constructor(private readonly timers: () => Timers = () => browserTimers) {}

  /** Runs `run` once `ms` have passed, unless `clear()` comes first. */
  later(run: () => void, ms: number): void {
    const timers = this.timers();
    const wait = { timers, handle: 0 };
    wait.handle = timers.set(() => {
      this.#pending.delete(wait);
      run();
    }, ms);
    this.#pending.add(wait);
  }

  /** How many waits are pending. */
  get size(): number {
    return this.#pending.size;
  }

  /** Stops every pending wait. */
  clear(): void {
    for (const { timers, handle } of this.#pending) timers.clear(handle);
    this.#pending.clear();
  }
}
