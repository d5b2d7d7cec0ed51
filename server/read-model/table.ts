import sortedBtree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';
import { AppError } from '../http/app-error.js';
import { insertInOrder } from '../lib/in-order.js';
import { IdIndex } from './id-index.js';
import { JsonWriter } from './json-writer.js';
import { KeptJson } from './kept-json.js';
import { RecordCodec } from './record-codec.js';
import { asBytes, Column, forEachBit, grown, int32s, Posting, PostingIndex, TextArena, uint32s, utf8, type BlockSink, type BlockSource, type KeyValue } from './storage.js';

// sorted-btree is a CommonJS module exporting the class as `default`: Node's ESM loader hands
// over the whole module, bundlers and vitest the class itself.
const BTree: typeof sortedBtree.default = (sortedBtree as unknown as { default?: typeof sortedBtree.default }).default ?? (sortedBtree as unknown as typeof sortedBtree.default);
type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;

export type { KeyValue };
export type Keys = Readonly<Record<string, KeyValue>>;

/** One record as the read model keeps it: its API form as JSON text, and its keys. */
export interface Row {
  readonly id: string;
  readonly version: number;
  /** The API record as JSON: a list answer is these joined, without serialising anything. */
  readonly json: string;
  readonly keys: Keys;
}

/** How one record kind is indexed. `A` is its API form. */
export interface TableSpec<A> {
  /** The values its filters and sorts read, from the API record. */
  keysOf(record: A): Keys;
  /** Keys matched by equality (`customerId=...`); a list value (tags) matches any of its items. */
  exact: readonly string[];
  /** Keys beyond `exact` known only at run time (custom fields) that are matched by equality too. */
  exactOn?(key: string): boolean;
  /** The API sort names and the key each orders by. */
  sorts: Readonly<Record<string, string>>;
  /**
   * Sort names beyond `sorts` whose keys are known only at run time (custom fields), and the key
   * each orders by: its sorted index is built on first use and kept from then on.
   */
  sortOn?(name: string): string | undefined;
  /**
   * Sort keys whose ordered index `warm()` builds once a load is done (the lists' default sorts,
   * the board's): otherwise the first read sorted by one pays for sorting the whole table.
   */
  warmSorts?: readonly string[];
  /** The text `q` searches (word prefixes). */
  textOf(record: A): string;
  /**
   * Key sets (of single-valued keys) whose rows are counted, and their number key `sum` summed,
   * per combination of values, kept as rows come and go: a list filtered by exactly such a set
   * (a board column: pipeline and stage, or with the owner too) has its total without a pass over
   * its rows, and `aggregate` its sum. Built on first use, like the sorted indexes.
   */
  tallies?: { by: readonly (readonly string[])[]; sum?: string };
  /**
   * Counts of rows per stretch of the number key `key`, at each of `widths` (widest first), per
   * combination of values of each key set of `by` (single-valued keys; an empty set is every
   * row), kept as rows come and go: a list filtered by exactly such a set and a range on `key`,
   * sorted by `key` (calls of the last 30 days, newest first), is counted from the stretches the
   * range covers and, at its two ends, row by row over the key's sorted index less than the
   * narrowest width's worth. Built on first use.
   */
  spans?: { key: string; by: readonly (readonly string[])[]; widths: readonly number[] };
  /**
   * Per value of the exact key `by`, the row first by `sort` (then id) among those whose other
   * keys are as `eq` says, kept as rows come and go (a deal's next step: its open task due
   * first), so `firstOf` is a lookup. Built on first use.
   */
  firsts?: { by: string; eq: Readonly<Record<string, string>>; sort: string };
}

/** A list query over one table. Every part is optional but the sort and the limit. */
export interface TableQuery {
  /** Search words: each must be the prefix of a word of the row's text. */
  q?: string | undefined;
  /** Key = value (a row's list key matches when it holds the value). */
  eq?: Readonly<Record<string, string | undefined>>;
  /** Inclusive lower and exclusive (`lt`) or inclusive (`lte`) upper bounds on number or string keys. */
  range?: Readonly<Record<string, Bounds | undefined>>;
  /** Any further test on a row's keys (`overdue`). */
  where?: (keys: Keys) => boolean;
  /** An API sort name, `-` for descending. */
  sort: string;
  limit: number;
  cursor?: string | undefined;
}

/** A range on one key: `gte` inclusive, `lt` exclusive, `lte` inclusive; any may be left out. */
export interface Bounds {
  gte?: number | string | undefined;
  lt?: number | string | undefined;
  lte?: number | string | undefined;
}

/** Whether a key's value lies within the bounds (a list or a missing value never does). */
function within(v: KeyValue, { gte, lt, lte }: Bounds): boolean {
  if (v === undefined || typeof v === 'object') return false;
  if (gte !== undefined && compareValues(v, gte) < 0) return false;
  if (lt !== undefined && compareValues(v, lt) >= 0) return false;
  return lte === undefined || compareValues(v, lte) <= 0;
}

/** Whether a value lies past the upper bound (an ascending walk of the key's index can stop). */
const beyond = (v: KeyValue, { lt, lte }: Bounds): boolean =>
  v !== undefined && typeof v !== 'object' && ((lt !== undefined && compareValues(v, lt) >= 0) || (lte !== undefined && compareValues(v, lte) > 0));

/** Whether a key's value is `value`, or a list holding it. */
const matchesValue = (v: KeyValue, value: string): boolean => (typeof v === 'object' ? v.includes(value) : v !== undefined && String(v) === value);

/** A range of numbers on a column of numbers, as bounds to compare with inline (NaN, no value, fails them all). */
function numericRange(column: Column | undefined, { gte, lt, lte }: Bounds): { numbers: Float64Array; low: number; below: number; upTo: number } | undefined {
  const numbers = column?.numberArray();
  const numeric = (b: number | string | undefined): b is number | undefined => b === undefined || typeof b === 'number';
  if (!numbers || !numeric(gte) || !numeric(lt) || !numeric(lte)) return undefined;
  return { numbers, low: gte ?? -Infinity, below: lt ?? Infinity, upTo: lte ?? Infinity };
}

/**
 * A slot test for a range on a column: on a column of numbers with number bounds, comparisons
 * straight on its array (a date range over a quarter of a million calls is one tight loop).
 */
function rangeTest(column: Column | undefined, bounds: Bounds): (slot: number) => boolean {
  if (!column) return () => false;
  const numbers = column.numberArray();
  const { gte, lt, lte } = bounds;
  const numeric = (b: number | string | undefined): b is number | undefined => b === undefined || typeof b === 'number';
  if (numbers && numeric(gte) && numeric(lt) && numeric(lte)) {
    const low = gte ?? -Infinity;
    const below = lt ?? Infinity;
    const upTo = lte ?? Infinity;
    // NaN (no value) fails every comparison.
    return (slot) => {
      const v = slot < numbers.length ? numbers[slot]! : NaN;
      return v >= low && v < below && v <= upTo;
    };
  }
  return (slot) => within(column.get(slot), bounds);
}

const bounded = (b: Bounds | undefined): b is Bounds => b !== undefined && (b.gte !== undefined || b.lt !== undefined || b.lte !== undefined);

export interface TablePage {
  rows: Row[];
  total: number;
  nextCursor?: string;
}

/** Words of a text, lower-cased, split at anything but letters and digits. */
export function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  // Most text is ASCII: it needs no normalising, and a simpler split (a checkpoint load splits
  // a million notes).
  if (!/[^\x00-\x7f]/.test(lower)) return lower.split(/[^a-z0-9]+/).filter(Boolean);
  return lower.normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Orders two key values: missing first, then numbers, then strings by code unit. */
