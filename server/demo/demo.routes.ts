import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Actor } from '../../shared/common.js';
import type { JobProgress } from '../../shared/events.js';
import { actorOf, requireAdmin } from '../auth/auth.middleware.js';
import { AppError } from '../http/app-error.js';
import type { Logger } from '../logger.js';
import type { DemoProgress } from './demo-data.js';

/**
 * `POST /api/demo-data` (admins, only into an empty Shoal): loads the demo team's data in the
 * background; progress goes to the admin's sockets as `job` events and to
 * `GET /api/demo-data/:id`.
 */
export function demoRoutes(deps: {
  isEmpty: () => Promise<boolean>;
  load: (actor: Actor, onProgress: (p: DemoProgress) => void) => Promise<unknown>;
  notify: (userId: string, progress: JobProgress) => void;
  logger: Logger;
}): Router {
  const router = Router();
  const jobs = new Map<string, JobProgress>();
  let running = false;

  router.post('/demo-data', requireAdmin, async (req, res) => {
    if (running) throw new AppError('CONFLICT', 'Demo data is already loading.', { retryAfter: 5 });
    if (!(await deps.isEmpty())) throw new AppError('CONFLICT', 'Demo data loads only into an empty Shoal (it already has customers).');
    const actor = actorOf(req);
    const job: JobProgress = { id: randomUUID(), kind: 'demo-data', state: 'running', phase: 'starting', done: 0, total: 0 };
    jobs.set(job.id, job);
    running = true;
    const report = (next: Partial<JobProgress>) => {
      Object.assign(job, next);
      deps.notify(actor.id, { ...job });
    };
    deps
      .load(actor, (p) => report({ phase: p.phase, done: p.done, total: p.total }))
      .then(() => report({ state: 'done', phase: 'done' }))
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, 'loading demo data failed');
        report({ state: 'failed', error: 'Loading the demo data stopped part-way; what was loaded stays.' });
      })
      .finally(() => {
        running = false;
      });
    res.status(202).location(`/api/demo-data/${job.id}`).json(job);
  });

  router.get('/demo-data/:id', (req, res) => {
    const job = jobs.get(String(req.params.id));
    if (!job) throw new AppError('NOT_FOUND', 'No such demo-data job.');
    res.json(job);
  });
  return router;
}
