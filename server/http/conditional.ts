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
