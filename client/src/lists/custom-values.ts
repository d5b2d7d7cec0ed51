import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import { money } from '../format/money.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * A custom field's value as text for a table cell, a chip or a screen reader: an option's label,
 * a user's name, money, a date, Yes/No; '' when there is none. One rule for every list.
 */
export function customText(def: Pick<FieldDefinition, 'type' | 'options'>, value: unknown, users: readonly User[] = []): string {
  if (value === undefined || value === null || value === '') return '';
  const option = (key: unknown) => def.options?.find((o) => o.key === key)?.label ?? String(key);
  switch (def.type) {
    case 'select':
      return option(value);
    case 'multiselect':
      return Array.isArray(value) ? value.map(option).join(', ') : option(value);
    case 'checkbox':
      return value === true ? 'Yes' : value === false ? 'No' : '';
    case 'money':
      return typeof value === 'number' ? money(value) : String(value);
    case 'number':
      return typeof value === 'number' ? value.toLocaleString() : String(value);
    case 'date': {
      const time = Date.parse(String(value));
      return Number.isNaN(time) ? String(value) : dateFormat.format(time);
    }
    case 'user':
      return users.find((u) => u.id === value)?.name ?? 'A former colleague';
    default:
      return String(value);
  }
}

/** The colour of a select option's chip, when the definition gives one. */
export function optionColor(def: Pick<FieldDefinition, 'options'>, key: unknown): string | undefined {
  return def.options?.find((o) => o.key === key)?.color;
}

/**
 * A value typed into a form or the bulk editor as the API takes it: a number for number and
 * money, a boolean for a checkbox, a list for a multiselect, null for nothing (clears the key);
 * undefined when the text is not such a value.
 */
export function customInput(def: Pick<FieldDefinition, 'type'>, text: string | string[] | boolean): unknown {
  if (def.type === 'checkbox') return typeof text === 'boolean' ? text : text === 'true';
  if (def.type === 'multiselect') {
    const list = Array.isArray(text) ? text : typeof text === 'string' && text ? text.split(',') : [];
    return list.length ? list : null;
  }
  const value = typeof text === 'string' ? text.trim() : '';
  if (!value) return null;
  if (def.type === 'number' || def.type === 'money') {
    const n = Number(value.replace(/[\s,]/g, '').replace(/^\$/, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return value;
}

/** A record's custom values as "label: text" pairs, in the definitions' order (those it holds only). */
export function customSummary(defs: readonly FieldDefinition[], custom: Record<string, unknown> | undefined, users: readonly User[] = []): { key: string; label: string; text: string }[] {
  return defs.map((d) => ({ key: d.key, label: d.label, text: customText(d, custom?.[d.key], users) })).filter((c) => c.text);
}