export function compareValues(a: KeyValue, b: KeyValue): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const badCursor = () =>
  new AppError('VALIDATION', 'The cursor is not one this list gave out with that sort.', {
    errors: [{ path: 'cursor', message: 'is not a cursor for this list and sort' }],
  });

/** An opaque cursor: the sort, the last row's sort value and id. */
export function encodeCursor(sort: string, value: KeyValue, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value ?? null, i: id })).toString('base64url');
}

/** Reads a cursor; one made for another sort, or not made here, is a 422. */
export function decodeCursor(cursor: string, sort: string): { value: KeyValue; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw badCursor();
  const { s, v, i } = parsed as Record<string, unknown>;
  if (s !== sort || typeof i !== 'string' || i.length > 64) throw badCursor();
  if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw badCursor();
  return { value: v ?? undefined, id: i };
}

/** Matches below this many are sorted directly; above it the sorted index is walked. */
const SORT_DIRECTLY = 4096;
/** A step of a walk along a sorted index costs about this many slots of a tight pass over a list. */
const WALK_STEP = 8;
/** Where `jsonStart` addresses leave a checkpoint's `base` for the table's `TextArena`. */
const ARENA = 2 ** 40;
const PROBE = -1;
/** Compaction once this many old versions are kept and they outnumber the live rows. */
const COMPACT_AFTER = 50_000;

/** A row, read from the table's columns when asked (a list page builds fifty, not a million). */
class RowView<A extends { id: string; version: number }> implements Row {
  constructor(
    readonly table: Table<A>,
    readonly slot: number,
  ) {}
  get id(): string {
    return this.table.idAt(this.slot);
  }
  get version(): number {
    return this.table.versionAt(this.slot);
  }
  get json(): string {
    return this.table.jsonAt(this.slot);
  }
  get keys(): Keys {
    return this.table.keysAt(this.slot);
  }
}

/**
 * The records of one kind in memory, indexed for every list the API offers. Each version of a
 * record takes a new slot; per slot the table keeps the record's id, version, API record (in
 * RecordCodec's bytes: of one buffer when read from a checkpoint, in a text arena of byte
 * chunks when put since) and each key in its column (storage.ts). Posting lists per filter value and per search word list slots;
 * an ordered index (sorted-btree) per sort is built on first use. An old version's slot is
 * dead: lists skip it, and the table compacts itself (renumbering the slots, without
 * re-reading any record) when dead slots pile up.
 */
export class Table<A extends { id: string; version: number }> {
  /** Each slot's record id, and the slot of each live one (storage.ts). */
  private ids = new IdIndex();
  private versions = new Int32Array(0);
  private alive = new Uint8Array(0);
  private slots = 0;
  /**
   * Each slot's API record as RecordCodec bytes: of `base` (a checkpoint's block, read as one) when its
   * start is below ARENA, else of `arena` (records put since) at start - ARENA.
   */
  private base: Buffer = Buffer.alloc(0);
  private arena = new TextArena();
  /** How a record's JSON is kept in those bytes (storage.ts): its shapes are the table's. */
  private codec = new RecordCodec();
  private jsonStart = new Float64Array(0);
  private jsonLength = new Uint32Array(0);
  /** The JSON text of the slots read lately (kept-json.ts): about 8 MB of text per kind at most. */
  private keptJson = new KeptJson(6_000_000);
  private columns = new Map<string, Column>();
  /** `isExact` of each key seen. */
  private exactKeys = new Map<string, boolean>();
  private exactIndex = new PostingIndex();
  private wordIndex = new PostingIndex();
  /** The words in order, for prefixes (each word's code in `wordIndex`). */
  private words = new BTree<string, number>();
  /** The ordered index of each sort key, built on its first use (a start builds none), kept current after. */
  private sorted = new Map<string, BTree<number, undefined>>();
  private comparers = new Map<string, (a: number, b: number) => number>();
  private probe: { value: KeyValue; id: string } = { value: undefined, id: '' };
  /** Per set of `spec.tallies.by`, the count and sum per combination of values; built on first use. */
  private tallies: Map<string, { count: number; sum: number; stamp: number }>[] | undefined;
  /** Per set of `spec.spans.by`, per combination of values, per width, the rows per stretch (`spans`); built on first use. */
  private spanCounts: Map<string, Map<number, number>[]>[] | undefined;
  /** Per value of `spec.firsts.by`, the slot of its first row; built on first use. */
  private firsts: Map<string, number> | undefined;
  /** Bumped at each change of a tally (a board column's answer is kept while its stamp stays). */
  private clock = 0;
  /** Bitmaps a query's search words are gathered in (wordBits), kept between queries. */
  private scratch: (Uint32Array | undefined)[] = [];
  /** `ranksOf`'s places by key. */
  private ranks = new Map<string, Int32Array>();
  /** The matches a query keeps while it counts (one buffer for every query: a new one each time was 16 KB of external memory a request). */
  private keptSlots = new Int32Array(SORT_DIRECTLY);
  private dead = 0;
  /** The slots that died since the last compaction or load: a search's count is its bitmap's, less those. */
  private deadSlots = new Posting();
  /** While a checkpoint is being written nothing is compacted (dead slots keep their data until a compaction). */
  private pins = 0;

  constructor(readonly spec: TableSpec<A>) {}

  private column(key: string): Column {
    let column = this.columns.get(key);
    if (!column) this.columns.set(key, (column = new Column()));
    return column;
  }

  private comparer(key: string): (a: number, b: number) => number {
    let compare = this.comparers.get(key);
    if (!compare) {
      compare = (a: number, b: number) => {
        const column = this.columns.get(key);
        const numbers = column?.numberArray();
        if (numbers !== undefined && a !== PROBE && b !== PROBE) {
          // A column of numbers (dates, amounts): compared on its array, NaN (no value) first as compareValues orders it.
          const x = a < numbers.length ? numbers[a]! : NaN;
          const y = b < numbers.length ? numbers[b]! : NaN;
          if (x < y) return -1;
          if (x > y) return 1;
          if (x !== x) {
            if (y === y) return -1;
          } else if (y !== y) return 1;
          return this.ids.compare(a, b);
        }
        const x = a === PROBE ? this.probe.value : column?.get(a);
        const y = b === PROBE ? this.probe.value : column?.get(b);
        const c = compareValues(x, y);
        if (c !== 0) return c;
        if (a === PROBE) return b === PROBE ? 0 : -this.ids.compareWith(b, this.probe.id);
        if (b === PROBE) return this.ids.compareWith(a, this.probe.id);
        return this.ids.compare(a, b);
      };
      this.comparers.set(key, compare);
    }
    return compare;
  }

  /** The ordered index of `key`, built now if this is its first use. */
  private tree(key: string): BTree<number, undefined> {
    let tree = this.sorted.get(key);
    if (!tree) this.sorted.set(key, (tree = this.treeOf(key, this.orderedBy(key))));
    return tree;
  }

  /** A tree of `key`'s index holding `slots`, already in the comparer's order. */
  private treeOf(key: string, slots: ArrayLike<number>): BTree<number, undefined> {
    // Built bottom up from the sorted list (no search per slot); a tree of one node's worth by appends.
    const compare = this.comparer(key);
    if (slots.length <= 64) {
      const tree = new BTree<number, undefined>(undefined, compare);
      for (let i = 0; i < slots.length; i++) tree.set(slots[i]!, undefined);
      return tree;
    }
    return bulkLoad<number, undefined>(Array.from(slots), new Array<undefined>(slots.length).fill(undefined), 32, compare);
  }

