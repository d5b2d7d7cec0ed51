import type { ChangeEventOf } from '../../../shared/events.js';
import type { Opportunity, Pipeline } from '../../../shared/opportunity.js';
import type { StageKind } from '../../../shared/stage.js';
import { DEFAULT_PIPELINE_ID } from '../../../shared/stages.js';
import { compareCards, neighboursAt, rankBetween } from './order.js';

/** One column of the board as the model keeps it: the stage, its count and total, and whether it has more cards. */
export interface BoardColumn {
  key: string;
  name: string;
  kind: StageKind;
  probability: number;
  /** Days without activity after which an open deal here is rotting. */
  rotDays?: number | undefined;
  count: number;
  total: number;
  /** Cursor of the column's next cards, while not all of them are loaded. */
  nextCursor?: string | undefined;
}

/** Where a card sits: its stage and its rank in that column. */
export interface Place {
  stage: string;
  rank: string;
}

/** What applying a change did. */
export interface Applied {
  /** The board changed. */
  applied: boolean;
  /** Counts or totals could not be kept exact from this change alone: refetch the board. */
  refetch: boolean;
  /** The card before the change (when it was known). */
  before?: Opportunity | undefined;
}

/** Fields of a deal that count in a column's count and total, or decide its column. */
const COUNTED = ['stage', 'amount', 'ownerId', 'currency', 'pipelineId'];

const cents = (amount: number) => Math.round(amount * 100);

/**
 * The state of the pipeline board, with no DOM: the columns with their counts and totals, every
 * card the board knows (as the server last confirmed it), and where in-flight moves put cards
 * until the server answers. A column shows its known cards in rank order, up to the last card
 * loaded while the rest of the column is not loaded yet. Changes apply only when their version
 * is newer than the card's, so every board that hears the same changes ends in the same order.
 */
export class PipelineModel {
  /** The columns in board order. */
  columns: BoardColumn[] = [];
  /** Cards as the server last confirmed them, by id. */
  readonly cards = new Map<string, Opportunity>();
  /** Where this board's in-flight moves put cards, by id. */
  readonly pending = new Map<string, Place>();
  /** Only this owner's deals count (undefined: everyone's). */
  ownerId: string | undefined;
  /** The pipeline shown: deals of other pipelines are not on this board. */
  pipelineId = DEFAULT_PIPELINE_ID;
  /** The last card loaded of each column that has more. */
  readonly #boundary = new Map<string, { rank: string; id: string }>();

  /** Replaces the board with a fresh answer of `GET /api/pipeline`; in-flight moves stay. */
  load(pipeline: Pipeline, ownerId: string | undefined): void {
    this.ownerId = ownerId;
    this.pipelineId = pipeline.pipelineId ?? DEFAULT_PIPELINE_ID;
    this.cards.clear();
    this.#boundary.clear();
    this.columns = pipeline.stages.map(({ opportunities, ...column }) => {
      for (const card of opportunities) this.cards.set(card.id, card);
      const last = opportunities.at(-1);
      if (column.nextCursor && last) this.#boundary.set(column.key, { rank: last.rank, id: last.id });
      return { key: column.key, name: column.name, kind: column.kind, probability: column.probability, rotDays: column.rotDays, count: column.count, total: column.total, nextCursor: column.nextCursor };
    });
  }

  /** Adds the next cards of a column (from `GET /api/opportunities?stage=&sort=rank`). */
  appendPage(stage: string, items: Opportunity[], nextCursor: string | undefined): void {
    const column = this.column(stage);
    if (!column) return;
    for (const card of items) {
      const known = this.cards.get(card.id);
      if (!known || known.version < card.version) this.cards.set(card.id, card);
    }
    column.nextCursor = nextCursor;
    const last = items.at(-1);
    if (nextCursor && last) this.#boundary.set(stage, { rank: last.rank, id: last.id });
    else this.#boundary.delete(stage);
  }

  /** The column of a stage, with its server count and total. */
  column(stage: string): BoardColumn | undefined {
    return this.columns.find((c) => c.key === stage);
  }

  /** Whether a deal belongs on this board (its pipeline, and the owner filter). */
  matches(card: Opportunity): boolean {
    return (card.pipelineId ?? DEFAULT_PIPELINE_ID) === this.pipelineId && (this.ownerId === undefined || card.ownerId === this.ownerId);
  }

  /** Where a card shows: where an in-flight move put it, or where the server has it. */
  placeOf(id: string): Place | undefined {
    const card = this.cards.get(id);
    return this.pending.get(id) ?? (card ? { stage: card.stage, rank: card.rank } : undefined);
  }

