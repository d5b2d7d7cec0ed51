import type { BatchItemResult } from '../../../shared/batch.js';
import type { ShoalApi } from '../api.js';
import type { Records, RecordStore } from '../data/record-store.js';
import { restoreCustomer } from '../records.js';
import { bulkUpdates, chunks, runBatches, type BulkChange, type BulkProgress, type BulkRecord } from './bulk.js';
import type { ListEntity } from './filter-model.js';
import { RESOURCE, allMatching, sendBatch } from './list-api.js';
import type { ListController } from './list-controller.js';

/** What a bulk run reports at its end. */
export interface BulkOutcome {
  /** How many records it changed or deleted. */
  done: number;
  failed: string[];
  /** The first reason an item failed, in words. */
  reason: string | undefined;
}

/**
 * The records a selection stands for: the ticked ones (the store has them: they were shown), or
 * every match of the list's query less the unticked ones, fetched page by page.
 */
export async function selectedRecords<E extends ListEntity>(api: ShoalApi, store: RecordStore, entity: E, list: ListController): Promise<Records[E][]> {
  const { selection } = list;
  if (!selection.all) return [...selection.ids].map((id) => store.get(entity, id)).filter((r): r is Records[E] => r !== undefined);
  const all = await allMatching<Records[E]>(api, RESOURCE[entity], list.query);
  for (const record of all) store.put(entity, record);
  return all.filter((r) => !selection.ids.has(r.id));
}

const reasonOf = (item: BatchItemResult) => {
  const first = item.error?.errors?.[0];
  return first ? `${first.path} ${first.message}` : item.error?.detail || item.error?.title;
};

/**
 * Makes `change` to `records` through `POST /api/R/batch`, up to 1,000 a batch, one batch after
 * another (each reaches other clients as one message), the answered records into the store.
 */
export async function changeMany<E extends ListEntity>(api: ShoalApi, store: RecordStore, entity: E, records: readonly Records[E][], change: BulkChange, progress: (p: BulkProgress) => void): Promise<BulkOutcome> {
  const updates = bulkUpdates(records as unknown as BulkRecord[], change);
  const result = await runBatches(
    chunks(updates),
    async (batch) => {
      const answer = await sendBatch(api, RESOURCE[entity], { update: batch });
      for (const item of answer.update) if (item.record) store.put(entity, item.record as unknown as Records[E]);
      const failed = answer.update.filter((i) => i.status >= 400);
      return { failed: failed.map((i) => i.id ?? String(i.index)), reason: failed[0] ? reasonOf(failed[0]) : undefined };
    },
    progress,
  );
  return { done: updates.length - result.failed.length, ...result };
}

/** Deletes `ids` through the batch API, the deleted ones off the store at once. */
export async function deleteMany(api: ShoalApi, store: RecordStore, entity: ListEntity, ids: readonly string[], progress: (p: BulkProgress) => void): Promise<BulkOutcome & { deleted: string[] }> {
  const deleted: string[] = [];
  const result = await runBatches(
    chunks(ids),
    async (batch) => {
      const answer = await sendBatch(api, RESOURCE[entity], { delete: batch });
      const failed = answer.delete.filter((i) => i.status >= 400 && i.status !== 404);
      for (const item of answer.delete)
        if (item.status < 400 || item.status === 404) {
          deleted.push(item.id ?? batch[item.index]!);
          store.forget(entity, item.id ?? batch[item.index]!);
        }
      return { failed: failed.map((i) => i.id ?? String(i.index)), reason: failed[0] ? reasonOf(failed[0]) : undefined };
    },
    progress,
  );
  return { done: deleted.length, deleted, ...result };
}

/** Brings deleted customers back (`POST /customers/:id/restore`), four at a time. */
export async function restoreCustomers(api: ShoalApi, store: RecordStore, ids: readonly string[], progress: (p: BulkProgress) => void): Promise<BulkOutcome> {
  const failed: string[] = [];
  let reason: string | undefined;
  let done = 0;
  let next = 0;
  progress({ done, failed: 0, total: ids.length });
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      try {
        store.put('customer', await restoreCustomer(api, ids[i]!));
      } catch (error) {
        failed.push(ids[i]!);
        reason ??= error instanceof Error ? error.message : String(error);
      }
      done++;
      progress({ done, failed: failed.length, total: ids.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
  return { done: done - failed.length, failed, reason };
}
