import { Router } from 'express';
import { DashboardQuery } from '../../shared/dashboard.js';
import { parseQuery } from '../http/validate.js';
import type { DashboardService } from './dashboard.service.js';

/** `GET /api/dashboard?from&to&ownerId`: every metric with the previous period of the same length. */
export function dashboardRoutes(dashboard: DashboardService): Router {
  const router = Router();
  router.get('/dashboard', async (req, res) => {
    res.json(await dashboard.get(parseQuery(DashboardQuery, req.query)));
  });
  return router;
}
