import { describe, expect, it } from 'vitest';
import { DealColumns, type DealFact } from '../../server/dashboard/deal-columns.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';

const fact = (customerId: string, path: [string, number][]): DealFact => ({
  version: path.length,
  customerId,
  ownerId: 'owner',
  stage: path.at(-1)![0],
  amountCents: 100,
  probability: 10,
  createdAt: path[0]![1],
  path,
});

describe('DealColumns', () => {
  it('keeps every deal path through moves, deletes, reused slots and the packing of the path arrays', () => {
    const columns = new DealColumns();
    const expected = new Map<string, [string, number][]>();
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
    const stage = () => DEFAULT_STAGES[Math.floor(random() * DEFAULT_STAGES.length)]!.key;
    // Enough deals and moves that the path arrays fill up, get packed and grow more than once.
    for (let step = 0; step < 20_000; step++) {
      const id = `d${Math.floor(random() * 3_000)}`;
      const known = expected.get(id);
      const r = random();
      if (known && r < 0.1) {
        columns.delete(id);
        expected.delete(id);
      } else if (known) {
        // Built from what the columns hold, as SalesFacts.apply does, so a damaged path shows.
        const path: [string, number][] = [...columns.get(id)!.path, [stage(), step]];
        columns.set(id, fact(`c${id}`, path));
        expected.set(id, path);
      } else {
        const path: [string, number][] = [[stage(), step]];
        columns.set(id, fact(`c${id}`, path));
        expected.set(id, path);
      }
    }
    expect(columns.size).toBe(expected.size);
    for (const [id, path] of expected) {
      const got = columns.get(id)!;
      expect(got.path).toEqual(path);
      expect(got.stage).toBe(path.at(-1)![0]);
    }
    // A deleted customer's deals go with it.
    const [someId] = expected.keys();
    columns.deleteCustomer(`c${someId}`);
    expect(columns.get(someId!)).toBeUndefined();
    expect(columns.size).toBe(expected.size - 1);
  });

  it('gives a reused slot fresh path room after the path arrays were packed', () => {
    const columns = new DealColumns();
    const long = (n: number): [string, number][] => Array.from({ length: n }, (_, k) => [DEFAULT_STAGES[k % 4]!.key, k]);
    columns.set('first', fact('a', long(3)));
    columns.set('gone', fact('a', long(3)));
    for (let i = 0; i < 100; i++) columns.set(`filler${i}`, fact('b', long(10)));
    columns.delete('gone');
    // Longer paths no longer fit where they are: the path arrays fill up and are packed, and a
    // filler's path now starts where 'gone's did.
    for (let i = 0; i < 100; i++) columns.set(`filler${i}`, fact('b', long(30)));
    columns.set('new', fact('c', [['won', 99]]));
    expect(columns.get('first')!.path).toEqual(long(3));
    expect(columns.get('new')!.path).toEqual([['won', 99]]);
    for (let i = 0; i < 100; i++) expect(columns.get(`filler${i}`)!.path).toEqual(long(30));
  });
});
