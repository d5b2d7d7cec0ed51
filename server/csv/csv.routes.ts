import { randomUUID } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../shared/common.js';
import type { ImportResult, JobProgress } from '../../shared/events.js';
import { actorOf } from '../auth/auth.middleware.js';
import { AppError, type FieldError } from '../http/app-error.js';
import { parseQuery } from '../http/validate.js';
import { createEach } from '../records/batch.js';
import type { Logger } from '../logger.js';
import { readCsv, sendCsv, type CsvColumn, type CsvRow } from './csv.js';

/** A kind of record that can be exported to and imported from CSV. */
export interface CsvResource<C> {
  /** `customers`: the routes are `/customers/export` and `/customers/import`. */
  path: string;
  columns: readonly CsvColumn[];
  /** Columns the header must have; an inner list is "one of these". */
  required: readonly string[][];
  exportQuery: z.ZodType;
  stream(query: never): AsyncIterable<Record<string, unknown>>;
  create: z.ZodType<C>;
  /** A row's cells as the create call takes them (a contact's customer found by email), or why not. */
  inputs?(rows: CsvRow[]): Promise<(Record<string, unknown> | FieldError[])[]>;
  createMany(inputs: C[], actor: Actor): Promise<({ id: string } | AppError)[]>;
  batch<T>(work: () => Promise<T>): Promise<T>;
}

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
const ROWS_PER_WRITE = 500;
/** Failed rows listed in a result; the count says how many there were in all. */
const ERRORS_LISTED = 1_000;
const JOBS_KEPT = 100;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * CSV export and import (SPEC section 4): `GET /api/R/export` streams every record matching the
 * list's filters; `POST /api/R/import` takes a CSV file (`Content-Type: text/csv`, up to 5 MB),
 * answers 202 with a job, creates the rows through the same service as the API, 500 at a time,
 * and reports progress to the importer's sockets (`job` events) and at `GET /api/imports/:id`,
 * ending with the rows created and each refused row's reasons.
 */
export function csvRoutes(deps: {
  resources: CsvResource<any>[];
  authenticate: RequestHandler;
  notify: (userId: string, progress: JobProgress) => void;
  logger: Logger;
}): Router {
  const { authenticate, notify, logger } = deps;
  const router = Router();
  const jobs = new Map<string, { userId: string; progress: JobProgress }>();
  const csvBody = express.text({ type: CSV_TYPES, limit: '5mb' });

  for (const resource of deps.resources) {
    router.get(`/${resource.path}/export`, authenticate, async (req, res) => {
      const query = parseQuery(resource.exportQuery, req.query);
      await sendCsv(res, `${resource.path}-${today()}.csv`, resource.columns, resource.stream(query as never));
    });

    router.post(`/${resource.path}/import`, authenticate, csvBody, async (req, res) => {
      if (!req.is(CSV_TYPES) || typeof req.body !== 'string') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file itself as the body, with Content-Type: text/csv.');
      }
      const rows = readCsv(req.body, resource.columns, resource.required);
      const actor = actorOf(req);
      const progress: JobProgress = { id: randomUUID(), kind: 'import', state: 'running', phase: 'importing', done: 0, total: rows.length };
      jobs.set(progress.id, { userId: actor.id, progress });
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - JOBS_KEPT))) jobs.delete(old);
      const report = (next: Partial<JobProgress>) => {
        Object.assign(progress, next);
        notify(actor.id, { ...progress });
      };
      importRows(resource, rows, actor, (done) => report({ done }))
        .then((result) => report({ state: 'done', phase: 'done', result }))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'a CSV import failed');
          report({ state: 'failed', error: 'The import stopped part-way (the server could not reach its database); the rows imported so far stay.' });
        });
      res.status(202).location(`/api/imports/${progress.id}`).json(progress);
    });
  }

  router.get('/imports/:id', authenticate, (req, res) => {
    const job = jobs.get(String(req.params.id));
    // Only the importer sees an import's rows and errors.
    if (!job || job.userId !== actorOf(req).id) throw new AppError('NOT_FOUND', 'No import has this id.');
    res.json(job.progress);
  });
  return router;
}

/** Creates the rows, `ROWS_PER_WRITE` at a time, as one batch of changes. */
async function importRows<C>(resource: CsvResource<C>, rows: CsvRow[], actor: Actor, onProgress: (done: number) => void): Promise<ImportResult> {
  const result: ImportResult = { created: 0, failed: 0, errors: [] };
  const refuse = (line: number, errors: FieldError[]) => {
    result.failed++;
    if (result.errors.length < ERRORS_LISTED) result.errors.push({ row: line, errors });
  };
  await resource.batch(async () => {
    for (let start = 0; start < rows.length; start += ROWS_PER_WRITE) {
      const chunk = rows.slice(start, start + ROWS_PER_WRITE);
      const inputs = resource.inputs ? await resource.inputs(chunk) : chunk.map((r) => r.values);
      // Rows the resource could not turn into a record (an unknown customer) fail here; the rest are created.
      const usable = inputs.flatMap((input, i) => (Array.isArray(input) ? (refuse(chunk[i]!.line, input), []) : [{ line: chunk[i]!.line, input }]));
      const outcomes = await createEach(
        usable.map((u) => u.input),
        resource.create,
        resource.createMany,
        actor,
      );
      outcomes.forEach((outcome, i) => {
        if (outcome instanceof AppError) refuse(usable[i]!.line, outcome.options.errors ?? [{ path: '', message: outcome.detail }]);
        else result.created++;
      });
      onProgress(Math.min(rows.length, start + ROWS_PER_WRITE));
    }
  });
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}
