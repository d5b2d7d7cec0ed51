/**
 * The field-by-field edit and conflict state of a record page (a customer's, a deal's): which
 * fields are open for editing with what text and on which version, which are saving, which were
 * refused and why, and which met a colleague's change (while editing, or a save answered 412).
 * Pure functions over a plain state, so the rules are tested without a browser; the page keeps
 * one `EditState` in a reactive property and renders from it.
 *
 * The rules (the same on every record page):
 * - an edit is based on the version the field showed when it was opened; the save sends it as
 *   `If-Match`, so a colleague's save in between answers 412 instead of being overwritten;
 * - a colleague's change of a field being edited (and not saving) is a conflict: the rep keeps
 *   theirs (the edit moves onto the colleague's version) or takes the colleague's (the edit closes);
 * - after a 412, keeping theirs saves again at once, on the current version.
 */

/** One field being edited: the text in its input and the version the edit is based on. */
export interface Draft {
  value: string;
  version: number;
}

/** A colleague's value for a field the rep is editing: theirs or mine? */
export interface Conflict<R> {
  who: string;
  theirs: R;
  /** `event`: it arrived while editing; `412`: the save was refused because of it. */
  kind: 'event' | '412';
}

/** The edit state of one record's fields. */
export interface EditState<F extends string, R> {
  drafts: Partial<Record<F, Draft>>;
  conflicts: Partial<Record<F, Conflict<R>>>;
  errors: Partial<Record<F, string>>;
  saving: Partial<Record<F, true>>;
}

export function emptyEdits<F extends string, R>(): EditState<F, R> {
  return { drafts: {}, conflicts: {}, errors: {}, saving: {} };
}

function without<T extends object>(record: T, key: string): T {
  const { [key]: _gone, ...rest } = record as Record<string, unknown>;
  return rest as T;
}

/** True when the field is open for editing. */
export const isEditing = <F extends string, R>(state: EditState<F, R>, field: F) => state.drafts[field] !== undefined;

/** The fields open for editing, in the order they were opened. */
export const editingFields = <F extends string, R>(state: EditState<F, R>) => Object.keys(state.drafts) as F[];

/** Opens a field with the text it shows, on the record's version (a field already open stays as it is). */
export function startEdit<F extends string, R>(state: EditState<F, R>, field: F, text: string, version: number): EditState<F, R> {
  if (state.drafts[field]) return state;
  return { ...state, drafts: { ...state.drafts, [field]: { value: text, version } } };
}

/** The rep typed: the text changes and an error shown for the field goes. */
export function input<F extends string, R>(state: EditState<F, R>, field: F, value: string): EditState<F, R> {
  const draft = state.drafts[field];
  if (!draft) return state;
  return { ...state, drafts: { ...state.drafts, [field]: { ...draft, value } }, errors: without(state.errors, field) };
}

/** Closes a field: its draft, conflict and error go. */
export function endEdit<F extends string, R>(state: EditState<F, R>, field: F): EditState<F, R> {
  return { ...state, drafts: without(state.drafts, field), conflicts: without(state.conflicts, field), errors: without(state.errors, field) };
}

/** Everything closed (the record was deleted, or the page shows another one). */
export const closeAll = <F extends string, R>(): EditState<F, R> => emptyEdits();

/** A save of the field started or ended. */
export function setSaving<F extends string, R>(state: EditState<F, R>, field: F, saving: boolean): EditState<F, R> {
  return { ...state, saving: saving ? { ...state.saving, [field]: true } : without(state.saving, field) };
}

/** The field's save was refused (or checked here) with a message ("is required"). */
export function setError<F extends string, R>(state: EditState<F, R>, field: F, message: string): EditState<F, R> {
  return { ...state, errors: { ...state.errors, [field]: message } };
}

/**
 * A colleague changed `fields` of the record (now `theirs`): each one the rep is editing, and
 * not saving right now, becomes a conflict to resolve.
 */
export function colleagueChanged<F extends string, R>(state: EditState<F, R>, fields: readonly F[], who: string, theirs: R): EditState<F, R> {
  let conflicts = state.conflicts;
  for (const field of fields) if (state.drafts[field] && !state.saving[field]) conflicts = { ...conflicts, [field]: { who, theirs, kind: 'event' } };
  return conflicts === state.conflicts ? state : { ...state, conflicts };
}

/** The field's save answered 412: `theirs` is the record as it is now, changed by `who`. */
export function refused<F extends string, R>(state: EditState<F, R>, field: F, who: string, theirs: R): EditState<F, R> {
  return { ...state, conflicts: { ...state.conflicts, [field]: { who, theirs, kind: '412' } } };
}

/**
 * Keep yours: the edit moves onto the colleague's version (`versionOf(theirs)`), the conflict
 * goes. `resave` says whether to save at once (after a 412) or let the rep go on typing.
 */
export function keepMine<F extends string, R>(state: EditState<F, R>, field: F, versionOf: (record: R) => number): { state: EditState<F, R>; resave: boolean } {
  const conflict = state.conflicts[field];
  const draft = state.drafts[field];
  if (!conflict || !draft) return { state, resave: false };
  return {
    state: { ...state, drafts: { ...state.drafts, [field]: { ...draft, version: versionOf(conflict.theirs) } }, conflicts: without(state.conflicts, field) },
    resave: conflict.kind === '412',
  };
}

/** Take theirs: the edit closes; returns the colleague's record, for the page to show. */
export function takeTheirs<F extends string, R>(state: EditState<F, R>, field: F): { state: EditState<F, R>; theirs: R | undefined } {
  return { state: endEdit(state, field), theirs: state.conflicts[field]?.theirs };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields a change touched: the ones its event names (when it names them), else those whose
 * text differs between before and after; only fields of the page's list.
 */
export function changedFields<F extends string, R>(fields: readonly F[], named: readonly string[] | undefined, before: R | undefined, after: R, textOf: (record: R | undefined, field: F) => string): F[] {
  if (named) return fields.filter((f) => named.includes(f));
  return fields.filter((f) => !same(textOf(before, f), textOf(after, f)));
}

/**
 * Whether saving the draft would change nothing: its value is the record's and the record has
 * not moved on since the edit began (then the page just closes the field).
 */
export const unchanged = (current: unknown, next: unknown, draft: Draft, version: number) => same(current, next) && draft.version === version;
