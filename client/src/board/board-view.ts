import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { PresenceEntry } from '../../../shared/events.js';
import type { NextStep, Opportunity } from '../../../shared/opportunity.js';
import type { User } from '../../../shared/user.js';
import { describeError } from '../api.js';
import { alsoHere } from '../records/viewers.js';
import type { CardFocusDetail, CardMenuDetail, CardMoveDetail, CardPerson } from '../components/shoal-pipeline-card.js';
import type { DragController } from './drag-controller.js';
import type { FocusController } from './focus-controller.js';
import { compactMoney, money } from '../format/money.js';
import { stageColor } from '../format/stage-style.js';
import type { BoardColumn, PipelineModel } from './board-model.js';
import { dropLine, type DragState } from './drag-state.js';
import type { Note } from './feedback-controller.js';

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The team as cards show them (the owner's avatar), by id: one object per person while their name
 * and colour stay (`before`: the last ones), so a board render does not hand every card a new
 * owner and re-render it.
 */
export function peopleOf(users: readonly User[], before?: ReadonlyMap<string, CardPerson>): Map<string, CardPerson> {
  return new Map(
    users.map((user) => {
      const known = before?.get(user.id);
      return [user.id, known && known.name === user.name && known.color === user.color ? known : { id: user.id, name: user.name, color: user.color }];
    }),
  );
}

/** What every column of the board renders from. */
export interface BoardViewState {
  model: PipelineModel;
  /** How many cards of each column are rendered (the first board fills in over a few frames). */
  cardsShown: number;
  drag: DragState | undefined;
  customerName(id: string): string;
  person(id: string | undefined): CardPerson | undefined;
  /** A deal's next step (null: none; undefined: not known yet). */
  nextStep(id: string): NextStep | null | undefined;
  held: ReadonlyMap<string, CardPerson>;
  notes: ReadonlyMap<string, Note>;
  highlighted: ReadonlySet<string>;
  loadingMore: ReadonlySet<string>;
  /** The card that is the board's one Tab stop. */
  activeId: string | undefined;
  onNewDeal(column: BoardColumn): void;
  onMore(column: BoardColumn): void;
}

/** One stage's column: its title, count and total, its cards (with the drop line while dragging) and "Show N more". */
export function boardColumn(view: BoardViewState, column: BoardColumn) {
  const { count, total } = view.model.stats(column.key);
  const cards = view.model.visible(column.key);
  const drag = view.drag;
  const line = dropLine(cards, column.key, drag);
  const lineTemplate = html`<li class="line" aria-hidden="true"></li>`;
  const rest = count - cards.length;
  // Properties, not attributes: no attribute set and parsed again per card.
  const card = (deal: Opportunity) => {
    const note = view.notes.get(deal.id);
    return html`${deal.id === line?.before ? lineTemplate : nothing}
      <li>
        <shoal-pipeline-card
          data-id=${deal.id}
          data-stage=${deal.stage}
          draggable="true"
          .deal=${deal}
          .customerName=${view.customerName(deal.customerId)}
          .owner=${view.person(deal.ownerId)}
          .stageKind=${column.kind}
          .nextStep=${view.nextStep(deal.id)}
          .rotDays=${column.rotDays}
          .heldBy=${view.held.get(deal.id)}
          .note=${note?.text ?? ''}
          .noteKind=${note?.kind ?? 'info'}
          ?dragging=${drag?.id === deal.id}
          ?highlight=${view.highlighted.has(deal.id)}
          .tabbable=${deal.id === view.activeId}
        ></shoal-pipeline-card>
      </li>`;
  };
  return html`<section
    class="column ${line ? 'drop-target' : ''}"
    data-stage=${column.key}
    aria-labelledby="col-${column.key}"
    style=${styleMap({ '--stage-color': stageColor(column.key, view.model.columns) })}
  >
    <header>
      <div class="title-row">
        <h2 id="col-${column.key}">${column.name}</h2>
        <span class="count" aria-hidden="true">${count}</span>
        ${column.kind === 'open'
          ? html`<button type="button" class="add" aria-label="New deal in ${column.name}" title="New deal in ${column.name}" @click=${() => view.onNewDeal(column)}>
              <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="currentColor">
                <path d="M10 3.5a.9.9 0 0 1 .9.9v4.7h4.7a.9.9 0 0 1 0 1.8h-4.7v4.7a.9.9 0 0 1-1.8 0v-4.7H4.4a.9.9 0 0 1 0-1.8h4.7V4.4a.9.9 0 0 1 .9-.9z" />
              </svg>
            </button>`
          : nothing}
      </div>
      <p class="stats" data-count=${count} data-total=${total}>
        <span class="total" title=${money(total)}>${compactMoney(total)}</span>
        <span>${plural(count, 'deal', 'deals')}${column.kind === 'open' ? ` · ${column.probability}%` : ''}</span>
      </p>
    </header>
    <ol class="cards" aria-labelledby="col-${column.key}">
      ${repeat(cards.length > view.cardsShown ? cards.slice(0, view.cardsShown) : cards, (deal) => deal.id, card)}
      ${line?.atEnd ? lineTemplate : nothing}
      ${cards.length === 0 && !line ? html`<li class="empty">${drag ? 'Drop here' : 'No deals'}</li>` : nothing}
    </ol>
    ${column.nextCursor && rest > 0
      ? html`<button type="button" class="more small" ?disabled=${view.loadingMore.has(column.key)} @click=${() => view.onMore(column)}>
          ${view.loadingMore.has(column.key) ? 'Loading…' : `Show ${rest} more`}
        </button>`
      : nothing}
  </section>`;
}

/** What went wrong when the board could not load, with a way to try again. */
export function boardLoadError(error: unknown, retry: () => void) {
  return html`<div class="state" role="alert">
    <h2>We couldn't load the pipeline</h2>
    <p>${describeError(error)}</p>
    <button type="button" class="primary retry" @click=${retry}>Try again</button>
  </div>`;
}

/** The grey columns shown while the board loads. */
export function boardSkeleton() {
  return html`<div class="board skeleton" role="status" aria-label="Loading the pipeline">
    ${Array.from(
      { length: 6 },
      (_, i) => html`<div class="column" style="padding: 0.75rem">
        <div style="display: grid; gap: 0.5rem">${Array.from({ length: 4 - (i % 3) }, () => html`<div class="card-skel"></div>`)}</div>
      </div>`,
    )}
  </div>`;
}

/** What the board's grid hands on: drag and drop, focus moves, and the cards' keyboard and menu events. */
export interface BoardWiring {
  drag: DragController;
  focus: FocusController;
  onCardMove: (event: CustomEvent<CardMoveDetail>) => void;
  onCardFocus: (event: CustomEvent<CardFocusDetail>) => void;
  onCardMenu: (event: CustomEvent<CardMenuDetail>) => void;
}

/** The board's columns side by side, with the drag, focus and card events wired on the grid (one listener each, not one per card). */
export function boardGrid(view: BoardViewState, wiring: BoardWiring) {
  const { drag, focus } = wiring;
  return html`<div
    class="board"
    @dragstart=${drag.onDragStart}
    @dragover=${drag.onDragOver}
    @dragleave=${drag.onDragLeave}
    @drop=${drag.onDrop}
    @dragend=${drag.onDragEnd}
    @pointerdown=${drag.onPointerDown}
    @shoal-card-move=${wiring.onCardMove}
    @shoal-card-focus=${wiring.onCardFocus}
    @focusin=${focus.onFocusIn}
    @shoal-card-menu=${wiring.onCardMenu}
  >
    ${view.model.columns.map((column) => boardColumn(view, column))}
  </div>`;
}

/** The board's title, its summary, and its tools (presence, pipeline, owner). */
export function boardHead(model: PipelineModel, loaded: boolean, tools: unknown) {
  return html`<div class="head">
    <div>
      <h1 id="pipeline-title" tabindex="-1">Pipeline</h1>
      <p class="subtitle">${boardSummary(model, loaded)}</p>
    </div>
    <div class="tools">${tools}</div>
  </div>`;
}

/** The open deals' count, total and weighted total under the title. */
export function boardSummary(model: PipelineModel, loaded: boolean) {
  if (!loaded) return 'Loading…';
  let count = 0;
  let total = 0;
  let weighted = 0;
  for (const column of model.columns) {
    if (column.kind !== 'open') continue;
    const stats = model.stats(column.key);
    count += stats.count;
    total += stats.total;
    weighted += (stats.total * column.probability) / 100;
  }
  return html`<strong>${plural(count, 'open deal', 'open deals')}</strong> · <strong>${compactMoney(total)}</strong> in the pipeline ·
    <strong>${compactMoney(weighted)}</strong> weighted`;
}

/** Who else is on the board, and which cards colleagues are dragging right now (by card id). */
export function presenceOnBoard(entries: readonly PresenceEntry[], me: string | undefined): { present: CardPerson[]; held: Map<string, CardPerson> } {
  const people = new Map<string, CardPerson>();
  const held = new Map<string, CardPerson>();
  for (const entry of entries) {
    if (entry.actor.id === me) continue;
    const person = { id: entry.actor.id, name: entry.actor.name, color: entry.color };
    people.set(person.id, person);
    if (entry.editing) held.set(entry.editing, person);
  }
  return { present: [...people.values()], held };
}

/** The colleagues also on the board, as avatars. */
export const boardPresence = (present: readonly CardPerson[]) => alsoHere(present, 'on the board');

/** The owner filter: everyone, mine, or one colleague. */
export function ownerFilter(users: readonly User[], me: User | undefined, filter: string, onChange: (filter: string) => void) {
  const others = users.filter((u) => u.active && u.id !== me?.id);
  return html`<div class="filter">
    <label for="owner">Owner</label>
    <select id="owner" .value=${filter} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${filter === ''}>Everyone</option>
      <option value="mine" ?selected=${filter === 'mine'}>Mine</option>
      ${others.map((u) => html`<option value=${u.id} ?selected=${filter === u.id}>${u.name}</option>`)}
    </select>
  </div>`;
}
