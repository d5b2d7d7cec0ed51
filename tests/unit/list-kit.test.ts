import { describe, expect, it } from 'vitest';
import { bulkUpdates, chunks, runBatches } from '../../client/src/lists/bulk.js';
import { columnsOf, defaultColumns, nextSort, shownColumns, toggleColumn } from '../../client/src/lists/columns.js';
import { customInput, customText } from '../../client/src/lists/custom-values.js';
import { describeFilters, filterError, filterFields, withFilter, withoutParams } from '../../client/src/lists/filter-model.js';
import { readListState, restQuery, writeListState } from '../../client/src/lists/list-state.js';
import { passesFilters, touchesFilters } from '../../client/src/lists/live-match.js';
import { NOTHING, clickRow, isSelected, pageState, selectAll, selectedCount, togglePage } from '../../client/src/lists/selection.js';
import type { FieldDefinition } from '../../shared/field.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import type { User } from '../../shared/user.js';

const def = (key: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id: key.padStart(24, '0'),
  entity: 'customer',
  key,
  label: key[0]!.toUpperCase() + key.slice(1),
  type,
  required: false,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const tier = def('tier', 'select', { options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] });
const seats = def('seats', 'number');
const renewal = def('renewal', 'date');
const dealSize = def('size', 'money', { entity: 'opportunity' });
const dana = { id: 'd'.repeat(24), name: 'Dana Park' } as User;
const ctx = { users: [dana], stages: DEFAULT_STAGES };

describe('list state in the address', () => {
  it('reads back what it writes: search, filters by REST name, sort, columns, page', () => {
    const state = { q: 'acme', filters: { ownerId: 'me', 'custom.tier': 'gold', 'custom.seats.gte': '10' }, sort: '-custom.seats', columns: ['email', 'custom.tier'], page: 3, cursor: 'abc', view: undefined };
    const search = writeListState(state, 'name');
    expect(search).toBe('?q=acme&custom.seats.gte=10&custom.tier=gold&ownerId=me&sort=-custom.seats&cols=email%2Ccustom.tier&page=3&cursor=abc');
    expect(readListState(search, 'customer', 'name')).toEqual(state);
  });

  it('leaves defaults out, and ignores parameters that are not the list’s filters', () => {
    expect(writeListState({ q: ' ', filters: {}, sort: 'name', columns: undefined, page: 1, cursor: undefined, view: undefined }, 'name')).toBe('');
    const read = readListState('?stage=won&tag=vip&$where=1&custom.a.b.c=1&page=2', 'customer', 'name');
    expect(read.filters).toEqual({ tag: 'vip' });
    // A page without its cursor cannot be reached.
    expect(read.page).toBe(1);
  });

  it('builds the REST query with "mine" as the signed-in user', () => {
    const state = readListState('?ownerId=me&custom.renewal.lte=2026-06-30&q=x', 'customer', 'name');
    expect(restQuery(state, 'u1', 25)).toEqual({ q: 'x', ownerId: 'u1', 'custom.renewal.lte': '2026-06-30', sort: 'name', limit: '25' });
  });
});

