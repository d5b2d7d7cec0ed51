import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { TimerSet, timersOf } from '../timers.js';

/** One short message, with an optional button (Undo). */
export interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void } | undefined;
}

/**
 * The short messages of a list page (at most three, each gone after a while), rendered in a
 * live region with the `toasts` styles; a message's button (Undo) closes it and runs. A message
 * waits on the host's timers (`timersOf`).
 */
export class ToastController implements ReactiveController {
  toasts: Toast[] = [];
  #id = 0;
  readonly #timers: TimerSet;

  constructor(private readonly host: ReactiveControllerHost) {
    this.#timers = new TimerSet(() => timersOf(host));
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#timers.clear();
  }

  show(text: string, action?: Toast['action'], ms = 6_000): void {
    const id = ++this.#id;
    this.toasts = [...this.toasts.slice(-2), { id, text, action }];
    this.#timers.later(() => this.dismiss(id), ms);
    this.host.requestUpdate();
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.host.requestUpdate();
  }

  render() {
    return html`<div class="toasts" role="status" aria-live="polite">
      ${this.toasts.map(
        (t) => html`<div class="toast">
          <span>${t.text}</span>
          ${t.action
            ? html`<button
                type="button"
                class="small toast-action"
                @click=${() => {
                  this.dismiss(t.id);
                  t.action!.run();
                }}
              >
                ${t.action.label}
              </button>`
            : nothing}
          <button type="button" class="small" aria-label="Dismiss" @click=${() => this.dismiss(t.id)}>✕</button>
        </div>`,
      )}
    </div>`;
  }
}
