/**
 * The read model's storage parts: growable typed arrays, key columns and posting indexes. They
 * keep what a table holds per slot in a few large arrays rather than an object per record (a
 * million interactions would otherwise cost a million key objects, a million posting lists of
 * one word and a million boxed numbers), and they write and read themselves as the blocks of a
 * checkpoint (checkpoint.ts), so a start reads arrays instead of re-parsing every record.
 */

/** A filter or sort value: strings, numbers (dates as epoch ms), string lists (tags). */
export type KeyValue = string | number | readonly string[] | undefined;

/** Where a checkpoint's blocks go, and where a load reads them from. */
export interface BlockSink {
  bytes(data: Uint8Array): Promise<void>;
  /** One block of `length` bytes handed over in parts (a table's records, without one big copy). */
  parts(length: number, parts: Iterable<Uint8Array>): Promise<void>;
}
export interface BlockSource {
  bytes(): Promise<Buffer>;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const asBytes = (a: Int32Array | Float64Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
/** A typed array over a block's bytes (copied when the block is not aligned for it). */
function view<T extends Int32Array | Float64Array | Uint32Array>(make: new (b: ArrayBuffer, o: number, n: number) => T, width: number, block: Buffer): T {
  if (block.byteOffset % width === 0) return new make(block.buffer as ArrayBuffer, block.byteOffset, block.byteLength / width);
  const copy = new Uint8Array(block.byteLength);
  copy.set(block);
  return new make(copy.buffer, 0, block.byteLength / width);
}
export const int32s = (block: Buffer) => view(Int32Array, 4, block);
export const float64s = (block: Buffer) => view(Float64Array, 8, block);
export const uint32s = (block: Buffer) => view(Uint32Array, 4, block);
export { asBytes, utf8 };

/** What a string costs on V8's heap, about (a one-byte string's header and its characters). */
export const stringBytes = (text: string) => 16 + ((text.length + 7) & ~7);
/** What an entry of a Map costs, about. */
export const MAP_ENTRY = 36;

/** Grows a typed array to hold index `at`, doubling. */
export function grown<T extends Int32Array | Float64Array | Uint32Array | Uint8Array>(array: T, at: number, fill?: number): T {
  if (at < array.length) return array;
  let size = Math.max(16, array.length);
  while (size <= at) size *= 2;
  const next = new (array.constructor as new (n: number) => T)(size);
  if (fill !== undefined) next.fill(fill, array.length);
  next.set(array);
  return next;
}

/**
 * One key's values by slot. Numbers live in a Float64Array (NaN for none) until a value of
 * another type arrives; then the column holds values as they come, equal strings shared
 * (a million interactions name only as many distinct customers as there are customers).
 */
/**
 * Texts (records' API JSON) as UTF-8 bytes appended to chunks of a few megabytes, outside the
 * JS heap: a million records' strings would be heap for V8 to walk and keep room for, about
 * twice their bytes (and two bytes a character for any text not in Latin-1). An address is the
 * chunk's number times CHUNK plus the place in it; a text longer than CHUNK gets a chunk of its
 * own. Nothing is changed or freed: a table's compaction copies the live texts into a new arena.
 */
export class TextArena {
  static readonly CHUNK = 4 * 2 ** 20;
  private chunks: Buffer[] = [];
  private used = 0;

  /** Appends `text`; answers its address and its length in bytes. */
  append(text: string): { address: number; length: number } {
    const length = Buffer.byteLength(text, 'utf8');
    const chunk = this.room(length);
    chunk.write(text, this.used, 'utf8');
    return this.taken(length);
  }

  /** Appends bytes as they are (a compaction's copy). */
  appendBytes(bytes: Uint8Array): number {
    const chunk = this.room(bytes.length);
    chunk.set(bytes, this.used);
    return this.taken(bytes.length).address;
  }

  bytes(address: number, length: number): Buffer {
    const at = address % TextArena.CHUNK;
    return this.chunks[Math.floor(address / TextArena.CHUNK)]!.subarray(at, at + length);
  }

  text(address: number, length: number): string {
    const at = address % TextArena.CHUNK;
    return this.chunks[Math.floor(address / TextArena.CHUNK)]!.toString('utf8', at, at + length);
  }

  /** The bytes its chunks take. */
  get byteLength(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  private room(length: number): Buffer {
    const last = this.chunks.at(-1);
    if (last && this.used + length <= last.length) return last;
    this.chunks.push(Buffer.allocUnsafe(Math.max(TextArena.CHUNK, length)));
    this.used = 0;
    return this.chunks.at(-1)!;
  }

  private taken(length: number): { address: number; length: number } {
    const address = (this.chunks.length - 1) * TextArena.CHUNK + this.used;
    this.used += length;
    return { address, length };
  }
}

export class Column {
  private numbers: Float64Array | undefined = new Float64Array(0);
  private values: KeyValue[] | undefined;
  private shared = new Map<string, string>();
  private sharing = true;

  /** The column's numbers by slot (NaN where none), while it holds only numbers: for tight loops over many slots. */
  numberArray(): Float64Array | undefined {
    return this.numbers;
  }

  get(slot: number): KeyValue {
    if (this.numbers) {
      const n = slot < this.numbers.length ? this.numbers[slot]! : NaN;
      return Number.isNaN(n) ? undefined : n;
    }
    return this.values![slot];
  }

  set(slot: number, value: KeyValue): void {
    if (this.numbers) {
      if (value === undefined || (typeof value === 'number' && !Number.isNaN(value))) {
        this.numbers = grown(this.numbers, slot, NaN);
        this.numbers[slot] = value ?? NaN;
        return;
      }
      this.toValues();
    }
    if (typeof value === 'string' && this.sharing) {
      let known = this.shared.get(value);
      if (known === undefined) {
        this.shared.set(value, (known = value));
        // Values that hardly repeat (names, emails) gain nothing from sharing: stop, and drop the map.
        if (this.shared.size > 4096 && this.shared.size * 2 > slot) (this.sharing = false), this.shared.clear();
      }
      value = known;
    }
    this.values![slot] = value;
  }

  private toValues(): void {
    const numbers = this.numbers!;
    this.values = [];
    for (let i = 0; i < numbers.length; i++) if (!Number.isNaN(numbers[i]!)) this.values[i] = numbers[i];
    this.numbers = undefined;
  }

  /** The bytes this column holds, about. */
  footprint(): number {
    if (this.numbers) return this.numbers.byteLength;
    let bytes = this.values!.length * 8;
    for (const value of this.shared.keys()) bytes += stringBytes(value) + MAP_ENTRY;
    return bytes;
  }

  /** The values of `slots` in order, as a new column (a compaction's or a checkpoint's renumbering). */
  gather(slots: Int32Array): Column {
    const out = new Column();
    if (this.numbers) {
      const numbers = new Float64Array(slots.length);
      for (let i = 0; i < slots.length; i++) numbers[i] = slots[i]! < this.numbers.length ? this.numbers[slots[i]!]! : NaN;
      out.numbers = numbers;
      return out;
    }
    out.toValues();
    for (let i = 0; i < slots.length; i++) {
      const v = this.values![slots[i]!];
      if (v !== undefined) out.set(i, v);
    }
    return out;
  }

  /** Writes the values of `slots`: numbers as one array, anything else as distinct values and codes. */
  async write(sink: BlockSink, slots: Int32Array): Promise<void> {
    if (this.numbers) {
      const numbers = new Float64Array(slots.length);
      for (let i = 0; i < slots.length; i++) numbers[i] = slots[i]! < this.numbers.length ? this.numbers[slots[i]!]! : NaN;
      await sink.bytes(utf8('n'));
      await sink.bytes(asBytes(numbers));
      return;
    }
    const distinct = new Map<string, number>();
    const codes = new Int32Array(slots.length).fill(-1);
    for (let i = 0; i < slots.length; i++) {
      const v = this.values![slots[i]!];
      if (v === undefined) continue;
      const text = JSON.stringify(v);
      let code = distinct.get(text);
      if (code === undefined) distinct.set(text, (code = distinct.size));
      codes[i] = code;
    }
    await sink.bytes(utf8('v'));
    await sink.bytes(utf8(`[${[...distinct.keys()].join(',')}]`));
    await sink.bytes(asBytes(codes));
  }

  static async read(source: BlockSource): Promise<Column> {
    const out = new Column();
    const kind = (await source.bytes()).toString();
    if (kind === 'n') {
      out.numbers = float64s(await source.bytes());
      return out;
    }
    if (kind !== 'v') throw new Error(`unknown column kind ${kind.slice(0, 8)}`);
    const distinct = JSON.parse((await source.bytes()).toString('utf8')) as KeyValue[];
    const codes = int32s(await source.bytes());
    out.toValues();
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) out.set(i, distinct[codes[i]!]);
    return out;
  }
}

/** A growable list of slots in increasing order. */
export class Posting {
  slots = new Int32Array(2);
  length = 0;
  push(slot: number): void {
    if (this.length && this.slots[this.length - 1] === slot) return;
    this.slots = grown(this.slots, this.length);
    this.slots[this.length++] = slot;
  }
}

/**
 * Lists of slots by key (a filter value, a search word). A list is one stretch of a flat
 * array written at the last compaction or load, followed by the slots added since (always
 * higher), so a table of a million rows holds its lists in a few arrays, not a million objects.
 */
export class PostingIndex {
  /** Each key's number. */
  readonly codes = new Map<string, number>();
  private keys: string[] = [];
  private start = new Int32Array(0);
  private count = new Int32Array(0);
  private flat = new Int32Array(0);
  /** Lists that hold more than one slot in sixteen, as bitmaps instead of stretches of `flat`. */
  private bits = new Map<number, Uint32Array>();
  private added = new Map<number, Posting>();

  get size(): number {
    return this.keys.length;
  }

  /** Adds `slot` to the list of `key` (slots only grow); answers the key's code. */
  add(key: string, slot: number): number {
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.keys.length;
      this.codes.set(key, code);
      this.keys.push(key);
    }
    let posting = this.added.get(code);
    if (!posting) this.added.set(code, (posting = new Posting()));
    posting.push(slot);
    return code;
  }

  /** The slots listed for `key` (old versions included: the table drops those). */
  slots(key: string): Int32Array | undefined {
    const code = this.codes.get(key);
    return code === undefined ? undefined : this.slotsOf(code);
  }

  private baseOf(code: number): Int32Array {
    if (code >= this.start.length) return new Int32Array(0);
    const bitmap = this.bits.get(code);
    if (!bitmap) return this.flat.subarray(this.start[code]!, this.start[code]! + this.count[code]!);
    const out = new Int32Array(this.count[code]!);
    let n = 0;
    for (let w = 0; w < bitmap.length; w++) {
      let word = bitmap[w]!;
      while (word) {
        const low = word & -word;
        out[n++] = w * 32 + 31 - Math.clz32(low);
        word ^= low;
      }
    }
    return out;
  }

  slotsOf(code: number): Int32Array {
    const base = this.baseOf(code);
    const more = this.added.get(code);
    if (!more) return base;
    if (!base.length) return more.slots.subarray(0, more.length);
    const all = new Int32Array(base.length + more.length);
    all.set(base);
    all.set(more.slots.subarray(0, more.length), base.length);
    return all;
  }

  /** How many slots `key` lists (an upper bound on its live rows). */
  lengthOf(key: string): number {
    const code = this.codes.get(key);
    if (code === undefined) return 0;
    return (code < this.count.length ? this.count[code]! : 0) + (this.added.get(code)?.length ?? 0);
  }

  /** The bytes this index holds, about. */
  footprint(): number {
    let bytes = this.flat.byteLength + this.start.byteLength + this.count.byteLength;
    for (const bitmap of this.bits.values()) bytes += bitmap.byteLength + 64 + MAP_ENTRY;
    for (const key of this.keys) bytes += stringBytes(key) + MAP_ENTRY + 8;
    for (const posting of this.added.values()) bytes += posting.slots.byteLength + 64 + MAP_ENTRY;
    return bytes;
  }

  keyOf(code: number): string {
    return this.keys[code]!;
  }

  /**
   * The same lists renumbered: `remap[slot]` is a live slot's new number, -1 for a dead one.
   * Keys left with no slot are dropped. Answers a new index; this one is unchanged.
   */
  remapped(remap: Int32Array): PostingIndex {
    const out = new PostingIndex();
    const starts: number[] = [];
    const counts: number[] = [];
    let total = 0;
    const lists: Int32Array[] = [];
    let liveCount = 0;
    for (let i = 0; i < remap.length; i++) if (remap[i]! >= 0) liveCount++;
    const words = (liveCount + 31) >>> 5;
    for (let code = 0; code < this.keys.length; code++) {
      const slots = this.slotsOf(code);
      let n = 0;
      const kept = new Int32Array(slots.length);
      for (let i = 0; i < slots.length; i++) {
        const next = slots[i]! < remap.length ? remap[slots[i]!]! : -1;
        if (next >= 0) kept[n++] = next;
      }
      if (!n) continue;
      out.codes.set(this.keys[code]!, out.keys.length);
      if (n * 16 > liveCount) {
        // Dense: a bit per slot costs less than 4 bytes per listed slot.
        const bitmap = new Uint32Array(words);
        for (let i = 0; i < n; i++) bitmap[kept[i]! >>> 5]! |= 1 << (kept[i]! & 31);
        out.bits.set(out.keys.length, bitmap);
        starts.push(0);
      } else {
        starts.push(total);
        lists.push(kept.subarray(0, n));
        total += n;
      }
      out.keys.push(this.keys[code]!);
      counts.push(n);
    }
    out.flat = new Int32Array(total);
    let at = 0;
    for (const list of lists) out.flat.set(list, at), (at += list.length);
    out.start = Int32Array.from(starts);
    out.count = Int32Array.from(counts);
    return out;
  }

  /** Writes the lists renumbered by `remap` (see `remapped`). */
  async write(sink: BlockSink, remap: Int32Array): Promise<void> {
    const index = this.remapped(remap);
    await sink.bytes(utf8(JSON.stringify(index.keys)));
    await sink.bytes(asBytes(index.count));
    await sink.bytes(asBytes(index.flat));
    const dense = [...index.bits.keys()];
    await sink.bytes(asBytes(Int32Array.from(dense)));
    const bitmaps = new Uint32Array(dense.reduce((n, code) => n + index.bits.get(code)!.length, 0));
    let at = 0;
    for (const code of dense) bitmaps.set(index.bits.get(code)!, at), (at += index.bits.get(code)!.length);
    await sink.bytes(asBytes(bitmaps));
  }

  static async read(source: BlockSource): Promise<PostingIndex> {
    const out = new PostingIndex();
    out.keys = JSON.parse((await source.bytes()).toString('utf8')) as string[];
    out.count = int32s(await source.bytes());
    out.flat = int32s(await source.bytes());
    const dense = int32s(await source.bytes());
    const bitmaps = uint32s(await source.bytes());
    if (out.count.length !== out.keys.length) throw new Error('posting index: counts and keys differ');
    const words = dense.length ? bitmaps.length / dense.length : 0;
    if (!Number.isInteger(words)) throw new Error('posting index: bitmaps of unequal length');
    for (let i = 0; i < dense.length; i++) {
      if (dense[i]! < 0 || dense[i]! >= out.keys.length) throw new Error('posting index: a bitmap of no key');
      out.bits.set(dense[i]!, bitmaps.subarray(i * words, (i + 1) * words));
    }
    out.start = new Int32Array(out.keys.length);
    let at = 0;
    for (let i = 0; i < out.keys.length; i++) {
      out.codes.set(out.keys[i]!, i);
      if (out.count[i]! < 0) throw new Error('posting index: lists overrun');
      if (out.bits.has(i)) continue;
      out.start[i] = at;
      at += out.count[i]!;
      if (at > out.flat.length) throw new Error('posting index: lists overrun');
    }
    if (at !== out.flat.length) throw new Error('posting index: lists and slots differ');
    return out;
  }
}