describe('filter model', () => {
  it('offers every field of an entity: owner, tags or stage, then its custom fields (not another entity’s)', () => {
    expect(filterFields('customer', [tier, seats, dealSize], ctx).map((f) => [f.param, f.kind])).toEqual([
      ['ownerId', 'user'],
      ['tag', 'text'],
      ['custom.tier', 'choice'],
      ['custom.seats', 'number'],
    ]);
    const deal = filterFields('opportunity', [tier, dealSize], ctx);
    expect(deal.map((f) => f.param)).toEqual(['ownerId', 'stage', 'rotting', 'custom.size']);
    expect(deal[1]!.options![0]).toEqual({ value: 'prospecting', label: 'Prospecting' });
  });

  it('says each filter in words, ranges with their ends', () => {
    const fields = filterFields('customer', [tier, seats, renewal], ctx);
    const chips = describeFilters(fields, { ownerId: dana.id, 'custom.tier': 'gold', 'custom.seats.gte': '10', 'custom.renewal.gte': '2026-01-01', 'custom.renewal.lte': '2026-03-31' }, ctx);
    expect(chips.map((c) => c.label)).toEqual(['Owner: Dana Park', 'Tier: Gold', 'Seats: ≥ 10', 'Renewal: Jan 1, 2026 – Mar 31, 2026']);
    expect(chips[3]!.params).toEqual(['custom.renewal.gte', 'custom.renewal.lte']);
    expect(describeFilters(fields, { ownerId: 'me' }, ctx)[0]!.label).toBe('Owner: me');
  });

  it('sets and clears filters by parameter', () => {
    const next = withFilter({ tag: 'vip' }, { 'custom.seats.gte': ' 5 ', 'custom.seats.lte': '' });
    expect(next).toEqual({ tag: 'vip', 'custom.seats.gte': '5' });
    expect(withoutParams(next, ['tag'])).toEqual({ 'custom.seats.gte': '5' });
  });

  it('refuses a range that is not one', () => {
    const [field] = filterFields('customer', [seats], ctx).slice(-1);
    expect(filterError(field!, {})).toBe('Enter a lower or an upper limit for Seats');
    expect(filterError(field!, { 'custom.seats.gte': 'ten' })).toBe('Seats limits must be numbers');
    expect(filterError(field!, { 'custom.seats.gte': '9', 'custom.seats.lte': '3' })).toBe('The lower limit of Seats is above the upper one');
    expect(filterError(field!, { 'custom.seats.lte': '3' })).toBeUndefined();
  });
});

describe('live match of a filtered list', () => {
  const deal = { ownerId: 'u1', customerId: 'c1', stage: 'proposal', rotting: true };
  it('judges rotting, stage (by key or name), owner ("me" resolved) and customer', () => {
    const ctx = { meId: 'u1', stages: DEFAULT_STAGES };
    expect(passesFilters({ rotting: 'true' }, deal, ctx)).toBe(true);
    expect(passesFilters({ rotting: 'false' }, deal, ctx)).toBe(false);
    expect(passesFilters({ rotting: 'true' }, { ...deal, rotting: undefined }, ctx)).toBe(false);
    expect(passesFilters({ rotting: 'false' }, { ...deal, rotting: undefined }, ctx)).toBe(true);
    expect(passesFilters({ stage: 'Proposal' }, deal, ctx)).toBe(true);
    expect(passesFilters({ stage: 'won' }, deal, ctx)).toBe(false);
    expect(passesFilters({ ownerId: 'me' }, deal, ctx)).toBe(true);
    expect(passesFilters({ ownerId: 'me' }, deal, { ...ctx, meId: 'u2' })).toBe(false);
    expect(passesFilters({ customerId: 'c2', rotting: 'true' }, deal, ctx)).toBe(false);
    // Search and custom filters are the server's to judge.
    expect(passesFilters({ 'custom.tier': 'gold' }, deal, ctx)).toBe(true);
  });
  it('says which changed fields can move a record in or out', () => {
    expect(touchesFilters({ rotting: 'true' }, ['rotting'])).toBe(true);
    expect(touchesFilters({ rotting: 'true' }, ['amount'])).toBe(false);
    expect(touchesFilters({}, ['rotting'])).toBe(false);
    expect(touchesFilters({ stage: 'won' }, undefined)).toBe(false);
  });
});

describe('custom values', () => {
  it('shows each type as a rep reads it', () => {
    expect(customText(tier, 'gold')).toBe('Gold');
    expect(customText(def('m', 'multiselect', { options: tier.options! }), ['gold', 'silver'])).toBe('Gold, Silver');
    expect(customText(def('c', 'checkbox'), false)).toBe('No');
    expect(customText(def('p', 'money'), 1250.5)).toBe('$1,250.50');
    expect(customText(def('u', 'user'), dana.id, [dana])).toBe('Dana Park');
    expect(customText(tier, undefined)).toBe('');
  });

  it('reads typed values the way the API takes them', () => {
    expect(customInput(seats, '1,200')).toBe(1200);
    expect(customInput(seats, 'many')).toBeUndefined();
    expect(customInput(seats, '')).toBeNull();
    expect(customInput(def('c', 'checkbox'), true)).toBe(true);
    expect(customInput(def('m', 'multiselect'), [])).toBeNull();
  });
});

