import { describe, expect, it } from 'vitest';
import { Table, compareValues, wordsOf, type TableQuery, type TableSpec } from '../../server/read-model/table.js';

interface Thing {
  id: string;
  version: number;
  name: string;
  owner?: string;
  tags: string[];
  at: number;
  /** Keys known only at run time, as custom fields' are. */
  level?: number;
  kinds?: string[];
}

const spec = {
  keysOf: (t: Thing) => ({ name: t.name.toLowerCase(), owner: t.owner, tags: t.tags, at: t.at, ...(t.level !== undefined ? { 'custom.level': t.level } : {}), ...(t.kinds ? { 'custom.kinds': t.kinds } : {}) }),
  exact: ['owner', 'tags'],
  exactOn: (key: string) => key.startsWith('custom.'),
  sortOn: (name: string) => (name.startsWith('custom.') ? name : undefined),
  sorts: { name: 'name', at: 'at' },
  textOf: (t: Thing) => `${t.name} ${t.tags.join(' ')}`,
  // Counts (and sums of `at`) kept per owner, and per owner and level: lists filtered by exactly those take their totals from them.
  tallies: { by: [['owner'], ['owner', 'custom.level']], sum: 'at' },
  // Rows per stretch of `at` (of 10 and of 3), per owner and of all: ranges on `at` sorted by it are counted from them.
  spans: { key: 'at', by: [['owner'], []], widths: [10, 3] },
  // Per owner, the vip row first by `at` (as a deal's next step is its open task due first).
  firsts: { by: 'owner', eq: { tags: 'vip' }, sort: 'at' },
};

// A small deterministic random source, so a failure can be replayed.
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const NAMES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Aperture', 'Cyberdyne'];
const TAGS = ['vip', 'churn', 'new', 'partner'];

