import sortedBtree from 'sorted-btree';
import { AppError } from '../http/app-error.js';

// sorted-btree is a CommonJS module exporting the class as `default`: Node's ESM loader hands
// over the whole module, bundlers and vitest the class itself.
const BTree: typeof sortedBtree.default = (sortedBtree as unknown as { default?: typeof sortedBtree.default }).default ?? (sortedBtree as unknown as typeof sortedBtree.default);
type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;

/** A row's filter and sort values: strings, numbers (dates as epoch ms), string lists (tags). */
export type KeyValue = string | number | readonly string[] | undefined;
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
  /** The API sort names and the key each orders by. */
  sorts: Readonly<Record<string, string>>;
  /**
   * Sort names beyond `sorts` whose keys are known only at run time (custom fields), and the key
   * each orders by: its sorted index is built on first use and kept from then on.
   */
  sortOn?(name: string): string | undefined;
  /** The text `q` searches (word prefixes). */
  textOf(record: A): string;
}

/** A list query over one table. Every part is optional but the sort and the limit. */
export interface TableQuery {
  /** Search words: each must be the prefix of a word of the row's text. */
  q?: string | undefined;
  /** Key = value (a row's list key matches when it holds the value). */
  eq?: Readonly<Record<string, string | undefined>>;
  /** Inclusive lower and exclusive upper bounds on number or string keys. */
  range?: Readonly<Record<string, { gte?: number | string | undefined; lt?: number | string | undefined } | undefined>>;
  /** Any further test on a row's keys (`overdue`). */
  where?: (keys: Keys) => boolean;
  /** An API sort name, `-` for descending. */
  sort: string;
  limit: number;
  cursor?: string | undefined;
}

export interface TablePage {
  rows: Row[];
  total: number;
  nextCursor?: string;
}

/** Matches below this many are sorted directly; above it the sorted index is walked. */
const SORT_DIRECTLY = 4096;
const PROBE = -1;

/** A growable list of slot numbers, appended in increasing order. */
class Posting {
  slots = new Int32Array(4);
  length = 0;
  push(slot: number): void {
    if (this.slots[this.length - 1] === slot && this.length) return;
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[this.length++] = slot;
  }
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

/**
 * The records of one kind in memory, indexed for every list the API offers: an ordered index
 * (sorted-btree) per sort, posting lists per filter value and per search word. Each version
 * of a record takes a new slot, so posting lists stay in slot order and an old version's
 * entries simply point at an empty slot; the table compacts itself when those pile up.
 */
export class Table<A extends { id: string; version: number }> {
  private rows: (Row | undefined)[] = [];
  private slotOf = new Map<string, number>();
  private exactIndex = new Map<string, Posting>();
  /** Each word's posting list, by word (a load looks up every word of every record). */
  private wordPostings = new Map<string, Posting>();
  /** The same lists in word order, for prefixes. */
  private words = new BTree<string, Posting>();
  /** The ordered index of each sort key, built on its first use (a start builds none), kept current after. */
  private sorted = new Map<string, BTree<number, undefined>>();
  private comparers = new Map<string, (a: number, b: number) => number>();
  private probe: { keys: Keys; id: string } = { keys: {}, id: '' };
  private dead = 0;

  constructor(readonly spec: TableSpec<A>) {
    this.resetSorted();
  }

  private resetSorted(): void {
    this.sorted = new Map();
    for (const key of Object.values(this.spec.sorts)) this.addComparer(key);
  }

  private addComparer(key: string): void {
    if (this.comparers.has(key)) return;
    this.comparers.set(key, (a: number, b: number) => {
      const x = a === PROBE ? this.probe : this.rows[a]!;
      const y = b === PROBE ? this.probe : this.rows[b]!;
      const c = compareValues(x.keys[key], y.keys[key]);
      return c !== 0 ? c : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
    });
  }

