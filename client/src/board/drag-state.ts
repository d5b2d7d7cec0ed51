/** Where a dragged card would land: a column and an index among its other cards. */
export interface DropTarget {
  stage: string;
  index: number;
}

/** A column as drag and drop sees it: its horizontal extent and its cards' vertical middles, top to bottom. */
export interface ColumnBox {
  stage: string;
  left: number;
  right: number;
  /** The middle (y) of each card, the dragged card left out. */
  middles: readonly number[];
}

/** The card being dragged on this board, and where it would land. */
export interface DragState {
  id: string;
  target?: DropTarget | undefined;
}

/** How long a finger rests on a card before it lifts (shorter moves scroll the board). */
export const LONG_PRESS_MS = 350;
/** A finger that moves further than this before the long press is scrolling, not dragging. */
export const TOUCH_SLOP_PX = 10;
/** A click this soon after a touch drag ended belongs to the drag, not a request for the menu. */
export const CLICK_AFTER_TOUCH_MS = 600;

/** The column and index under a point: before the first card whose middle is below it. */
export function dropTargetAt(columns: readonly ColumnBox[], x: number, y: number): DropTarget | undefined {
  const column = columns.find((c) => x >= c.left && x <= c.right);
  if (!column) return undefined;
  const index = column.middles.findIndex((middle) => y < middle);
  return { stage: column.stage, index: index < 0 ? column.middles.length : index };
}

/** Whether two targets are the same place (both missing counts as the same). */
export function sameTarget(a: DropTarget | undefined, b: DropTarget | undefined): boolean {
  return a?.stage === b?.stage && a?.index === b?.index;
}

/** The drag after the pointer moved over `target`: the same object when nothing changed (no render). */
export function retarget(drag: DragState, target: DropTarget | undefined): DragState {
  return sameTarget(drag.target, target) ? drag : { id: drag.id, target };
}

/**
 * Where a column draws the drop line: before the card with id `before`, or after its last
 * card (`atEnd`). Nothing when the drag is not over this column.
 */
export function dropLine(cards: readonly { id: string }[], stage: string, drag: DragState | undefined): { before?: string; atEnd: boolean } | undefined {
  const target = drag?.target?.stage === stage ? drag.target : undefined;
  if (!drag || !target) return undefined;
  const others = cards.filter((c) => c.id !== drag.id);
  const before = others[target.index]?.id;
  return { ...(before ? { before } : {}), atEnd: target.index >= others.length };
}

/** Whether a finger that moved (dx, dy) before the long press is scrolling instead. */
export function isScroll(dx: number, dy: number): boolean {
  return Math.hypot(dx, dy) > TOUCH_SLOP_PX;
}
