import { Router } from 'express';
import { PipelineCreate, PipelinePatch } from '../../shared/pipeline.js';
import { actorOf, requireAdmin } from '../auth/auth.middleware.js';
import { readIfMatch, setEtag } from '../http/conditional.js';
import { parseBody } from '../http/validate.js';
import type { PipelineService } from './pipeline.service.js';

/** REST routes of pipelines: everyone reads them, admins change them. */
export function pipelineRoutes(pipelines: PipelineService): Router {
  const router = Router();
  router.get('/pipelines', (_req, res) => {
    res.json(pipelines.list());
  });
  router.get('/pipelines/:id', (req, res) => {
    const pipeline = pipelines.get(String(req.params.id));
    setEtag(res, pipeline.version);
    res.json(pipeline);
  });
  router.post('/pipelines', requireAdmin, async (req, res) => {
    const created = await pipelines.create(parseBody(PipelineCreate, req.body), actorOf(req));
    setEtag(res, created.version);
    res.status(201).location(`/api/pipelines/${created.id}`).json(created);
  });
  router.patch('/pipelines/:id', requireAdmin, async (req, res) => {
    // If-Match: a stale version of a field the change writes is a 412 with the current pipeline.
    const precondition = readIfMatch(req);
    const updated = await pipelines.update(String(req.params.id), parseBody(PipelinePatch, req.body), actorOf(req), precondition);
    setEtag(res, updated.version);
    res.json(updated);
  });
  return router;
}
