import type { z } from 'zod';
import type { BatchItemResult, BatchRequest, BatchResult } from '../../shared/batch.js';
import type { Actor } from '../../shared/common.js';
import { AppError } from '../http/app-error.js';
import type { Precondition } from '../http/conditional.js';
import { problemOf } from '../http/problem.js';
import { fieldErrors } from '../http/validate.js';

/** What a batch needs of a resource's service. */
export interface BatchService<C, P, A extends { id: string; version: number }> {
  createMany(inputs: C[], actor: Actor): Promise<(A | AppError)[]>;
  patch(id: string, input: P, precondition: Precondition | undefined, actor: Actor): Promise<A>;
  remove(id: string, precondition: Precondition | undefined, actor: Actor): Promise<unknown>;
  batch<T>(work: () => Promise<T>): Promise<T>;
}

/** Changes and deletes run this many at a time (each record has its own lock). */
const PARALLEL = 8;

const failure = (index: number, error: AppError, id?: string): BatchItemResult => {
  const problem = problemOf(error);
  return { index, status: problem.status, ...(id ? { id } : {}), error: problem };
};

/** Runs `work` for each item, `PARALLEL` at a time; the results keep the items' order. */
async function each<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return results;
}

/** A single item's own failure becomes its result; anything else (the database gone) fails the batch. */
async function itemResult(index: number, id: string | undefined, work: () => Promise<BatchItemResult>): Promise<BatchItemResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) return failure(index, error, id);
    throw error;
  }
}

/**
 * Creates `items` (as a request sent them) in one write: each is parsed with `schema` on its
 * own; answers, per item, the created record or why it was not created (a 422 naming its
 * fields, or the rule it broke). Batches and CSV imports create through it.
 */
export async function createEach<S extends z.ZodType, A extends { id: string }>(
  items: readonly unknown[],
  schema: S,
  createMany: (inputs: z.output<S>[], actor: Actor) => Promise<(A | AppError)[]>,
  actor: Actor,
): Promise<(A | AppError)[]> {
  const parsed = items.map((item) => schema.safeParse(item));
  const valid: z.output<S>[] = [];
  for (const p of parsed) if (p.success) valid.push(p.data as z.output<S>);
  const written = await createMany(valid, actor);
  let w = 0;
  return parsed.map((p) => (p.success ? written[w++]! : new AppError('VALIDATION', 'Some fields are invalid.', { errors: fieldErrors(p.error) })));
}

/**
 * `POST /api/R/batch` (SPEC section 4): creates in one write, then changes, then deletes, each
 * item checked with the same schema and rules as its single call and failing alone. The
 * changes reach clients as a few grouped messages.
 */
export async function runBatch<CS extends z.ZodType, PS extends z.ZodType, A extends { id: string; version: number }>(
  request: BatchRequest,
  schemas: { create: CS; patch: PS },
  service: BatchService<z.output<CS>, z.output<PS>, A>,
  actor: Actor,
): Promise<BatchResult> {
  return service.batch(async () => {
    const created = await createEach(request.create ?? [], schemas.create, service.createMany, actor);
    const create = created.map((result, index): BatchItemResult =>
      result instanceof AppError ? failure(index, result) : { index, status: 201, id: result.id, record: result as unknown as Record<string, unknown> },
    );

    const update = await each(request.update ?? [], ({ id, version, ...fields }, index) =>
      itemResult(index, id, async () => {
        const input = schemas.patch.safeParse(fields);
        if (!input.success) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors: fieldErrors(input.error) });
        const record = await service.patch(id, input.data, version === undefined ? undefined : { kind: 'version', version }, actor);
        return { index, status: 200, id, record: record as unknown as Record<string, unknown> };
      }),
    );

    const remove = await each(request.delete ?? [], (id, index) =>
      itemResult(index, id, async () => {
        await service.remove(id, undefined, actor);
        return { index, status: 204, id };
      }),
    );

    const all = [...create, ...update, ...remove];
    const failed = all.filter((r) => r.status >= 400).length;
    return { succeeded: all.length - failed, failed, create, update, delete: remove };
  });
}