  /** The ordered index of `key`, built now if this is its first use. */
  private tree(key: string): BTree<number, undefined> {
    let tree = this.sorted.get(key);
    if (!tree) {
      const compare = this.comparers.get(key)!;
      const slots = [...this.slotOf.values()].sort(compare);
      tree = new BTree<number, undefined>(
        slots.map((slot) => [slot, undefined] as [number, undefined]),
        compare,
      );
      this.sorted.set(key, tree);
    }
    return tree;
  }

  /** The key a sort name orders by (a run-time sort from `spec.sortOn` too). */
  private sortKeyOf(name: string): string | undefined {
    const key = this.spec.sorts[name] ?? this.spec.sortOn?.(name);
    if (key !== undefined) this.addComparer(key);
    return key;
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  row(id: string): Row | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.rows[slot];
  }

  /** The API record, parsed from its JSON. */
  get(id: string): A | undefined {
    const row = this.row(id);
    return row ? (JSON.parse(row.json) as A) : undefined;
  }

  /** Every row, in no particular order. */
  *all(): IterableIterator<Row> {
    for (const slot of this.slotOf.values()) yield this.rows[slot]!;
  }

  /** Adds or replaces a record; an older version than the one kept is ignored. */
  put(record: A): boolean {
    const known = this.row(record.id);
    if (known && known.version >= record.version) return false;
    if (known) this.remove(record.id);
    this.insert({ id: record.id, version: record.version, json: JSON.stringify(record), keys: this.spec.keysOf(record) }, this.spec.textOf(record));
    return true;
  }

  /** Adds a record from its API JSON as a checkpoint keeps it (no second serialisation). */
  putJson(json: string): void {
    const record = JSON.parse(json) as A;
    if (this.slotOf.has(record.id)) throw new Error(`record ${record.id} twice`);
    this.insert({ id: record.id, version: record.version, json, keys: this.spec.keysOf(record) }, this.spec.textOf(record));
  }

  private insert(row: Row, text: string): void {
    const slot = this.rows.length;
    this.rows.push(row);
    this.slotOf.set(row.id, slot);
    for (const key of this.spec.exact) {
      const value = row.keys[key];
      if (value === undefined) continue;
      for (const v of typeof value === 'object' ? value : [value]) this.posting(this.exactIndex, `${key}\u0000${String(v)}`).push(slot);
    }
    for (const word of new Set(wordsOf(text))) {
      let posting = this.wordPostings.get(word);
      if (!posting) {
        this.wordPostings.set(word, (posting = new Posting()));
        this.words.set(word, posting);
      }
      posting.push(slot);
    }
    for (const tree of this.sorted.values()) tree.set(slot, undefined);
  }

  private posting(index: Map<string, Posting>, key: string): Posting {
    let posting = index.get(key);
    if (!posting) index.set(key, (posting = new Posting()));
    return posting;
  }

  remove(id: string): Row | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    const row = this.rows[slot]!;
    for (const tree of this.sorted.values()) tree.delete(slot);
    this.rows[slot] = undefined;
    this.slotOf.delete(id);
    this.dead++;
    if (this.dead > 50_000 && this.dead > this.slotOf.size) this.compact();
    return row;
  }

  /** Rebuilds the indexes from the live rows, dropping the slots of old versions. */
  compact(): void {
    const live = [...this.all()];
    this.rows = [];
    this.slotOf = new Map();
    this.exactIndex = new Map();
    this.words = new BTree();
    this.wordPostings = new Map();
    this.resetSorted();
    this.dead = 0;
    for (const row of live) this.insert(row, this.spec.textOf(JSON.parse(row.json) as A));
  }

  /** Ids of the rows whose key `key` equals `value` (a reference: a customer's contacts). */
  idsWhere(key: string, value: string): string[] {
    const posting = this.exactIndex.get(`${key}\u0000${value}`);
    const ids: string[] = [];
    if (!posting) return ids;
    for (let i = 0; i < posting.length; i++) {
      const row = this.rows[posting.slots[i]!];
      if (row && this.matchesExact(row, key, value)) ids.push(row.id);
    }
    return ids;
  }

