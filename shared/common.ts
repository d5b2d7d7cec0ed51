import { z } from 'zod';

/** A record id as the API shows it: 24 lowercase hex digits. */
export const RecordId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a record id (24 hexadecimal digits)');
export type RecordId = z.infer<typeof RecordId>;

/** ISO 8601 UTC timestamp as every response carries it. */
export const Timestamp = z.iso.datetime();

/** Who made a change, as change events and the audit log show it. */
export const Actor = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(80),
});
export type Actor = z.infer<typeof Actor>;

/** One invalid field in a problem+json answer. */
export const ProblemFieldError = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details, as every error answer carries them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(ProblemFieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Optional free-text fields, checked as every text field is (shared/text.ts). */
export { optionalText } from './text.js';

/** Fields every record carries; sent back on PUT they are ignored. */
export const ReadOnlyFields = {
  id: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  version: z.unknown().optional(),
};

/** `limit` of a list call: 1 to 200, default 50. */
export const Limit = z.coerce
  .number({ error: 'must be a whole number from 1 to 200' })
  .int('must be a whole number from 1 to 200')
  .min(1, 'must be a whole number from 1 to 200')
  .max(200, 'must be a whole number from 1 to 200')
  .default(50);

/** An amount of money in the API: a number >= 0 with at most 2 decimals (stored as cents). */
export const Money = z
  .number({ error: 'must be a number' })
  .min(0, 'must be 0 or more')
  .max(1e12, 'is too large')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'must have at most 2 decimals');

/** An ISO 4217 currency code such as USD (any case in, upper case out). */
export const Currency = z
  .string({ error: 'must be a currency code such as USD' })
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'must be a currency code such as USD')
  .transform((v) => v.toUpperCase());

/** A calendar date, YYYY-MM-DD. */
export const DateOnly = z.iso.date('must be a date such as 2026-12-31');

/** Converts API money to integer cents and back. */
export const toCents = (amount: number) => Math.round(amount * 100);
export const fromCents = (cents: number) => cents / 100;

/** The sort parameter of a list: one of `keys`, optionally prefixed with `-`. */
export const sortParam = (keys: readonly string[], fallback: string) =>
  z
    .string()
    .refine((v) => keys.includes(v.replace(/^-/, '')), `must be one of ${keys.join(', ')}, optionally prefixed with -`)
    .default(fallback);
