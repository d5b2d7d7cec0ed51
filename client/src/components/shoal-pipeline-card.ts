import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { NextStep, Opportunity } from '../../../shared/opportunity.js';
import type { StageKind } from '../../../shared/stage.js';
import { avatarColors } from '../format.js';
import { money } from '../format/money.js';
import { closeDate, closeDateFull, isPast } from '../board/card-format.js';
import { isOverdue } from '../board/next-steps.js';
import { dueDate, dueShort } from '../format/dates.js';
import { typeIcon } from '../tasks/task-icons.js';
import { moveDirectionOf, type CardDirection } from '../board/keyboard-moves.js';
import { base } from '../styles.js';
import { avatar, avatarStyles } from './avatar-markup.js';
import { rottingText, showsRotting } from '../deals/rotting.js';

/** A person a card shows: the deal's owner, or a colleague dragging it. */
export interface CardPerson {
  id: string;
  name: string;
  color?: string | undefined;
}

export type { CardDirection };

/** Detail of `shoal-card-move`. */
export interface CardMoveDetail {
  id: string;
  direction: CardDirection;
}

/** Detail of `shoal-card-focus`: the rep asked to go from this card to a neighbouring one. */
export interface CardFocusDetail {
  id: string;
  direction: CardDirection;
}

/** Detail of `shoal-card-menu`. */
export interface CardMenuDetail {
  id: string;
}


/**
 * One deal on the pipeline board: its name, customer, next step (with an overdue badge; "No next
 * step" for an open deal without an open task), amount, expected close date and owner; a rotting
 * deal has a red left edge and says so (title and screen-reader text).
 * The card is one focusable button (its name says everything on it); Enter, Space or a click
 * open its "Move to" menu; the arrow keys (Home, End) ask to go to a neighbouring card, and
 * the same keys with Shift ask to move it. The board does the focusing and the moving; the
 * card only says what the rep asked for. Only the card the board makes `tabbable` is a Tab stop. A colleague dragging it right now
 * outlines it in their colour with their avatar; a note says who moved it.
 *
 * @fires shoal-card-focus - The rep pressed an arrow key, Home or End on the card. Detail: `{ id, direction }`.
 * @fires shoal-card-move - The rep pressed Shift with an arrow key, Home or End on the card. Detail: `{ id, direction }`.
 * @fires shoal-card-menu - The rep clicked the card or pressed Enter or Space on it. Detail: `{ id }`.
 * @csspart card - The card's box.
 */