  private matchesExact(row: Row, key: string, value: string): boolean {
    const v = row.keys[key];
    return typeof v === 'object' ? v.includes(value) : v !== undefined && String(v) === value;
  }

  /** The live slots of a posting list (old versions dropped), in slot order. */
  private liveSlots(posting: Posting | undefined, check?: (row: Row) => boolean): Int32Array {
    if (!posting) return new Int32Array(0);
    const out = new Int32Array(posting.length);
    let n = 0;
    for (let i = 0; i < posting.length; i++) {
      const slot = posting.slots[i]!;
      const row = this.rows[slot];
      if (row && (!check || check(row))) out[n++] = slot;
    }
    return out.subarray(0, n);
  }

  /** The live slots holding a word that starts with `prefix`, in slot order. */
  private prefixSlots(prefix: string): Int32Array {
    const lists: Posting[] = [];
    this.words.forRange(prefix, `${prefix}\uffff`, false, (_word: string, posting: Posting) => {
      lists.push(posting);
    });
    if (lists.length === 1) return this.liveSlots(lists[0]);
    const seen = new Uint8Array(this.rows.length);
    let count = 0;
    for (const p of lists)
      for (let i = 0; i < p.length; i++) {
        const slot = p.slots[i]!;
        if (!seen[slot] && this.rows[slot]) (seen[slot] = 1), count++;
      }
    const out = new Int32Array(count);
    for (let slot = 0, n = 0; n < count; slot++) if (seen[slot]) out[n++] = slot;
    return out;
  }

  /** How many rows match `eq` and the sum of their number key `key` (a board column's total). */
  aggregate(eq: Readonly<Record<string, string | undefined>>, key: string): { count: number; sum: number } {
    const tests = Object.entries(eq).filter((e): e is [string, string] => e[1] !== undefined);
    let count = 0;
    let sum = 0;
    const add = (row: Row) => {
      for (const [k, v] of tests) if (!this.matchesExact(row, k, v)) return;
      count++;
      const value = row.keys[key];
      if (typeof value === 'number') sum += value;
    };
    if (!tests.length) for (const row of this.all()) add(row);
    else {
      // Walk the shortest posting list; the other conditions are tested per row.
      const postings = tests.map(([k, v]) => this.exactIndex.get(`${k}\u0000${v}`));
      if (postings.some((p) => !p)) return { count: 0, sum: 0 };
      const shortest = postings.reduce((a, b) => (b!.length < a!.length ? b : a))!;
      for (let i = 0; i < shortest.length; i++) {
        const row = this.rows[shortest.slots[i]!];
        if (row) add(row);
      }
    }
    return { count, sum };
  }

  /** Answers one page of a list: the rows, the total number of matches, the next cursor. */
  query(query: TableQuery): TablePage {
    const descending = query.sort.startsWith('-');
    const sortName = query.sort.replace(/^-/, '');
    const sortKey = this.sortKeyOf(sortName);
    if (!sortKey) throw new AppError('VALIDATION', 'Unknown sort.', { errors: [{ path: 'sort', message: `must be one of ${Object.keys(this.spec.sorts).join(', ')}` }] });
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);

    // Rows must pass the ranges and `where`; equality and words come from posting lists.
    const ranges = Object.entries(query.range ?? {}).filter((e): e is [string, { gte?: number | string; lt?: number | string }] => e[1] !== undefined && (e[1].gte !== undefined || e[1].lt !== undefined));
    const passes = (row: Row): boolean => {
      for (const [key, { gte, lt }] of ranges) {
        const v = row.keys[key];
        if (v === undefined || typeof v === 'object') return false;
        if (gte !== undefined && compareValues(v, gte) < 0) return false;
        if (lt !== undefined && compareValues(v, lt) >= 0) return false;
      }
      return !query.where || query.where(row.keys);
    };
    const candidates: Int32Array[] = [];
    for (const [key, value] of Object.entries(query.eq ?? {})) {
      if (value === undefined) continue;
      candidates.push(this.liveSlots(this.exactIndex.get(`${key}\u0000${value}`), (row) => this.matchesExact(row, key, value)));
    }
    const words = new Set(wordsOf(query.q ?? ''));
    for (const word of words) candidates.push(this.prefixSlots(word));
    // A search of only signs (".*") has no word to match: it matches nothing, not everything.
    if (!words.size && query.q?.trim()) candidates.push(new Int32Array(0));

