import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Remembers which records (or fields) a colleague just changed, so a component can flash
 * them briefly and name who did it ("by Dana Park") a little longer. Timers stop when the
 * host disconnects.
 */
export class HighlightController implements ReactiveController {
  /** Each flashing key with the generation of its flash, so an old timer never ends a new one. */
  readonly #flashing = new Map<string, number>();
  #generation = 0;
  readonly #notes = new Map<string, string>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { flashMs?: number; noteMs?: number } = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#flashing.clear();
    this.#notes.clear();
  }

  /** Flashes `key` and shows `note` beside it for a while. */
  mark(key: string, note: string): void {
    this.#notes.set(key, note);
    if (this.#flashing.has(key)) {
      // Restart the flash: take it away for one frame.
      this.#flashing.delete(key);
      this.host.requestUpdate();
      requestAnimationFrame(() => this.#flash(key));
    } else this.#flash(key);
    this.#later(() => {
      if (this.#notes.get(key) !== note) return;
      this.#notes.delete(key);
      this.host.requestUpdate();
    }, this.options.noteMs ?? 12_000);
  }

  #flash(key: string): void {
    const generation = ++this.#generation;
    this.#flashing.set(key, generation);
    this.host.requestUpdate();
    this.#later(() => {
      if (this.#flashing.get(key) !== generation) return;
      this.#flashing.delete(key);
      this.host.requestUpdate();
    }, this.options.flashMs ?? 3_000);
  }

  #later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  /** Whether `key` is flashing now. */
  flashing(key: string): boolean {
    return this.#flashing.has(key);
  }

  /** The note shown beside `key` ("by Dana Park"), if any. */
  note(key: string): string | undefined {
    return this.#notes.get(key);
  }
}
