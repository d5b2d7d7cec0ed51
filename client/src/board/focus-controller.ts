import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cardOf } from './drag-controller.js';
import { focusTarget, tabStop, type CardDirection } from './keyboard-moves.js';

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };
type CardElement = HTMLElement & { updateComplete: Promise<unknown> };

/**
 * The board's focus, as in a WAI-ARIA grid: one card is the board's Tab stop (the last one
 * focused while it is shown, else the first card), the arrow keys walk the grid of rendered
 * cards (`grid()`, columns of cards), and `focus(id)` puts the focus on a card after the next
 * render (a card that changed column is a new element), scrolling it into view (a phone shows
 * one column at a time).
 */
export class FocusController implements ReactiveController {
  readonly #host: Host;
  readonly #grid: () => readonly (readonly { id: string }[])[];
  #activeId: string | undefined;
  #pending: string | undefined;

  constructor(host: Host, grid: () => readonly (readonly { id: string }[])[]) {
    this.#host = host;
    this.#grid = grid;
    host.addController(this);
  }

  /** The card that is the Tab stop now. */
  get tabStop(): string | undefined {
    return tabStop(this.#grid(), this.#activeId);
  }

  /** Focuses the card after the host's next update. */
  focus(id: string): void {
    this.#pending = id;
    this.#activeId = id;
    this.#host.requestUpdate();
  }

  /** Focuses the card the arrow key points at from `from` (nothing at an edge). */
  walk(from: string, direction: CardDirection): void {
    const target = focusTarget(this.#grid(), from, direction);
    if (target) this.focus(target);
  }

  /** For the board's `focusin`: a card focused by Tab or a click becomes the Tab stop. */
  readonly onFocusIn = (event: FocusEvent): void => {
    const id = cardOf(event)?.dataset.id;
    if (id && id !== this.#activeId) {
      this.#activeId = id;
      this.#host.requestUpdate();
    }
  };

  /** The card element of a deal, when rendered. */
  card(id: string): CardElement | null {
    return this.#host.renderRoot.querySelector<CardElement>(`shoal-pipeline-card[data-id="${CSS.escape(id)}"]`);
  }

  hostUpdated(): void {
    const id = this.#pending;
    if (!id) return;
    this.#pending = undefined;
    const card = this.card(id);
    void card?.updateComplete.then(() => {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
  }
}
