import { describe, expect, it } from 'vitest';
import { insertInOrder } from '../../server/lib/in-order.js';

// The first few of many, picked by insertInOrder, are the sort's first few (the dashboard's top
// customers and the read model's selected pages rely on it).
describe('insertInOrder', () => {
  it('keeps the first `take` of a total order, as sorting everything and slicing would, ties broken by the order', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 300);
      // Few distinct values, so many ties: the order breaks them by index, as the dashboard does by id.
      const value = Array.from({ length: n }, () => Math.floor(random() * 8));
      const order = (a: number, b: number) => value[b]! - value[a]! || a - b;
      const take = 1 + Math.floor(random() * 12);
      const best: number[] = [];
      for (let i = 0; i < n; i++) insertInOrder(best, i, order, take);
      const all = Array.from({ length: n }, (_, i) => i).sort(order);
      expect(best, `round ${round}`).toEqual(all.slice(0, take));
    }
  });
});