  /**
   * The live slots in the comparer's order for `key` (its value, then the id). The values are
   * read once into an array and compared there: the comparer reads two columns per comparison,
   * and a million rows take twenty million comparisons.
   */
  private orderedBy(key: string): Int32Array {
    const live = this.liveList();
    const column = this.columns.get(key);
    if (!column) return live;
    const numbers = column.numberArray();
    const ids = this.ids;
    const order = new Int32Array(live.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (numbers) {
      const values = new Float64Array(live.length);
      for (let i = 0; i < live.length; i++) values[i] = live[i]! < numbers.length ? numbers[live[i]!]! : NaN;
      // NaN (no value) orders first, as `compareValues` orders a missing value.
      order.sort((i, j) => {
        const x = values[i]!;
        const y = values[j]!;
        if (x < y) return -1;
        if (x > y) return 1;
        if (x !== x) {
          if (y === y) return -1;
        } else if (y !== y) return 1;
        return ids.compare(live[i]!, live[j]!);
      });
    } else {
      const values: KeyValue[] = Array.from(live, (slot) => column.get(slot));
      order.sort((i, j) => {
        const x = values[i];
        const y = values[j];
        if (typeof x === 'string' && typeof y === 'string') {
          if (x < y) return -1;
          if (x > y) return 1;
        } else {
          const c = compareValues(x, y);
          if (c !== 0) return c;
        }
        return ids.compare(live[i]!, live[j]!);
      });
    }
    for (let i = 0; i < order.length; i++) order[i] = live[order[i]!]!;
    return order;
  }

  /** Whether key `key` has posting lists per value (`spec.exact`, or a run-time key from `spec.exactOn`); known once per key. */
  private isExact(key: string): boolean {
    let exact = this.exactKeys.get(key);
    if (exact === undefined) this.exactKeys.set(key, (exact = this.spec.exact.includes(key) || this.spec.exactOn?.(key) === true));
    return exact;
  }

  /** The key a sort name orders by (a run-time sort from `spec.sortOn` too). */
  private sortKeyOf(name: string): string | undefined {
    return this.spec.sorts[name] ?? this.spec.sortOn?.(name);
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * The bytes the table holds, about: its arrays and buffer exactly, strings and map entries
   * at V8's usual sizes (the bench and the start log report it per kind).
   */
  footprint(): number {
    return Object.values(this.footprintParts()).reduce((a, b) => a + b, 0);
  }

  /** `footprint()` by part: ids (and the id → slot map), records' JSON, key columns, posting lists, word tree, sort trees, per-slot arrays. */
  footprintParts(): Record<'ids' | 'json' | 'columns' | 'exact' | 'words' | 'sorts' | 'slots', number> {
    const ids = this.ids.footprint();
    let columns = 0;
    for (const column of this.columns.values()) columns += column.footprint();
    let sorts = 0;
    for (const tree of this.sorted.values()) sorts += tree.size * 20;
    return {
      ids,
      // The texts kept of lately read records, at two bytes a character (at most).
      json: this.base.byteLength + this.arena.byteLength + this.jsonStart.byteLength + this.jsonLength.byteLength + this.keptJson.size,
      columns,
      exact: this.exactIndex.footprint(),
      words: this.wordIndex.footprint() + this.wordIndex.size * 20,
      sorts,
      slots: this.versions.byteLength + this.alive.byteLength,
    };
  }

  has(id: string): boolean {
    return this.ids.find(id) >= 0;
  }

  idAt(slot: number): string {
    return this.ids.idAt(slot);
  }

  versionAt(slot: number): number {
    return this.versions[slot]!;
  }

  jsonAt(slot: number): string {
    const kept = this.keptJson.text(slot);
    if (kept !== undefined) return kept;
    const start = this.jsonStart[slot]!;
    const length = this.jsonLength[slot]!;
    if (start < ARENA) return this.codec.json(this.base, start, start + length);
    const at = (start - ARENA) % TextArena.CHUNK;
    return this.codec.json(this.arena.chunkAt(start - ARENA), at, at + length);
  }

  /** A slot's JSON as UTF-8 bytes into `out` (the kept bytes, or written from its record's bytes and kept). */
  writeJson(slot: number, out: JsonWriter): void {
    const kept = this.keptJson.find(slot);
    if (kept >= 0) return out.copy(this.keptJson.found, kept, this.keptJson.foundEnd);
    const start = this.jsonStart[slot]!;
    const length = this.jsonLength[slot]!;
    const from = out.at;
    if (start < ARENA) this.codec.jsonInto(this.base, start, start + length, out);
    else {
      const at = (start - ARENA) % TextArena.CHUNK;
      this.codec.jsonInto(this.arena.chunkAt(start - ARENA), at, at + length, out);
    }
    this.keptJson.keep(slot, out.buf, from, out.at);
  }

  /**
   * The JSON array of `rows` (a page of this table's `query`) as UTF-8 bytes: a list answer's
   * body, written from the records' bytes with no string made per field, and sent as it is.
   */
  jsonArray(rows: readonly Row[]): Buffer {
    const out = new JsonWriter(rows.length * 600 + 2);
    out.byte(0x5b);
    for (let i = 0; i < rows.length; i++) {
      if (i) out.byte(0x2c);
      const row = rows[i]!;
      if (row instanceof RowView && row.table === this) this.writeJson(row.slot, out);
      else out.text(row.json);
    }
    out.byte(0x5d);
    return out.bytes();
  }

  /** A slot's API record (as JSON.parse of its JSON would give it, without the text). */
  recordAt(slot: number): A {
    const start = this.jsonStart[slot]!;
    const length = this.jsonLength[slot]!;
    if (start < ARENA) return this.codec.value(this.base, start, start + length) as A;
    const at = (start - ARENA) % TextArena.CHUNK;
    return this.codec.value(this.arena.chunkAt(start - ARENA), at, at + length) as A;
  }

  keysAt(slot: number): Keys {
    const keys: Record<string, KeyValue> = {};
    for (const [key, column] of this.columns) {
      const value = column.get(slot);
      if (value !== undefined) keys[key] = value;
    }
    return keys;
  }

  /** One key of a record (no object built). */
  key(id: string, key: string): KeyValue {
    const slot = this.slotAt(id);
    return slot === undefined ? undefined : this.columns.get(key)?.get(slot);
  }

  /** The slot of a live record. */
  private slotAt(id: string): number | undefined {
    const slot = this.ids.find(id);
    return slot < 0 ? undefined : slot;
  }

  /** A record's version (no object built). */
  versionOf(id: string): number | undefined {
    const slot = this.slotAt(id);
    return slot === undefined ? undefined : this.versions[slot];
  }

  /** One record, read now: it stays as it is when the table changes or compacts later. */
  row(id: string): Row | undefined {
    const slot = this.slotAt(id);
    return slot === undefined ? undefined : { id, version: this.versions[slot]!, json: this.jsonAt(slot), keys: this.keysAt(slot) };
  }

  /** The API record, parsed from its JSON. */
  get(id: string): A | undefined {
    const slot = this.slotAt(id);
    return slot === undefined ? undefined : this.recordAt(slot);
  }

  /** Every row, in no particular order. */
  *all(): IterableIterator<Row> {
    for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) yield new RowView(this, slot);
  }

  /** Every record's id. */
  *idList(): IterableIterator<string> {
    for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) yield this.ids.idAt(slot);
  }

  /** Adds or replaces a record; an older version than the one kept is ignored. */
  put(record: A): boolean {
    const known = this.slotAt(record.id);
    if (known !== undefined && this.versions[known]! >= record.version) return false;
    if (known !== undefined) this.remove(record.id);
    this.insert(record);
    return true;
  }

