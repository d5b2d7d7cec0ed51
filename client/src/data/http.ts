/**
 * What Shoal's REST answers say in their headers, read in one place: the next page's cursor
 * (`Link: <...>; rel="next"`), the total (`X-Total-Count`), the change an answer reflects
 * (`Shoal-Seq`) and a record's version (`ETag`), and the query strings of list calls.
 */

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** How many records match in all (`X-Total-Count`; the page's length when absent). */
  total: number;
  /** Cursor of the next page, when there is one. */
  nextCursor?: string;
  /** The last change this answer reflects (`Shoal-Seq`), when the server says. */
  seq?: number;
}

/** A record with the version its ETag carried. */
export interface Versioned<T> {
  value: T;
  version: number;
  /** The last change this answer reflects (`Shoal-Seq`), when the server says. */
  seq?: number;
}

/** Reads the `cursor` of a `Link: <...>; rel="next"` header. */
export function nextCursorOf(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) {
      try {
        return new URL(match[1], 'http://shoal.invalid').searchParams.get('cursor') ?? undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The last change a list or snapshot answer reflects, from its `Shoal-Seq` header (undefined when absent). */
export function seqOf(response: Response): number | undefined {
  const header = response.headers.get('shoal-seq');
  const seq = header === null || header.trim() === '' ? Number.NaN : Number(header);
  return Number.isInteger(seq) && seq >= 0 ? seq : undefined;
}

/** The version in an `ETag` header (`"7"` or `W/"7"`), when there is one. */
export function versionOf(response: Response): number | undefined {
  const match = /^(?:W\/)?"(\d+)"$/.exec(response.headers.get('etag') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The `If-Match` header for a version (none without one: the last write wins). */
export function ifMatch(version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { 'if-match': `"${version}"` };
}

/** The `Idempotency-Key` header (none without a key). */
export function idempotencyKey(key: string | undefined): Record<string, string> {
  return key ? { 'idempotency-key': key } : {};
}

/** A fresh key for one create, reused by its retries so the server creates it once. */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** A value a list parameter may have. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/**
 * `?a=1&b=x` of the parameters that have a value (undefined, null and blank strings are left
 * out; strings are trimmed; arrays repeat the name). Empty string when none has one.
 */
export function queryString(params: object = {}): string {
  const query = new URLSearchParams();
  for (const [key, raw] of Object.entries(params) as [string, QueryValue][]) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values as (string | number | boolean | null | undefined)[]) {
      if (value === undefined || value === null) continue;
      const text = typeof value === 'string' ? value.trim() : String(value);
      if (text !== '') query.append(key, text);
    }
  }
  const search = query.toString();
  return search ? `?${search}` : '';
}

/** One page of a list answer: its records and what its headers say. */
export async function pageOf<T>(response: Response): Promise<Page<T>> {
  const items = (await response.json()) as T[];
  const header = response.headers.get('x-total-count');
  const total = header === null ? Number.NaN : Number(header);
  const nextCursor = nextCursorOf(response.headers.get('link'));
  const seq = seqOf(response);
  return {
    items,
    total: Number.isFinite(total) && total >= items.length ? total : items.length,
    ...(nextCursor ? { nextCursor } : {}),
    ...(seq === undefined ? {} : { seq }),
  };
}

/** A record answer with its version (the ETag's, else the record's own) and `Shoal-Seq`. */
export async function versionedOf<T extends { version: number }>(response: Response): Promise<Versioned<T>> {
  const value = (await response.json()) as T;
  const seq = seqOf(response);
  return { value, version: versionOf(response) ?? value.version, ...(seq === undefined ? {} : { seq }) };
}
