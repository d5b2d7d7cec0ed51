import type { FieldDefinition } from '../../../shared/field.js';
import type { ListEntity } from './filter-model.js';

/** Ascending or descending. */
export type SortDirection = 'asc' | 'desc';

/** One column a list can show. */
export interface ColumnSpec {
  /** Its key in the address and a saved view's `columns`: the record's field (`name`, `ownerId`, `custom.tier`), as the views API checks it. */
  key: string;
  label: string;
  /** The REST `sort` field it sorts by, when it sorts. */
  sort?: string;
  /** The direction a first click sorts in (dates: newest first). */
  firstDirection?: SortDirection;
  /** Always shown, first (the row's name). */
  fixed?: boolean;
  /** Offered in the chooser but not shown until chosen (keeps the default table within a laptop's width). */
  optional?: boolean;
  /** A custom field's definition. */
  custom?: FieldDefinition;
}

/** Each list's own columns, in their order. */
const BUILT_IN: Record<ListEntity, ColumnSpec[]> = {
  customer: [
    { key: 'name', label: 'Name', sort: 'name', firstDirection: 'asc', fixed: true },
    { key: 'email', label: 'Email', sort: 'email', firstDirection: 'asc' },
    { key: 'phone', label: 'Phone', optional: true },
    { key: 'industry', label: 'Industry' },
    { key: 'ownerId', label: 'Owner' },
    { key: 'tags', label: 'Tags' },
    { key: 'updatedAt', label: 'Last updated', sort: 'updatedAt', firstDirection: 'desc' },
  ],
  contact: [
    { key: 'name', label: 'Name', sort: 'name', firstDirection: 'asc', fixed: true },
    { key: 'customerId', label: 'Customer' },
    { key: 'email', label: 'Email', sort: 'email', firstDirection: 'asc' },
    { key: 'phone', label: 'Phone' },
    { key: 'position', label: 'Position' },
    { key: 'updatedAt', label: 'Last updated', sort: 'updatedAt', firstDirection: 'desc' },
  ],
  opportunity: [
    { key: 'name', label: 'Deal', sort: 'name', firstDirection: 'asc', fixed: true },
    { key: 'customerId', label: 'Customer' },
    { key: 'stage', label: 'Stage' },
    { key: 'amount', label: 'Amount', sort: 'amount', firstDirection: 'desc' },
    { key: 'ownerId', label: 'Owner' },
    { key: 'expectedCloseDate', label: 'Expected close' },
    { key: 'createdAt', label: 'Created', sort: 'createdAt', firstDirection: 'desc' },
  ],
};

/** The columns shown before the rep chooses: the built-in ones but the optional. */
export const defaultColumns = (entity: ListEntity): string[] => BUILT_IN[entity].filter((c) => !c.optional).map((c) => c.key);

/** Every column the list of `entity` offers: its own, then one per custom field (sortable). */
export function columnsOf(entity: ListEntity, defs: readonly FieldDefinition[]): ColumnSpec[] {
  const custom = defs
    .filter((d) => d.entity === entity)
    .map((d): ColumnSpec => ({ key: `custom.${d.key}`, label: d.label, sort: `custom.${d.key}`, firstDirection: d.type === 'date' || d.type === 'number' || d.type === 'money' ? 'desc' : 'asc', custom: d }));
  return [...BUILT_IN[entity], ...custom];
}

/**
 * The columns to show: the fixed one first, then the chosen keys that still exist, in the order
 * chosen (a custom field deleted since drops out); undefined chooses the defaults.
 */
export function shownColumns(all: readonly ColumnSpec[], chosen: readonly string[] | undefined, defaults: readonly string[]): ColumnSpec[] {
  const byKey = new Map(all.map((c) => [c.key, c]));
  const keys = chosen ?? defaults;
  const fixed = all.filter((c) => c.fixed);
  const rest = keys.map((k) => byKey.get(k)).filter((c): c is ColumnSpec => c !== undefined && !c.fixed);
  return [...fixed, ...new Set(rest)];
}

/** The chosen keys with `key` shown or hidden; a newly shown column goes where it is in `all`. */
export function toggleColumn(all: readonly ColumnSpec[], chosen: readonly string[] | undefined, defaults: readonly string[], key: string, show: boolean): string[] {
  const current = shownColumns(all, chosen, defaults)
    .filter((c) => !c.fixed)
    .map((c) => c.key);
  if (!show) return current.filter((k) => k !== key);
  if (current.includes(key)) return current;
  const order = all.map((c) => c.key);
  const at = order.indexOf(key);
  const next = [...current];
  const before = next.findIndex((k) => order.indexOf(k) > at);
  next.splice(before === -1 ? next.length : before, 0, key);
  return next;
}

/** Reads a REST sort (`-name`) into field and direction. */
export function parseSort(sort: string): { field: string; direction: SortDirection } {
  return sort.startsWith('-') ? { field: sort.slice(1), direction: 'desc' } : { field: sort, direction: 'asc' };
}

/** The sort a click on `column`'s header asks for, from the current one. */
export function nextSort(column: ColumnSpec, current: string): string | undefined {
  if (!column.sort) return undefined;
  const now = parseSort(current);
  const direction: SortDirection = now.field === column.sort ? (now.direction === 'asc' ? 'desc' : 'asc') : (column.firstDirection ?? 'asc');
  return direction === 'desc' ? `-${column.sort}` : column.sort;
}
