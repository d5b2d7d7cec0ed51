import { Router, type Request } from 'express';
import { ViewCreate, ViewListQuery, ViewPatch } from '../../shared/view.js';
import { actorOf } from '../auth/auth.middleware.js';
import { readIfMatch, setEtag } from '../http/conditional.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { Viewer, ViewService } from './view.service.js';

const viewerOf = (req: Request): Viewer => ({ actor: actorOf(req), admin: req.auth?.user.role === 'admin' });

/**
 * REST routes of saved views: everyone lists the team's views and their own; a personal view
 * is another user's 404; a team view is changed by its owner or an admin.
 */
export function viewRoutes(views: ViewService): Router {
  const router = Router();
  router.get('/views', (req, res) => {
    res.json(views.list(viewerOf(req), parseQuery(ViewListQuery, req.query).entity));
  });
  router.get('/views/:id', (req, res) => {
    const view = views.get(viewerOf(req), String(req.params.id));
    setEtag(res, view.version);
    res.json(view);
  });
  router.post('/views', async (req, res) => {
    const view = await views.create(viewerOf(req), parseBody(ViewCreate, req.body));
    setEtag(res, view.version);
    res.status(201).location(`/api/views/${view.id}`).json(view);
  });
  router.patch('/views/:id', async (req, res) => {
    const view = await views.update(viewerOf(req), String(req.params.id), parseBody(ViewPatch, req.body), readIfMatch(req));
    setEtag(res, view.version);
    res.json(view);
  });
  router.delete('/views/:id', async (req, res) => {
    await views.remove(viewerOf(req), String(req.params.id), readIfMatch(req));
    res.status(204).end();
  });
  return router;
}
