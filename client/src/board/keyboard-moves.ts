import type { PipelineModel } from './board-model.js';

/** Where a rep asked to move a card from the keyboard. */
export type CardDirection = 'up' | 'down' | 'left' | 'right' | 'top' | 'bottom';

/** A move the board is asked to make: a card, its new stage and its new neighbours there. */
export interface PendingMove {
  id: string;
  stage: string;
  afterId?: string | undefined;
  beforeId?: string | undefined;
  /** Put the focus back on the card afterwards (keyboard and menu moves). */
  focus: boolean;
}

/** What a key press on a card asks for: a move, or a sentence saying why nothing moves. */
export type KeyMovePlan = { move: PendingMove } | { say: string };

const MOVE_KEYS: Record<string, CardDirection> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'top',
  End: 'bottom',
};

/** The move direction a key names (arrows, Home, End), if any. */
export function moveDirectionOf(key: string): CardDirection | undefined {
  return MOVE_KEYS[key];
}

/**
 * The move a direction asks for: up and down in the card's column, top and bottom of it, left
 * and right to the neighbouring stage at the same position (clamped). At an edge nothing
 * moves and the plan says why.
 */
export function planKeyMove(model: PipelineModel, id: string, direction: CardDirection): KeyMovePlan | undefined {
  const place = model.placeOf(id);
  const card = model.cards.get(id);
  if (!place || !card) return undefined;
  const columns = model.columns;
  const ci = columns.findIndex((c) => c.key === place.stage);
  const list = model.visible(place.stage);
  const i = list.findIndex((c) => c.id === id);
  const stageName = columns[ci]?.name ?? place.stage;
  const within = (index: number): KeyMovePlan => ({ move: { id, stage: place.stage, ...model.neighbours(place.stage, index, id), focus: true } });
  switch (direction) {
    case 'up':
    case 'top':
      if (i <= 0) return { say: `${card.name} is already at the top of ${stageName}.` };
      return within(direction === 'up' ? i - 1 : 0);
    case 'down':
    case 'bottom':
      if (i >= list.length - 1) return { say: `${card.name} is already at the bottom of ${stageName}.` };
      return within(direction === 'down' ? i + 1 : list.length - 1);
    case 'left':
    case 'right': {
      const target = columns[ci + (direction === 'left' ? -1 : 1)];
      if (!target) return { say: `${card.name} is already in the ${direction === 'left' ? 'first' : 'last'} stage.` };
      const index = Math.min(Math.max(i, 0), model.visible(target.key).length);
      return { move: { id, stage: target.key, ...model.neighbours(target.key, index, id), focus: true } };
    }
  }
}

/** The move a "Move to" choice asks for: the top or the bottom of a stage. */
export function planMenuMove(model: PipelineModel, id: string, stage: string, position: 'top' | 'bottom'): PendingMove {
  const others = model.visible(stage).filter((c) => c.id !== id);
  return { id, stage, ...model.neighbours(stage, position === 'top' ? 0 : others.length, id), focus: true };
}

/**
 * Where the focus goes from a card (the board as a grid, columns of cards): up and down to
 * the card above or below, top and bottom to the first or last of its column, left and right
 * to the nearest column that way with cards, at the same position (clamped). Undefined at an
 * edge: the focus stays.
 */
export function focusTarget(columns: readonly (readonly { id: string }[])[], from: string, direction: CardDirection): string | undefined {
  const ci = columns.findIndex((cards) => cards.some((c) => c.id === from));
  const cards = columns[ci];
  if (!cards) return undefined;
  const i = cards.findIndex((c) => c.id === from);
  switch (direction) {
    case 'up':
      return cards[i - 1]?.id;
    case 'down':
      return cards[i + 1]?.id;
    case 'top':
      return i > 0 ? cards[0]?.id : undefined;
    case 'bottom':
      return i < cards.length - 1 ? cards.at(-1)?.id : undefined;
    case 'left':
    case 'right': {
      const step = direction === 'left' ? -1 : 1;
      for (let c = ci + step; c >= 0 && c < columns.length; c += step) {
        const next = columns[c]!;
        if (next.length > 0) return next[Math.min(i, next.length - 1)]!.id;
      }
      return undefined;
    }
  }
}

/** The board's one Tab stop: the card last focused while it is still shown, else the first card. */
export function tabStop(columns: readonly (readonly { id: string }[])[], activeId: string | undefined): string | undefined {
  if (activeId && columns.some((cards) => cards.some((c) => c.id === activeId))) return activeId;
  return columns.find((cards) => cards.length > 0)?.[0]?.id;
}
