import { asBytes, grown, MAP_ENTRY, stringBytes, uint32s, utf8, type BlockSink, type BlockSource } from './storage.js';

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
const hex8 = (w: number) => w.toString(16).padStart(8, '0');

/**
 * The tables' record ids by slot, and the slot of each live id. An id of 24 lower-case hex
 * digits (every ObjectId) is kept as three 32-bit words per slot, big-endian, so words compare
 * as the text does; any other id (a test's `a1`) as its string, by slot. The slot of a live id
 * is found in an open-addressing hash table of slot numbers (linear probing, at most half full,
 * backward-shift deletion): about 24 bytes per record instead of a string and a Map entry (84).
 */
export class IdIndex {
  private words = new Uint32Array(0);
  private odd = new Map<number, string>();
  /** slot + 1 at each place, 0 where empty. */
  private places = new Int32Array(16);
  private count = 0;
  /** The words of the id looked for (`parse`). */
  private readonly probe = new Uint32Array(3);

  /** How many ids are bound (findable). */
  get size(): number {
    return this.count;
  }

  /** Gives `slot` its id (a new slot, not yet findable: `bind`). */
  setId(slot: number, id: string): void {
    this.words = grown(this.words, slot * 3 + 2);
    if (this.parse(id)) {
      this.words[slot * 3] = this.probe[0]!;
      this.words[slot * 3 + 1] = this.probe[1]!;
      this.words[slot * 3 + 2] = this.probe[2]!;
      if (this.odd.size) this.odd.delete(slot);
    } else this.odd.set(slot, id);
  }

  idAt(slot: number): string {
    if (this.odd.size) {
      const id = this.odd.get(slot);
      if (id !== undefined) return id;
    }
    const at = slot * 3;
    return hex8(this.words[at]!) + hex8(this.words[at + 1]!) + hex8(this.words[at + 2]!);
  }

  /** The slot bound to `id`, -1 for none. */
  find(id: string): number {
    const hex = this.parse(id);
    const mask = this.places.length - 1;
    for (let at = (hex ? this.hashWords(this.probe[0]!, this.probe[1]!, this.probe[2]!) : hashText(id)) & mask; ; at = (at + 1) & mask) {
      const held = this.places[at]!;
      if (held === 0) return -1;
      const slot = held - 1;
      if (hex ? this.holdsProbe(slot) : this.odd.get(slot) === id) return slot;
    }
  }

  /** Makes `slot` findable by its id (the caller knows no live slot has it). */
  bind(slot: number): void {
    if ((this.count + 1) * 2 > this.places.length) this.rehash(this.places.length * 2);
    const mask = this.places.length - 1;
    let at = this.home(slot) & mask;
    while (this.places[at] !== 0) at = (at + 1) & mask;
    this.places[at] = slot + 1;
    this.count++;
  }

  /** Makes `slot` no longer findable (its id stays readable by `idAt`). */
  unbind(slot: number): void {
    const mask = this.places.length - 1;
    let at = this.home(slot) & mask;
    while (this.places[at] !== slot + 1) {
      if (this.places[at] === 0) return;
      at = (at + 1) & mask;
    }
    // Backward shift: later entries of the run move up into the hole if their home allows.
    let hole = at;
    for (let next = (hole + 1) & mask; this.places[next] !== 0; next = (next + 1) & mask) {
      const home = this.home(this.places[next]! - 1) & mask;
      const stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (stays) continue;
      this.places[hole] = this.places[next]!;
      hole = next;
    }
    this.places[hole] = 0;
    this.count--;
  }

