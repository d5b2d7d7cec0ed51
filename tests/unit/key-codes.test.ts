import { describe, expect, it } from 'vitest';
import { KeyCodes } from '../../server/read-model/storage.js';

/** Blocks handed back in order, as a checkpoint file hands them. */
function sink() {
  const blocks: Uint8Array[] = [];
  return {
    bytes: async (data: Uint8Array) => void blocks.push(Buffer.from(data)),
    parts: async () => undefined,
    source: () => {
      let i = 0;
      return { bytes: async () => Buffer.from(blocks[i++]!) };
    },
  };
}

describe('key codes', () => {
  it('numbers keys as a Map would, in the order first added, any script and lone surrogates too, and reads back its checkpoint', async () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const odd = ['', 'ü', 'Zoë Müller – 東京 🐟', 'lone \ud800', 'lone \udc00', '\ufffd', 'lone \ufffd', '\u0000', 'customerId\u000065a1b2c3d4e5f60718293a4b', '\u00ff"json"'];
    const codes = new KeyCodes();
    const expected = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const key = i < odd.length ? odd[i]! : rnd() < 0.5 && expected.size ? [...expected.keys()][Math.floor(rnd() * Math.min(expected.size, 500))]! : `contactId\u0000${Math.floor(rnd() * 1e9).toString(16)}`;
      expect(codes.get(key)).toBe(expected.get(key));
      const code = codes.add(key);
      if (!expected.has(key)) expected.set(key, expected.size);
      expect(code).toBe(expected.get(key));
    }
    expect(codes.size).toBe(expected.size);
    expect(codes.has('never added')).toBe(false);
    for (const [key, code] of expected) expect(codes.keyOf(code)).toBe(key);

    const out = sink();
    await codes.write(out);
    const read = await KeyCodes.read(out.source());
    const copy = new KeyCodes();
    for (let code = 0; code < codes.size; code += 2) copy.copyFrom(codes, code);
    for (const [key, code] of expected) {
      expect(read.get(key)).toBe(code);
      expect(copy.get(key)).toBe(code % 2 ? undefined : code / 2);
    }
    // Read back, it takes new keys as before.
    expect(read.add('a new one')).toBe(expected.size);
    expect(read.keyOf(expected.size)).toBe('a new one');
    expect(read.get(odd[2]!)).toBe(2);
  });

  it('refuses a checkpoint whose starts and bytes differ or that holds a key twice', async () => {
    const twice = sink();
    await twice.bytes(Buffer.from('abab'));
    await twice.bytes(new Uint8Array(Uint32Array.from([0, 2, 4]).buffer));
    await expect(KeyCodes.read(twice.source())).rejects.toThrow(/twice/);
    const short = sink();
    await short.bytes(Buffer.from('abc'));
    await short.bytes(new Uint8Array(Uint32Array.from([0, 2]).buffer));
    await expect(KeyCodes.read(short.source())).rejects.toThrow(/differ/);
  });
});
