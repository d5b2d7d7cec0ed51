import type { z } from 'zod';
import type { Interaction, InteractionCreate, InteractionPatch, InteractionType } from '../../../shared/interaction.js';
import { INTERACTION_TYPE_INFO } from '../format/interaction-types.js';

/**
 * The interaction form's values and rules, pure (unit tested without a browser): what the form
 * shows for a record, what it sends to log one, and, when editing, the PATCH of only the fields
 * the rep changed and which of them a colleague changed too (a conflict).
 */

/** The text fields of the form, as it names them in errors and ids. */
export type FormField = 'date' | 'subject' | 'notes' | 'durationMinutes';
/** The fields an edit can change (the form's, and the type). */
export type EditField = FormField | 'type';
export const EDIT_FIELDS: readonly EditField[] = ['type', 'date', 'subject', 'notes', 'durationMinutes'];

export const FIELD_LABELS: Record<EditField, string> = { type: 'type', date: 'date', subject: 'subject', notes: 'notes', durationMinutes: 'duration' };

/** What the form holds: the inputs' text. */
export interface Values {
  type: InteractionType;
  date: string;
  subject: string;
  notes: string;
  durationMinutes: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as a `datetime-local` input wants it (local time, to the minute). */
export function localInput(when = new Date()): string {
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}T${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

/** The empty form of a new interaction of a type, dated now. */
export const newValues = (type: InteractionType, now = new Date()): Values => ({ type, date: localInput(now), subject: '', notes: '', durationMinutes: '' });

/** The form of an existing interaction. */
export function valuesOf(i: Interaction): Values {
  return {
    type: i.type,
    date: localInput(new Date(i.date)),
    subject: i.subject ?? '',
    notes: i.notes ?? '',
    durationMinutes: i.durationMinutes === undefined ? '' : String(i.durationMinutes),
  };
}

/** What the values mean, checked: the fields to send, or the errors by field. */
export interface Parsed {
  fields: { type: InteractionType; date: string; subject?: string; notes?: string; durationMinutes?: number };
  errors: Partial<Record<FormField, string>>;
}

export function parseValues(v: Values): Parsed {
  const errors: Partial<Record<FormField, string>> = {};
  const when = new Date(v.date);
  if (!v.date || Number.isNaN(when.getTime())) errors.date = 'is required';
  let duration: number | undefined;
  if (INTERACTION_TYPE_INFO[v.type].timed && v.durationMinutes.trim()) {
    duration = Number(v.durationMinutes);
    if (!Number.isInteger(duration) || duration < 0 || duration > 1440) errors.durationMinutes = 'must be a whole number of minutes, up to 1440';
  }
  return {
    errors,
    fields: {
      type: v.type,
      date: errors.date ? '' : when.toISOString(),
      ...(v.subject.trim() ? { subject: v.subject.trim() } : {}),
      ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
      ...(duration !== undefined ? { durationMinutes: duration } : {}),
    },
  };
}

/** The body that logs the values for a customer. */
export const createBody = (customerId: string, parsed: Parsed): InteractionCreate => ({ customerId, ...parsed.fields });

/** A field's value as the form compares it ('' when absent). */
function fieldText(v: Values, field: EditField): string {
  if (field === 'durationMinutes') return INTERACTION_TYPE_INFO[v.type].timed ? v.durationMinutes.trim() : '';
  if (field === 'date') {
    const t = Date.parse(v.date);
    return Number.isNaN(t) ? v.date : new Date(t).toISOString();
  }
  return field === 'type' ? v.type : v[field].trim();
}

/** The fields whose value differs between two forms. */
export const differing = (a: Values, b: Values): EditField[] => EDIT_FIELDS.filter((f) => fieldText(a, f) !== fieldText(b, f));

/**
 * The PATCH of an edit: only the fields the rep changed from `base` (the record when the edit
 * began), a cleared subject, notes or duration sent as `null`-free removal (`''` for text,
 * `null` for the duration); undefined when nothing changed.
 */
export function patchBody(base: Values, mine: Values, parsed: Parsed): z.input<typeof InteractionPatch> | undefined {
  const changed = differing(base, mine);
  if (!changed.length) return undefined;
  const patch: Record<string, unknown> = {};
  for (const f of changed) {
    if (f === 'durationMinutes') patch.durationMinutes = parsed.fields.durationMinutes ?? null;
    else if (f === 'subject' || f === 'notes') patch[f] = parsed.fields[f] ?? '';
    else patch[f] = parsed.fields[f];
  }
  return patch as z.input<typeof InteractionPatch>;
}

/**
 * A colleague saved `theirs` while the rep edits from `base`: the fields both changed
 * (conflicts), and the form with the colleague's values taken for the fields only they changed.
 */
export function merge(base: Values, mine: Values, theirs: Values): { conflicts: EditField[]; values: Values } {
  const mineChanged = new Set(differing(base, mine));
  const theirsChanged = differing(base, theirs);
  const conflicts = theirsChanged.filter((f) => mineChanged.has(f) && fieldText(mine, f) !== fieldText(theirs, f));
  const values = { ...mine };
  for (const f of theirsChanged) if (!mineChanged.has(f)) (values as Record<EditField, string>)[f] = theirs[f];
  return { conflicts, values };
}

/** Take theirs for the conflicting fields: their values replace the rep's there. */
export function takeTheirs(mine: Values, theirs: Values, fields: readonly EditField[]): Values {
  const values = { ...mine };
  for (const f of fields) (values as Record<EditField, string>)[f] = theirs[f];
  return values;
}
