import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TimerSet, timersOf } from './timers.js';

/** How long a colleague's change flashes, and how long the note naming them ("edited by Dana Park") stays. */
export const FLASH_MS = 3_000;
export const NOTE_MS = 12_000;

/**
 * Remembers which records (or fields) a colleague just changed, so a component can flash
 * them briefly (3 s) and name who did it ("by Dana Park") a little longer (12 s): the record
 * pages' fields, the timeline's entries and the lists' rows alike, so a note never outstays its
 * news on one view and fades on another. The waits are on the host's timers (`timersOf`: a
 * test's clock when it sets one) and stop when the host disconnects.
 */
export class HighlightController implements ReactiveController {
  /** Each flashing key with the generation of its flash, so an old timer never ends a new one. */
  readonly #flashing = new Map<string, number>();
  #generation = 0;
  /** Each key's note with the generation of the mark that wrote it: a later mark's note (the same words too) gets its own full time. */
  readonly #notes = new Map<string, { text: string; generation: number }>();
  readonly #timers: TimerSet;
  #highlighted: readonly string[] = [];
  #noteRecord: Readonly<Record<string, string>> = {};

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { flashMs?: number; noteMs?: number } = {},
  ) {
    this.#timers = new TimerSet(() => timersOf(host));
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#timers.clear();
    this.#flashing.clear();
    this.#notes.clear();
    this.#highlighted = [];
    this.#noteRecord = {};
  }

  /** Flashes `key` and shows `note` beside it for a while. */
  mark(key: string, note: string): void {
    const written = ++this.#generation;
    this.#notes.set(key, { text: note, generation: written });
    if (this.#flashing.has(key)) {
      // Restart the flash: take it away for one frame.
      this.#flashing.delete(key);
      this.#changed();
      requestAnimationFrame(() => this.#flash(key));
    } else this.#flash(key);
    this.#timers.later(() => {
      if (this.#notes.get(key)?.generation !== written) return;
      this.#notes.delete(key);
      this.#changed();
    }, this.options.noteMs ?? NOTE_MS);
  }

  #flash(key: string): void {
    const generation = ++this.#generation;
    this.#flashing.set(key, generation);
    this.#changed();
    this.#timers.later(() => {
      if (this.#flashing.get(key) !== generation) return;
      this.#flashing.delete(key);
      this.#changed();
    }, this.options.flashMs ?? FLASH_MS);
  }

  #changed(): void {
    this.#highlighted = [...this.#flashing.keys()];
    this.#noteRecord = Object.fromEntries([...this.#notes].map(([key, note]) => [key, note.text]));
    this.host.requestUpdate();
  }

  /** Whether `key` is flashing now. */
  flashing(key: string): boolean {
    return this.#flashing.has(key);
  }

  /** The note shown beside `key` ("by Dana Park"), if any. */
  note(key: string): string | undefined {
    return this.#notes.get(key)?.text;
  }

  /** The keys flashing now, as one array that changes only when they do (for a table's `highlighted`). */
  get highlighted(): readonly string[] {
    return this.#highlighted;
  }

  /** The notes by key, as one object that changes only when they do (for a table's `notes`). */
  get notes(): Readonly<Record<string, string>> {
    return this.#noteRecord;
  }
}
