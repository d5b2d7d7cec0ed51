import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { TimerSet, timersOf } from '../timers.js';

/** A short note under a card: news ("Moved by Ana Silva"), or a warning that a concurrent move won. */
export interface Note {
  text: string;
  kind: 'info' | 'conflict';
}

/** A message in the corner that goes away by itself. */
export interface Toast {
  id: number;
  text: string;
}

const HIGHLIGHT_MS = 2_400;
const TOAST_MS = 6_000;

/**
 * What the board tells the rep besides the cards themselves: notes on cards and brief
 * highlights (each for a while), toasts, and the sentence for the polite live region. The
 * host renders `notes`, `highlighted`, `toasts` and `announcement`; timers stop when it leaves
 * the page.
 */
export class FeedbackController implements ReactiveController {
  notes = new Map<string, Note>();
  highlighted = new Set<string>();
  toasts: Toast[] = [];
  announcement = '';

  readonly #host: ReactiveControllerHost;
  /** The notes', highlights' and toasts' waits, on the host's timers (a test's clock, or the browser's). */
  readonly #timers: TimerSet;
  #toastId = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    this.#timers = new TimerSet(() => timersOf(host));
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#timers.clear();
  }

  /** Shows a note on a card for `ms` (unless another note replaces it). */
  note(id: string, note: Note, ms: number): void {
    this.notes = new Map(this.notes).set(id, note);
    this.#host.requestUpdate();
    this.#timers.later(() => {
      if (this.notes.get(id) === note) this.clearNote(id);
    }, ms);
  }

  clearNote(id: string): void {
    if (!this.notes.has(id)) return;
    const rest = new Map(this.notes);
    rest.delete(id);
    this.notes = rest;
    this.#host.requestUpdate();
  }

  /** Flashes a card (a colleague just moved it). */
  flash(id: string): void {
    const rest = new Set(this.highlighted);
    rest.delete(id);
    this.highlighted = new Set([...rest, id]);
    this.#host.requestUpdate();
    this.#timers.later(() => {
      const next = new Set(this.highlighted);
      next.delete(id);
      this.highlighted = next;
      this.#host.requestUpdate();
    }, HIGHLIGHT_MS);
  }

  /** Says a sentence in the polite live region. */
  announce(text: string): void {
    // The same sentence twice must still be heard: make it differ invisibly.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
    this.#host.requestUpdate();
  }

  /** Shows a toast (at most three at once) for a few seconds. */
  toast(text: string): void {
    const id = ++this.#toastId;
    this.toasts = [...this.toasts.slice(-2), { id, text }];
    this.#host.requestUpdate();
    this.#timers.later(() => this.dismiss(id), TOAST_MS);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.#host.requestUpdate();
  }

  /** The polite live region and the toasts (the host's styles place them). */
  render() {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <div class="toasts" role="status" aria-live="polite">
        ${this.toasts.map(
          (t) => html`<div class="toast">
            <span>${t.text}</span>
            <button type="button" class="small" aria-label="Dismiss" @click=${() => this.dismiss(t.id)}>✕</button>
          </div>`,
        )}
      </div>`;
  }
}
