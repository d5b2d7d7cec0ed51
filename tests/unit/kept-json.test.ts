import { describe, expect, it } from 'vitest';
import { KeptJson } from '../../server/read-model/kept-json.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const keep = (kept: KeptJson, slot: number, s: string) => {
  // From the middle of a larger buffer, as the table keeps what it just wrote into a body.
  const b = Buffer.concat([bytes('[,'), bytes(s), bytes(']')]);
  kept.keep(slot, b, 2, b.length - 1);
};

describe('kept JSON bytes', () => {
  it('keeps bytes by slot in two generations, the older emptied when the current one is full', () => {
    // Two generations of 12 bytes: a text of 4 bytes takes 8 (its length first).
    const kept = new KeptJson(24);
    keep(kept, 1, 'aaaa');
    expect([kept.text(1), kept.text(2)]).toEqual(['aaaa', undefined]);
    keep(kept, 2, 'bbbb');
    // 2 did not fit beside 1: it opened the other generation; both are kept.
    expect([kept.text(1), kept.text(2)]).toEqual(['aaaa', 'bbbb']);
    keep(kept, 3, 'cc');
    expect([kept.text(1), kept.text(2), kept.text(3)]).toEqual([undefined, 'bbbb', 'cc']);
    expect(kept.size).toBe(24);
  });

  it('finds a text as bytes, keeps none longer than a generation, and forgets all at clear', () => {
    const kept = new KeptJson(40);
    keep(kept, 7, 'zoë');
    const at = kept.find(7);
    expect(kept.found.subarray(at, kept.foundEnd).toString('utf8')).toBe('zoë');
    expect(kept.find(8)).toBe(-1);
    keep(kept, 9, 'x'.repeat(17));
    expect(kept.text(9)).toBeUndefined();
    kept.clear();
    expect([kept.text(7), kept.find(7)]).toEqual([undefined, -1]);
    keep(kept, 7, 'again');
    expect(kept.text(7)).toBe('again');
  });
});
