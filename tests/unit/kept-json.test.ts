import { describe, expect, it } from 'vitest';
import { KeptJson } from '../../server/read-model/kept-json.js';

describe('kept JSON texts', () => {
  it('keeps texts by slot up to its size, the oldest going first, and none longer than the whole', () => {
    const kept = new KeptJson(10);
    kept.keep(1, 'aaaa');
    kept.keep(2, 'bbbb');
    expect([kept.get(1), kept.get(2), kept.size]).toEqual(['aaaa', 'bbbb', 8]);
    kept.keep(3, 'cccc');
    expect([kept.get(1), kept.get(2), kept.get(3), kept.size]).toEqual([undefined, 'bbbb', 'cccc', 8]);
    kept.keep(4, 'x'.repeat(11));
    expect([kept.get(4), kept.size]).toEqual([undefined, 8]);
    kept.clear();
    expect([kept.get(2), kept.size]).toEqual([undefined, 0]);
  });
});
