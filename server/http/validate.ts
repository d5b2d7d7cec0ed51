import type { z } from 'zod';
import { RecentMap } from '../lib/recent-map.js';
import { AppError, type FieldError } from './app-error.js';

/** One entry per invalid field; unknown keys are named one by one. */
export function fieldErrors(error: z.ZodError, root = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [base, key].filter(Boolean).join('.'), message: 'is not a known field' });
    } else if (issue.code === 'invalid_type' && issue.path.length === 0 && !root) {
      out.push({ path: '', message: 'the body must be a JSON object' });
    } else {
      out.push({ path: base, message: issue.message });
    }
  }
  return out;
}

/** Parses a request body with a shared schema, or throws a 422 naming each invalid field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? undefined);
  if (!result.success) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors: fieldErrors(result.error) });
  return result.data;
}

/** Parses a query string with a shared schema, or throws a 422 naming each invalid parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const errors = fieldErrors(result.error).map((e) => ({ ...e, message: e.message === 'is not a known field' ? 'is not a known query parameter' : e.message }));
    throw new AppError('VALIDATION', 'Some query parameters are invalid.', { errors });
  }
  return result.data;
}

/**
 * The query string express parses for a request URL, by parseurl's rule: what follows the
 * first `?` of a path that starts with `/` and holds no character that sends parseurl to
 * `url.parse` (whitespace, `#`, NBSP, BOM); undefined for those, which are not cached.
 */
export function rawQueryOf(url: string): string | undefined {
  if (url.charCodeAt(0) !== 0x2f || /[\t\n\f\r #\u00a0\ufeff]/.test(url)) return undefined;
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}

/** Freezes `value` and every object and array in it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Distinct query strings whose parse each cached parser keeps (the most recently used). */
export const KEPT_QUERIES = 256;

/**
 * `parseQuery` of `schema` for a request, kept per distinct URL query string (the last
 * `KEPT_QUERIES` used), so a list read again with the same URL does not parse its query
 * string or run zod again. The schema must depend on the query alone (no clock, no state).
 * A kept parse is deeply frozen: a route that changed it would change every later request's
 * query, so it cannot. Invalid queries are not kept; each one is refused afresh.
 */
export function cachedQueryParser<S extends z.ZodType>(schema: S, kept = KEPT_QUERIES): (req: { url: string; query: unknown }) => z.output<S> {
  const cache = new RecentMap<string, z.output<S>>(kept);
  return (req) => {
    const key = rawQueryOf(req.url);
    if (key === undefined) return deepFreeze(parseQuery(schema, req.query));
    let parsed = cache.get(key);
    if (parsed === undefined) {
      parsed = deepFreeze(parseQuery(schema, req.query));
      cache.set(key, parsed);
    }
    return parsed;
  };
}