@customElement('shoal-pipeline-card')
export class ShoalPipelineCard extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    base,
    avatarStyles,
    css`
      :host {
        display: block;
        position: relative;
        border-radius: 0.625rem;
        -webkit-touch-callout: none;
        user-select: none;
      }
      :host([dragging]) .card {
        opacity: 0.45;
        border-style: dashed;
        box-shadow: none;
      }
      .card {
        position: relative;
        display: grid;
        gap: 0.25rem;
        padding: 0.625rem 0.625rem 0.625rem 0.6875rem;
        border-radius: 0.625rem;
        background: var(--shoal-surface, #fff);
        border: 1px solid var(--shoal-border, #e3e8ee);
        box-shadow: 0 1px 2px rgb(16 24 40 / 6%);
        cursor: grab;
        transition:
          box-shadow 0.15s,
          border-color 0.15s;
      }
      .card:hover {
        border-color: var(--shoal-border-strong, #c5ced8);
        box-shadow: 0 3px 8px rgb(16 24 40 / 10%);
      }
      .card:focus-visible {
        outline: 2px solid var(--shoal-focus, #1d6fd8);
        outline-offset: 2px;
      }
      .card.held {
        outline: 2px solid var(--held-color);
        outline-offset: 1px;
        box-shadow: 0 0 0 5px color-mix(in srgb, var(--held-color) 22%, transparent);
      }
      .name {
        font-size: 0.875rem;
        font-weight: 600;
        line-height: 1.3;
        padding-right: 1.25rem;
        overflow-wrap: anywhere;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .dots {
        position: absolute;
        top: 0.4rem;
        right: 0.35rem;
        color: var(--shoal-muted, #536171);
        opacity: 0.55;
        line-height: 1;
      }
      .card:hover .dots,
      .card:focus-visible .dots {
        opacity: 1;
      }
      .customer {
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .meta {
        display: flex;
        align-items: center;
        gap: 0.3125rem;
        min-width: 0;
        margin-top: 0.25rem;
        font-size: 0.8125rem;
        --shoal-avatar-size: 1.3125rem;
      }
      .amount {
        flex: none;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .close {
        display: inline-flex;
        align-items: center;
        gap: 0.125rem;
        min-width: 0;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
      }
      .close svg {
        flex: none;
      }
      .close span[aria-hidden] {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .close.overdue {
        color: var(--shoal-danger, #b42318);
      }
      .card.rotting {
        border-left: 4px solid var(--shoal-danger, #b42318);
        padding-left: 0.5rem;
        background: linear-gradient(90deg, #fef3f2, var(--shoal-surface, #fff) 55%);
      }
      .next {
        display: flex;
        align-items: flex-start;
        gap: 0.3125rem;
        min-width: 0;
        font-size: 0.8125rem;
        color: var(--shoal-text, #1f2a37);
      }
      .next .what {
        min-width: 0;
        overflow: hidden;
        overflow-wrap: anywhere;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }
      .next svg {
        flex: none;
        margin-top: 0.15rem;
        width: 0.875rem;
        height: 0.875rem;
        color: var(--shoal-muted, #536171);
      }
      .next.none {
        color: var(--shoal-muted, #536171);
        font-style: italic;
      }
      .next.none svg {
        color: #b54708;
      }
      .badge {
        flex: none;
        padding: 0 0.375rem;
        border-radius: 999px;
        font-size: 0.6875rem;
        font-weight: 700;
        line-height: 1.25rem;
      }
      .badge.overdue {
        background: #fee4e2;
        color: var(--shoal-danger, #b42318);
      }
      .badge.rot {
        background: #fee4e2;
        color: var(--shoal-danger, #b42318);
      }
      .owner {
        flex: none;
        margin-left: auto;
        display: inline-flex;
      }
      .held-by {
        position: absolute;
        top: -0.7rem;
        left: 0.5rem;
        max-width: calc(100% - 2.5rem);
        overflow: hidden;
        text-overflow: ellipsis;
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        padding: 0.0625rem 0.5rem 0.0625rem 0.125rem;
        border-radius: 999px;
        font-size: 0.6875rem;
        font-weight: 600;
        white-space: nowrap;
        box-shadow: 0 2px 6px rgb(16 24 40 / 18%);
        --shoal-avatar-size: 1.125rem;
        --shoal-avatar-ring: 0 0 0 1.5px #fff;
      }
      .note {
        justify-self: start;
        margin-top: 0.25rem;
        padding: 0.125rem 0.5rem;
        border-radius: 999px;
        font-size: 0.75rem;
        font-weight: 600;
        background: #eff8ff;
        color: #194185;
      }
      .note.conflict {
        background: #fffaeb;
        color: #7a2e0e;
        border: 1px solid #fedf89;
        border-radius: 0.5rem;
        white-space: normal;
      }
      :host([highlight]) .card {
        animation: flash 2.4s ease-out;
      }
      @keyframes flash {
        from {
          background: var(--shoal-highlight, #fff1b8);
        }
        to {
          background: var(--shoal-surface, #fff);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        :host([highlight]) .card {
          animation: none;
          background: var(--shoal-highlight, #fff1b8);
        }
      }
    `,
  ];

  /** The deal shown. */
  @property({ attribute: false })
  deal: Opportunity | undefined;

  /** The name of the deal's customer. */
  @property({ attribute: 'customer-name' })
  customerName = '';

  /** The deal's owner, for the avatar. */
  @property({ attribute: false })
  owner: CardPerson | undefined;

  /** The kind of the stage the card is in; only an open deal can be overdue. */
  @property({ attribute: 'stage-kind' })
  stageKind: StageKind = 'open';

  /**
   * The deal's next step (its open task due first), null when it has none (shown as "No next
   * step" on an open deal), undefined while not known.
   */
  @property({ attribute: false })
  nextStep: NextStep | null | undefined;

  /** The stage's `rotDays`: what "rotting" means here (no activity for longer than that). */
  @property({ attribute: false })
  rotDays: number | undefined;

  /** A colleague dragging this card right now. */
  @property({ attribute: false })
  heldBy: CardPerson | undefined;

  /** A short note under the card ("Moved by Ana Silva"). */
  @property()
  note = '';

  /** How the note reads: news, or a warning that a concurrent move won. */
  @property({ attribute: 'note-kind' })
  noteKind: 'info' | 'conflict' = 'info';

  /** The card is being dragged on this board (shown faded where it was). */
  @property({ type: Boolean, reflect: true })
  dragging = false;

  /** The card is the board's one Tab stop (the others are reached with the arrow keys). */
  @property({ type: Boolean })
  tabbable = false;

  /** Flashes the card (a colleague just moved it). */
  @property({ type: Boolean, reflect: true })
  highlight = false;

  #emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  #onKey(event: KeyboardEvent): void {
    const deal = this.deal;
    if (!deal || event.altKey || event.ctrlKey || event.metaKey) return;
    const direction = moveDirectionOf(event.key);
    if (direction) {
      event.preventDefault();
      if (event.shiftKey) this.#emit<CardMoveDetail>('shoal-card-move', { id: deal.id, direction });
      else this.#emit<CardFocusDetail>('shoal-card-focus', { id: deal.id, direction });
    } else if (event.shiftKey) {
      return;
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (!event.repeat) this.#emit<CardMenuDetail>('shoal-card-menu', { id: deal.id });
    }
  }

  /** "Call Ana · Tue" with an overdue badge, "No next step" on an open deal without one, nothing while unknown. */
  #nextStep() {
    const step = this.nextStep;
    if (step === undefined) return nothing;
    if (step === null) {
      if (this.stageKind !== 'open') return nothing;
      return html`<span class="next none" data-next="none"
        ><svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor"><path d="M8.6 3.2a1.6 1.6 0 0 1 2.8 0l6.3 11.3a1.6 1.6 0 0 1-1.4 2.4H3.7a1.6 1.6 0 0 1-1.4-2.4zM10 7a.9.9 0 0 0-.9.9v3.4a.9.9 0 0 0 1.8 0V7.9A.9.9 0 0 0 10 7zm0 6.4a1 1 0 1 0 0 2 1 1 0 0 0 0-2z" /></svg
        >No next step<span class="visually-hidden">, </span></span
      >`;
    }
    const late = this.stageKind === 'open' && isOverdue(step);
    return html`<span class="next" data-next=${step.id} title="Next step: ${step.title}, due ${dueDate(step.dueAt)}"
      >${typeIcon(step.type)}<span class="visually-hidden">Next step: </span><span class="what">${step.title} · ${dueShort(step.dueAt)}</span>
      ${late ? html`<span class="badge overdue">Overdue</span>` : nothing}<span class="visually-hidden">, </span></span
    >`;
  }

  protected override render() {
    const deal = this.deal;
    if (!deal) return nothing;
    const overdue = !!deal.expectedCloseDate && this.stageKind === 'open' && isPast(deal.expectedCloseDate);
    const rotting = showsRotting(deal, this.stageKind);
    const rotText = rottingText(this.rotDays);
    const held = this.heldBy;
    const heldColors = held ? avatarColors(held.color, held.id) : undefined;
    return html`<div
      class="card ${held ? 'held' : ''} ${rotting ? 'rotting' : ''}"
      part="card"
      tabindex=${this.tabbable ? '0' : '-1'}
      role="button"
      aria-haspopup="menu"
      aria-describedby="help"
      title=${rotting ? rotText : nothing}
      style=${styleMap(heldColors ? { '--held-color': heldColors.background } : {})}
      @keydown=${(e: KeyboardEvent) => this.#onKey(e)}
      @click=${() => this.#emit<CardMenuDetail>('shoal-card-menu', { id: deal.id })}
    >
      <span class="name">${deal.name}</span><span class="visually-hidden">, </span>
      <svg class="dots" aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
        <circle cx="10" cy="4.5" r="1.6" /><circle cx="10" cy="10" r="1.6" /><circle cx="10" cy="15.5" r="1.6" />
      </svg>
      <span class="customer">${this.customerName || '\u00a0'}</span><span class="visually-hidden">, </span>
      ${this.#nextStep()} ${rotting ? html`<span class="visually-hidden">${rotText}, </span>` : nothing}
      <span class="meta">
        <span class="amount">${money(deal.amount, deal.currency)}</span>
        ${deal.expectedCloseDate
          ? html`<span class="close ${overdue ? 'overdue' : ''}" title="${overdue ? 'Was expected to close' : 'Expected to close'} ${closeDateFull(deal.expectedCloseDate)}">
              <svg aria-hidden="true" viewBox="0 0 20 20" width="12" height="12" fill="currentColor">
                <path d="M6 2.5a.8.8 0 0 1 .8.8V4h6.4v-.7a.8.8 0 0 1 1.6 0V4h.7A2.5 2.5 0 0 1 18 6.5v9A2.5 2.5 0 0 1 15.5 18h-11A2.5 2.5 0 0 1 2 15.5v-9A2.5 2.5 0 0 1 4.5 4h.7v-.7a.8.8 0 0 1 .8-.8zM3.6 8.5v7c0 .5.4.9.9.9h11c.5 0 .9-.4.9-.9v-7z" />
              </svg>
              <span class="visually-hidden">, ${overdue ? 'overdue, was expected to close' : 'expected to close'} ${closeDateFull(deal.expectedCloseDate)}</span>
              <span aria-hidden="true">${closeDate(deal.expectedCloseDate)}</span>
            </span>`
          : nothing}
        <span class="visually-hidden">, ${this.owner ? `owned by ${this.owner.name}` : 'no owner'}</span>
        <span class="owner" title=${this.owner?.name ?? 'No owner'}>
          ${this.owner ? avatar(this.owner.name, this.owner.color, this.owner.id) : nothing}
        </span>
      </span>
      ${this.note ? html`<span class="visually-hidden">, </span><span class="note ${this.noteKind}">${this.note}</span>` : nothing}
      ${held && heldColors
        ? html`<span class="visually-hidden">, </span><span class="held-by" style=${styleMap({ background: heldColors.background, color: heldColors.text })}>
            ${avatar(held.name, held.color, held.id)}${held.name.split(' ')[0]} is moving this
          </span>`
        : nothing}
      <span id="help" hidden
        >Enter opens Move to. Arrow keys go to the next deal. Shift with an arrow key moves this deal: up and down in its stage, left and right to the next stage.</span
      >
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-pipeline-card': ShoalPipelineCard;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-card-move': CustomEvent<CardMoveDetail>;
    'shoal-card-focus': CustomEvent<CardFocusDetail>;
    'shoal-card-menu': CustomEvent<CardMenuDetail>;
  }
}
