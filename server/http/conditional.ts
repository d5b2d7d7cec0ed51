import type { Request, Response } from 'express';
import { AppError } from './app-error.js';

/** What an `If-Match` header asks for: any current version, or one version. */
export type Precondition = { kind: 'any' } | { kind: 'version'; version: number };

/** The `ETag` of a record version. */
export const etagOf = (version: number) => `"${version}"`;

/** Sets the `ETag` header for a record version. */
export function setEtag(res: Response, version: number): void {
  res.setHeader('ETag', etagOf(version));
}

/**
 * Reads `If-Match`: absent means last write wins; `*` matches any existing record; otherwise
 * one entity tag that this API gave out (a weak `W/` prefix is tolerated).
 */
export function readIfMatch(req: Request): Precondition | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return { kind: 'any' };
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  if (!match) {
    throw new AppError('BAD_REQUEST', 'If-Match must be one entity tag from an ETag header, such as "3", or *.', {
      errors: [{ path: 'If-Match', message: 'is not an entity tag this API gave out' }],
    });
  }
  return { kind: 'version', version: Number(match[1]) };
}

/** How a stored thing tracks versions: its own, and the version that last changed each field. */
export interface Versioned {
  version: number;
  /** Field (`custom:<key>` for a custom key) to the version that last wrote it; absent: no record of it kept. */
  fieldVersions?: Record<string, number> | undefined;
}

/** The key a field's version is kept under (`custom.tier` as `custom:tier`: stored keys hold no dot). */
export const versionKey = (field: string) => (field.startsWith('custom.') ? `custom:${field.slice(7)}` : field);

/**
 * The stale-version rule of a PATCH (SPEC section 4): with an `If-Match` of an older version, a
 * change still goes through when none of the fields it writes changed since; otherwise it is a
 * 412 with the current thing and the conflicting fields. A field with no version kept changed at
 * version 1; a thing that keeps no field versions at all (stored before it did) counts every
 * field as changed at its current version.
 */
export function checkFieldVersions<C>(doc: Versioned, precondition: Precondition | undefined, written: readonly string[], current: () => C): void {
  if (precondition?.kind !== 'version' || precondition.version === doc.version) return;
  const seen = precondition.version;
  const versionOf = (f: string) => (doc.fieldVersions ? (doc.fieldVersions[versionKey(f)] ?? 1) : doc.version);
  const conflicts = written.filter((f) => seen > doc.version || versionOf(f) > seen);
  if (conflicts.length) {
    throw new AppError('STALE_VERSION', `Someone else changed ${conflicts.join(', ')} since version ${seen}. Review the current values and try again.`, {
      errors: conflicts.map((f) => ({ path: f, message: `was changed by someone else since version ${seen}` })),
      extra: { current: current(), conflicts },
    });
  }
}
