import type { Router } from 'express';
import { MoveInput, OpportunityCreate, OpportunityListQuery, OpportunityPatch, OpportunityReplace, PipelineQuery } from '../../shared/opportunity.js';
import { actorOf } from '../auth/auth.middleware.js';
import { readIfMatch, setEtag } from '../http/conditional.js';
import { sendJsonText } from '../http/json-text.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { DEFAULT_PIPELINE_ID, type Stage } from '../../shared/stage.js';
import type { PipelineService } from '../pipelines/pipeline.service.js';
import type { Idempotency } from '../http/idempotency.js';
import { recordRoutes } from '../records/record.routes.js';
import type { OpportunityService } from './opportunity.service.js';

type Board = {
  /** The board as the JSON text of a `Pipeline`. */
  pipeline(pipeline: { id: string; stages: readonly Stage[] }, ownerId: string | undefined, limit: number, page?: { stage?: string | undefined; cursor?: string | undefined }): Promise<{ json: Buffer; seq: number }>;
};

/** REST routes of deals, their stage history, a pipeline's board (with each card's next step) and the default pipeline's stages. */
export function opportunityRoutes(opportunities: OpportunityService, idempotency: Idempotency, board: Board, pipelines: PipelineService): Router {
  return recordRoutes({
    path: 'opportunities',
    schemas: { query: OpportunityListQuery, create: OpportunityCreate, replace: OpportunityReplace, patch: OpportunityPatch },
    service: opportunities,
    idempotency,
    own: (router) => {
      router.get('/stages', (_req, res) => {
        res.json(pipelines.get(DEFAULT_PIPELINE_ID).stages);
      });
      router.get('/pipeline', async (req, res) => {
        const query = parseQuery(PipelineQuery, req.query);
        const ownerId = query.mine === 'true' ? actorOf(req).id : query.ownerId;
        const chosen = pipelines.require(query.pipelineId ?? DEFAULT_PIPELINE_ID);
        const { seq, json } = await board.pipeline(chosen, ownerId, query.limit, { stage: query.stage, cursor: query.cursor });
        res.set('Shoal-Seq', String(seq));
        sendJsonText(res, json);
      });
      router.post('/opportunities/:id/move', async (req, res) => {
        const precondition = readIfMatch(req);
        const moved = await opportunities.move(String(req.params.id), parseBody(MoveInput, req.body), precondition, actorOf(req));
        setEtag(res, moved.version);
        res.json(moved);
      });
      router.get('/opportunities/:id/history', async (req, res) => {
        res.json(await opportunities.history(String(req.params.id)));
      });
    },
  });
}
