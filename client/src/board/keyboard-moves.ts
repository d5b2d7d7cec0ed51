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
