import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../server/read-model/id-index.js';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Blocks handed back in order, as a checkpoint file hands them. */
function sink() {
  const blocks: Uint8Array[] = [];
  return {
    blocks,
    bytes: async (data: Uint8Array) => void blocks.push(Buffer.from(data)),
    parts: async () => undefined,
    source: () => {
      let i = 0;
      return { bytes: async () => Buffer.from(blocks[i++]!) };
    },
  };
}

describe('id index', () => {
  it('finds what a Map finds through a random run of binds and unbinds, ObjectIds and other ids alike, and orders ids as text', async () => {
    const rnd = random(5);
    // Ids that share their first bytes, as ObjectIds made in one second by one process do; a few that only look like them.
    const hex = () => `65a1b2c3d4e5f6${Math.floor(rnd() * 2 ** 40).toString(16).padStart(10, '0')}`;
    const odd = () => [`a${Math.floor(rnd() * 1000)}`, `65A1B2C3D4E5F60718293A4${Math.floor(rnd() * 10)}`, `65a1b2c3d4e5f60718293a4`, `65a1b2c3d4e5f60718293a4bb`, ''][Math.floor(rnd() * 5)]!;
    const ids = new IdIndex();
    const expected = new Map<string, number>();
    const idOf: string[] = [];
    for (let slot = 0; slot < 30_000; slot++) {
      const id = rnd() < 0.05 ? odd() : rnd() < 0.3 && idOf.length ? idOf[Math.floor(rnd() * idOf.length)]! : hex();
      // A put: the id's old slot (if live) is unbound, the new slot takes the id and is bound.
      const old = expected.get(id);
      expect(ids.find(id)).toBe(old ?? -1);
      if (old !== undefined) ids.unbind(old);
      ids.setId(slot, id);
      ids.bind(slot);
      expected.set(id, slot);
      idOf.push(id);
      // A delete, now and then.
      if (rnd() < 0.2) {
        const gone = idOf[Math.floor(rnd() * idOf.length)]!;
        const at = expected.get(gone);
        if (at !== undefined) ids.unbind(at), expected.delete(gone);
      }
    }
    expect(ids.size).toBe(expected.size);
    for (const [id, slot] of expected) {
      expect(ids.find(id)).toBe(slot);
      expect(ids.idAt(slot)).toBe(id);
    }
    for (let slot = 0; slot < idOf.length; slot++) expect(ids.idAt(slot)).toBe(idOf[slot]);
    expect(ids.find('65a1b2c3d4e5f6ffffffffff')).toBe(-1);
    expect(ids.find('nope')).toBe(-1);
    for (let k = 0; k < 2000; k++) {
      const a = Math.floor(rnd() * idOf.length);
      const b = Math.floor(rnd() * idOf.length);
      const text = idOf[a]! < idOf[b]! ? -1 : idOf[a]! > idOf[b]! ? 1 : 0;
      expect(ids.compare(a, b)).toBe(text);
      expect(Math.sign(ids.compareWith(a, idOf[b]!))).toBe(text);
    }

    // Renumbered (a compaction) and written and read back (a checkpoint): the live ids as slots 0, 1, ...
    const live = Int32Array.from([...expected.values()].sort((x, y) => x - y));
    const gathered = ids.gather(live);
    const out = sink();
    await ids.write(out, live);
    const read = await IdIndex.read(out.source(), live.length);
    for (const copy of [gathered, read]) {
      expect(copy.size).toBe(live.length);
      live.forEach((slot, i) => {
        expect(copy.idAt(i)).toBe(idOf[slot]);
        expect(copy.find(idOf[slot]!)).toBe(i);
      });
    }
  });

  it('refuses a checkpoint with an id twice or of another length', async () => {
    const ids = new IdIndex();
    ['65a1b2c3d4e5f60718293a4b', 'x', '65a1b2c3d4e5f60718293a4b', 'x'].forEach((id, slot) => ids.setId(slot, id));
    const out = sink();
    await ids.write(out, Int32Array.from([0, 1, 2]));
    await expect(IdIndex.read(out.source(), 3)).rejects.toThrow(/twice/);
    const again = sink();
    await ids.write(again, Int32Array.from([1, 3]));
    await expect(IdIndex.read(again.source(), 2)).rejects.toThrow(/twice/);
    const short = sink();
    await ids.write(short, Int32Array.from([0]));
    await expect(IdIndex.read(short.source(), 2)).rejects.toThrow(/counts/);
  });
});