  /** Orders two slots by their ids as text. */
  compare(a: number, b: number): number {
    if (this.odd.size && (this.odd.has(a) || this.odd.has(b))) {
      const x = this.idAt(a);
      const y = this.idAt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const i = a * 3;
    const j = b * 3;
    const words = this.words;
    for (let k = 0; k < 3; k++) if (words[i + k] !== words[j + k]) return words[i + k]! < words[j + k]! ? -1 : 1;
    return 0;
  }

  /** Orders a slot's id against `id`, as text. */
  compareWith(slot: number, id: string): number {
    const x = this.idAt(slot);
    return x < id ? -1 : x > id ? 1 : 0;
  }

  /** The bytes it holds, about. */
  footprint(): number {
    let bytes = this.words.byteLength + this.places.byteLength;
    for (const id of this.odd.values()) bytes += stringBytes(id) + MAP_ENTRY;
    return bytes;
  }

  /** The ids of `slots` in order, as slots 0, 1, ..., each bound (a compaction's or a checkpoint's renumbering). */
  gather(slots: Int32Array): IdIndex {
    const out = new IdIndex();
    out.words = new Uint32Array(slots.length * 3);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const id = this.odd.size ? this.odd.get(slot) : undefined;
      if (id !== undefined) out.odd.set(i, id);
      else out.words.set(this.words.subarray(slot * 3, slot * 3 + 3), i * 3);
    }
    out.bindAll(slots.length);
    return out;
  }

  /** Writes the ids of `slots` in order: the words, then the other ids with their places. */
  async write(sink: BlockSink, slots: Int32Array): Promise<void> {
    const words = new Uint32Array(slots.length * 3);
    const odd: [number, string][] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const id = this.odd.size ? this.odd.get(slot) : undefined;
      if (id !== undefined) odd.push([i, id]);
      else words.set(this.words.subarray(slot * 3, slot * 3 + 3), i * 3);
    }
    await sink.bytes(asBytes(words));
    await sink.bytes(utf8(JSON.stringify(odd)));
  }

  /** Reads `rows` ids written by `write`, each bound; throws on an id twice. */
  static async read(source: BlockSource, rows: number): Promise<IdIndex> {
    const out = new IdIndex();
    out.words = uint32s(await source.bytes());
    if (out.words.length !== rows * 3) throw new Error('ids: row counts differ');
    for (const [slot, id] of JSON.parse((await source.bytes()).toString('utf8')) as [number, string][]) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= rows || typeof id !== 'string') throw new Error('ids: a bad id');
      out.odd.set(slot, id);
    }
    out.bindAll(rows, true);
    return out;
  }

  private bindAll(rows: number, check = false): void {
    let size = 16;
    while (size < rows * 2) size *= 2;
    this.places = new Int32Array(size);
    this.count = 0;
    for (let slot = 0; slot < rows; slot++) {
      if (check && this.find(this.idAt(slot)) >= 0) throw new Error('ids: an id twice');
      this.bind(slot);
    }
  }

  private rehash(size: number): void {
    const old = this.places;
    this.places = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < old.length; i++) {
      const held = old[i]!;
      if (held === 0) continue;
      let at = this.home(held - 1) & mask;
      while (this.places[at] !== 0) at = (at + 1) & mask;
      this.places[at] = held;
    }
  }

  /** Reads a 24-digit lower-case hex id into `probe`; false for any other id. */
  private parse(id: string): boolean {
    if (id.length !== 24) return false;
    for (let w = 0; w < 3; w++) {
      let word = 0;
      for (let i = w * 8; i < w * 8 + 8; i++) {
        const c = id.charCodeAt(i);
        const n = c < 128 ? NIBBLE[c]! : -1;
        if (n < 0) return false;
        word = word * 16 + n;
      }
      this.probe[w] = word;
    }
    return true;
  }

  private holdsProbe(slot: number): boolean {
    const at = slot * 3;
    return this.words[at] === this.probe[0] && this.words[at + 1] === this.probe[1] && this.words[at + 2] === this.probe[2] && !(this.odd.size && this.odd.has(slot));
  }

  private home(slot: number): number {
    if (this.odd.size) {
      const id = this.odd.get(slot);
      if (id !== undefined) return hashText(id);
    }
    const at = slot * 3;
    return this.hashWords(this.words[at]!, this.words[at + 1]!, this.words[at + 2]!);
  }

  private hashWords(a: number, b: number, c: number): number {
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b), 0xc2b2ae35);
    h ^= h >>> 15;
    return Math.imul(h, 0x27d4eb2f) ^ (h >>> 13);
  }
}

/** FNV-1a of a string's code units. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 16);
}
