import { BATCH_LIMIT } from '../../../shared/batch.js';

/** A change made to many records at once. */
export type BulkChange =
  | { kind: 'owner'; ownerId: string | null }
  | { kind: 'stage'; stage: string }
  | { kind: 'add-tag'; tag: string }
  | { kind: 'remove-tag'; tag: string }
  | { kind: 'custom'; key: string; value: unknown };

/** What a bulk change needs of each record. */
export interface BulkRecord {
  id: string;
  version: number;
  tags?: readonly string[];
  ownerId?: string | undefined;
  stage?: string;
  custom?: Record<string, unknown> | undefined;
}

/** One `update` item of `POST /api/R/batch`: the id, the version read (so a field changed since is a 412), the fields. */
export type BatchUpdate = { id: string; version: number } & Record<string, unknown>;

/**
 * The batch updates a change makes: one per record it changes (a record that already has what
 * the change sets is left alone). The version read goes with each, so the stale-field rule of
 * SPEC section 4 holds: a record someone changed the same field of meanwhile fails alone.
 */
export function bulkUpdates(records: readonly BulkRecord[], change: BulkChange): BatchUpdate[] {
  const out: BatchUpdate[] = [];
  for (const r of records) {
    const base = { id: r.id, version: r.version };
    switch (change.kind) {
      case 'owner':
        if ((r.ownerId ?? null) !== change.ownerId) out.push({ ...base, ownerId: change.ownerId });
        break;
      case 'stage':
        if (r.stage !== change.stage) out.push({ ...base, stage: change.stage });
        break;
      case 'add-tag': {
        const tags = r.tags ?? [];
        if (!tags.includes(change.tag)) out.push({ ...base, tags: [...tags, change.tag] });
        break;
      }
      case 'remove-tag': {
        const tags = r.tags ?? [];
        if (tags.includes(change.tag)) out.push({ ...base, tags: tags.filter((t) => t !== change.tag) });
        break;
      }
      case 'custom':
        if (JSON.stringify(r.custom?.[change.key] ?? null) !== JSON.stringify(change.value ?? null)) out.push({ ...base, custom: { [change.key]: change.value ?? null } });
        break;
    }
  }
  return out;
}

/** Splits work into batches the API takes (at most {@link BATCH_LIMIT} operations each). */
export function chunks<T>(items: readonly T[], size = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How a bulk run is doing: how many done and failed of how many, in words for the progress bar. */
export interface BulkProgress {
  done: number;
  failed: number;
  total: number;
}

/**
 * Sends the batches one after another (each is one change message at other clients), telling
 * `progress` after each. Resolves with the ids that failed and the first reason given.
 */
export async function runBatches<T>(
  batches: readonly T[][],
  send: (batch: T[]) => Promise<{ failed: string[]; reason?: string | undefined }>,
  progress: (p: BulkProgress) => void,
  signal?: AbortSignal,
): Promise<{ failed: string[]; reason: string | undefined }> {
  const total = batches.reduce((n, b) => n + b.length, 0);
  const failed: string[] = [];
  let reason: string | undefined;
  let done = 0;
  progress({ done, failed: 0, total });
  for (const batch of batches) {
    if (signal?.aborted) break;
    const result = await send(batch);
    failed.push(...result.failed);
    reason ??= result.reason;
    done += batch.length;
    progress({ done, failed: failed.length, total });
  }
  return { failed, reason };
}

/** "Changing owner of 1,200 customers… 400 of 1,200". */
export function progressText(p: BulkProgress): string {
  return `${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}${p.failed ? ` (${p.failed.toLocaleString('en')} failed)` : ''}`;
}
