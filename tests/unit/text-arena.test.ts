import { describe, expect, it } from 'vitest';
import { TextArena } from '../../server/read-model/storage.js';

describe('text arena', () => {
  it('gives back every text it was given, across chunks, in any script, one longer than a chunk too', () => {
    const arena = new TextArena();
    const texts: string[] = [];
    const placed: { address: number; length: number }[] = [];
    const samples = ['{"name":"Acme"}', 'Zoë Müller – 東京 🐟', '', 'x'.repeat(300_000)];
    for (let i = 0; i < 60; i++) {
      const text = i === 31 ? 'y'.repeat(TextArena.CHUNK + 17) : `${samples[i % samples.length]}#${i}`;
      texts.push(text);
      placed.push(arena.append(text));
    }
    texts.forEach((text, i) => {
      expect(arena.text(placed[i]!.address, placed[i]!.length)).toBe(text);
      expect(placed[i]!.length).toBe(Buffer.byteLength(text));
    });
    // Bytes copied into another arena (a compaction) read back the same.
    const copy = new TextArena();
    const moved = placed.map((p) => copy.appendBytes(arena.bytes(p.address, p.length)));
    texts.forEach((text, i) => expect(copy.text(moved[i]!, placed[i]!.length)).toBe(text));
    expect(arena.byteLength).toBeGreaterThanOrEqual(texts.reduce((n, t) => n + Buffer.byteLength(t), 0));
  });
});