describe('column model', () => {
  it('offers custom fields as sortable columns after the list’s own', () => {
    const all = columnsOf('customer', [tier, dealSize]);
    expect(all.map((c) => c.key)).toEqual(['name', 'email', 'phone', 'industry', 'ownerId', 'tags', 'updatedAt', 'custom.tier']);
    expect(all.at(-1)!.sort).toBe('custom.tier');
  });

  it('shows the fixed column first, the chosen ones in order, and drops columns that no longer exist', () => {
    const all = columnsOf('customer', [tier]);
    expect(shownColumns(all, ['custom.tier', 'email', 'custom.gone'], defaultColumns('customer')).map((c) => c.key)).toEqual(['name', 'custom.tier', 'email']);
    expect(shownColumns(all, undefined, defaultColumns('customer')).map((c) => c.key)).toEqual(['name', 'email', 'industry', 'ownerId', 'tags', 'updatedAt']);
  });

  it('adds a column where it stands in the list, and removes one', () => {
    const all = columnsOf('customer', [tier]);
    const defaults = defaultColumns('customer');
    expect(toggleColumn(all, ['email', 'tags'], defaults, 'ownerId', true)).toEqual(['email', 'ownerId', 'tags']);
    expect(toggleColumn(all, undefined, defaults, 'custom.tier', true).at(-1)).toBe('custom.tier');
    expect(toggleColumn(all, ['email', 'tags'], defaults, 'email', false)).toEqual(['tags']);
  });

  it('sorts a column ascending first (dates newest first), then flips', () => {
    const [name, , , , , , updated] = columnsOf('customer', []);
    expect(nextSort(name!, 'email')).toBe('name');
    expect(nextSort(name!, 'name')).toBe('-name');
    expect(nextSort(updated!, 'name')).toBe('-updatedAt');
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('ticks one row by click and a range by shift-click from the last one clicked', () => {
    let s = clickRow(NOTHING, order, 'b', false);
    s = clickRow(s, order, 'd', true);
    expect(order.filter((id) => isSelected(s, id))).toEqual(['b', 'c', 'd']);
    // Unticking c, then shift-clicking a (unticked): a to c take a's new state, ticked.
    s = clickRow(s, order, 'c', false);
    s = clickRow(s, order, 'a', true);
    expect(order.filter((id) => isSelected(s, id))).toEqual(['a', 'b', 'c', 'd']);
    // A shift-click on a ticked row unticks the range from the anchor.
    s = clickRow(s, order, 'b', true);
    expect(order.filter((id) => isSelected(s, id))).toEqual(['c', 'd']);
    expect(pageState(s, order)).toBe('some');
  });

  it('selects all matching, minus the rows unticked after', () => {
    let s = selectAll();
    s = clickRow(s, order, 'c', false);
    expect(selectedCount(s, 500)).toBe(499);
    expect(isSelected(s, 'c')).toBe(false);
    s = togglePage(s, order);
    expect(pageState(s, order)).toBe('all');
    s = togglePage(s, order);
    expect(selectedCount(s, 500)).toBe(495);
  });
});

describe('bulk changes', () => {
  const records = [
    { id: '1', version: 3, ownerId: 'u1', tags: ['vip'], custom: { tier: 'gold' } },
    { id: '2', version: 1, tags: [] },
  ];
  it('changes only the records that need it, each with the version read', () => {
    expect(bulkUpdates(records, { kind: 'owner', ownerId: 'u1' })).toEqual([{ id: '2', version: 1, ownerId: 'u1' }]);
    expect(bulkUpdates(records, { kind: 'add-tag', tag: 'vip' })).toEqual([{ id: '2', version: 1, tags: ['vip'] }]);
    expect(bulkUpdates(records, { kind: 'remove-tag', tag: 'vip' })).toEqual([{ id: '1', version: 3, tags: [] }]);
    expect(bulkUpdates(records, { kind: 'custom', key: 'tier', value: null })).toEqual([{ id: '1', version: 3, custom: { tier: null } }]);
  });

  it('sends at most 1,000 operations a batch, in turn, with progress after each', async () => {
    const items = Array.from({ length: 2_500 }, (_, i) => i);
    const batches = chunks(items);
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    const seen: number[] = [];
    const result = await runBatches(batches, async (b) => ({ failed: b[0] === 1000 ? ['x'] : [], reason: b[0] === 1000 ? 'changed meanwhile' : undefined }), (p) => seen.push(p.done));
    expect(seen).toEqual([0, 1000, 2000, 2500]);
    expect(result).toEqual({ failed: ['x'], reason: 'changed meanwhile' });
  });
});
