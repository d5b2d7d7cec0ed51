import { Router } from 'express';
import { OpportunityCreate, OpportunityListQuery, OpportunityPatch, OpportunityReplace } from '../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import type { Idempotency } from '../http/idempotency.js';
import { recordRoutes } from '../records/record.routes.js';
import type { OpportunityService } from './opportunity.service.js';

/** REST routes of deals, their stage history and the pipeline's stages. */
export function opportunityRoutes(opportunities: OpportunityService, idempotency: Idempotency): Router {
  const router = Router();
  router.get('/stages', (_req, res) => {
    res.json(DEFAULT_STAGES);
  });
  router.get('/opportunities/:id/history', async (req, res) => {
    res.json(await opportunities.history(String(req.params.id)));
  });
  router.use(
    recordRoutes({
      path: 'opportunities',
      schemas: { query: OpportunityListQuery, create: OpportunityCreate, replace: OpportunityReplace, patch: OpportunityPatch },
      service: opportunities,
      idempotency,
    }),
  );
  return router;
}
