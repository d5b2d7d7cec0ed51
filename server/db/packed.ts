import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Large JSON stored as one deflated binary field. FerretDB 1.24 (SQLite) writes a long string
 * slowly: a batch's thousand changes are half a megabyte of JSON, which takes it about 0.3 s to
 * insert and delete as text, against a few hundredths of a second for the ~50 KB it deflates
 * to at the fast level (a few milliseconds of CPU). The outbox's intents and the event log's
 * groups are stored so.
 */
export const deflateJson = (text: string): Buffer => deflateRawSync(text, { level: 1 });

/** A binary field as the driver reads it back (a bson `Binary`), or as written (a Buffer). */
export type StoredBinary = Uint8Array | { value(): Uint8Array };

/** The JSON text `deflateJson` stored. */
export const inflateJson = (stored: StoredBinary): string => inflateRawSync(stored instanceof Uint8Array ? stored : stored.value()).toString('utf8');
