import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
  /** Its columns now: the fixed ones and one per custom field of its kind (they follow the definitions). */
  columns(): readonly CsvColumn[];
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
  /** Each user's import that is being read or run: one at a time per user. */
  const running = new Map<string, string>();
  const busy = (userId: string): AppError | undefined => {
    const current = running.get(userId);
    return current === undefined
      ? undefined
      : new AppError('CONFLICT', `You already have an import running (${current}); wait until it has finished, then send the next file.`, { extra: { running: `/api/imports/${current}` } });
  };
  // Refused before the file is read, too: a second upload would only queue more work behind the first.
  const oneAtATime: RequestHandler = (req, _res, next) => next(busy(actorOf(req).id));

  for (const resource of deps.resources) {
    router.get(`/${resource.path}/export`, authenticate, async (req, res) => {
      const query = parseQuery(resource.exportQuery, req.query);
      await sendCsv(res, `${resource.path}-${today()}.csv`, resource.columns(), resource.stream(query as never));
    });

    router.post(`/${resource.path}/import`, authenticate, oneAtATime, csvBody, async (req, res) => {
      if (!req.is(CSV_TYPES) || typeof req.body !== 'string') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file itself as the body, with Content-Type: text/csv.');
      }
      const actor = actorOf(req);
      const id = randomUUID();
      // Checked again: two uploads may both have been read before either started.
      const refusal = busy(actor.id);
      if (refusal) throw refusal;
      running.set(actor.id, id);
      let rows: CsvRow[];
      try {
        rows = await readCsv(req.body, resource.columns(), resource.required);
      } catch (error) {
        running.delete(actor.id);
        throw error;
      }
      const progress: JobProgress = { id, kind: 'import', state: 'running', phase: 'importing', done: 0, total: rows.length };
      jobs.set(progress.id, { userId: actor.id, progress });
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - JOBS_KEPT))) jobs.delete(old);
      const report = (next: Partial<JobProgress>) => {
        Object.assign(progress, next);
        notify(actor.id, { ...progress });
      };
      importRows(resource, rows, actor, (done) => report({ done }))
        .then((result) => {
          running.delete(actor.id);
          report({ state: 'done', phase: 'done', result });
        })
        .catch((error: unknown) => {
          running.delete(actor.id);
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
      // Rows that fail validation do no I/O: without this turn, a file of them holds every other request.
      await nextTurn();
    }
  });
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}
