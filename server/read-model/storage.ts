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
        for (let w = 0; w < bitmap.length; w++) {
          let word = bitmap[w]!;
          while (word) {
            const low = word & -word;
            visit(w * 32 + 31 - Math.clz32(low));
            word ^= low;
            n++;
          }
        }
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
   * `low` <= n < `below`, n <= `upTo`; the first `kept.length` of them go into `kept`. One tight
   * loop, no call per slot: calls of the last 30 days among every call.
   */
  countInRange(code: number, alive: Uint8Array, numbers: Float64Array, low: number, below: number, upTo: number, kept: Int32Array): number {
    let n = 0;
    const room = kept.length;
    const limit = numbers.length;
    const bitmap = code < this.start.length ? this.bits.get(code) : undefined;
    if (bitmap) {
      for (let w = 0; w < bitmap.length; w++) {
        let word = bitmap[w]!;
        while (word) {
          const low1 = word & -word;
          const slot = w * 32 + 31 - Math.clz32(low1);
          word ^= low1;
          const v = slot < limit ? numbers[slot]! : NaN;
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
        const v = slot < limit ? numbers[slot]! : NaN;
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
        const v = slot < limit ? numbers[slot]! : NaN;
        if (alive[slot] && v >= low && v < below && v <= upTo) {
          if (n < room) kept[n] = slot;
          n++;
        }
      }
    }
    return n;
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

/** Tags of the values in a record's bytes (RecordCodec). */
const enum Tag {
  Null,
  False,
  True,
  /** An integer of magnitude below 2^52, zig-zag varint. */
  Int,
  /** Any other number, 8 bytes. */
  Float,
  /** Varint byte length, UTF-8 that JSON writes without escapes. */
  Text,
  /** The same, all printable ASCII (read back as Latin-1, the fastest decode). */
  Ascii,
  /** A 24-digit lower-case hex string (an ObjectId) as its 12 bytes. */
  Hex,
  /** An ISO instant as `toISOString()` writes it, as epoch ms (zig-zag varint). */
  Instant,
  /** A day `YYYY-MM-DD`, as days since 1970 (zig-zag varint). */
  Day,
  /** An object of a known shape: the shape's number, then its values in order. */
  Shaped,
  /** An object of too many shapes to number: a count, then key (as Text) and value pairs. */
  Keyed,
  /** A count, then the items. */
  List,
  /** Any other text (quotes, control characters, a lone surrogate), as its JSON with the quotes. */
  Escaped,
}

const DAY_MS = 86_400_000;
/** Whether UTF-8 carries `s` unchanged (no lone surrogate; ES2024's isWellFormed, which Node 20 has). */
const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
/** Text JSON writes as it is, all ASCII: anything else is not this. */
const NOT_PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7f]/;
/** What JSON escapes (besides lone surrogates). */
const NEEDS_ESCAPE = /["\\\x00-\x1f]/;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** The day of epoch day `days`, `YYYY-MM-DD` (years 0 to 9999; the encoder keeps only what reads back the same). */
function dayOf(days: number): string {
  // Howard Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${TWO[Math.floor(y / 100)]}${TWO[y % 100]}-${TWO[m]}-${TWO[d]}`;
}
/** Epoch days of a proleptic Gregorian date (civil_from_days reversed). */
function daysFrom(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}
/** The number of the digits of `s` from `from` to `to` (the caller has checked they are digits). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}
/** `new Date(ms).toISOString()` for years 0 to 9999, about five times faster (a page decodes three per record). */
function isoOf(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  return `${dayOf(days)}T${TWO[Math.floor(rest / 60)]}:${TWO[rest % 60]}:${TWO[sec]}.${THREE[milli]}Z`;
}
/** Sets a key as JSON.parse does: `__proto__` too is an own key, not the prototype. */
const own = (o: Record<string, unknown>, key: string, value: unknown) => {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
};
const HEX = /^[0-9a-f]{24}$/;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAY = /^\d{4}-\d\d-\d\d$/;
/** Beyond this many shapes an object keeps its keys inline (custom fields set in every combination). */
const MAX_SHAPES = 65_536;

/**
 * Records' API JSON in fewer bytes: the read model keeps every record, and at a million
 * interactions their JSON text was most of its memory. A record is written as tagged values:
 * an object as the number of its shape (its keys in order, kept once per table), ids (24 hex
 * digits) as 12 bytes, ISO instants and days as numbers, integers as varints, other text as
 * UTF-8. `json` writes the text `JSON.stringify` wrote for the same value, key order included;
 * a string that only looks like an id or a date (upper-case hex, a date that does not round
 * trip) stays text, so nothing is changed by the trip. One codec per table: its shapes are part
 * of the table's checkpoint.
 */
export class RecordCodec {
  private shapes: string[][] = [];
  /** Each shape's JSON pieces: `{"a":`, `,"b":`, ... */
  private pieces: string[][] = [];
  private shapeOf = new Map<string, number>();
  private lastShape = 0;
  private out = Buffer.allocUnsafe(1024);
  private at = 0;
  /** Where `json` and `value` read. */
  private bytes: Buffer = Buffer.alloc(0);
  private pos = 0;

  /** The shapes, for a checkpoint (`RecordCodec.of` makes the codec back). */
  shapeList(): string[][] {
    return this.shapes.slice();
  }

  static of(shapes: string[][]): RecordCodec {
    const codec = new RecordCodec();
    for (const keys of shapes) {
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new Error('record codec: a shape that is not a list of keys');
      codec.addShape(keys);
    }
    return codec;
  }

  /** The bytes of `value` (valid until the next `encode`: copy them). */
  encode(value: unknown): Buffer {
    this.at = 0;
    this.value_(value);
    return this.out.subarray(0, this.at);
  }

  /** The JSON text of the value at `bytes[start..end)`. */
  json(bytes: Buffer, start: number, end: number): string {
    this.bytes = bytes;
    this.pos = start;
    const text = this.readJson();
    if (this.pos !== end) throw new Error('record codec: bytes left over');
    return text;
  }

  /** The value at `bytes[start..end)`, as `JSON.parse(json(...))` would give it. */
  value(bytes: Buffer, start: number, end: number): unknown {
    this.bytes = bytes;
    this.pos = start;
    const value = this.readValue();
    if (this.pos !== end) throw new Error('record codec: bytes left over');
    return value;
  }

  private addShape(keys: string[]): number {
    const code = this.shapes.length;
    this.shapes.push(keys);
    this.pieces.push(keys.map((k, i) => `${i ? ',' : '{'}${JSON.stringify(k)}:`));
    this.shapeOf.set(keys.join('\u0000'), code);
    return code;
  }

  private room(n: number): void {
    if (this.at + n <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.out.copy(next, 0, 0, this.at);
    this.out = next;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.at++] = b;
  }

  /** An unsigned integer below 2^53, 7 bits a byte. */
  private varint(n: number): void {
    this.room(8);
    while (n >= 0x80) {
      this.out[this.at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.out[this.at++] = n;
  }

  private zigzag(n: number): void {
    this.varint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  private text(s: string): void {
    const length = Buffer.byteLength(s, 'utf8');
    this.varint(length);
    this.room(length);
    this.at += this.out.write(s, this.at, 'utf8');
  }

  private value_(v: unknown): void {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
    switch (typeof v) {
      case 'string':
        return this.string(v);
      case 'number':
        if (!Number.isFinite(v)) return this.byte(Tag.Null);
        // Zig-zag doubles it: below 2^52 it stays a safe integer.
        if (Number.isInteger(v) && Math.abs(v) < 2 ** 52) {
          this.byte(Tag.Int);
          return this.zigzag(v === 0 ? 0 : v);
        }
        this.byte(Tag.Float);
        this.room(8);
        this.out.writeDoubleLE(v, this.at);
        this.at += 8;
        return;
      case 'boolean':
        return this.byte(v ? Tag.True : Tag.False);
      case 'object':
        if (v === null) return this.byte(Tag.Null);
        if (Array.isArray(v)) {
          this.byte(Tag.List);
          this.varint(v.length);
          for (const item of v) {
            // JSON.stringify writes null for what it cannot write in a list.
            if (item === undefined || typeof item === 'function' || typeof item === 'symbol') this.byte(Tag.Null);
            else this.value_(item);
          }
          return;
        }
        return this.object(v as Record<string, unknown>);
      default:
        // undefined, functions, symbols: JSON.stringify leaves them out of objects (see `object`).
        return this.byte(Tag.Null);
    }
  }

  private string(s: string): void {
    if (s.length === 24 && HEX.test(s)) {
      this.byte(Tag.Hex);
      this.room(12);
      this.at += this.out.write(s, this.at, 'hex');
      return;
    }
    if (s.length === 24 && INSTANT.test(s)) {
      // What the digits say, kept only if it writes back the same text (which checks the ranges).
      const ms = daysFrom(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)) * DAY_MS + ((digits(s, 11, 13) * 60 + digits(s, 14, 16)) * 60 + digits(s, 17, 19)) * 1000 + digits(s, 20, 23);
      if (isoOf(ms) === s) {
        this.byte(Tag.Instant);
        return this.zigzag(ms);
      }
    } else if (s.length === 10 && DAY.test(s)) {
      const days = daysFrom(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
      if (dayOf(days) === s) {
        this.byte(Tag.Day);
        return this.zigzag(days);
      }
    }
    if (!NOT_PLAIN_ASCII.test(s)) {
      this.byte(Tag.Ascii);
      this.varint(s.length);
      this.room(s.length);
      this.at += this.out.write(s, this.at, 'latin1');
    } else if (!NEEDS_ESCAPE.test(s) && wellFormed(s)) {
      this.byte(Tag.Text);
      this.text(s);
    } else {
      this.byte(Tag.Escaped);
      this.text(JSON.stringify(s));
    }
  }

  private object(o: Record<string, unknown>): void {
    const keys = Object.keys(o);
    let n = 0;
    for (let i = 0; i < keys.length; i++) {
      const item = o[keys[i]!];
      if (item !== undefined && typeof item !== 'function' && typeof item !== 'symbol') keys[n++] = keys[i]!;
    }
    keys.length = n;
    let code = this.sameShape(this.lastShape, keys) ? this.lastShape : this.shapeOf.get(keys.join('\u0000'));
    if (code === undefined && this.shapes.length < MAX_SHAPES) code = this.addShape(keys);
    if (code === undefined) {
      this.byte(Tag.Keyed);
      this.varint(keys.length);
      for (const key of keys) this.text(key), this.value_(o[key]);
      return;
    }
    this.lastShape = code;
    this.byte(Tag.Shaped);
    this.varint(code);
    for (const key of keys) this.value_(o[key]);
  }

  /** Whether shape `code` has exactly `keys` (records of a kind mostly repeat the last shape: no key string joined). */
  private sameShape(code: number, keys: string[]): boolean {
    const shape = this.shapes[code];
    if (!shape || shape.length !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) if (shape[i] !== keys[i]) return false;
    return true;
  }

  private readVarint(): number {
    const bytes = this.bytes;
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[this.pos++];
      if (b === undefined) throw new Error('record codec: cut short');
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  private readZigzag(): number {
    const n = this.readVarint();
    return n % 2 ? -(n + 1) / 2 : n / 2;
  }

  private readText(): string {
    const length = this.readVarint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    const s = this.bytes.toString('utf8', this.pos, end);
    this.pos = end;
    return s;
  }

  private readAscii(): string {
    const length = this.readVarint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    const s = this.bytes.toString('latin1', this.pos, end);
    this.pos = end;
    return s;
  }

  private readHex(): string {
    const end = this.pos + 12;
    if (end > this.bytes.length) throw new Error('record codec: cut short');
    const s = this.bytes.toString('hex', this.pos, end);
    this.pos = end;
    return s;
  }

  private readShape(): number {
    const code = this.readVarint();
    if (code >= this.shapes.length) throw new Error('record codec: an unknown shape');
    return code;
  }

  private readJson(): string {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case Tag.Null:
        return 'null';
      case Tag.False:
        return 'false';
      case Tag.True:
        return 'true';
      case Tag.Int:
        return String(this.readZigzag());
      case Tag.Float: {
        const v = this.bytes.readDoubleLE(this.pos);
        this.pos += 8;
        return String(v);
      }
      case Tag.Ascii:
        return `"${this.readAscii()}"`;
      case Tag.Text:
        return `"${this.readText()}"`;
      case Tag.Escaped:
        return this.readText();
      case Tag.Hex:
        return `"${this.readHex()}"`;
      case Tag.Instant:
        return `"${isoOf(this.readZigzag())}"`;
      case Tag.Day:
        return `"${dayOf(this.readZigzag())}"`;
      case Tag.Shaped: {
        const pieces = this.pieces[this.readShape()]!;
        if (!pieces.length) return '{}';
        let out = '';
        for (let i = 0; i < pieces.length; i++) out += pieces[i]! + this.readJson();
        return `${out}}`;
      }
      case Tag.Keyed: {
        const n = this.readVarint();
        let out = '{';
        for (let i = 0; i < n; i++) out += `${i ? ',' : ''}${JSON.stringify(this.readText())}:${this.readJson()}`;
        return `${out}}`;
      }
      case Tag.List: {
        const n = this.readVarint();
        let out = '[';
        for (let i = 0; i < n; i++) out += (i ? ',' : '') + this.readJson();
        return `${out}]`;
      }
      default:
        throw new Error(`record codec: unknown tag ${String(tag)}`);
    }
  }

  private readValue(): unknown {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int:
        return this.readZigzag();
      case Tag.Float: {
        const v = this.bytes.readDoubleLE(this.pos);
        this.pos += 8;
        return v;
      }
      case Tag.Ascii:
        return this.readAscii();
      case Tag.Text:
        return this.readText();
      case Tag.Escaped:
        return JSON.parse(this.readText()) as string;
      case Tag.Hex:
        return this.readHex();
      case Tag.Instant:
        return isoOf(this.readZigzag());
      case Tag.Day:
        return dayOf(this.readZigzag());
      case Tag.Shaped: {
        const keys = this.shapes[this.readShape()]!;
        const out: Record<string, unknown> = {};
        for (const key of keys) own(out, key, this.readValue());
        return out;
      }
      case Tag.Keyed: {
        const n = this.readVarint();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.readText();
          own(out, key, this.readValue());
        }
        return out;
      }
      case Tag.List: {
        const n = this.readVarint();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.readValue());
        return out;
      }
      default:
        throw new Error(`record codec: unknown tag ${String(tag)}`);
    }
  }
}

/** Each character's value as a hex digit (lower case only), -1 for any other. */
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