  /** Adds a record from its API JSON (no second serialisation). */
  putJson(json: string): void {
    const record = JSON.parse(json) as A;
    if (this.has(record.id)) throw new Error(`record ${record.id} twice`);
    this.insert(record);
  }

  private insert(record: A): void {
    const slot = this.slots++;
    this.ids.setId(slot, record.id);
    this.versions = grown(this.versions, slot);
    this.versions[slot] = record.version;
    this.alive = grown(this.alive, slot);
    this.alive[slot] = 1;
    this.jsonStart = grown(this.jsonStart, slot);
    this.jsonLength = grown(this.jsonLength, slot);
    const bytes = this.codec.encode(record);
    this.jsonStart[slot] = ARENA + this.arena.appendBytes(bytes);
    this.jsonLength[slot] = bytes.length;
    this.ids.bind(slot);
    const keys = this.spec.keysOf(record);
    for (const key in keys) {
      const value = keys[key];
      if (value === undefined) continue;
      this.column(key).set(slot, value);
      if (!this.isExact(key)) continue;
      if (typeof value === 'object') for (const v of value) this.exactIndex.add(`${key}\u0000${v}`, slot);
      else this.exactIndex.add(`${key}\u0000${String(value)}`, slot);
    }
    // A word twice in one text is listed once: a posting list takes a slot once however often it is added.
    const words = wordsOf(this.spec.textOf(record));
    for (let i = 0; i < words.length; i++) {
      const known = this.wordIndex.size;
      const code = this.wordIndex.add(words[i]!, slot);
      if (code === known) this.words.set(words[i]!, code);
    }
    for (const tree of this.sorted.values()) tree.set(slot, undefined);
    this.tally(slot, 1);
    this.enterFirst(slot);
  }

  remove(id: string): Row | undefined {
    const slot = this.slotAt(id);
    if (slot === undefined) return undefined;
    // What the caller gets is the record as it was: its JSON is read before the slot is freed.
    const json = this.jsonAt(slot);
    const keys = this.keysAt(slot);
    const version = this.versions[slot]!;
    for (const tree of this.sorted.values()) tree.delete(slot);
    this.tally(slot, -1);
    this.alive[slot] = 0;
    this.leaveFirst(slot);
    this.ids.unbind(slot);
    this.dead++;
    this.deadSlots.push(slot);
    if (!this.pins && this.dead > COMPACT_AFTER && this.dead > this.ids.size) this.compact();
    return { id, version, json, keys };
  }

