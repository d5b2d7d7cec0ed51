import { Types, trusted } from 'mongoose';
import { AppError } from '../http/app-error.js';

/** The stored field a list sorts on, its direction, and whether its values are dates. */
export interface SortSpec {
  field: string;
  descending: boolean;
  isDate: boolean;
}

/** The last row of a page: its sort value and id. */
export interface CursorPosition {
  value: unknown;
  id: Types.ObjectId;
}

const badCursor = () =>
  new AppError('VALIDATION', 'The cursor is not one this list gave out with that sort.', {
    errors: [{ path: 'cursor', message: 'is not a cursor for this list and sort' }],
  });

/** An opaque cursor: the sort it belongs to, the last row's sort value and id. */
export function encodeCursor(sort: string, value: unknown, id: Types.ObjectId): string {
  const plain = value instanceof Date ? { d: value.toISOString() } : { v: value };
  return Buffer.from(JSON.stringify({ s: sort, ...plain, i: id.toHexString() })).toString('base64url');
}

/** Reads a cursor; one made for another sort, or not made here, is a 422. */
export function decodeCursor(cursor: string, sort: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw badCursor();
  const { s, v, d, i } = parsed as Record<string, unknown>;
  if (s !== sort || typeof i !== 'string' || !/^[0-9a-f]{24}$/.test(i)) throw badCursor();
  if (d !== undefined) {
    const date = typeof d === 'string' ? new Date(d) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw badCursor();
    return { value: date, id: new Types.ObjectId(i) };
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw badCursor();
  return { value: v, id: new Types.ObjectId(i) };
}

/** The filter that selects rows after `position` in `sort` order (ties broken by `_id`). */
export function keysetFilter(sort: SortSpec, position: CursorPosition): Record<string, unknown> {
  const op = sort.descending ? '$lt' : '$gt';
  return {
    $or: [{ [sort.field]: trusted({ [op]: position.value }) }, { [sort.field]: position.value, _id: trusted({ [op]: position.id }) }],
  };
}
