import { ApiError, describeError, type ShoalApi } from '../api.js';
import type { ChangeEventOf } from '../../../shared/events.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import { moveDeal, type MoveBody } from './board-api.js';
import type { PipelineModel } from './board-model.js';
import type { RecordStore } from '../data/record-store.js';
import type { NextStepController } from './next-step-controller.js';
import type { FeedbackController } from './feedback-controller.js';
import type { PendingMove } from './keyboard-moves.js';
import { MoveQueue } from './move-queue.js';
import { sitsBetween } from './order.js';

const NOTE_MS = 5_000;
const CONFLICT_NOTE_MS = 8_000;
/** A colleague's move this soon after one's own move of the same card counts as "at the same time". */
const CONCURRENT_MS = 2_000;

/** What the board gives its moves: the model, where to say things, and what to do around a change. */
export interface MoveContext {
  model: PipelineModel;
  feedback: FeedbackController;
  api(): ShoalApi | undefined;
  /** The signed-in user's id: whose changes are this board's own. */
  me(): string | undefined;
  /** Before the model changes (so the change can animate). */
  snapshot(): void;
  /** The card came in from elsewhere (it flies in). */
  arrive(id: string): void;
  /** The board must be fetched again. */
  refetch(): void;
  /** The deal is gone: the record store forgets it. */
  forget(id: string): void;
  /** Put the focus on this card after the next render. */
  focus(id: string): void;
  /** A move into a lost stage waits for the reason (then `commit(move, reason)`). */
  askLostReason(move: PendingMove): void;
  /** The board changed: render again. */
  update(): void;
}

/**
 * The board's moves and the live changes that meet them: a move shows at once and is sent
 * with `If-Match` (after the card's earlier moves), a colleague's change of a card this board
 * is moving settles it where the server has it with a note naming who won, and a failed move
 * says why. No DOM; the component gives it a `MoveContext`.
 */
export class BoardMoves {
  readonly #c: MoveContext;
  readonly #moves = new MoveQueue<Opportunity>();
  /** Who last moved each card, from the live changes. */
  readonly #lastMover = new Map<string, string>();
  /** Cards settled by a 412 before the winner's name was known. */
  readonly #unnamed = new Set<string>();

  constructor(context: MoveContext) {
    this.#c = context;
  }

