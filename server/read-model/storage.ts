/**
 * The read model's storage parts: growable typed arrays, key columns and posting indexes. They
 * keep what a table holds per slot in a few large arrays rather than an object per record (a
 * million interactions would otherwise cost a million key objects, a million posting lists of
 * one word and a million boxed numbers), and they write and read themselves as the blocks of a
 * checkpoint (checkpoint.ts), so a start reads arrays instead of re-parsing every record.
 */

import { wellFormed } from './record-codec.js';

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

  /** The chunk that holds `address` (its place there is `address % TextArena.CHUNK`). */
  chunkAt(address: number): Buffer {
    return this.chunks[Math.floor(address / TextArena.CHUNK)]!;
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
  /**
   * While the column holds only strings that repeat (ids of customers, types, stages): each
   * slot's code (-1 for none) into `distinct`, 4 bytes a slot instead of a pointer's 8.
   */
  private codes: Int32Array | undefined;
  private distinct: string[] = [];
  private codeOf = new Map<string, number>();
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
    if (this.codes) {
      const code = slot < this.codes.length ? this.codes[slot]! : -1;
      return code < 0 ? undefined : this.distinct[code];
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
      if (typeof value === 'string' && !this.numbers.some((n) => !Number.isNaN(n))) {
        this.numbers = undefined;
        this.codes = new Int32Array(0);
      } else this.toValues();
    }
    if (this.codes) {
      if (value === undefined || typeof value === 'string') {
        this.codes = grown(this.codes, slot, -1);
        if (value === undefined) {
          this.codes[slot] = -1;
          return;
        }
        let code = this.codeOf.get(value);
        if (code === undefined) {
          code = this.distinct.length;
          this.distinct.push(value);
          this.codeOf.set(value, code);
        }
        this.codes[slot] = code;
        // Values that hardly repeat (names, emails) gain nothing from codes: plain values from here.
        if (this.distinct.length > 4096 && this.distinct.length * 2 > slot) this.toValues();
        return;
      }
      this.toValues();
    }
    if (typeof value === 'string' && this.sharing) {
      let known = this.shared.get(value);
      if (known === undefined) {
        this.shared.set(value, (known = value));
        if (this.shared.size > 4096 && this.shared.size * 2 > slot) (this.sharing = false), this.shared.clear();
      }
      value = known;
    }
    this.values![slot] = value;
  }

  private toValues(): void {
    this.values = [];
    if (this.numbers) {
      const numbers = this.numbers;
      for (let i = 0; i < numbers.length; i++) if (!Number.isNaN(numbers[i]!)) this.values[i] = numbers[i];
    } else if (this.codes) {
      const codes = this.codes;
      for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) this.values[i] = this.distinct[codes[i]!];
      this.sharing = false;
    }
    this.numbers = undefined;
    this.codes = undefined;
    this.distinct = [];
    this.codeOf = new Map();
  }

  /** The bytes this column holds, about. */
  footprint(): number {
    if (this.numbers) return this.numbers.byteLength;
    if (this.codes) {
      let bytes = this.codes.byteLength;
      for (const value of this.distinct) bytes += stringBytes(value) + MAP_ENTRY + 8;
      return bytes;
    }
    let bytes = this.values!.length * 8;
    for (const value of this.shared.keys()) bytes += stringBytes(value) + MAP_ENTRY;
    return bytes;
  }

  /** The codes of `slots` in order, renumbered to the distinct values they use (in order of first use). */
  private recoded(slots: Int32Array): { codes: Int32Array; distinct: string[] } {
    const from = this.codes!;
    const renumber = new Int32Array(this.distinct.length).fill(-1);
    const distinct: string[] = [];
    const codes = new Int32Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const old = slots[i]! < from.length ? from[slots[i]!]! : -1;
      if (old < 0) {
        codes[i] = -1;
        continue;
      }
      if (renumber[old]! < 0) (renumber[old] = distinct.length), distinct.push(this.distinct[old]!);
      codes[i] = renumber[old]!;
    }
    return { codes, distinct };
  }

  private adopt(codes: Int32Array, distinct: string[]): void {
    this.numbers = undefined;
    this.values = undefined;
    this.codes = codes;
    this.distinct = distinct;
    this.codeOf = new Map(distinct.map((v, i) => [v, i]));
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
    if (this.codes) {
      const { codes, distinct } = this.recoded(slots);
      out.adopt(codes, distinct);
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
    if (this.codes) {
      const { codes, distinct } = this.recoded(slots);
      await sink.bytes(utf8('v'));
      await sink.bytes(utf8(JSON.stringify(distinct)));
      await sink.bytes(asBytes(codes));
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
    for (let i = 0; i < codes.length; i++) if (codes[i]! < -1 || codes[i]! >= distinct.length) throw new Error('column: a code of no value');
    // Strings that repeat keep their codes as they are; anything else is a column of values.
    if ((distinct.length <= 4096 || distinct.length * 2 <= codes.length) && distinct.every((v) => typeof v === 'string')) {
      out.adopt(codes, distinct as string[]);
      return out;
    }
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
 * Distinct keys (filter values, search words) numbered 0, 1, ... in the order first added, as
 * UTF-8 bytes in one growable buffer with an open-addressing table of their codes (linear
 * probing, at most half full). A Map of strings cost about 130 bytes a key (the joined
 * `key\u0000value` string, flattened, and the entry); this costs the key's bytes and about 16.
 * A key UTF-8 cannot carry (a lone surrogate) is kept as 0xFF (never a UTF-8 byte) and its JSON.
 */
export class KeyCodes {
  private bytes: Buffer = Buffer.allocUnsafe(1024);
  /** Where each code's bytes start; `starts[size]` is where the next key goes. */
  private starts = new Uint32Array(16);
  private count = 0;
  /** code + 1 at each place, 0 where empty. */
  private places = new Int32Array(16);
  private scratch = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    // Most keys are ASCII: hashed and compared on their characters, no bytes written.
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) return this.getBytes(key);
      h = Math.imul(h ^ c, 0x01000193);
    }
    const mask = this.places.length - 1;
    for (let at = (h ^ (h >>> 15)) & mask; ; at = (at + 1) & mask) {
      const held = this.places[at]!;
      if (held === 0) return undefined;
      if (this.equalsText(held - 1, key)) return held - 1;
    }
  }

  private getBytes(key: string): number | undefined {
    const n = this.encode(key);
    const mask = this.places.length - 1;
    for (let at = hashBytes(this.scratch, 0, n) & mask; ; at = (at + 1) & mask) {
      const held = this.places[at]!;
      if (held === 0) return undefined;
      if (this.equals(held - 1, this.scratch, 0, n)) return held - 1;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The code of `key`, numbered now if it is new. */
  add(key: string): number {
    const known = this.get(key);
    if (known !== undefined) return known;
    const n = this.encode(key);
    return this.append(this.scratch, 0, n, hashBytes(this.scratch, 0, n));
  }

  keyOf(code: number): string {
    const start = this.starts[code]!;
    const end = this.starts[code + 1]!;
    if (this.bytes[start] === 0xff) return JSON.parse(this.bytes.toString('utf8', start + 1, end)) as string;
    return this.bytes.toString('utf8', start, end);
  }

  /** Numbers `code` of `other` here next (a renumbering copies keys without reading them as text). */
  copyFrom(other: KeyCodes, code: number): number {
    const start = other.starts[code]!;
    const end = other.starts[code + 1]!;
    return this.append(other.bytes, start, end - start, hashBytes(other.bytes, start, end - start));
  }

  /** The bytes it holds. */
  footprint(): number {
    return this.starts[this.count]! + this.starts.byteLength + this.places.byteLength;
  }

  /** The keys' bytes and where each starts, for a checkpoint. */
  async write(sink: BlockSink): Promise<void> {
    await sink.bytes(this.bytes.subarray(0, this.starts[this.count]!));
    await sink.bytes(asBytes(this.starts.subarray(0, this.count + 1)));
  }

  static async read(source: BlockSource): Promise<KeyCodes> {
    const out = new KeyCodes();
    const bytes = await source.bytes();
    const starts = uint32s(await source.bytes());
    if (!starts.length || starts[0] !== 0 || starts[starts.length - 1] !== bytes.length) throw new Error('key codes: starts and bytes differ');
    for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) throw new Error('key codes: starts out of order');
    out.bytes = bytes;
    out.starts = starts;
    out.count = starts.length - 1;
    let size = 16;
    while (size < out.count * 2) size *= 2;
    out.places = new Int32Array(size);
    const mask = size - 1;
    for (let code = 0; code < out.count; code++) {
      const start = starts[code]!;
      const length = starts[code + 1]! - start;
      let at = hashBytes(bytes, start, length) & mask;
      for (; out.places[at] !== 0; at = (at + 1) & mask) if (out.equals(out.places[at]! - 1, bytes, start, length)) throw new Error('key codes: a key twice');
      out.places[at] = code + 1;
    }
    return out;
  }

  /** Writes `key`'s bytes into `scratch`; answers their length. */
  private encode(key: string): number {
    if (this.scratch.length < key.length * 3 + 8) this.scratch = Buffer.allocUnsafe(key.length * 3 + 256);
    if (wellFormed(key)) return this.scratch.write(key, 0, 'utf8');
    const json = JSON.stringify(key);
    if (this.scratch.length < json.length + 8) this.scratch = Buffer.allocUnsafe(json.length + 256);
    this.scratch[0] = 0xff;
    return 1 + this.scratch.write(json, 1, 'utf8');
  }

  private equalsText(code: number, ascii: string): boolean {
    const at = this.starts[code]!;
    if (this.starts[code + 1]! - at !== ascii.length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
    return true;
  }

  private equals(code: number, from: Uint8Array, start: number, length: number): boolean {
    const at = this.starts[code]!;
    if (this.starts[code + 1]! - at !== length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) if (bytes[at + i] !== from[start + i]) return false;
    return true;
  }

  private append(from: Uint8Array, start: number, length: number, hash: number): number {
    const code = this.count;
    if ((code + 1) * 2 > this.places.length) this.rehash(this.places.length * 2);
    const used = this.starts[code]!;
    if (used + length > this.bytes.length) {
      // The buffer may be a checkpoint's block (read-only in spirit): a grown copy is this index's own.
      let size = Math.max(1024, this.bytes.length * 2);
      while (size < used + length) size *= 2;
      const next = Buffer.allocUnsafe(size);
      this.bytes.copy(next, 0, 0, used);
      this.bytes = next;
    }
    this.bytes.set(from.subarray(start, start + length), used);
    this.starts = grown(this.starts, code + 1);
    this.starts[code + 1] = used + length;
    this.count++;
    const mask = this.places.length - 1;
    let at = hash & mask;
    while (this.places[at] !== 0) at = (at + 1) & mask;
    this.places[at] = code + 1;
    return code;
  }

  private rehash(size: number): void {
    this.places = new Int32Array(size);
    const mask = size - 1;
    for (let code = 0; code < this.count; code++) {
      const start = this.starts[code]!;
      let at = hashBytes(this.bytes, start, this.starts[code + 1]! - start) & mask;
      while (this.places[at] !== 0) at = (at + 1) & mask;
      this.places[at] = code + 1;
    }
  }
}

/** FNV-1a of bytes. */
function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * Lists of slots by key (a filter value, a search word). A list is one stretch of a flat
 * array written at the last compaction or load, followed by the slots added since (always
 * higher), so a table of a million rows holds its lists in a few arrays, not a million objects.
 */
export class PostingIndex {
  /** Each key's number. */
  codes = new KeyCodes();
  private start = new Int32Array(0);
  private count = new Int32Array(0);
  private flat = new Int32Array(0);
  /** Lists that hold more than one slot in sixteen, as bitmaps instead of stretches of `flat`. */
  private bits = new Map<number, Uint32Array>();
  private added = new Map<number, Posting>();

  get size(): number {
    return this.codes.size;
  }

  /** Adds `slot` to the list of `key` (slots only grow); answers the key's code. */
  add(key: string, slot: number): number {
    const code = this.codes.add(key);
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

  /**
   * Calls `visit` with each slot `code` lists, in increasing order, without building the list (a
   * dense one is read bit by bit from its bitmap). Answers how many it visited.
   */
  forEachOf(code: number, visit: (slot: number) => void): number {
    let n = 0;
    if (code < this.start.length) {
      const bitmap = this.bits.get(code);
      if (bitmap) {
        n += forEachBit(bitmap, visit);
      } else {
        const end = this.start[code]! + this.count[code]!;
        for (let i = this.start[code]!; i < end; i++, n++) visit(this.flat[i]!);
      }
    }
    const more = this.added.get(code);
    if (more) for (let i = 0; i < more.length; i++, n++) visit(more.slots[i]!);
    return n;
  }

  /**
   * How many of the slots `code` lists are live (`alive`) and hold a number in `numbers` within
   * `low` <= n < `below`, n <= `upTo` (every live slot without `numbers`); the first
   * `kept.length` of them go into `kept`. One tight loop, no call per slot: calls of the last 30
   * days among every call.
   */
  countInRange(code: number, alive: Uint8Array, numbers: Float64Array | undefined, low: number, below: number, upTo: number, kept: Int32Array): number {
    let n = 0;
    const room = kept.length;
    const all = numbers === undefined;
    const values = numbers ?? new Float64Array(0);
    const limit = values.length;
    const bitmap = code < this.start.length ? this.bits.get(code) : undefined;
    if (bitmap) {
      for (let w = 0; w < bitmap.length; w++) {
        let word = bitmap[w]!;
        while (word) {
          const low1 = word & -word;
          const slot = w * 32 + 31 - Math.clz32(low1);
          word ^= low1;
          const v = all ? 0 : slot < limit ? values[slot]! : NaN;
          if (alive[slot] && v >= low && v < below && v <= upTo) {
            if (n < room) kept[n] = slot;
            n++;
          }
        }
      }
    } else if (code < this.start.length) {
      const end = this.start[code]! + this.count[code]!;
      for (let i = this.start[code]!; i < end; i++) {
        const slot = this.flat[i]!;
        const v = all ? 0 : slot < limit ? values[slot]! : NaN;
        if (alive[slot] && v >= low && v < below && v <= upTo) {
          if (n < room) kept[n] = slot;
          n++;
        }
      }
    }
    const more = this.added.get(code);
    if (more) {
      for (let i = 0; i < more.length; i++) {
        const slot = more.slots[i]!;
        const v = all ? 0 : slot < limit ? values[slot]! : NaN;
        if (alive[slot] && v >= low && v < below && v <= upTo) {
          if (n < room) kept[n] = slot;
          n++;
        }
      }
    }
    return n;
  }

  /** How many of the slots `code` lists are live (`alive`); the first `kept.length` of them go into `kept`. One tight loop, no call per slot. */
  countLive(code: number, alive: Uint8Array, kept: Int32Array): number {
    return this.countInRange(code, alive, undefined, -Infinity, Infinity, Infinity, kept);
  }

  /** Sets the bit of each slot `code` lists in `bits` (a bitmap of the slots, 32 a word): a dense list ORs word by word. */
  orInto(code: number, bits: Uint32Array): void {
    const bitmap = code < this.start.length ? this.bits.get(code) : undefined;
    if (bitmap) {
      const n = Math.min(bitmap.length, bits.length);
      for (let w = 0; w < n; w++) bits[w]! |= bitmap[w]!;
    } else if (code < this.start.length) {
      const end = this.start[code]! + this.count[code]!;
      for (let i = this.start[code]!; i < end; i++) bits[this.flat[i]! >>> 5]! |= 1 << (this.flat[i]! & 31);
    }
    const more = this.added.get(code);
    if (more) for (let i = 0; i < more.length; i++) bits[more.slots[i]! >>> 5]! |= 1 << (more.slots[i]! & 31);
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
    bytes += this.codes.footprint();
    for (const posting of this.added.values()) bytes += posting.slots.byteLength + 64 + MAP_ENTRY;
    return bytes;
  }

  keyOf(code: number): string {
    return this.codes.keyOf(code);
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
    for (let code = 0; code < this.codes.size; code++) {
      const slots = this.slotsOf(code);
      let n = 0;
      const kept = new Int32Array(slots.length);
      for (let i = 0; i < slots.length; i++) {
        const next = slots[i]! < remap.length ? remap[slots[i]!]! : -1;
        if (next >= 0) kept[n++] = next;
      }
      if (!n) continue;
      const next = out.codes.copyFrom(this.codes, code);
      if (n * 16 > liveCount) {
        // Dense: a bit per slot costs less than 4 bytes per listed slot.
        const bitmap = new Uint32Array(words);
        for (let i = 0; i < n; i++) bitmap[kept[i]! >>> 5]! |= 1 << (kept[i]! & 31);
        out.bits.set(next, bitmap);
        starts.push(0);
      } else {
        starts.push(total);
        lists.push(kept.subarray(0, n));
        total += n;
      }
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
    await index.codes.write(sink);
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
    out.codes = await KeyCodes.read(source);
    out.count = int32s(await source.bytes());
    out.flat = int32s(await source.bytes());
    const dense = int32s(await source.bytes());
    const bitmaps = uint32s(await source.bytes());
    if (out.count.length !== out.codes.size) throw new Error('posting index: counts and keys differ');
    const words = dense.length ? bitmaps.length / dense.length : 0;
    if (!Number.isInteger(words)) throw new Error('posting index: bitmaps of unequal length');
    for (let i = 0; i < dense.length; i++) {
      if (dense[i]! < 0 || dense[i]! >= out.codes.size) throw new Error('posting index: a bitmap of no key');
      out.bits.set(dense[i]!, bitmaps.subarray(i * words, (i + 1) * words));
    }
    out.start = new Int32Array(out.codes.size);
    let at = 0;
    for (let i = 0; i < out.codes.size; i++) {
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

/** Calls `visit` with each slot whose bit is set in `bits` (32 a word), in order; answers how many. */
export function forEachBit(bits: Uint32Array, visit: (slot: number) => void): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word) {
      const low = word & -word;
      visit(w * 32 + 31 - Math.clz32(low));
      word ^= low;
      n++;
    }
  }
  return n;
}
