import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import { member, personChip } from '../customer-parts.js';
import { customFieldInput, draftOf, type CustomDraft } from '../lists/custom-field-input.js';
import { customInput, customText, optionColor } from '../lists/custom-values.js';
import type { FieldSpec } from './field-editor.js';

/**
 * The custom fields of a record page (customer, deal): each key is a field of its own for the
 * in-place editor and the conflict rule, named as the API names it (`custom.<key>`: the change
 * events' `fields` and a 412's conflicts use that name), so the page's edit state, conflict
 * notices, busy badges and highlights work for them as for the built-in fields.
 */

export type CustomField = `custom.${string}`;

export const customName = (key: string): CustomField => `custom.${key}`;
export const isCustom = (field: string): field is CustomField => field.startsWith('custom.');
export const keyOf = (field: CustomField) => field.slice(7);

/** A record with custom values. */
interface WithCustom {
  custom?: Record<string, unknown> | undefined;
}

/**
 * The text the editor holds for a value: a multiselect's keys joined by commas (option keys hold
 * none), a checkbox as `true`/`false`; what `customInput` reads back.
 */
export function editText(def: FieldDefinition, value: unknown): string {
  const draft = draftOf(def, value);
  return Array.isArray(draft) ? draft.join(',') : String(draft);
}

function draftFromText(def: FieldDefinition, text: string): CustomDraft {
  if (def.type === 'checkbox') return text === 'true';
  if (def.type === 'multiselect') return text ? text.split(',') : [];
  return text;
}

/** The editor text of a page field for a record ('' for none). */
export const customEditText = (defs: readonly FieldDefinition[], record: WithCustom | undefined, field: CustomField): string => {
  const def = defs.find((d) => d.key === keyOf(field));
  return def && record ? editText(def, record.custom?.[def.key]) : '';
};

/** The value a draft saves (null clears the key), or the error to show. */
export function customSaveValue(def: FieldDefinition, text: string): { value: unknown } | { error: string } {
  const value = customInput(def, draftFromText(def, text));
  if (value === undefined) return { error: 'must be a number' };
  if (def.required && (value === null || value === false)) return { error: 'is required' };
  return { value };
}

/** The record's value as `customSaveValue` would send it (to tell a save that changes nothing). */
export const customCurrent = (def: FieldDefinition, record: WithCustom) => customInput(def, draftOf(def, record.custom?.[def.key])) ?? null;

/** The editor spec of a definition: its label (required marked by the control) and the shared custom control. */
export function customSpec(def: FieldDefinition, users: () => readonly User[]): FieldSpec<CustomField> {
  return {
    name: customName(def.key),
    label: def.label,
    control: ({ value, error, onInput }) =>
      customFieldInput({ def, value: draftFromText(def, value), users: users(), error, idPrefix: 'edit-custom', labelHidden: true, onInput: (v) => onInput(Array.isArray(v) ? v.join(',') : String(v)) }),
  };
}

/** The mark beside a required field's label on a record page. */
export const requiredMark = html` <span class="required" aria-hidden="true">*</span><span class="visually-hidden"> (required)</span>`;

/** Only http and https addresses become links. */
function safeHref(text: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function optionChip(def: FieldDefinition, key: unknown) {
  const color = optionColor(def, key);
  return html`<span class="chip option">${color ? html`<span class="dot" style=${styleMap({ background: color })} aria-hidden="true"></span>` : nothing}${customText({ type: 'select', options: def.options }, key)}</span>`;
}

/**
 * A custom value as a record page shows it: option chips in their colours, a person's chip,
 * money and dates formatted, a link for a url (http/https only, `rel=noopener`), email and
 * phone; "Not set" when empty. Text only through lit's bindings (never unsafeHTML).
 */
export function customValueView(def: FieldDefinition, value: unknown, team: readonly User[]) {
  const text = customText(def, value, team);
  if (!text) return html`<span class="empty">Not set</span>`;
  switch (def.type) {
    case 'select':
      return optionChip(def, value);
    case 'multiselect':
      return html`<span class="chips">${(Array.isArray(value) ? value : [value]).map((k) => optionChip(def, k))}</span>`;
    case 'user':
      return personChip(member(team, String(value)), 'A former colleague');
    case 'url': {
      const href = safeHref(String(value));
      return href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${text}</a>` : html`<span>${text}</span>`;
    }
    case 'email':
      return html`<a href=${`mailto:${String(value)}`}>${text}</a>`;
    case 'phone':
      return html`<a href=${`tel:${String(value).replace(/[^\d+]/g, '')}`}>${text}</a>`;
    case 'longtext':
      return html`<span class="multiline">${text}</span>`;
    default:
      return html`<span>${text}</span>`;
  }
}

/** The words of a record's value in a conflict notice ('' when none). */
export const customWords = (defs: readonly FieldDefinition[], record: WithCustom, field: CustomField, team: readonly User[]) => {
  const def = defs.find((d) => d.key === keyOf(field));
  return def ? customText(def, record.custom?.[def.key], team) : '';
};

/**
 * The custom fields of one kind of record on its page, from the store's definitions (kept live
 * by their change events): the field names beside the built-in ones, their editor text, labels,
 * editor specs, views and what a save sends. The customer and deal pages share it.
 */
export class PageCustomFields<R extends WithCustom> {
  constructor(
    private readonly defsNow: () => readonly FieldDefinition[],
    private readonly team: () => readonly User[],
  ) {}

  get defs(): readonly FieldDefinition[] {
    return this.defsNow();
  }

  def(field: string): FieldDefinition | undefined {
    return isCustom(field) ? this.defs.find((d) => d.key === keyOf(field)) : undefined;
  }

  /** The built-in fields, then one per definition. */
  fields<F extends string>(builtIn: readonly F[]): (F | CustomField)[] {
    return [...builtIn, ...this.defs.map((d) => customName(d.key))];
  }

  text(record: R | undefined, field: CustomField): string {
    return customEditText(this.defs, record, field);
  }

  label(field: CustomField): string {
    return this.def(field)?.label ?? keyOf(field);
  }

  specs(): FieldSpec<CustomField>[] {
    return this.defs.map((def) => customSpec(def, this.team));
  }

  view(field: CustomField, record: R) {
    const def = this.def(field);
    return def ? customValueView(def, record.custom?.[def.key], this.team()) : nothing;
  }

  words(record: R, field: CustomField): string {
    return customWords(this.defs, record, field, this.team());
  }

  /** What saving the draft sends (`{custom: {key: value}}`) and the value it replaces, or the error to show. */
  save(field: CustomField, text: string, record: R): { patch: { custom: Record<string, unknown> }; value: unknown; current: unknown } | { error: string } | undefined {
    const def = this.def(field);
    if (!def) return undefined;
    const parsed = customSaveValue(def, text);
    if ('error' in parsed) return parsed;
    return { patch: { custom: { [def.key]: parsed.value } }, value: parsed.value, current: customCurrent(def, record) };
  }
}
