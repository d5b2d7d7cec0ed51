/**
 * Puts `item` into `best`, kept sorted by `order`, at its place, keeping only the first `take`:
 * the first few of many without sorting them all. `order` must be a total order (ties broken),
 * so the result is the sort's first `take`.
 */
export function insertInOrder(best: number[], item: number, order: (a: number, b: number) => number, take: number): void {
  // No better than the last of `take` kept: it would only be put at the end and dropped.
  if (best.length >= take && order(item, best[best.length - 1]!) >= 0) return;
  let lo = 0;
  let hi = best.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(best[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  best.splice(lo, 0, item);
  if (best.length > take) best.pop();
}
