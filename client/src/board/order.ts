import { generateKeyBetween } from 'fractional-indexing';

/** What board order needs of a card. */
export interface Ranked {
  id: string;
  rank: string;
}

/** Board order, as the server's: by rank, then by id (plain code-unit comparison, not locale). */
export function compareCards(a: Ranked, b: Ranked): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A rank that sorts right after `after` and right before `before` (either may be missing). */
export function rankBetween(after: string | undefined, before: string | undefined): string {
  try {
    if (after !== undefined && before !== undefined && after >= before) return generateKeyBetween(after, null);
    return generateKeyBetween(after ?? null, before ?? null);
  } catch {
    // Ranks this library did not make: any key between the two keeps the order locally.
    return `${after ?? ''}~`;
  }
}

/** The neighbours a card lands between at `index` of a column's cards, the moving card left out. */
export function neighboursAt(cards: readonly Ranked[], index: number, movingId: string): { afterId?: string; beforeId?: string } {
  const others = cards.filter((c) => c.id !== movingId);
  const after = others[index - 1];
  const before = others[index];
  return { ...(after ? { afterId: after.id } : {}), ...(before ? { beforeId: before.id } : {}) };
}

/** Whether a card already sits between `afterId` and `beforeId` in its column (a move there changes nothing). */
export function sitsBetween(cards: readonly Ranked[], id: string, afterId: string | undefined, beforeId: string | undefined): boolean {
  const i = cards.findIndex((c) => c.id === id);
  return i >= 0 && cards[i - 1]?.id === afterId && cards[i + 1]?.id === beforeId;
}