/** The same query answered by filtering and sorting every record. */
function bruteForce(things: Thing[], query: TableQuery): Thing[] {
  const key = query.sort.replace(/^-/, '') as 'name' | 'at' | 'custom.level';
  const words = wordsOf(query.q ?? '');
  const ranges = Object.entries(query.range ?? {});
  return things
    .filter((t) => {
      const keys = spec.keysOf(t) as Record<string, unknown>;
      for (const [k, v] of Object.entries(query.eq ?? {})) {
        if (v === undefined) continue;
        const have = keys[k];
        // A number key matches its text (custom number fields filtered by equality).
        if (Array.isArray(have) ? !have.includes(v) : have === undefined || String(have) !== v) return false;
      }
      if (query.where && !query.where(keys as never)) return false;
      const text = wordsOf(spec.textOf(t));
      if (!words.every((w) => text.some((x) => x.startsWith(w)))) return false;
      for (const [k, r] of ranges) {
        const v = keys[k] as number | undefined;
        if (v === undefined) return false;
        if (r?.gte !== undefined && v < (r.gte as number)) return false;
        if (r?.lt !== undefined && v >= (r.lt as number)) return false;
        if (r?.lte !== undefined && v > (r.lte as number)) return false;
      }
      return true;
    })
    .sort((a, b) => {
      const c = compareValues(spec.keysOf(a)[key], spec.keysOf(b)[key]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return query.sort.startsWith('-') ? -c : c;
    });
}

/** The table's rows, by id: what a checkpoint must keep. */
function snapshot(table: Table<Thing>) {
  return [...table.all()].map((r) => ({ id: r.id, version: r.version, json: r.json, keys: r.keys })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Blocks handed back in order, as a checkpoint file hands them. */
function source(blocks: Uint8Array[]) {
  let i = 0;
  return { bytes: async () => Buffer.from(blocks[i++]!) };
}

/** The table written as a checkpoint writes it, and read into a new one. */
async function roundTrip(table: Table<Thing>, as: TableSpec<Thing> = spec): Promise<Table<Thing>> {
  const blocks: Uint8Array[] = [];
  await table.write({ bytes: async (d) => void blocks.push(Uint8Array.from(d)), parts: async (_n, parts) => void blocks.push(Uint8Array.from(Buffer.concat([...parts]))) });
  const read = new Table<Thing>(as);
  await read.read(source(blocks));
  expect(snapshot(read)).toEqual(snapshot(table));
  return read;
}

/** Every page of a query, following its cursors. */
function allPages(table: Table<Thing>, query: TableQuery): { ids: string[]; totals: number[]; records: Thing[] } {
  const ids: string[] = [];
  const totals: number[] = [];
  const records: Thing[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = table.query({ ...query, cursor });
    // The page's body as a list answer sends it (bytes written from the records' bytes, or from
    // the texts kept of lately read ones), before anything else reads the rows' texts.
    records.push(...(JSON.parse(table.jsonArray(page.rows).toString('utf8')) as Thing[]));
    ids.push(...page.rows.map((r) => r.id));
    totals.push(page.total);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids, totals, records };
}

/**
 * One random change, to the table and to the records it must equal: a create (a share
 * `creates` of the time, or when there is nothing yet), an update as a new version (`updates`)
 * or a delete.
 */
function changeOne<T extends { id: string; version: number }>(table: Table<T>, things: Map<string, T>, rnd: () => number, make: (id: string, version: number) => T, newId: () => string, creates: number, updates: number): void {
  const ids = [...things.keys()];
  const r = rnd();
  const id = ids[Math.floor(rnd() * ids.length)]!;
  if (r < creates || !ids.length) {
    const t = make(newId(), 1);
    things.set(t.id, t);
    table.put(t);
  } else if (r < creates + updates) {
    const t = make(id, things.get(id)!.version + 1);
    things.set(id, t);
    table.put(t);
  } else {
    things.delete(id);
    table.remove(id);
  }
}

describe('read model table', () => {
  it('words are lower-cased and split at anything but letters and digits', () => {
    expect(wordsOf('Ops@Acme.test 555-0100 Zoë')).toEqual(['ops', 'acme', 'test', '555', '0100', 'zoë']);
  });

  it('answers every query as filtering and sorting every record would, page by page, through creates, updates, deletes, compaction and a checkpoint round trip', async () => {
    const rnd = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    let table = new Table<Thing>(spec);
    const things = new Map<string, Thing>();
    let n = 0;
    const make = (id: string, version: number): Thing => ({
      id,
      version,
      // A few names bunched at either end of the order, sharing their first three characters:
      // a search for them sorted from the other end gathers its matches and selects the page.
      name: `${rnd() < 0.05 ? pick(['Zzyzx', 'Zzyab', 'Zzyq', 'Aaaab', 'Aaac']) : pick(NAMES)} ${pick(NAMES)}${Math.floor(rnd() * 100)}`,
      ...(rnd() < 0.8 ? { owner: pick(['u1', 'u2', 'u3']) } : {}),
      tags: TAGS.filter(() => rnd() < 0.3),
      at: Math.floor(rnd() * 50),
      ...(rnd() < 0.7 ? { level: Math.floor(rnd() * 20) } : {}),
      ...(rnd() < 0.5 ? { kinds: ['a', 'b', 'c'].filter(() => rnd() < 0.5) } : {}),
    });
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 1500; i++) {
        const r = rnd();
        const ids = [...things.keys()];
        if (r < 0.6 || ids.length === 0) {
          const t = make(`id${String(n++).padStart(6, '0')}`, 1);
          things.set(t.id, t);
          table.put(t);
        } else if (r < 0.85) {
          const id = pick(ids);
          const t = make(id, things.get(id)!.version + 1);
          things.set(id, t);
          table.put(t);
          // An older version arriving late changes nothing.
          expect(table.put({ ...t, version: t.version - 1, name: 'stale' })).toBe(false);
        } else {
          const id = pick(ids);
          things.delete(id);
          table.remove(id);
        }
      }
      expect(table.size).toBe(things.size);
      const queries: TableQuery[] = [
        // First, before any sort builds its index: a range counted over the key's column.
        { sort: 'name', limit: 20, range: { 'custom.level': { gte: 12 } } },
        { sort: 'name', limit: 50 },
        { sort: '-at', limit: 37 },
        { sort: 'name', limit: 200, eq: { owner: 'u2' } },
        { sort: '-name', limit: 20, eq: { tags: 'vip', owner: 'u1' } },
        { sort: 'at', limit: 30, q: 'ac' },
        { sort: 'name', limit: 25, q: 'globex ini' },
        { sort: '-at', limit: 40, range: { at: { gte: 10, lt: 20 } } },
        { sort: 'name', limit: 10, range: { at: { gte: 45 } }, eq: { owner: 'u3' } },
        { sort: 'at', limit: 50, q: 'wonka', range: { at: { lt: 25 } } },
        { sort: 'name', limit: 5, where: (k) => k.owner === undefined },
        { sort: 'name', limit: 5, q: 'nomatch' },
        // Run-time keys (custom fields): posting lists per value, ranges over their own index.
        { sort: 'name', limit: 30, eq: { 'custom.kinds': 'b' } },
        { sort: '-custom.level', limit: 40, eq: { 'custom.kinds': 'a', owner: 'u1' } },
        { sort: 'name', limit: 50, range: { 'custom.level': { gte: 5, lte: 9 } } },
        { sort: 'at', limit: 45, range: { 'custom.level': { lte: 3 } } },
        { sort: 'custom.level', limit: 60, range: { 'custom.level': { gte: 15 } }, q: 'acme' },
        // Plans: totals from tallies, walks from a range's bound on the sort key (either way,
        // either bound), searches beside filters, ranges on the sort key counted over its index.
        { sort: '-at', limit: 20, eq: { owner: 'u1' } },
        { sort: 'name', limit: 3, eq: { owner: 'u3', 'custom.level': '7' } },
        { sort: '-at', limit: 20, range: { at: { gte: 10, lte: 30 } }, eq: { owner: 'u1' } },
        { sort: '-at', limit: 15, range: { at: { lt: 40 } } },
        { sort: '-at', limit: 15, range: { at: { lt: 40, lte: 35 } }, eq: { tags: 'new' } },
        { sort: 'at', limit: 20, range: { at: { gte: 30 } }, q: 'a' },
        { sort: 'at', limit: 25, range: { at: { gte: 5, lte: 6 } } },
        { sort: '-at', limit: 50, eq: { owner: 'u1' }, q: 'acme' },
        { sort: 'at', limit: 3, eq: { tags: 'vip' }, range: { at: { gte: 20, lt: 22 } } },
        // A sparse list (a stretch of the flat array, not a bitmap) beside a number range.
        { sort: '-at', limit: 5, eq: { 'custom.level': '7' }, range: { at: { gte: 5, lt: 40 } } },
        { sort: 'name', limit: 100, q: 'a w' },
        { sort: 'name', limit: 6, q: 'zzy' },
        { sort: '-name', limit: 7, q: 'aaa' },
        { sort: 'name', limit: 4, q: 'zzy', eq: { owner: 'u1' } },
        { sort: '-name', limit: 8, q: 'st', eq: { tags: 'churn', owner: 'u2' }, range: { 'custom.level': { lt: 10 } } },
      ];
      // A column's count and sum, from a tally or a pass, as filtering every record would.
      for (const eq of [{ owner: 'u1' }, { owner: 'u2', 'custom.level': '3' }, { owner: 'nobody' }, { tags: 'vip', owner: 'u3' }]) {
        const expected = bruteForce([...things.values()], { sort: 'at', limit: 1, eq });
        expect(table.aggregate(eq, 'at'), JSON.stringify(eq)).toEqual({ count: expected.length, sum: expected.reduce((n, t) => n + t.at, 0) });
      }
      // The first row kept per owner, as the first of filtering every record; a first asked for
      // in some rounds only, so both its building and its upkeep are checked.
      if (round !== 0) {
        for (const owner of ['u1', 'u2', 'u3', 'nobody']) {
          const expected = bruteForce([...things.values()], { sort: 'at', limit: 1, eq: { owner, tags: 'vip' } })[0];
          const kept = table.firstOf(owner);
          expect(kept && { id: kept.id, version: kept.version, json: JSON.parse(kept.json) }, `first of ${owner} in round ${round}`).toEqual(expected && { id: expected.id, version: expected.version, json: expected });
        }
      }
      for (const query of queries) {
        const expected = bruteForce([...things.values()], query);
        const { ids, totals, records } = allPages(table, query);
        expect(ids, JSON.stringify({ round, sort: query.sort, q: query.q, eq: query.eq })).toEqual(expected.map((t) => t.id));
        expect(records).toEqual(expected);
        expect(new Set(totals)).toEqual(new Set([expected.length]));
      }
      // The same table renumbered, and written and read back as a checkpoint does, then
      // changed further: every later round checks the result.
      if (round === 1) table.compact();
      if (round === 2 || round === 4) table = await roundTrip(table);
    }
  });

  it('selects a page of bunched search matches by the places it ranked, rows added since among them', () => {
    const table = new Table<Thing>(spec);
    const things = new Map<string, Thing>();
    const put = (t: Thing) => (things.set(t.id, t), table.put(t));
    // Most rows first in the name order; the searched ones bunched at its end, so the walk from
    // the start gives up and the page is selected from the search's own matches.
    for (let i = 0; i < 3000; i++) put({ id: `a${String(i).padStart(5, '0')}`, version: 1, name: `Acme ${i}`, tags: [], at: i % 50 });
    for (let i = 0; i < 300; i++) put({ id: `z${String(i).padStart(5, '0')}`, version: 1, name: `Zzq Zzq ${1000 + i}`, tags: [], at: i % 50 });
    // And some bunched at its start, for a search sorted from the end.
    for (let i = 0; i < 300; i++) put({ id: `b${String(i).padStart(5, '0')}`, version: 1, name: `Aaq Aaq ${1000 + i}`, tags: [], at: i % 50 });
    const check = (query: TableQuery) => {
      const expected = bruteForce([...things.values()], query);
      const { ids, totals } = allPages(table, query);
      expect(ids).toEqual(expected.map((t) => t.id));
      expect(new Set(totals)).toEqual(new Set([expected.length]));
    };
    const queries: TableQuery[] = [
      { sort: 'name', limit: 5, q: 'zzq' },
      { sort: '-name', limit: 5, q: 'aaq' },
    ];
    queries.forEach(check);
    // Rows added since the places were worked out (too few to work them out again), sorting
    // first, last and between the ranked ones; an update and a delete among the ranked.
    for (const [i, name] of ['Zzq Aaa', 'Zzq Zzz', 'Zzq Zzq 1150b', 'Zzq Zzq 0', 'Aaq Zzz', 'Aaq Aaq 1200b', 'Aaq Aaq 0'].entries()) put({ id: `n${i}`, version: 1, name, tags: [], at: 1 });
    put({ ...things.get('z00003')!, version: 2, name: 'Zzq A' });
    put({ ...things.get('b00007')!, version: 2, name: 'Aaq Zzzz' });
    for (const id of ['z00000', 'b00299']) {
      things.delete(id);
      table.remove(id);
    }
    queries.forEach(check);
  });

  it('writes itself as it was when the write began, while changes go on, and reads back equal', async () => {
    const table = new Table<Thing>(spec);
    for (let i = 0; i < 3000; i++) table.put({ id: `id${String(i).padStart(5, '0')}`, version: 1, name: `${NAMES[i % NAMES.length]} ${i}`, owner: `u${i % 3}`, tags: TAGS.filter((_, k) => (i >> k) & 1), at: i % 50 });
    const before = snapshot(table);
    const blocks: Uint8Array[] = [];
    let changed = 0;
    // Every block handed over is followed by changes (updates, deletes, creates) before the
    // write goes on, as events arriving during a checkpoint would.
    await table.write({
      async bytes(data) {
        blocks.push(Uint8Array.from(data));
        churn();
      },
      async parts(length, parts) {
        const all = Buffer.concat([...parts]);
        expect(all.length).toBe(length);
        blocks.push(Uint8Array.from(all));
        churn();
      },
    });
    function churn() {
      for (let k = 0; k < 40; k++, changed++) {
        const id = `id${String((changed * 7919) % 3000).padStart(5, '0')}`;
        if (changed % 3 === 0) table.remove(id);
        else table.put({ id, version: 1000 + changed, name: `changed ${changed}`, tags: ['new'], at: 1 });
        table.put({ id: `late${changed}`, version: 1, name: 'late', tags: [], at: 2 });
      }
    }
    expect(changed).toBeGreaterThan(0);
    const read = new Table<Thing>(spec);
    await read.read(source(blocks));
    expect(snapshot(read)).toEqual(before);
    expect(read.query({ sort: 'name', limit: 5, q: 'late' }).total).toBe(0);
    expect(read.query({ sort: 'at', limit: 5, eq: { owner: 'u1', tags: 'vip' } }).total).toBe(before.filter((r) => r.keys.owner === 'u1' && (r.keys.tags as string[]).includes('vip')).length);
  });

  it('sorts on a key known only at run time (sortOn): its index is built on first use and kept through creates, updates, deletes and compaction', () => {
    type Scored = Thing & { score?: number };
    const lateSpec = { ...spec, keysOf: (t: Scored) => ({ ...spec.keysOf(t), 'custom.score': t.score }), sortOn: (name: string) => (name.startsWith('custom.') ? name : undefined) };
    const rnd = random(11);
    const table = new Table<Scored>(lateSpec);
    const things = new Map<string, Scored>();
    const make = (id: string, version: number): Scored => ({ id, version, name: `n${Math.floor(rnd() * 100)}`, tags: [], at: 0, ...(rnd() < 0.8 ? { score: Math.floor(rnd() * 20) } : {}) });
    const expected = (descending: boolean) =>
      [...things.values()]
        .sort((a, b) => {
          const c = compareValues(a.score, b.score) || (a.id < b.id ? -1 : 1);
          return descending ? -c : c;
        })
        .map((t) => t.id);
    const pages = (sort: string) => allPages(table as unknown as Table<Thing>, { sort, limit: 17 }).ids;
    for (let i = 0; i < 300; i++) {
      const t = make(`id${String(i).padStart(4, '0')}`, 1);
      things.set(t.id, t);
      table.put(t);
    }
    expect(pages('custom.score')).toEqual(expected(false));
    expect(pages('-custom.score')).toEqual(expected(true));
    // After the first use the index follows every change.
    for (let i = 0; i < 600; i++) changeOne(table, things, rnd, make, () => 'none', 0, 0.7);
    expect(pages('custom.score')).toEqual(expected(false));
    table.compact();
    expect(pages('-custom.score')).toEqual(expected(true));
    expect(() => table.query({ sort: 'nosuch', limit: 5 })).toThrow(/sort/i);
  });

  it('builds the indexes of its warm sorts at warm() (a sort of values read once, of every kind of value) and keeps every index through a compaction, so no first read after a load or a compaction builds one', async () => {
    type Mixed = Thing & { score?: number | string };
    const warmSpec = { ...spec, keysOf: (t: Mixed) => ({ ...spec.keysOf(t), 'custom.score': t.score }), warmSorts: ['name', 'at', 'custom.score'] };
    const rnd = random(23);
    const table = new Table<Mixed>(warmSpec);
    const things = new Map<string, Mixed>();
    // Ties on every key (broken by id), missing values, numbers and strings in one column.
    const make = (id: string, version: number): Mixed => {
      const r = rnd();
      return { id, version, name: `n${Math.floor(rnd() * 30)}`, tags: [], at: Math.floor(rnd() * 40), ...(r < 0.6 ? { score: Math.floor(rnd() * 15) - 5 } : r < 0.8 ? { score: `s${Math.floor(rnd() * 9)}` } : {}) };
    };
    for (let i = 0; i < 3000; i++) changeOne(table, things, rnd, make, () => `id${String(things.size + i).padStart(5, '0')}x${i}`, 0.8, 0.1);
    const indexed = () => table.footprintParts().sorts;
    expect(indexed()).toBe(0);
    table.warm();
    // Each warm sort's index holds every live row (20 bytes a row, as footprintParts counts them).
    expect(indexed()).toBe(3 * 20 * table.size);
    const expected = (key: 'name' | 'at' | 'score', descending: boolean) =>
      [...things.values()]
        .sort((a, b) => {
          const c = compareValues(key === 'score' ? a.score : spec.keysOf(a)[key], key === 'score' ? b.score : spec.keysOf(b)[key]) || (a.id < b.id ? -1 : 1);
          return descending ? -c : c;
        })
        .map((t) => t.id);
    const check = () => {
      for (const [sort, key] of [['name', 'name'], ['-at', 'at'], ['custom.score', 'score'], ['-custom.score', 'score']] as const) {
        expect(allPages(table as unknown as Table<Thing>, { sort, limit: 41 }).ids, sort).toEqual(expected(key, sort.startsWith('-')));
      }
    };
    check();
    // The first reads after warm() built no index of their own.
    expect(indexed()).toBe(3 * 20 * table.size);
    // Enough changes that the table compacts itself, then once more by hand: the indexes stay.
    for (let i = 0; i < 60_000; i++) changeOne(table, things, rnd, make, () => 'none', 0, 1);
    table.compact();
    expect(indexed()).toBe(3 * 20 * table.size);
    check();
    // A checkpoint holds no index: a load's warm() builds them.
    const read = await roundTrip(table as unknown as Table<Thing>, warmSpec as unknown as TableSpec<Thing>);
    expect(read.footprintParts().sorts).toBe(0);
    read.warm();
    expect(read.footprintParts().sorts).toBe(3 * 20 * table.size);
  });

  it('a row taken before later changes, a compaction among them, stays the record it was', () => {
    const table = new Table<Thing>(spec);
    for (let i = 0; i < 10; i++) table.put({ id: `i${i}`, version: 1, name: `first ${i}`, owner: 'u1', tags: [], at: i });
    const before = table.row('i3')!;
    // Enough new versions that old slots outnumber live ones: the table renumbers its slots.
    for (let v = 2; v < 5_100; v++) for (let i = 0; i < 10; i++) table.put({ id: `i${i}`, version: v, name: `later ${i}`, owner: 'u2', tags: [], at: i });
    expect(before.keys.owner).toBe('u1');
    expect(JSON.parse(before.json).name).toBe('first 3');
    expect(table.row('i3')!.keys.owner).toBe('u2');
    expect(table.query({ sort: 'name', limit: 20, eq: { owner: 'u2' } }).total).toBe(10);
  });

  it('a table of a few rows answers every plan in order, page by page (unfiltered, tallied, ranged, searched)', () => {
    // Small counts are sorted directly: a plan that counts without keeping the matches (the
    // table's size, a tally) must walk the index instead.
    for (let size = 1; size <= 6; size++) {
      const table = new Table<Thing>(spec);
      const things: Thing[] = [];
      // Slot 0 holds a deleted row.
      table.put({ id: 'gone', version: 1, name: 'Gone', owner: 'u0', tags: [], at: 1 });
      table.remove('gone');
      for (let i = 0; i < size; i++) {
        const t: Thing = { id: `id${i}`, version: 1, name: NAMES[(i * 3) % NAMES.length]!, owner: `u${i % 2}`, tags: i % 2 ? ['vip'] : [], at: (i * 7) % 5, level: i % 3 };
        things.push(t);
        table.put(t);
      }
      const queries: TableQuery[] = [
        { sort: 'name', limit: 2 },
        { sort: 'name', limit: 10 },
        { sort: '-at', limit: 1 },
        { sort: 'at', limit: 10, eq: { owner: 'u0' } },
        { sort: 'at', limit: 2, eq: { owner: 'u0' } },
        { sort: '-name', limit: 1, eq: { owner: 'u1', 'custom.level': '1' } },
        { sort: '-at', limit: 2, range: { at: { lte: 3 } } },
        { sort: 'name', limit: 1, q: 'a' },
      ];
      for (const query of queries) {
        const expected = bruteForce(things, query);
        const { ids, totals } = allPages(table, query);
        expect(ids, `${size} ${JSON.stringify(query)}`).toEqual(expected.map((t) => t.id));
        expect(new Set(totals)).toEqual(new Set([expected.length]));
      }
    }
  });

  it('counts a range on a key from its spans as filtering every record would, at every pair of edges, through creates, updates, deletes, compaction and a checkpoint round trip', async () => {
    const rnd = random(23);
    let table = new Table<Thing>(spec);
    const things = new Map<string, Thing>();
    // Values of `at` from -20 to 60 in tenths, some rows without an owner.
    const make = (id: string, version: number): Thing => ({ id, version, name: `n${Math.floor(rnd() * 50)}`, ...(rnd() < 0.9 ? { owner: rnd() < 0.5 ? 'u1' : 'u2' } : {}), tags: [], at: Math.round(rnd() * 800 - 200) / 10 });
    let n = 0;
    const edges = [-25, -20, -9.9, -3, 0, 0.1, 2.9, 3, 9.95, 10, 11.5, 20, 29.9, 30, 33, 47.3, 59.9, 60, 75];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 1200; i++) changeOne(table, things, rnd, make, () => `id${String(n++).padStart(5, '0')}`, 0.6, 0.25);
      for (const low of edges) {
        for (const high of edges) {
          if (high < low) continue;
          const owner = (['u1', 'u2', undefined, 'nobody'] as const)[Math.floor(rnd() * 4)];
          const eq = owner ? { owner } : {};
          for (const range of [{ gte: low, lt: high }, { gte: low, lte: high }, { lt: high }, { gte: low }]) {
            const query: TableQuery = { sort: rnd() < 0.5 ? 'at' : '-at', limit: 7, eq, range: { at: range } };
            const expected = bruteForce([...things.values()], query);
            const page = table.query(query);
            const what = JSON.stringify({ round, eq, range, sort: query.sort });
            expect(page.total, what).toBe(expected.length);
            expect(page.rows.map((r) => r.id), what).toEqual(expected.slice(0, 7).map((t) => t.id));
          }
        }
      }
      const query: TableQuery = { sort: '-at', limit: 9, eq: { owner: 'u2' }, range: { at: { gte: 3, lt: 40 } } };
      const { ids, totals } = allPages(table, query);
      const expected = bruteForce([...things.values()], query);
      expect(ids).toEqual(expected.map((t) => t.id));
      expect(new Set(totals)).toEqual(new Set([expected.length]));
      if (round === 1) table.compact();
      if (round === 2) table = await roundTrip(table);
    }
  });

  it('keeps the first row per value (a deal\'s next step) as the first of filtering every record, through creates, updates that move rows between values, deletes, compaction and a checkpoint round trip', async () => {
    const rnd = random(31);
    let table = new Table<Thing>(spec);
    const things = new Map<string, Thing>();
    // Forty owners of a few rows each, as deals of a few tasks each; `vip` as an open task.
    const owners = Array.from({ length: 40 }, (_, i) => `d${i}`);
    const make = (id: string, version: number): Thing => ({ id, version, name: id, owner: owners[Math.floor(rnd() * owners.length)]!, tags: rnd() < 0.6 ? ['vip'] : [], at: Math.floor(rnd() * 30) });
    const check = (when: string) => {
      for (const owner of owners) {
        const expected = bruteForce([...things.values()], { sort: 'at', limit: 1, eq: { owner, tags: 'vip' } })[0];
        const kept = table.firstOf(owner);
        expect(kept && { id: kept.id, version: kept.version, json: JSON.parse(kept.json) }, `first of ${owner} ${when}`).toEqual(expected && { id: expected.id, version: expected.version, json: expected });
      }
    };
    for (let i = 0; i < 100; i++) {
      const t = make(`id${String(i).padStart(4, '0')}`, 1);
      things.set(t.id, t);
      table.put(t);
    }
    let n = 100;
    for (let step = 0; step < 1200; step++) {
      changeOne(table, things, rnd, make, () => `id${String(n++).padStart(4, '0')}`, 0.3, 0.5);
      if (step % 50 === 0) check(`at step ${step}`);
      if (step === 400) table.compact();
      if (step === 800) table = await roundTrip(table);
    }
    check('at the end');
  });

  it('pages matches bunched at the far end of the sort (a search for "zed" sorted by name) as filtering every record would, either way, with an equality beside', () => {
    const table = new Table<Thing>(spec);
    const things: Thing[] = [];
    for (let i = 0; i < 3000; i++) {
      // A row in thirty is a Zed, whose names sort last; a few are deleted.
      const t: Thing = { id: `id${String(i).padStart(5, '0')}`, version: 1, name: i % 30 === 7 ? `Zed ${i % 11}` : `Alpha ${i}`, owner: `u${i % 3}`, tags: i % 2 ? ['vip'] : [], at: i % 40 };
      table.put(t);
      if (i % 97 === 7) table.remove(t.id);
      else things.push(t);
    }
    for (const query of [
      { sort: 'name', limit: 6, q: 'zed' },
      { sort: '-name', limit: 4, q: 'alpha 2' },
      { sort: 'name', limit: 5, q: 'zed', eq: { owner: 'u1' } },
      { sort: 'name', limit: 3, eq: { 'custom.level': 'none' } },
      { sort: 'at', limit: 7, q: 'zed 3' },
    ] satisfies TableQuery[]) {
      const expected = bruteForce(things, query);
      const { ids, totals } = allPages(table, query);
      expect(ids, JSON.stringify(query)).toEqual(expected.map((t) => t.id));
      expect(new Set(totals)).toEqual(new Set([expected.length]));
    }
  });

  it("a tally's stamp changes when a row of its own enters, leaves or changes, not when another's does, and is 0 while none match", () => {
    const table = new Table<Thing>(spec);
    const thing = (id: string, version: number, owner: string, at = 1): Thing => ({ id, version, name: id, owner, tags: [], at });
    table.put(thing('a', 1, 'u1'));
    table.put(thing('b', 1, 'u2'));
    const first = table.stampOf({ owner: 'u1' })!;
    expect(first).toBeGreaterThan(0);
    table.put(thing('b', 2, 'u2', 5));
    table.put(thing('c', 1, 'u3'));
    expect(table.stampOf({ owner: 'u1' })).toBe(first);
    table.put(thing('a', 2, 'u1', 9));
    const changed = table.stampOf({ owner: 'u1' })!;
    expect(changed).not.toBe(first);
    table.put(thing('b', 3, 'u1'));
    expect(table.stampOf({ owner: 'u1' })).not.toBe(changed);
    table.remove('a');
    table.remove('b');
    expect(table.stampOf({ owner: 'u1' })).toBe(0);
    // Not a tallied set: no stamp.
    expect(table.stampOf({ tags: 'vip' })).toBeUndefined();
    table.compact();
    table.put(thing('d', 1, 'u1'));
    expect(table.stampOf({ owner: 'u1' })).toBeGreaterThan(changed);
  });

  it('refuses a cursor made for another sort', () => {
    const table = new Table<Thing>(spec);
    for (let i = 0; i < 5; i++) table.put({ id: `i${i}`, version: 1, name: `n${i}`, tags: [], at: i });
    const page = table.query({ sort: 'name', limit: 2 });
    expect(() => table.query({ sort: 'at', limit: 2, cursor: page.nextCursor })).toThrow(/cursor/);
    expect(() => table.query({ sort: 'name', limit: 2, cursor: 'garbage' })).toThrow(/cursor/);
  });
  it('a record read again after a new version, a compaction and a checkpoint round trip is its newest text (texts kept of lately read slots)', async () => {
    let table = new Table<Thing>(spec);
    const texts = () => table.query({ sort: 'at', limit: 10 }).rows.map((r) => JSON.parse(r.json).name as string);
    for (let i = 0; i < 3; i++) table.put({ id: `i${i}`, version: 1, name: `first ${i}`, tags: [], at: i });
    expect(texts()).toEqual(['first 0', 'first 1', 'first 2']);
    table.put({ id: 'i1', version: 2, name: 'second 1', tags: [], at: 1 });
    expect(texts()).toEqual(['first 0', 'second 1', 'first 2']);
    expect(JSON.parse(table.row('i1')!.json).name).toBe('second 1');
    table.compact();
    table.put({ id: 'i2', version: 2, name: 'second 2', tags: [], at: 2 });
    expect(texts()).toEqual(['first 0', 'second 1', 'second 2']);
    table = await roundTrip(table);
    table.put({ id: 'i0', version: 2, name: 'second 0', tags: [], at: 0 });
    expect(texts()).toEqual(['second 0', 'second 1', 'second 2']);
  });
});
