/**
 * Which rows of a list are selected: some ids (kept across pages), or every record matching
 * the list's query ("all N matching"), minus the ones unticked since. The anchor is the row a
 * shift-click range starts from.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** Every match of the query is selected, except `ids` (unticked). */
  all: boolean;
  anchor: string | undefined;
}

export const NOTHING: Selection = { ids: new Set(), all: false, anchor: undefined };

/** Whether a row is selected. */
export const isSelected = (s: Selection, id: string) => (s.all ? !s.ids.has(id) : s.ids.has(id));

/** How many are selected, given how many match the query. */
export const selectedCount = (s: Selection, total: number) => (s.all ? Math.max(0, total - s.ids.size) : s.ids.size);

/**
 * A click on a row's box: ticks or unticks it; with shift, every row of `order` (the page shown)
 * from the anchor to it takes the state the clicked row takes.
 */
export function clickRow(s: Selection, order: readonly string[], id: string, shift: boolean): Selection {
  const target = !isSelected(s, id);
  const from = shift && s.anchor ? order.indexOf(s.anchor) : -1;
  const to = order.indexOf(id);
  const range = from === -1 || to === -1 ? [id] : order.slice(Math.min(from, to), Math.max(from, to) + 1);
  const ids = new Set(s.ids);
  // In "all" mode the set holds the exceptions: a ticked row is not one.
  for (const r of range) if (target !== s.all) ids.add(r);
  else ids.delete(r);
  return { ids, all: s.all, anchor: id };
}

/** The header's box: ticks every row of the page, or unticks them when all are ticked. */
export function togglePage(s: Selection, order: readonly string[]): Selection {
  const every = order.length > 0 && order.every((id) => isSelected(s, id));
  const ids = new Set(s.ids);
  for (const id of order) if (!every !== s.all) ids.add(id);
  else ids.delete(id);
  return { ids, all: s.all, anchor: s.anchor };
}

/** Every record matching the query. */
export const selectAll = (): Selection => ({ ids: new Set(), all: true, anchor: undefined });

/** The page's header box: 'all', 'some' or 'none' of its rows ticked. */
export function pageState(s: Selection, order: readonly string[]): 'all' | 'some' | 'none' {
  const n = order.filter((id) => isSelected(s, id)).length;
  return n === 0 ? 'none' : n === order.length ? 'all' : 'some';
}
