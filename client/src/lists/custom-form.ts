import { nothing } from 'lit';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import { ApiError } from '../api.js';
import { customFieldInput, draftOf, type CustomDraft } from './custom-field-input.js';
import { customInput } from './custom-values.js';

/**
 * The custom fields of a dialog form (customer, deal, contact, interaction, task): their drafts
 * from a record, what they send on create and on a PATCH (only the keys changed, `null` clears
 * one), the errors checked here (a number that is none, a required field left empty) and the
 * ones a 422 names (`custom.<key>`), and their controls. One set of rules for every form.
 */

export type CustomDrafts = Record<string, CustomDraft>;

/** The drafts of the definitions' keys from a record's `custom` (none: empty controls). */
export const customDraftsOf = (defs: readonly FieldDefinition[], custom: Record<string, unknown> | undefined): CustomDrafts =>
  Object.fromEntries(defs.map((d) => [d.key, draftOf(d, custom?.[d.key])]));

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The value a record's stored value stands for in a form (what an untouched control sends). */
const stored = (def: FieldDefinition, before: Record<string, unknown> | undefined) => customInput(def, draftOf(def, before?.[def.key]));

/**
 * The drafts as API values by key (null: none), and the errors to show by key. An edit passes
 * the record's values as `before`: a required field it left as it was (empty since the
 * definition came later) is not held against the rep, one they cleared is.
 */
export function readCustom(defs: readonly FieldDefinition[], drafts: CustomDrafts, before?: Record<string, unknown>): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    // A key with no draft yet (its definition came after the form opened) stands at the record's value.
    const value = customInput(def, drafts[def.key] ?? draftOf(def, before?.[def.key]));
    const untouched = before !== undefined && same(stored(def, before), value);
    if (value === undefined) errors[def.key] = 'must be a number';
    else if (def.required && (value === null || value === false) && !untouched) errors[def.key] = 'is required';
    else values[def.key] = value;
  }
  return { values, errors };
}

/** The `custom` of a create body: the keys that hold something (undefined when none do). */
export function createCustom(values: Record<string, unknown>): Record<string, unknown> | undefined {
  const custom = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== false));
  return Object.keys(custom).length ? custom : undefined;
}

/** The `custom` of a PATCH: only the keys whose value differs from the record's (undefined when none does). */
export function changedCustom(defs: readonly FieldDefinition[], values: Record<string, unknown>, before: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const custom: Record<string, unknown> = {};
  for (const def of defs) {
    if (!(def.key in values)) continue;
    if (!same(stored(def, before), values[def.key])) custom[def.key] = values[def.key];
  }
  return Object.keys(custom).length ? custom : undefined;
}

/** The messages of a 422 by custom key (`custom.<key>` paths of known definitions). */
export function customErrorsOf(error: unknown, defs: readonly FieldDefinition[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.status !== 422) return errors;
  for (const { path, message } of error.problem.errors ?? []) {
    const key = /^custom\.([^.]+)/.exec(path)?.[1];
    if (key && defs.some((d) => d.key === key)) errors[key] ??= message;
  }
  return errors;
}

/** The paths of a 422 that are not about the definitions' custom keys (for the form's own handling). */
export const notCustom = (paths: readonly { path: string; message: string }[], defs: readonly FieldDefinition[]) =>
  paths.filter(({ path }) => !defs.some((d) => path === `custom.${d.key}` || path.startsWith(`custom.${d.key}.`)));

/** Every definition's control (use with `customFieldStyles`). */
export function customInputs(options: {
  defs: readonly FieldDefinition[];
  drafts: CustomDrafts;
  errors: Record<string, string>;
  users: readonly User[];
  /** The record's values, for keys with no draft yet (definitions that came after the form opened). */
  base?: Record<string, unknown> | undefined;
  idPrefix?: string;
  onInput(key: string, value: CustomDraft): void;
}) {
  if (!options.defs.length) return nothing;
  return options.defs.map((def) =>
    customFieldInput({
      def,
      value: options.drafts[def.key] ?? draftOf(def, options.base?.[def.key]),
      users: options.users,
      error: options.errors[def.key],
      ...(options.idPrefix ? { idPrefix: options.idPrefix } : {}),
      onInput: (v) => options.onInput(def.key, v),
    }),
  );
}

/** The drafts with one key changed, and the errors without that key's. */
export function customTyped(drafts: CustomDrafts, errors: Record<string, string>, key: string, value: CustomDraft): { drafts: CustomDrafts; errors: Record<string, string> } {
  const { [key]: _gone, ...rest } = errors;
  return { drafts: { ...drafts, [key]: value }, errors: rest };
}
