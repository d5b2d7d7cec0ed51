import { z } from 'zod';

/**
 * Text a person typed, as every text field of the API takes it: trimmed, well-formed, and
 * showing what it says. Refused, each as a 422 naming the field:
 * - lone surrogates (half of a UTF-16 pair: not text; MongoDB would store U+FFFD instead);
 * - control characters (tab and line breaks only in long texts such as notes);
 * - bidirectional overrides and isolates (U+202A-202E, U+2066-2069), which make a name read
 *   differently from what it is ("Trojan Source");
 * - text made only of invisible characters (zero-width spaces, fillers) where text is required.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u180e]+$/u;

export interface TextOptions {
  /** Long text (notes, an address): tabs and line breaks are kept. */
  multiline?: boolean;
}

/** Adds the checks above to a string schema. */
function wellFormed(options: TextOptions) {
  const control = options.multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE;
  return (value: string, ctx: z.RefinementCtx) => {
    if (LONE_SURROGATE.test(value)) ctx.addIssue({ code: 'custom', message: 'must be valid Unicode text (it has half of a surrogate pair)' });
    if (control.test(value)) ctx.addIssue({ code: 'custom', message: options.multiline ? 'must not contain control characters other than tabs and line breaks' : 'must not contain control characters or line breaks' });
    if (BIDI_CONTROL.test(value)) ctx.addIssue({ code: 'custom', message: 'must not contain bidirectional override characters' });
    if (INVISIBLE_ONLY.test(value)) ctx.addIssue({ code: 'custom', message: 'must contain visible characters' });
  };
}

/** A text field that may be empty after trimming: up to `max` characters. */
export const text = (max: number, options: TextOptions = {}) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .superRefine(wellFormed(options));

/** A required text field: trimmed, at least one visible character, up to `max` characters. */
export const requiredText = (max: number, options: TextOptions = {}) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .superRefine(wellFormed(options));

/**
 * An optional text field: an empty string or null clears it. The output is `undefined` when
 * cleared, so it is never stored as "".
 */
export const optionalText = (max: number, options: TextOptions = {}) =>
  z
    .union([text(max, options), z.null()])
    .transform((v) => (v === null || v === '' ? undefined : v))
    .optional();

/** True when `value` holds a character no typed password has (control, lone surrogate, bidi override). */
export const hasUntypableCharacters = (value: string) => LONE_SURROGATE.test(value) || CONTROL_IN_LINE.test(value) || BIDI_CONTROL.test(value);
