import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { base, popupSurface } from '../styles.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { paths } from '../shell/routes.js';

/** A stage the menu offers. */
export interface MenuStage {
  key: string;
  name: string;
}

/** Detail of `shoal-opportunity-move`: the stage, and the top or the bottom of its column. */
export interface OpportunityMoveDetail {
  id: string;
  stage: string;
  position: 'top' | 'bottom';
}

/**
 * The "Move to" menu of a pipeline card: every stage (the card's own marked), the top and
 * the bottom of its own column, and links to the deal's page and its customer's. It opens next to the card
 * in the top layer (a popover), so a scrolling column never clips it.
 * Keyboard: ArrowUp/ArrowDown, Home/End move between items; Enter chooses; Escape or Tab close.
 *
 * @fires shoal-opportunity-move - The rep chose a place. Detail: `{ id, stage, position }`.
 * @fires shoal-navigate - The rep chose the deal or its customer. Detail: `{ path }`.
 * @fires shoal-menu-close - The menu closed (chosen, dismissed, Escape); the board puts the focus back on the card.
 */
@customElement('shoal-pipeline-move-menu')
export class ShoalPipelineMoveMenu extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: contents;
      }
      [popover] {
        inset: auto;
        margin: 0;
        padding: 0.375rem;
        min-width: 14rem;
        max-width: calc(100vw - 1rem);
        ${popupSurface}
      }
      .title {
        margin: 0;
        padding: 0.375rem 0.625rem 0.25rem;
        font-size: 0.75rem;
        font-weight: 700;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--shoal-muted, #536171);
      }
      [role='menuitem'],
      [role='menuitemradio'] {
        display: flex;
        width: 100%;
        justify-content: flex-start;
        gap: 0.5rem;
        border: none;
        background: transparent;
        font-weight: 500;
        border-radius: 0.5rem;
        min-height: 2.125rem;
      }
      [role='menuitem']:hover,
      [role='menuitem']:focus,
      [role='menuitemradio']:hover:not([aria-checked='true']),
      [role='menuitemradio']:focus {
        background: var(--shoal-hover, #f1f4f7);
      }
      [aria-checked='true'] {
        color: var(--shoal-muted, #536171);
        cursor: default;
      }
      .check {
        width: 1rem;
        text-align: center;
      }
      hr {
        border: none;
        border-top: 1px solid var(--shoal-border, #e3e8ee);
        margin: 0.375rem 0.25rem;
      }
    `,
  ];

  /** The deal the menu moves. */
  @property({ attribute: false })
  deal: { id: string; name: string; stage: string; customerId: string } | undefined;

  /** The name of the deal's customer. */
  @property({ attribute: 'customer-name' })
  customerName = '';

  /** The stages, in board order. */
  @property({ attribute: false })
  stages: MenuStage[] = [];

  @state() private shown = false;

  @query('[popover]') private popup!: HTMLElement;

  #chosen = false;

  /** Opens the menu next to `anchor` with the focus on its first stage. */
  async show(anchor: Element): Promise<void> {
    this.#chosen = false;
    this.shown = true;
    await this.updateComplete;
    const popup = this.popup;
    if (!popup.matches(':popover-open')) popup.showPopover();
    const box = anchor.getBoundingClientRect();
    const width = popup.offsetWidth;
    const height = popup.offsetHeight;
    const left = Math.max(8, Math.min(box.left, innerWidth - width - 8));
    const below = box.bottom + 6;
    const top = below + height <= innerHeight - 8 ? below : Math.max(8, box.top - height - 6);
    popup.style.left = `${left}px`;
    popup.style.top = `${top}px`;
    this.#items().find((item) => item.getAttribute('aria-checked') !== 'true')?.focus();
  }

  /** Closes the menu. */
  hide(): void {
    if (this.popup?.matches(':popover-open')) this.popup.hidePopover();
  }

  #items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]')];
  }

  #onKey(event: KeyboardEvent): void {
    const items = this.#items();
    const index = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    const focus = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return focus(index + 1);
      case 'ArrowUp':
        return focus(index - 1);
      case 'Home':
        return focus(0);
      case 'End':
        return focus(items.length - 1);
      case 'Tab':
        event.preventDefault();
        return this.hide();
    }
  }

  #move(stage: string, position: 'top' | 'bottom'): void {
    const deal = this.deal;
    if (!deal) return;
    this.#chosen = true;
    this.hide();
    this.dispatchEvent(new CustomEvent<OpportunityMoveDetail>('shoal-opportunity-move', { detail: { id: deal.id, stage, position }, bubbles: true, composed: true }));
  }

  /** Opens the deal's page or its customer's. */
  #open(path: string): void {
    this.#chosen = true;
    this.hide();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  #onToggle(event: Event): void {
    if ((event as ToggleEvent).newState !== 'closed') return;
    this.shown = false;
    this.dispatchEvent(new CustomEvent('shoal-menu-close', { detail: { chosen: this.#chosen }, bubbles: true, composed: true }));
  }

  protected override render() {
    const deal = this.deal;
    return html`<div popover="auto" @toggle=${(e: Event) => this.#onToggle(e)}>
      ${this.shown && deal
        ? html`<div role="menu" aria-label="Move ${deal.name}" @keydown=${(e: KeyboardEvent) => this.#onKey(e)}>
            <p class="title" aria-hidden="true">Move to</p>
            ${this.stages.map(
              (stage) => html`<button
                type="button"
                role="menuitemradio"
                aria-checked=${stage.key === deal.stage ? 'true' : 'false'}
                data-stage=${stage.key}
                @click=${() => (stage.key === deal.stage ? undefined : this.#move(stage.key, 'top'))}
              >
                <span class="check" aria-hidden="true">${stage.key === deal.stage ? '✓' : ''}</span>${stage.name}
              </button>`,
            )}
            <hr />
            <button type="button" role="menuitem" class="top" @click=${() => this.#move(deal.stage, 'top')}>
              <span class="check" aria-hidden="true">↑</span>Top of this stage
            </button>
            <button type="button" role="menuitem" class="bottom" @click=${() => this.#move(deal.stage, 'bottom')}>
              <span class="check" aria-hidden="true">↓</span>Bottom of this stage
            </button>
            <hr />
            <button type="button" role="menuitem" class="deal" @click=${() => this.#open(paths.deal(deal.id))}>
              <span class="check" aria-hidden="true">→</span>Open this deal
            </button>
            ${this.customerName
              ? html`<button type="button" role="menuitem" class="customer" @click=${() => this.#open(paths.customer(deal.customerId))}>
                  <span class="check" aria-hidden="true">→</span>Open ${this.customerName}
                </button>`
              : nothing}
          </div>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-pipeline-move-menu': ShoalPipelineMoveMenu;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-opportunity-move': CustomEvent<OpportunityMoveDetail>;
    'shoal-menu-close': CustomEvent<{ chosen: boolean }>;
  }
}