  /** The cards a column shows, in board order, each with the stage and rank it shows at. */
  visible(stage: string): Opportunity[] {
    const list: Opportunity[] = [];
    for (const card of this.cards.values()) {
      if (!this.matches(card)) continue;
      const place = this.pending.get(card.id);
      if ((place?.stage ?? card.stage) !== stage) continue;
      list.push(place ? { ...card, stage: place.stage, rank: place.rank } : card);
    }
    list.sort(compareCards);
    const boundary = this.column(stage)?.nextCursor ? this.#boundary.get(stage) : undefined;
    return boundary ? list.filter((card) => compareCards(card, boundary) <= 0) : list;
  }

  /** Count and total of a column as shown: the server's, with in-flight moves applied. */
  stats(stage: string): { count: number; total: number } {
    const column = this.column(stage);
    let count = column?.count ?? 0;
    let total = cents(column?.total ?? 0);
    for (const [id, place] of this.pending) {
      const card = this.cards.get(id);
      if (!card || !this.matches(card) || card.stage === place.stage) continue;
      if (card.stage === stage) {
        count--;
        total -= cents(card.amount);
      } else if (place.stage === stage) {
        count++;
        total += cents(card.amount);
      }
    }
    return { count, total: total / 100 };
  }

  /** The neighbours a card lands between at `index` of a column's shown cards (the card itself left out). */
  neighbours(stage: string, index: number, movingId: string): { afterId?: string; beforeId?: string } {
    return neighboursAt(this.visible(stage), index, movingId);
  }

  /** Shows a card where a move is about to put it, until the server answers. */
  setPending(id: string, stage: string, afterId: string | undefined, beforeId: string | undefined): void {
    const rankOf = (other: string | undefined) => (other ? this.placeOf(other)?.rank : undefined);
    this.pending.set(id, { stage, rank: rankBetween(rankOf(afterId), rankOf(beforeId)) });
  }

  /** Forgets where an in-flight move put a card: it shows where the server has it. */
  clearPending(id: string): void {
    this.pending.delete(id);
  }

  /** A card as the server answered it (a move, a create): kept when newer than the known one. */
  applyCard(card: Opportunity, created = false): boolean {
    const before = this.cards.get(card.id);
    if (before && before.version >= card.version) return false;
    if (before) this.#count(before, -1);
    if (before || created) this.#count(card, +1);
    this.cards.set(card.id, card);
    return true;
  }

  /** A change of a deal from the live connection (or the event log). */
  applyEvent(event: ChangeEventOf<'opportunity'>): Applied {
    const before = this.cards.get(event.id);
    if (event.op === 'deleted') {
      if (this.remove(event.id)) return { applied: true, refetch: false, before };
      // Not loaded here: it may still have counted in a column, unless the filter left it out.
      const gone = event.data;
      return { applied: false, refetch: !gone || this.matches(gone) };
    }
    const next = event.data;
    if (!next || (before && before.version >= event.version)) return { applied: false, refetch: false, before };
    const card: Opportunity = { ...next, version: Math.max(next.version ?? 0, event.version) };
    let refetch = false;
    if (before) {
      this.#count(before, -1);
      this.#count(card, +1);
    } else if (event.op === 'created' || event.op === 'restored') {
      this.#count(card, +1);
    } else {
      // A card this board never loaded changed: its old column is unknown, so only a refetch
      // keeps counts exact, unless nothing that counts changed, or the filter leaves it out.
      const counted = event.op === 'moved' || !event.fields || event.fields.some((f) => COUNTED.includes(f));
      // A deal of another pipeline counts here only if it just left this one.
      const ownerChanged = !event.fields || event.fields.includes('ownerId');
      const pipelineChanged = !event.fields || event.fields.includes('pipelineId');
      const here = (card.pipelineId ?? DEFAULT_PIPELINE_ID) === this.pipelineId;
      refetch = counted && (this.matches(card) || (here && ownerChanged) || pipelineChanged);
    }
    this.cards.set(event.id, card);
    return { applied: true, refetch, before };
  }

  /** Takes a card off the board (deleted), with its count and amount; answers whether it was there. */
  remove(id: string): boolean {
    this.pending.delete(id);
    const card = this.cards.get(id);
    if (!card) return false;
    this.#count(card, -1);
    this.cards.delete(id);
    return true;
  }

  /** Removes the deals of a deleted customer (their counts come back with a refetch). */
  removeCustomer(customerId: string): boolean {
    let removed = false;
    for (const [id, card] of this.cards) {
      if (card.customerId !== customerId) continue;
      this.#count(card, -1);
      this.cards.delete(id);
      this.pending.delete(id);
      removed = true;
    }
    return removed;
  }

  #count(card: Opportunity, sign: 1 | -1): void {
    if (!this.matches(card)) return;
    const column = this.column(card.stage);
    if (!column) return;
    column.count += sign;
    column.total = (cents(column.total) + sign * cents(card.amount)) / 100;
  }
}