  /** The live slots in increasing order. */
  private liveList(): Int32Array {
    const out = new Int32Array(this.ids.size);
    let n = 0;
    for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) out[n++] = slot;
    return out;
  }

  /** Each slot's new number when the live ones are numbered from 0 in order; -1 for a dead one. */
  private remapOf(live: Int32Array): Int32Array {
    const remap = new Int32Array(this.slots).fill(-1);
    for (let i = 0; i < live.length; i++) remap[live[i]!] = i;
    return remap;
  }

  /** Renumbers the live slots from 0, dropping old versions (no record is re-read or re-split). */
  compact(): void {
    const live = this.liveList();
    const remap = this.remapOf(live);
    // The live records' texts put since the checkpoint move to a new arena; a checkpoint's stay in `base`.
    const arena = new TextArena();
    const jsonStart = new Float64Array(live.length);
    const jsonLength = new Uint32Array(live.length);
    const versions = new Int32Array(live.length);
    for (let i = 0; i < live.length; i++) {
      const slot = live[i]!;
      versions[i] = this.versions[slot]!;
      const start = this.jsonStart[slot]!;
      const length = this.jsonLength[slot]!;
      jsonStart[i] = start >= ARENA ? ARENA + arena.appendBytes(this.arena.bytes(start - ARENA, length)) : start;
      jsonLength[i] = length;
    }
    this.keptJson.clear();
    this.ranks.clear();
    this.ids = this.ids.gather(live);
    this.arena = arena;
    this.jsonStart = jsonStart;
    this.jsonLength = jsonLength;
    this.versions = versions;
    this.alive = new Uint8Array(live.length).fill(1);
    this.slots = live.length;
    for (const [key, column] of this.columns) this.columns.set(key, column.gather(live));
    this.exactIndex = this.exactIndex.remapped(remap);
    this.wordIndex = this.wordIndex.remapped(remap);
    this.words = this.wordTree(this.wordIndex);
    // The renumbering keeps the slots' order, so each index keeps its order too: rebuilt from it
    // without a sort (a reader after a compaction does not pay for building it again).
    const sorted = new Map<string, BTree<number, undefined>>();
    for (const [key, tree] of this.sorted) {
      const slots = new Int32Array(tree.size);
      let i = 0;
      for (const slot of tree.keys()) slots[i++] = remap[slot]!;
      sorted.set(key, this.treeOf(key, slots));
    }
    this.sorted = sorted;
    if (this.firsts) for (const [value, slot] of this.firsts) this.firsts.set(value, remap[slot]!);
    this.dead = 0;
    this.deadSlots = new Posting();
  }

  private wordTree(index: PostingIndex): BTree<string, number> {
    const words: [string, number][] = [];
    for (let code = 0; code < index.size; code++) words.push([index.keyOf(code), code]);
    words.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const tree = new BTree<string, number>();
    for (const [word, code] of words) tree.set(word, code);
    return tree;
  }

  /**
   * Writes the live records and their indexes, renumbered from 0, as checkpoint blocks. The
   * table may change meanwhile (the write awaits its sink): what is written is the table as it
   * was when the write began, because slots never change and dead ones keep their data until
   * the write ends.
   */
  async write(sink: BlockSink): Promise<number> {
    this.pins++;
    try {
      const live = this.liveList();
      const remap = this.remapOf(live);
      const columns = [...this.columns];
      const { exactIndex, wordIndex, base, arena, jsonStart, jsonLength, ids, versions } = this;
      // The shapes only grow: those of the rows written are all known now.
      await sink.bytes(utf8(JSON.stringify({ rows: live.length, columns: columns.map(([key]) => key), shapes: this.codec.shapeList() })));
      await ids.write(sink, live);
      await sink.bytes(asBytes(Int32Array.from(live, (slot) => versions[slot]!)));
      const lengths = new Uint32Array(live.length);
      const jsonOf = (slot: number) => {
        const start = jsonStart[slot]!;
        const length = jsonLength[slot]!;
        return start >= ARENA ? arena.bytes(start - ARENA, length) : base.subarray(start, start + length);
      };
      let total = 0;
      for (let i = 0; i < live.length; i++) {
        lengths[i] = jsonLength[live[i]!]!;
        total += lengths[i]!;
      }
      await sink.bytes(asBytes(lengths));
      await sink.parts(total, (function* () {
        for (let i = 0; i < live.length; i++) yield jsonOf(live[i]!);
      })());
      for (const [, column] of columns) await column.write(sink, live);
      await exactIndex.write(sink, remap);
      await wordIndex.write(sink, remap);
      return live.length;
    } finally {
      if (--this.pins === 0) {
        if (this.dead > COMPACT_AFTER && this.dead > this.ids.size) this.compact();
      }
    }
  }

  /** Reads a table written by `write` into this empty one. */
  async read(source: BlockSource): Promise<void> {
    if (this.slots) throw new Error('a table is read into an empty one');
    // Tallies built on the empty table would miss every row read now.
    this.tallies = undefined;
    this.spanCounts = undefined;
    this.firsts = undefined;
    const header = JSON.parse((await source.bytes()).toString('utf8')) as { rows: number; columns: string[]; shapes: string[][] };
    if (!Array.isArray(header.shapes)) throw new Error('table: no record shapes');
    const codec = RecordCodec.of(header.shapes);
    const ids = await IdIndex.read(source, header.rows);
    const versions = int32s(await source.bytes());
    const lengths = uint32s(await source.bytes());
    const base = await source.bytes();
    if (versions.length !== header.rows || lengths.length !== header.rows) throw new Error('table: row counts differ');
    const jsonStart = new Float64Array(header.rows);
    let at = 0;
    for (let i = 0; i < header.rows; i++) (jsonStart[i] = at), (at += lengths[i]!);
    if (at !== base.length) throw new Error('table: record lengths and bytes differ');
    for (const key of header.columns) this.columns.set(key, await Column.read(source));
    this.exactIndex = await PostingIndex.read(source);
    this.wordIndex = await PostingIndex.read(source);
    this.keptJson.clear();
    this.ranks.clear();
    this.ids = ids;
    this.versions = versions;
    this.alive = new Uint8Array(header.rows).fill(1);
    this.slots = header.rows;
    this.base = base;
    this.jsonStart = jsonStart;
    this.jsonLength = lengths;
    this.arena = new TextArena();
    this.codec = codec;
    this.words = this.wordTree(this.wordIndex);
  }

  /**
   * Ids of the rows whose key `key` equals `value` (a reference: a customer's contacts), and
   * whose other keys are as `also` says (tested on the row's columns, no id looked up).
   */
  idsWhere(key: string, value: string, also?: Readonly<Record<string, string>>): string[] {
    const ids: string[] = [];
    const code = this.exactIndex.codes.get(`${key}\u0000${value}`);
    if (code === undefined) return ids;
    const column = this.columns.get(key);
    const tests = also ? Object.entries(also).map(([k, v]) => [this.columns.get(k), v] as const) : [];
    this.exactIndex.forEachOf(code, (slot) => {
      if (!this.alive[slot] || !matchesValue(column?.get(slot), value)) return;
      for (const [other, v] of tests) if (!matchesValue(other?.get(slot), v)) return;
      ids.push(this.ids.idAt(slot));
    });
    return ids;
  }

  /** Whether some slot, live or an old version, has ever listed `value` for exact key `key` since the last compaction (false: no row has it). */
  mayHave(key: string, value: string): boolean {
    return this.exactIndex.lengthOf(`${key}\u0000${value}`) > 0;
  }

  private matchesExact(slot: number, key: string, value: string): boolean {
    return matchesValue(this.columns.get(key)?.get(slot), value);
  }

  /**
   * The slots holding, for each word, a word it is the prefix of, as a bitmap (a bit per slot,
   * old versions included): each word's lists ORed together (a dense list word by word), the
   * words ANDed. Undefined when a word is the prefix of none. The bitmap is the table's scratch,
   * good until the next query.
   */
  private wordBits(words: Iterable<string>): Uint32Array | undefined {
    const n = (this.slots + 31) >>> 5;
    const acc = this.scratchBits(0, n);
    let first = true;
    for (const word of words) {
      const target = first ? acc : this.scratchBits(1, n);
      target.fill(0);
      let any = false;
      this.words.forRange(word, `${word}\uffff`, false, (_word: string, code: number) => {
        any = true;
        this.wordIndex.orInto(code, target);
      });
      if (!any) return undefined;
      if (!first) for (let i = 0; i < n; i++) acc[i]! &= target[i]!;
      first = false;
    }
    return acc;
  }

  /** How many live slots a bitmap of slots holds. */
  private liveCount(bits: Uint32Array): number {
    let n = popcount(bits);
    const { slots, length } = this.deadSlots;
    for (let i = 0; i < length; i++) {
      const slot = slots[i]!;
      if ((bits[slot >>> 5]! >>> (slot & 31)) & 1) n--;
    }
    return n;
  }

  private scratchBits(which: 0 | 1, words: number): Uint32Array {
    let bits = this.scratch[which];
    if (!bits || bits.length < words) this.scratch[which] = bits = new Uint32Array(Math.max(words, Math.ceil(words * 1.25)));
    return bits.subarray(0, words);
  }

  /** The tally of `eq` when its keys are exactly one of `spec.tallies`' sets (built on first use). */
  private tallyOf(eq: readonly (readonly [string, string])[]): { count: number; sum: number; stamp: number } | undefined {
    const by = this.spec.tallies?.by.findIndex((keys) => keys.length === eq.length && keys.every((k) => eq.some(([key]) => key === k)));
    if (by === undefined || by < 0) return undefined;
    this.talliesBuilt();
    const keys = this.spec.tallies!.by[by]!;
    const value = keys.map((k) => eq.find(([key]) => key === k)![1]).join('\u0000');
    return this.tallies![by]!.get(value) ?? { count: 0, sum: 0, stamp: 0 };
  }

  /** Counts a row in (1) or out (-1) of its tallies and its spans, once they are built. */
  private tally(slot: number, sign: 1 | -1): void {
    this.span(slot, sign);
    if (!this.tallies) return;
    const { by, sum } = this.spec.tallies!;
    const amount = sum === undefined ? undefined : this.columns.get(sum)?.get(slot);
    for (let i = 0; i < by.length; i++) {
      const value = this.combinationAt(slot, by[i]!);
      const tallies = this.tallies[i]!;
      let entry = tallies.get(value);
      if (!entry) tallies.set(value, (entry = { count: 0, sum: 0, stamp: 0 }));
      entry.count += sign;
      entry.stamp = ++this.clock;
      if (typeof amount === 'number') entry.sum += sign * amount;
      if (!entry.count) tallies.delete(value);
    }
  }

  /** A slot's values of `keys`, as tallies and spans are kept by. */
  private combinationAt(slot: number, keys: readonly string[]): string {
    let value = '';
    for (let j = 0; j < keys.length; j++) {
      const v = this.columns.get(keys[j]!)?.get(slot);
      // A row without the key (or with a list) matches no `eq` on it: it is tallied under no value an `eq` can name.
      value += (j ? '\u0000' : '') + (v === undefined || typeof v === 'object' ? '\u0001' : String(v));
    }
    return value;
  }

  /** Counts a row in (1) or out (-1) of its stretch at each width, once the spans are built (a row without a number there is in none). */
  private span(slot: number, sign: 1 | -1): void {
    if (!this.spanCounts) return;
    const { key, by, widths } = this.spec.spans!;
    const v = this.columns.get(key)?.get(slot);
    if (typeof v !== 'number') return;
    for (let i = 0; i < by.length; i++) {
      const value = this.combinationAt(slot, by[i]!);
      const counts = this.spanCounts[i]!;
      let perWidth = counts.get(value);
      if (!perWidth) counts.set(value, (perWidth = widths.map(() => new Map())));
      for (let w = 0; w < widths.length; w++) {
        const stretch = Math.floor(v / widths[w]!);
        const n = (perWidth[w]!.get(stretch) ?? 0) + sign;
        if (n) perWidth[w]!.set(stretch, n);
        else perWidth[w]!.delete(stretch);
      }
    }
  }

  /**
   * The count of `spanCount` when walking `key`'s index from the range's bound to a page of
   * `take` costs less than a pass over the equality's list of `listed` slots (when the spans of
   * every row say how long the range's stretch is); otherwise undefined.
   */
  private spanned(eq: readonly (readonly [string, string])[], key: string, bounds: Bounds, take: number, listed: number): number | undefined {
    const total = this.spanCount(eq, key, bounds);
    if (total === undefined || !total || listed === Infinity) return total;
    // Rows visited per row taken: the range's rows per match.
    const stretch = eq.length ? this.spanCount([], key, bounds) : total;
    if (stretch === undefined) return listed > SORT_DIRECTLY ? total : undefined;
    return WALK_STEP * Math.min(stretch, (take * stretch) / total) <= listed ? total : undefined;
  }

  /**
   * How many rows match `eq` and lie within `bounds` on `key`, from the spans when `eq`'s keys
   * are exactly one of `spec.spans.by`'s sets and `key` is theirs (built now on first use);
   * otherwise undefined.
   */
  private spanCount(eq: readonly (readonly [string, string])[], key: string, bounds: Bounds): number | undefined {
    const spans = this.spec.spans;
    if (!spans || spans.key !== key) return undefined;
    const numeric = (b: number | string | undefined): b is number | undefined => b === undefined || typeof b === 'number';
    if (!numeric(bounds.gte) || !numeric(bounds.lt) || !numeric(bounds.lte)) return undefined;
    const by = spans.by.findIndex((keys) => keys.length === eq.length && keys.every((k) => eq.some(([e]) => e === k)));
    if (by < 0) return undefined;
    this.spansBuilt();
    const value = spans.by[by]!.map((k) => eq.find(([e]) => e === k)![1]).join('\u0000');
    const perWidth = this.spanCounts![by]!.get(value);
    if (!perWidth) return 0;
    const tests = eq.map(([k, v]) => [this.columns.get(k), v] as const);
    const exact = (low: number, below: number, upTo: number) => {
      let n = 0;
      this.eachInRange(key, { gte: low, lt: below, lte: upTo }, (slot) => {
        for (const [column, v] of tests) if (!matchesValue(column?.get(slot), v)) return;
        n++;
      });
      return n;
    };
    // The stretches wholly within the range at the widest width, then the two ends at the next width, and so on.
    const count = (level: number, low: number, below: number, upTo: number): number => {
      if (!(low < below && low <= upTo)) return 0;
      if (level === spans.widths.length) return exact(low, below, upTo);
      const width = spans.widths[level]!;
      const first = Math.ceil(low / width);
      const last = Math.floor(Math.min(below, upTo) / width) - 1;
      if (first > last) return count(level + 1, low, below, upTo);
      const stretches = perWidth[level]!;
      let n = 0;
      if (last - first + 1 > stretches.size) {
        for (const [stretch, k] of stretches) if (stretch >= first && stretch <= last) n += k;
      } else for (let stretch = first; stretch <= last; stretch++) n += stretches.get(stretch) ?? 0;
      return n + count(level + 1, low, Math.min(below, first * width), upTo) + count(level + 1, Math.max(low, (last + 1) * width), below, upTo);
    };
    return count(0, bounds.gte ?? -Infinity, bounds.lt ?? Infinity, bounds.lte ?? Infinity);
  }

  /**
   * A number that changes whenever a row enters or leaves the rows matching `eq`, whose keys are
   * exactly one of `spec.tallies`' sets (otherwise undefined): while it stays, a list of those
   * rows reads the same (no row among them changed; every change of a row is a new version). It
   * is 0 while none match. Good for this table object only.
   */
  stampOf(eq: Readonly<Record<string, string | undefined>>): number | undefined {
    const tests = Object.entries(eq).filter((e): e is [string, string] => e[1] !== undefined);
    return this.tallyOf(tests)?.stamp;
  }

  /** The row `spec.firsts` keeps for `value` of its key (built now on first use). */
  firstOf(value: string): Row | undefined {
    const firsts = this.firstsBuilt();
    const slot = firsts?.get(value);
    return slot === undefined ? undefined : new RowView(this, slot);
  }

  /**
   * Builds now what a read would otherwise build on its first use (the `warmSorts` indexes: a
   * sort of the table each; tallies, spans, firsts: one pass each), so that no reader pays for
   * it; called once a load is done.
   */
  warm(): void {
    for (const key of this.spec.warmSorts ?? []) {
      this.tree(key);
      // The places a selection compares, for a sort of strings (names).
      if (!this.columns.get(key)?.numberArray()) this.ranksOf(key);
    }
    this.talliesBuilt();
    this.spansBuilt();
    this.firstsBuilt();
  }

  private talliesBuilt(): void {
    if (this.tallies || !this.spec.tallies) return;
    this.tallies = this.spec.tallies.by.map(() => new Map());
    for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) this.tally(slot, 1);
  }

  private spansBuilt(): void {
    if (this.spanCounts || !this.spec.spans) return;
    this.spanCounts = this.spec.spans.by.map(() => new Map());
    for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) this.span(slot, 1);
  }

  private firstsBuilt(): Map<string, number> | undefined {
    if (!this.firsts && this.spec.firsts) {
      this.firsts = new Map();
      for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) this.enterFirst(slot);
    }
    return this.firsts;
  }

  /** Whether a slot counts for `spec.firsts`, and under which value of its key. */
  private firstGroup(slot: number): string | undefined {
    const { by, eq } = this.spec.firsts!;
    const value = this.columns.get(by)?.get(slot);
    if (typeof value !== 'string') return undefined;
    for (const key in eq) if (!matchesValue(this.columns.get(key)?.get(slot), eq[key]!)) return undefined;
    return value;
  }

  /** A live slot taken into `firsts`: first of its value when it sorts before the one kept. */
  private enterFirst(slot: number): void {
    if (!this.firsts) return;
    const value = this.firstGroup(slot);
    if (value === undefined) return;
    const kept = this.firsts.get(value);
    if (kept === undefined || this.comparer(this.spec.firsts!.sort)(slot, kept) < 0) this.firsts.set(value, slot);
  }

  /** A slot just dead: when it was first of its value, the next one from that value's posting list. */
  private leaveFirst(slot: number): void {
    if (!this.firsts) return;
    const value = this.firstGroup(slot);
    if (value === undefined || this.firsts.get(value) !== slot) return;
    const { by, eq, sort } = this.spec.firsts!;
    const next = this.firstSlot(by, value, eq, sort);
    if (next < 0) this.firsts.delete(value);
    else this.firsts.set(value, next);
  }

  /**
   * The row first by `sortKey` (then id) among those whose `key` is `value` and whose other keys
   * are as `eq` says, by one pass over that posting list: a deal's next step (its open task due
   * first) for each card of a board, without a list query per card.
   */
  first(key: string, value: string, eq: Readonly<Record<string, string>>, sortKey: string): Row | undefined {
    const best = this.firstSlot(key, value, eq, sortKey);
    return best < 0 ? undefined : new RowView(this, best);
  }

  private firstSlot(key: string, value: string, eq: Readonly<Record<string, string>>, sortKey: string): number {
    const code = this.exactIndex.codes.get(`${key}\u0000${value}`);
    if (code === undefined) return -1;
    const tests = Object.entries(eq).map(([k, v]) => [this.columns.get(k), v] as const);
    const compare = this.comparer(sortKey);
    let best = -1;
    this.exactIndex.forEachOf(code, (slot) => {
      if (!this.alive[slot]) return;
      for (const [column, v] of tests) if (!matchesValue(column?.get(slot), v)) return;
      if (best < 0 || compare(slot, best) < 0) best = slot;
    });
    return best;
  }

  /** How many rows match `eq` and the sum of their number key `key` (a board column's total). */
  aggregate(eq: Readonly<Record<string, string | undefined>>, key: string): { count: number; sum: number } {
    const tests = Object.entries(eq).filter((e): e is [string, string] => e[1] !== undefined);
    if (tests.length && this.spec.tallies?.sum === key) {
      const tally = this.tallyOf(tests);
      if (tally) return { count: tally.count, sum: tally.sum };
    }
    const column = this.columns.get(key);
    let count = 0;
    let sum = 0;
    const add = (slot: number) => {
      for (const [k, v] of tests) if (!this.matchesExact(slot, k, v)) return;
      count++;
      const value = column?.get(slot);
      if (typeof value === 'number') sum += value;
    };
    if (!tests.length) {
      for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) add(slot);
    } else {
      // Walk the shortest posting list; the other conditions are tested per row.
      const keys = tests.map(([k, v]) => `${k}\u0000${v}`);
      if (keys.some((k) => !this.exactIndex.codes.has(k))) return { count: 0, sum: 0 };
      const shortest = keys.reduce((a, b) => (this.exactIndex.lengthOf(b) < this.exactIndex.lengthOf(a) ? b : a));
      this.exactIndex.forEachOf(this.exactIndex.codes.get(shortest)!, (slot) => {
        if (this.alive[slot]) add(slot);
      });
    }
    return { count, sum };
  }

  /**
   * Answers one page of a list: the rows, the total number of matches, the next cursor.
   *
   * The plan: the matches are counted over the smallest source there is (the shortest posting
   * list of an equality, the bitmap of the search words, the range of a key's sorted index, or
   * every row), each slot tested for every other condition straight on the columns, without
   * building a list of them; a tally gives the count of a board column without any pass. Up to
   * SORT_DIRECTLY matches are kept as they are counted: sorted directly when that is cheaper
   * than walking the sort's index to the page; otherwise the index is walked (from the cursor,
   * or from the bound of a range on the sort key: "the last 30 days, newest first" starts at
   * today and stops at the 30th day) testing each slot, until the page is full.
   */
  query(query: TableQuery): TablePage {
    const descending = query.sort.startsWith('-');
    const sortName = query.sort.replace(/^-/, '');
    const sortKey = this.sortKeyOf(sortName);
    if (!sortKey) throw new AppError('VALIDATION', 'Unknown sort.', { errors: [{ path: 'sort', message: `must be one of ${Object.keys(this.spec.sorts).join(', ')}` }] });
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
    const take = query.limit + 1;
    const none: TablePage = { rows: [], total: 0 };

    const eqs = Object.entries(query.eq ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
    const ranges = Object.entries(query.range ?? {}).filter((e): e is [string, Bounds] => bounded(e[1]));
    const where = query.where;
    const words = new Set(wordsOf(query.q ?? ''));
    // A search of only signs (".*") has no word to match: it matches nothing, not everything.
    if (!words.size && query.q?.trim()) return none;

    // The shortest posting list of the equalities.
    let source: [string, string] | undefined;
    let sourceLength = Infinity;
    for (const e of eqs) {
      const length = this.exactIndex.lengthOf(`${e[0]}\u0000${e[1]}`);
      if (length < sourceLength) (source = e), (sourceLength = length);
    }
    if (source && sourceLength === 0) return none;
    const bits = words.size ? this.wordBits(words) : undefined;
    if (words.size && !bits) return none;

    // The tests of one slot; `sourceTest` only where the slot does not come from its list.
    const alive = this.alive;
    const eqTest = ([key, value]: [string, string]) => {
      const column = this.columns.get(key);
      return (slot: number) => matchesValue(column?.get(slot), value);
    };
    const others: ((slot: number) => boolean)[] = eqs.filter((e) => e !== source).map(eqTest);
    for (const [key, bounds] of ranges) others.push(rangeTest(this.columns.get(key), bounds));
    if (where) others.push((slot) => where(this.keysAt(slot)));
    const bitTest = bits ? (slot: number) => ((bits[slot >>> 5]! >>> (slot & 31)) & 1) === 1 : undefined;
    const sourceTest = source ? eqTest(source) : undefined;
    const all = [...(sourceTest ? [sourceTest] : []), ...others, ...(bitTest ? [bitTest] : [])];
    const passes = (tests: readonly ((slot: number) => boolean)[]) => (slot: number) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i]!(slot)) return false;
      return true;
    };

    // Count, keeping the first SORT_DIRECTLY matches.
    const kept = this.keptSlots.subarray(0, Math.min(SORT_DIRECTLY, sourceLength, this.size));
    let total = 0;
    const count = (test: (slot: number) => boolean) => (slot: number) => {
      if (!alive[slot] || !test(slot)) return;
      if (total < kept.length) kept[total] = slot;
      total++;
    };
    const tally = source && !bits && !ranges.length && !where ? this.tallyOf(eqs) : undefined;
    const ownRange = query.range?.[sortKey];
    const onSortKey = bounded(ownRange) ? ownRange : undefined;
    // Sorting n matches costs about n log n comparisons; walking the index to a page about
    // `take` times the rows per match (a match in twenty: twenty rows visited per row taken).
    const walks = (n: number) => n > kept.length || n * Math.log2(n + 1) > (take * this.size) / n;
    // Whether `kept` holds the matches (a count from a tally or the table's size keeps none).
    let collected = true;
    const found = bits && !source && !others.length ? this.liveCount(bits) : undefined;
    const spanned = !bits && !where && ranges.length === 1 && onSortKey && ranges[0]![0] === sortKey ? this.spanned(eqs, sortKey, onSortKey, take, source ? sourceLength : Infinity) : undefined;
    // A range on the sort key beside exactly a span set's equalities: counted from the spans, the page walked from the range's bound.
    if (spanned !== undefined) (total = spanned), (collected = false);
    else if (tally && walks(tally.count)) (total = tally.count), (collected = false);
    // Only search words: the bitmap's count, less the slots dead since.
    else if (found !== undefined && walks(found)) (total = found), (collected = false);
    else if (bits && (!source || popcount(bits) <= sourceLength)) {
      forEachBit(bits, count(passes(all.filter((t) => t !== bitTest))));
    } else if (source) {
      const code = this.exactIndex.codes.get(`${source[0]}\u0000${source[1]}`)!;
      const numeric = !bits && !where && eqs.length === 1 && ranges.length === 1 ? numericRange(this.columns.get(ranges[0]![0]), ranges[0]![1]) : undefined;
      if (numeric) {
        // One number range beside one equality (calls of the last 30 days, overdue tasks): one
        // tight loop over the list.
        total = this.exactIndex.countInRange(code, alive, numeric.numbers, numeric.low, numeric.below, numeric.upTo, kept);
      } else if (!others.length && !bitTest) {
        // One equality alone (customers of a tier, deals of a stage): its live slots, in one loop.
        total = this.exactIndex.countLive(code, alive, kept);
      } else this.exactIndex.forEachOf(code, count(passes(others.concat(bitTest ? [bitTest] : []))));
    } else if (!others.length) (total = this.size), (collected = false);
    else {
      // A range on a key with a sorted index is counted over that index's stretch.
      const indexed = ranges.find(([key]) => key === sortKey || this.sorted.has(key));
      const numeric = !indexed && !where && ranges.length === 1 ? numericRange(this.columns.get(ranges[0]![0]), ranges[0]![1]) : undefined;
      if (numeric) {
        // One number range over every row (customers with at least N seats): one tight loop over the column.
        total = countNumbersInRange(numeric, Math.min(this.slots, numeric.numbers.length), alive, kept);
      } else {
        const visit = count(passes(others));
        if (indexed) this.eachInRange(indexed[0], indexed[1], visit);
        else for (let slot = 0; slot < this.slots; slot++) visit(slot);
      }
    }
    if (!total) return none;

    let page: number[];
    if (collected && !walks(total)) {
      const compare = this.comparer(sortKey);
      if (after) this.probe = { value: after.value, id: after.id };
      const ordered = Array.from(kept.subarray(0, total)).sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
      let start = 0;
      if (after) {
        // The first row past the cursor, by binary search.
        let lo = 0;
        let hi = ordered.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const c = compare(ordered[mid]!, PROBE);
          if (descending ? c >= 0 : c <= 0) lo = mid + 1;
          else hi = mid;
        }
        start = lo;
      }
      page = ordered.slice(start, start + take);
    } else {
      const test = all.length ? passes(all) : undefined;
      // A walk visits about size / total rows per match taken; matches bunched far along the
      // index (a search for "zoë" sorted by name) would make it long. Past a few times that, a
      // search's or an equality's matches are gathered from that source and the page selected.
      const gather = bits && (!source || popcount(bits) <= sourceLength) ? 'bits' : source ? 'source' : undefined;
      const budget = gather && test ? 4 * take * Math.ceil(this.size / total) : Infinity;
      // The tests of a slot gathered from its source, but the source's own (which it passes).
      const gatheredTest = (own: ((slot: number) => boolean) | undefined) => {
        const rest = all.filter((t) => t !== own);
        return rest.length ? passes(rest) : undefined;
      };
      // Few matches to gather against a long walk (a search whose matches are a few hundred of a
      // hundred thousand): selected from them straight away, without walking first.
      const gathered = gather === 'bits' ? (found ?? popcount(bits!)) : gather === 'source' ? sourceLength : Infinity;
      const direct = gathered < 2 * take * Math.ceil(this.size / total);
      page = (direct ? undefined : this.walk(sortKey, descending, after, onSortKey, take, test, budget)) ?? this.select(sortKey, descending, after, take, gatheredTest(gather === 'bits' ? bitTest : sourceTest), gather === 'bits' ? bits! : (visit) => this.exactIndex.forEachOf(this.exactIndex.codes.get(`${source![0]}\u0000${source![1]}`)!, visit));
    }
    const more = page.length > query.limit;
    const rows = page.slice(0, query.limit).map((slot) => new RowView(this, slot));
    const last = page[Math.min(page.length, query.limit) - 1];
    return { rows, total, ...(more && last !== undefined ? { nextCursor: encodeCursor(query.sort, this.columns.get(sortKey)?.get(last), this.ids.idAt(last)) } : {}) };
  }

  /**
   * The first `take` slots by `key` past the cursor among those `each` hands over that are live
   * and pass `test`: each compared with the last kept, most turned away by that one comparison.
   */
  private select(key: string, descending: boolean, after: { value: KeyValue; id: string } | undefined, take: number, test: ((slot: number) => boolean) | undefined, each: Uint32Array | ((visit: (slot: number) => void) => void)): number[] {
    const compare = this.comparer(key);
    const order = descending ? (a: number, b: number) => compare(b, a) : compare;
    const best: number[] = [];
    if (after) this.probe = { value: after.value, id: after.id };
    // Most slots are turned away by their rank in the key's order, compared as numbers.
    const rank = this.columns.get(key)?.numberArray() ? undefined : this.ranksOf(key);
    const alive = this.alive;
    let worst = -1;
    let worstRank = -1;
    const visit = (slot: number): void => {
      if (!alive[slot] || (test && !test(slot))) return;
      if (worst >= 0) {
        const a = rank && slot < rank.length ? rank[slot]! : -1;
        if (a >= 0 && worstRank >= 0) {
          if (descending ? a > worstRank : a < worstRank) {
            // Better than the worst kept: goes in below.
          } else return;
        } else if (order(slot, worst) >= 0) return;
      }
      if (after && order(slot, PROBE) <= 0) return;
      insertInOrder(best, slot, order, take);
      if (best.length >= take) {
        worst = best[best.length - 1]!;
        worstRank = rank && worst < rank.length ? rank[worst]! : -1;
      }
    };
    if (typeof each === 'function') each(visit);
    else forEachBit(each, visit);
    return best;
  }

  /**
   * Each slot's place in `key`'s order (its sorted index), for the slots there were when it was
   * worked out (-1 for the others and the dead). A slot's value never changes, so the places of
   * slots already ranked keep their order as rows come and go; slots added since are compared
   * in full, until they are more than a twentieth of the table and the places are worked out
   * again (one walk of the index). Dropped when slots are renumbered.
   */
  private ranksOf(key: string): Int32Array {
    const known = this.ranks.get(key);
    if (known && this.slots - known.length <= Math.max(1024, this.slots / 20)) return known;
    const rank = new Int32Array(this.slots).fill(-1);
    let i = 0;
    const reused: [number, undefined] = [0, undefined];
    for (const [slot] of this.tree(key).entries(undefined, reused as never)) if (slot !== PROBE) rank[slot] = i++;
    this.ranks.set(key, rank);
    return rank;
  }

  /**
   * Walks a sorted index from the cursor, or else from the bound of a range on its key, or an
   * end, taking up to `take` slots that pass; it stops at the range's other bound. Undefined
   * when it visited `budget` rows before the page was full.
   */
  private walk(key: string, descending: boolean, after: { value: KeyValue; id: string } | undefined, range: Bounds | undefined, take: number, test: ((slot: number) => boolean) | undefined, budget: number): number[] | undefined {
    const tree = this.tree(key);
    const compare = this.comparer(key);
    const column = this.columns.get(key);
    const out: number[] = [];
    // Where to start: the cursor's row (skipped: it was on the last page), or the range's near bound.
    let from: { value: KeyValue; id: string } | undefined = after;
    if (!from && range) {
      if (descending && range.lt !== undefined && (range.lte === undefined || compareValues(range.lt, range.lte) <= 0)) from = { value: range.lt, id: '' };
      else if (descending && range.lte !== undefined) from = { value: range.lte, id: '\uffff' };
      else if (!descending && range.gte !== undefined) from = { value: range.gte, id: '' };
    }
    if (from) this.probe = from;
    const reused: [number, undefined] = [0, undefined];
    const iterator = descending ? tree.entriesReversed(from ? PROBE : undefined, reused as never) : tree.entries(from ? PROBE : undefined, reused as never);
    for (const [slot] of iterator) {
      if (slot === PROBE || (after && compare(slot, PROBE) === 0)) continue;
      if (range) {
        const v = column?.get(slot);
        if (descending ? range.gte !== undefined && (v === undefined || (typeof v !== 'object' && compareValues(v, range.gte) < 0)) : beyond(v, range)) break;
      }
      if (--budget < 0) return undefined;
      if (test && !test(slot)) continue;
      out.push(slot);
      if (out.length >= take) break;
    }
    return out;
  }

  /** Calls `visit` with each slot whose `key` lies within `bounds`, over that key's sorted index. */
  private eachInRange(key: string, bounds: Bounds, visit: (slot: number) => void): void {
    const tree = this.tree(key);
    const column = this.columns.get(key);
    this.probe = { value: bounds.gte, id: '' };
    const reused: [number, undefined] = [0, undefined];
    for (const [slot] of tree.entries(bounds.gte === undefined ? undefined : PROBE, reused as never)) {
      if (slot === PROBE) continue;
      if (beyond(column?.get(slot), bounds)) break;
      visit(slot);
    }
  }
}

/**
 * How many live slots below `end` hold a number within the range, the first of them kept in
 * `kept`: a loop of its own, on locals (a count the query's closures share lives in their
 * context, and the loop ran five times slower writing it there).
 */
function countNumbersInRange(range: { numbers: Float64Array; low: number; below: number; upTo: number }, end: number, alive: Uint8Array, kept: Int32Array): number {
  const { numbers, low, below, upTo } = range;
  const room = kept.length;
  let n = 0;
  for (let slot = 0; slot < end; slot++) {
    const v = numbers[slot]!;
    if (v >= low && v < below && v <= upTo && alive[slot]) {
      if (n < room) kept[n] = slot;
      n++;
    }
  }
  return n;
}

/** How many bits are set. */
function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    let v = bits[i]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return n;
}
