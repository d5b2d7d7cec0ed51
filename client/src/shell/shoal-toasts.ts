import { LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ToastController, type Toast } from '../lists/toast-controller.js';
import { base, toasts } from '../styles.js';

/** Detail of `shoal-toast`: a short message and maybe a button (Undo). */
export interface ToastDetail {
  text: string;
  action?: Toast['action'];
  /** How long it stays, in ms (6 s when left out; Undo toasts stay 10 s). */
  ms?: number;
}

/**
 * Asks the app's one toast region to show a message: a `shoal-toast` event from `from`,
 * bubbling and composed so it leaves any shadow root. True when a region showed it.
 */
export function toast(from: EventTarget, detail: ToastDetail): boolean {
  const event = new CustomEvent<ToastDetail>('shoal-toast', { detail, bubbles: true, composed: true, cancelable: true });
  from.dispatchEvent(event);
  return event.defaultPrevented;
}

/**
 * The one toast region of the app (bottom right, a polite live region, at most three): shows
 * every `shoal-toast` that reaches the window, from any view, so a delete's Undo looks and
 * behaves the same wherever the delete was.
 */
@customElement('shoal-toasts')
export class ShoalToasts extends LitElement {
  static override styles = [base, toasts];

  readonly #toasts = new ToastController(this);

  readonly #onToast = (event: Event): void => {
    const { text, action, ms } = (event as CustomEvent<ToastDetail>).detail;
    event.preventDefault();
    this.#toasts.show(text, action, ms ?? (action ? 10_000 : 6_000));
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('shoal-toast', this.#onToast);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('shoal-toast', this.#onToast);
  }

  protected override render() {
    return this.#toasts.render();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-toasts': ShoalToasts;
  }
}
