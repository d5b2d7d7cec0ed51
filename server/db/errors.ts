/**
 * True when a write broke a unique index. MongoDB answers code 11000; FerretDB 1.24 does so
 * for inserts but answers an InternalError naming SQLite's UNIQUE constraint for updates.
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 11000 || (typeof message === 'string' && /E11000|UNIQUE constraint failed/.test(message));
}