  /** Applies a change of a deal; `live` when it just happened (notes, animation, announcement). */
  apply(event: ChangeEventOf<'opportunity'>, live: boolean): void {
    const id = event.id;
    const mine = event.actor.id === this.#c.me();
    const positional = event.op !== 'updated' || !event.fields || event.fields.includes('stage') || event.fields.includes('rank');
    const contested = !mine && positional && (this.#c.model.pending.has(id) || this.#moves.busy(id) || this.#moves.movedWithin(id, CONCURRENT_MS));
    if (!mine && positional) this.#lastMover.set(id, event.actor.name);
    const before = this.#c.model.placeOf(id);
    this.#c.snapshot();
    const result = this.#c.model.applyEvent(event);
    if (result.refetch) this.#c.refetch();
    if (!result.applied) {
      // A 412 settled this card before we knew who won: name them now.
      if (!mine && this.#unnamed.delete(id)) this.#c.feedback.note(id, { text: `${event.actor.name} moved this at the same time`, kind: 'conflict' }, CONFLICT_NOTE_MS);
      this.#c.update();
      return;
    }
    const card = this.#c.model.cards.get(id);
    if (contested && card) {
      this.#moves.drop(id);
      this.#c.model.clearPending(id);
      this.#settled(id, event.actor.name);
    } else if (!mine && live && card && event.op !== 'deleted' && positional) {
      const stage = this.#c.model.column(card.stage)?.name ?? card.stage;
      const verb = event.op === 'created' ? 'Added' : event.op === 'restored' ? 'Restored' : 'Moved';
      if (before?.stage !== card.stage) this.#c.arrive(id);
      this.#c.feedback.note(id, { text: `${verb} by ${event.actor.name}`, kind: 'info' }, NOTE_MS);
      this.#c.feedback.flash(id);
      this.#c.feedback.announce(event.op === 'created' ? `${event.actor.name} added ${card.name} to ${stage}.` : `${event.actor.name} moved ${card.name} to ${stage}.`);
    }
    this.#c.update();
  }

  /** A colleague's move of a card won over this board's: say so on the card. */
  #settled(id: string, winner: string | undefined): void {
    const card = this.#c.model.cards.get(id);
    if (!card) return;
    if (winner) this.#unnamed.delete(id);
    else this.#unnamed.add(id);
    const who = winner ?? 'Someone else';
    this.#c.arrive(id);
    this.#c.feedback.note(id, { text: `${who} moved this at the same time`, kind: 'conflict' }, CONFLICT_NOTE_MS);
    this.#c.feedback.flash(id);
    const stage = this.#c.model.column(card.stage)?.name ?? card.stage;
    this.#c.feedback.announce(`${who} moved ${card.name} at the same time. It stays in ${stage}, where they put it.`);
  }

  /** Asks for a move; a move into a lost stage first asks why. Nothing happens when the card would not move. */
  request(move: PendingMove): void {
    const place = this.#c.model.placeOf(move.id);
    const column = this.#c.model.column(move.stage);
    if (!place || !column) return;
    if (place.stage === move.stage && sitsBetween(this.#c.model.visible(move.stage), move.id, move.afterId, move.beforeId)) return;
    if (column.kind === 'lost' && place.stage !== move.stage) {
      this.#c.askLostReason(move);
      return;
    }
    this.commit(move);
  }

  /** Shows the move at once and sends it (after this card's earlier moves, if any are in flight). */
  commit(move: PendingMove, lostReason?: string): void {
    const api = this.#c.api();
    const card = this.#c.model.cards.get(move.id);
    if (!api || !card) return;
    this.#c.snapshot();
    this.#c.model.setPending(move.id, move.stage, move.afterId, move.beforeId);
    this.#c.feedback.clearNote(move.id);
    const body: MoveBody = { stage: move.stage, ...(move.afterId ? { afterId: move.afterId } : {}), ...(move.beforeId ? { beforeId: move.beforeId } : {}), ...(lostReason ? { lostReason } : {}) };
    const id = move.id;
    void this.#moves.enqueue(id, card.version, (base) => moveDeal(api, id, body, base), {
      moved: (moved, last) => {
        this.#c.snapshot();
        this.#c.model.applyCard(moved);
        if (last) this.#c.model.clearPending(id);
        this.#c.update();
      },
      failed: (error) => this.#moveFailed(id, error),
    });
    const list = this.#c.model.visible(move.stage);
    const position = list.findIndex((c) => c.id === move.id) + 1;
    const stage = this.#c.model.column(move.stage)?.name ?? move.stage;
    this.#c.feedback.announce(`Moved ${card.name} to ${stage}, position ${position} of ${list.length}.`);
    if (move.focus) this.#c.focus(move.id);
    this.#c.update();
  }

  #moveFailed(id: string, error: unknown): void {
    const card = this.#c.model.cards.get(id);
    const name = card?.name ?? 'The deal';
    this.#c.snapshot();
    this.#c.model.clearPending(id);
    if (error instanceof ApiError && error.status === 412 && error.problem.current) {
      this.#c.model.applyCard(error.problem.current as Opportunity);
      this.#settled(id, this.#lastMover.get(id));
    } else if (error instanceof ApiError && error.status === 404) {
      this.#c.model.remove(id);
      this.#c.forget(id);
      this.#c.feedback.toast(`${name} was deleted by someone else.`);
      this.#c.refetch();
    } else if (error instanceof ApiError && error.status === 422) {
      this.#c.feedback.toast(`The board changed while you moved ${name}; it is up to date again. Try the move once more.`);
      this.#c.refetch();
    } else {
      this.#c.feedback.toast(`Couldn't move ${name}. ${describeError(error)}`);
      this.#c.feedback.announce(`Couldn't move ${name}; it is back where it was.`);
    }
    this.#c.update();
  }
}

/**
 * The board's cards enter the store with the seq they reflect; the changes after it that the
 * live connection had already delivered (or delivers only now) count on the board: a deal's
 * through `moves`, a task's for the next steps. `current()`: this load is still the board's;
 * `failed()`: the changes in between could not be read (a fresh board has them).
 */
export function enterSnapshot(
  store: RecordStore,
  cards: Opportunity[],
  seq: number | undefined,
  o: { moves: BoardMoves; nextSteps: NextStepController; current: () => boolean; failed: () => void },
): void {
  store.snapshot('opportunity', cards, seq).then(
    (gap) => {
      if (!o.current()) return;
      for (const event of gap) if (event.entity === 'opportunity') o.moves.apply(event, true);
      // Task changes after the board's seq are in the store already; its next steps take them now.
      for (const event of gap) if (event.entity === 'task') o.nextSteps.onTask({ before: undefined, after: event.op === 'deleted' ? undefined : (event.data ?? undefined), event });
    },
    () => o.failed(),
  );
}
