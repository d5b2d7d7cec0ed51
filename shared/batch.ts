import { z } from 'zod';
import { Problem } from './common.js';

/** The most operations one `POST /api/R/batch` takes. */
export const BATCH_LIMIT = 1_000;

/**
 * Body of `POST /api/R/batch`: records to create (each as `POST /api/R` takes it), changes
 * (`{id, version?, ...fields}`: the fields as `PATCH /api/R/:id` takes them, `version` acting as
 * its `If-Match`) and ids to delete; up to 1,000 operations in all. Each item is checked on its
 * own, so one bad item fails alone.
 */
export const BatchRequest = z
  .strictObject({
    create: z.array(z.unknown(), { error: 'must be an array of records to create' }).optional(),
    update: z
      .array(
        z.looseObject({
          id: z.string({ error: 'must be the id of the record to change' }),
          version: z.number({ error: 'must be the version you read (its ETag)' }).int('must be a whole number').min(1, 'must be 1 or more').optional(),
        }),
        { error: 'must be an array of {id, ...fields} changes' },
      )
      .optional(),
    delete: z.array(z.string({ error: 'must be an id' }), { error: 'must be an array of ids' }).optional(),
  })
  .superRefine((batch, ctx) => {
    const sizes = { create: batch.create?.length ?? 0, update: batch.update?.length ?? 0, delete: batch.delete?.length ?? 0 };
    const total = sizes.create + sizes.update + sizes.delete;
    if (total > BATCH_LIMIT) {
      const largest = (Object.keys(sizes) as (keyof typeof sizes)[]).sort((a, b) => sizes[b] - sizes[a])[0]!;
      ctx.addIssue({ code: 'custom', path: [largest], message: `makes ${total.toLocaleString('en')} operations in all; a batch takes at most ${BATCH_LIMIT.toLocaleString('en')}` });
    }
  });
export type BatchRequest = z.infer<typeof BatchRequest>;

/** What became of one item: its status as the single call would answer, and the record or the problem. */
export const BatchItemResult = z.object({
  /** The item's place in its list of the request. */
  index: z.number().int(),
  status: z.number().int(),
  id: z.string().optional(),
  record: z.record(z.string(), z.unknown()).optional(),
  /** The problem the single call would answer; a 412's names the fields that changed (`conflicts`) and holds the record (`current`). */
  error: Problem.extend({ current: z.unknown().optional(), conflicts: z.array(z.string()).optional() }).optional(),
});
export type BatchItemResult = z.infer<typeof BatchItemResult>;

/** Answer of `POST /api/R/batch`: 200 when every item succeeded, 207 when some failed. */
export const BatchResult = z.object({
  succeeded: z.number().int(),
  failed: z.number().int(),
  create: z.array(BatchItemResult),
  update: z.array(BatchItemResult),
  delete: z.array(BatchItemResult),
});
export type BatchResult = z.infer<typeof BatchResult>;
