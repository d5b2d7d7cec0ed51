/**
 * What a list shows, as it lives in the address: the search, the filters, the sort, the columns
 * and the page. Filters are kept under the names of the list's REST query parameters (`ownerId`,
 * `tag`, `stage`, `custom.tier`, `custom.size.gte`), so the address, a saved view's `filters`
 * (SPEC section 12) and the REST call all read the same; `ownerId=me` means the signed-in user.
 */
export interface ListState {
  q: string;
  /** Filter parameters by REST name (see {@link isFilterParam}). */
  filters: Record<string, string>;
  /** The REST `sort` parameter (`name`, `-updatedAt`, `custom.tier`). */
  sort: string;
  /** Column keys shown, in order; undefined: the list's default columns. */
  columns: string[] | undefined;
  /** 1-based page number. */
  page: number;
  /** The keyset cursor of that page (undefined: page 1). */
  cursor: string | undefined;
  /** The saved view the list started from, if any (its id). */
  view: string | undefined;
}

/** The parameters of the address that are not filters. */
const OWN = new Set(['q', 'sort', 'cols', 'page', 'cursor', 'view']);
const CUSTOM = /^custom\.[A-Za-z][A-Za-z0-9_]{0,39}(\.(gte|lte))?$/;

/** The built-in filter parameters each list takes (SPEC section 4); `custom.*` is taken by all. */
export const BUILT_IN_FILTERS: Record<string, readonly string[]> = {
  customer: ['ownerId', 'tag'],
  contact: ['customerId'],
  opportunity: ['ownerId', 'stage', 'customerId', 'rotting'],
};

/** Whether `name` is a filter parameter of the list of `entity`. */
export function isFilterParam(entity: string, name: string): boolean {
  return CUSTOM.test(name) || (BUILT_IN_FILTERS[entity] ?? []).includes(name);
}

/** A list's state at its start: no search, no filter, its default sort and columns, page 1. */
export function emptyState(sort: string): ListState {
  return { q: '', filters: {}, sort, columns: undefined, page: 1, cursor: undefined, view: undefined };
}

/** Reads a list's state from an address's query string; unknown or repeated parameters are ignored. */
export function readListState(search: string, entity: string, defaultSort: string): ListState {
  const params = new URLSearchParams(search);
  const state = emptyState(defaultSort);
  const filters: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!value || OWN.has(name) || !isFilterParam(entity, name)) continue;
    filters[name] = value;
  }
  const page = Number(params.get('page'));
  const cursor = params.get('cursor') || undefined;
  return {
    ...state,
    q: (params.get('q') ?? '').trim(),
    filters,
    sort: params.get('sort') || defaultSort,
    columns: params.get('cols') ? params.get('cols')!.split(',').filter(Boolean) : undefined,
    // A page number without its cursor cannot be reached: page 1.
    page: cursor && Number.isInteger(page) && page > 1 ? page : 1,
    cursor: cursor && Number.isInteger(page) && page > 1 ? cursor : undefined,
    view: params.get('view') || undefined,
  };
}

/** The query string (with its `?`, or '' when all is default) that {@link readListState} reads back. */
export function writeListState(state: ListState, defaultSort: string): string {
  const params = new URLSearchParams();
  if (state.view) params.set('view', state.view);
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const name of Object.keys(state.filters).sort()) if (state.filters[name]) params.set(name, state.filters[name]!);
  if (state.sort && state.sort !== defaultSort) params.set('sort', state.sort);
  if (state.columns) params.set('cols', state.columns.join(','));
  if (state.page > 1 && state.cursor) {
    params.set('page', String(state.page));
    params.set('cursor', state.cursor);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Two states that show the same list (same query and columns; page aside). */
export function sameQuery(a: ListState, b: ListState): boolean {
  return a.q === b.q && a.sort === b.sort && JSON.stringify(sortedEntries(a.filters)) === JSON.stringify(sortedEntries(b.filters));
}

const sortedEntries = (o: Record<string, string>) => Object.entries(o).sort(([x], [y]) => x.localeCompare(y));

/**
 * The REST query of a page of the list: search, filters (`me` resolved to the signed-in user),
 * sort, page size and cursor.
 */
export function restQuery(state: ListState, meId: string | undefined, limit: number): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.q.trim()) query.q = state.q.trim();
  for (const [name, value] of Object.entries(state.filters)) {
    if (!value) continue;
    query[name] = value === ME ? (meId ?? value) : value;
  }
  if (state.sort) query.sort = state.sort;
  query.limit = String(limit);
  if (state.cursor) query.cursor = state.cursor;
  return query;
}

/** The value of a user filter that means "the signed-in user" (a saved view stays each viewer's own). */
export const ME = 'me';
