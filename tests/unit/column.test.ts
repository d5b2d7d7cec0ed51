import { describe, expect, it } from 'vitest';
import { Column, type KeyValue } from '../../server/read-model/storage.js';

/** Blocks handed back in order, as a checkpoint file hands them. */
function roundTrip(column: Column, slots: Int32Array): Promise<Column> {
  const blocks: Uint8Array[] = [];
  const sink = { bytes: async (data: Uint8Array) => void blocks.push(Buffer.from(data)), parts: async () => undefined };
  return column.write(sink, slots).then(() => {
    let i = 0;
    return Column.read({ bytes: async () => Buffer.from(blocks[i++]!) });
  });
}

describe('column', () => {
  it('gives back every value it was given, as numbers, codes of repeated strings or plain values, through a renumbering and a checkpoint', async () => {
    let seed = 9;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const kinds: Record<string, (i: number) => KeyValue> = {
      numbers: (i) => (i % 7 ? i * 1.5 : undefined),
      repeated: (i) => (i % 5 ? `customer${Math.floor(rnd() * 300)}` : undefined),
      'numbers, then strings': (i) => (i < 50 ? undefined : `t${i % 3}`),
      'numbers, then a string after numbers': (i) => (i < 50 ? i : `s${i % 3}`),
      'strings, then a list': (i) => (i < 3000 ? `s${i % 9}` : ['a', `b${i % 4}`]),
      'strings that hardly repeat': (i) => `name ${i}`,
      'strings that repeat less and less': (i) => `v${i < 6000 ? i % 100 : i}`,
    };
    for (const [kind, valueOf] of Object.entries(kinds)) {
      const column = new Column();
      const expected: KeyValue[] = [];
      for (let slot = 0; slot < 12_000; slot++) {
        const v = valueOf(slot);
        expected.push(v);
        if (v !== undefined) column.set(slot, v);
      }
      expected.forEach((v, slot) => expect(column.get(slot), `${kind} at ${slot}`).toEqual(v));
      expect(column.get(50_000), kind).toBeUndefined();
      // Every third slot kept, renumbered from 0.
      const kept = Int32Array.from({ length: 4000 }, (_, i) => i * 3);
      for (const copy of [column.gather(kept), await roundTrip(column, kept)]) {
        kept.forEach((slot, i) => expect(copy.get(i), `${kind}: slot ${slot} as ${i}`).toEqual(expected[slot]));
        // It takes new values after, as before.
        copy.set(4000, 'later');
        expect(copy.get(4000)).toBe('later');
        expect(copy.get(3999)).toEqual(expected[kept[3999]!]);
      }
      expect(column.footprint()).toBeGreaterThan(0);
    }
  });

  it('keeps a repeated string once, and a number column as one array', () => {
    const column = new Column();
    for (let slot = 0; slot < 1000; slot++) column.set(slot, `owner-${slot % 3}`.slice(0));
    expect(column.get(3)).toBe(column.get(6));
    expect(column.numberArray()).toBeUndefined();
    const numbers = new Column();
    numbers.set(2, 5);
    expect(Array.from(numbers.numberArray()!.subarray(0, 3))).toEqual([NaN, NaN, 5]);
  });
});
