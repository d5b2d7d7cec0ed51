import { Router } from 'express';
import { DashboardQuery } from '../../shared/dashboard.js';
import { parseQuery } from '../http/validate.js';
import type { DashboardService } from './dashboard.service.js';

/** `GET /api/dashboard?from&to&ownerId`: every metric with the previous period of the same length. */
export function dashboardRoutes(dashboard: DashboardService): Router {
  const router = Router();
  router.get('/dashboard', async (req, res) => {
    const query = parseQuery(DashboardQuery, req.query);
    const started = performance.now();
    const { seq, ...body } = await dashboard.get(query);
    // How long the figures took, apart from the network and the JSON (visible in devtools).
    res.set('Server-Timing', `compute;dur=${(performance.now() - started).toFixed(1)}`);
    res.set('Shoal-Seq', String(seq));
    res.json(body);
  });
  return router;
}
