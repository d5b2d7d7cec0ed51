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
