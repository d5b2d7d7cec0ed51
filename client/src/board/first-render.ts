/**
 * Cards per column in the first frame: as many as the screen can show (a card is at least
 * ~100 px high); the rest follow this many at a time in the frames after, so the board appears
 * without waiting for every card's element.
 */
export const cardsPerFrame = (): number => Math.max(4, Math.ceil((globalThis.innerHeight || 900) / 100));

/** Calls `then` once the browser has painted the next frame. */
export function afterNextPaint(then: () => void): void {
  requestAnimationFrame(() => {
    const after = new MessageChannel();
    after.port1.onmessage = () => then();
    after.port2.postMessage(undefined);
  });
}
