/**
 * The board's height (its columns scroll inside it): the screen's less the header and the
 * board's title above it, never under `BOARD_MIN_REM`. The board's styles use these numbers.
 */
export const BOARD_CHROME_REM = 12.25;
export const BOARD_MIN_REM = 26;
/** A column's title, count and total above its cards. */
const COLUMN_HEAD_REM = 4.5;
/** The smallest card (name, customer, amount) with the gap under it. */
const SMALLEST_CARD_REM = 5.75;

/**
 * Cards per column in the first frame: as many as a column shows on this screen (its height
 * over the smallest card's, so a screenful of short cards is full too); the rest follow this
 * many at a time in the frames after, so the board appears without waiting for every card's
 * element.
 */
export function cardsPerFrame(innerHeight: number = globalThis.innerHeight || 900): number {
  const rem = 16;
  const board = Math.max(BOARD_MIN_REM * rem, innerHeight - BOARD_CHROME_REM * rem);
  return Math.max(6, Math.ceil((board - COLUMN_HEAD_REM * rem) / (SMALLEST_CARD_REM * rem)));
}

/** Calls `then` once the browser has painted the next frame. */
export function afterNextPaint(then: () => void): void {
  requestAnimationFrame(() => {
    const after = new MessageChannel();
    after.port1.onmessage = () => then();
    after.port2.postMessage(undefined);
  });
}
