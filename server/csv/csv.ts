import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { AppError } from '../http/app-error.js';

/** One column of a CSV file: its header, and how a record's field reads and is read back. */
export interface CsvColumn {
  header: string;
  /** The field of the API record (`tags` as a list); `custom.tier` is the `tier` key of `custom`. */
  field: string;
  /** Read on import (export-only columns such as `id` are not). */
  imported?: boolean;
  /** Written on export (import-only columns such as a contact's `customerEmail` are not). */
  exported?: boolean;
  /** A list in one cell, its items separated by `;` (or `,`). */
  list?: boolean;
  /** The cell (its items, for a list) as the create call takes it: a number, true/false. Default: as it is. */
  read?: (cell: string | string[]) => unknown;
}

/** A data row of an import: the line it ends on in the file, and its known cells that are not empty. */
export interface CsvRow {
  line: number;
  /** The row as the create call takes it; a `custom.<key>` column's value is under `custom`. */
  values: Record<string, unknown>;
}

/** The value of a field of a record (`custom.tier` reads `record.custom.tier`). */
function fieldOf(record: Record<string, unknown>, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return record[field];
  const inner = record[field.slice(0, dot)];
  return inner && typeof inner === 'object' ? fieldOf(inner as Record<string, unknown>, field.slice(dot + 1)) : undefined;
}

/** Sets a field of a record being built (`custom.tier` sets `values.custom.tier`). */
function setField(values: Record<string, unknown>, field: string, value: unknown): void {
  const dot = field.indexOf('.');
  if (dot < 0) {
    values[field] = value;
    return;
  }
  const outer = field.slice(0, dot);
  const inner = (values[outer] ??= {}) as Record<string, unknown>;
  setField(inner, field.slice(dot + 1), value);
}

/** Header to field: case, spaces, dashes and underscores do not matter ("Owner ID" is ownerId). */
const normalise = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * A cell as a spreadsheet will not run it: text starting with `=`, `+`, `-`, `@` (a formula to
 * Excel or LibreOffice) gets a leading apostrophe, unless it is a phone number or an amount.
 */
export function safeCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().\/-]+$/.test(text)) return `'${text}`;
  return text;
}

/**
 * Writes `records` as a CSV download (a header row, then one row a record, 500 at a time,
 * waiting for the client to take them).
 */
export async function sendCsv(res: Response, filename: string, all: readonly CsvColumn[], records: AsyncIterable<Record<string, unknown>>): Promise<void> {
  const columns = all.filter((c) => c.exported !== false);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  // A byte-order mark, so spreadsheet programs read the file as UTF-8.
  res.write(`\ufeff${stringify([columns.map((c) => c.header)])}`);
  let rows: string[][] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const ok = res.write(stringify(rows));
    rows = [];
    if (!ok) await new Promise((resolve) => res.once('drain', resolve));
  };
  for await (const record of records) {
    rows.push(columns.map((c) => safeCell(fieldOf(record, c.field))));
    if (rows.length === 500) await flush();
  }
  await flush();
  res.end();
}

/** Characters parsed between two turns of the event loop (a few milliseconds of work). */
const PARSE_SLICE = 64 * 1024;

/** Parses `text` a slice at a time, letting other requests run between slices. */
async function parseInSlices(text: string): Promise<{ record: string[]; info: { lines: number } }[]> {
  const records: { record: string[]; info: { lines: number } }[] = [];
  const parser = parse({ bom: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true, trim: true, info: true });
  let failure: unknown;
  parser.on('readable', () => {
    let record: { record: string[]; info: { lines: number } } | null;
    while ((record = parser.read()) !== null) records.push(record);
  });
  parser.on('error', (error) => (failure ??= error));
  const ended = new Promise<void>((resolve) => parser.once('end', resolve).once('error', () => resolve()));
  for (let at = 0; at < text.length && failure === undefined; at += PARSE_SLICE) {
    parser.write(text.slice(at, at + PARSE_SLICE));
    await nextTurn();
  }
  if (failure === undefined) parser.end();
  await ended;
  if (failure !== undefined) throw failure;
  return records;
}

/**
 * Reads an uploaded CSV file: the header row names the columns (matched as `normalise` says;
 * others are ignored), `required` must all be there. Cells are trimmed; empty ones are left out,
 * and so are rows with nothing in them. Parsed a slice at a time, so a large file does not
 * hold up other requests.
 * Throws a 422 naming what is wrong with the file as a whole.
 */
export async function readCsv(text: string, columns: readonly CsvColumn[], required: readonly string[][]): Promise<CsvRow[]> {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = await parseInSlices(text);
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError('VALIDATION', `The file is not readable as CSV${line ? ` (near line ${line})` : ''}: ${(error as Error).message}`, {
      errors: [{ path: 'file', message: 'is not valid CSV' }],
    });
  }
  const [head, ...data] = records;
  if (!head) throw new AppError('VALIDATION', 'The file is empty: it needs a header row naming the columns.', { errors: [{ path: 'file', message: 'has no header row' }] });
  const imported = columns.filter((c) => c.imported !== false);
  // A header as written first (custom keys may differ only in case), then loosely.
  const exact = new Map(imported.map((c) => [c.header, c]));
  const byHeader = new Map(imported.map((c) => [normalise(c.header), c]));
  const found = head.record.map((h) => exact.get(h) ?? byHeader.get(normalise(h)));
  // Other columns are ignored, but a custom field's that is not one is a mistake worth naming (a typo would lose the column).
  const unknownCustom = head.record.filter((h, i) => !found[i] && /^custom\./i.test(h));
  if (unknownCustom.length) {
    throw new AppError('VALIDATION', `The header row names custom fields this kind of record does not have: ${unknownCustom.join(', ')}.`, {
      errors: unknownCustom.map((h) => ({ path: h, message: 'is not a custom field of this kind of record' })),
    });
  }
  const present = new Set(found.filter(Boolean).map((c) => c!.field));
  const missing = required.filter((anyOf) => !anyOf.some((field) => present.has(field)));
  if (missing.length) {
    throw new AppError('VALIDATION', `The header row lacks ${missing.map((m) => m.join(' or ')).join(', ')}.`, {
      errors: missing.map((anyOf) => ({ path: anyOf.join(' or '), message: 'is a required column' })),
    });
  }
  return data.map(({ record, info }) => {
    const values: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      const column = found[i];
      if (!column || cell === '') return;
      const value = column.list ? cell.split(/[;,]/).map((t) => t.trim()).filter(Boolean) : cell;
      setField(values, column.field, column.read ? column.read(value) : value);
    });
    return { line: info.lines, values };
  });
}