    const compare = this.comparers.get(sortKey)!;
    if (after) this.probe = { keys: { [sortKey]: after.value }, id: after.id };

    let page: number[];
    let total: number;
    if (candidates.length) {
      candidates.sort((a, b) => a.length - b.length);
      let matches: Int32Array = candidates[0]!;
      for (const other of candidates.slice(1)) matches = intersect(matches, other);
      if (ranges.length || query.where) matches = matches.filter((slot) => passes(this.rows[slot]!));
      total = matches.length;
      if (total <= SORT_DIRECTLY) {
        const ordered = Array.from(matches).sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
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
        page = ordered.slice(start, start + query.limit + 1);
      } else {
        const member = new Uint8Array(this.rows.length);
        for (const slot of matches) member[slot] = 1;
        page = this.walk(sortKey, descending, after !== undefined, query.limit + 1, (slot) => member[slot] === 1);
      }
    } else {
      const probe = this.probe;
      total = ranges.length || query.where ? this.countPassing(ranges, passes) : this.size;
      this.probe = probe;
      page = this.walk(sortKey, descending, after !== undefined, query.limit + 1, ranges.length || query.where ? (slot) => passes(this.rows[slot]!) : undefined);
    }
    const more = page.length > query.limit;
    const rows = page.slice(0, query.limit).map((slot) => this.rows[slot]!);
    const last = rows.at(-1);
    return { rows, total, ...(more && last ? { nextCursor: encodeCursor(query.sort, last.keys[sortKey], last.id) } : {}) };
  }

  /** Walks a sorted index from the cursor (the probe) or an end, taking up to `take` slots that pass. */
  private walk(key: string, descending: boolean, fromProbe: boolean, take: number, test?: (slot: number) => boolean): number[] {
    const tree = this.tree(key);
    const compare = this.comparers.get(key)!;
    const out: number[] = [];
    const iterator = descending ? tree.entriesReversed(fromProbe ? PROBE : undefined) : tree.entries(fromProbe ? PROBE : undefined);
    for (const [slot] of iterator) {
      // The cursor's own row compares equal to the probe: it was on the last page.
      if (fromProbe && compare(slot, PROBE) === 0) continue;
      if (test && !test(slot)) continue;
      out.push(slot);
      if (out.length >= take) break;
    }
    return out;
  }

  /** How many rows pass the ranges: over the first range's own index when it has one. */
  private countPassing(ranges: [string, { gte?: number | string; lt?: number | string }][], passes: (row: Row) => boolean): number {
    let count = 0;
    const first = ranges[0];
    const treeKey = first && Object.values(this.spec.sorts).includes(first[0]) ? first[0] : undefined;
    if (first && treeKey) {
      const tree = this.tree(treeKey);
      this.probe = { keys: { [treeKey]: first[1].gte }, id: '' };
      for (const [slot] of tree.entries(first[1].gte === undefined ? undefined : PROBE)) {
        if (slot === PROBE) continue;
        const row = this.rows[slot]!;
        const v = row.keys[treeKey];
        if (first[1].lt !== undefined && v !== undefined && typeof v !== 'object' && compareValues(v, first[1].lt) >= 0) break;
        if (passes(row)) count++;
      }
      return count;
    }
    for (const row of this.all()) if (passes(row)) count++;
    return count;
  }
}

/** The slots in both sorted lists. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) (out[n++] = x), i++, j++;
    else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}
