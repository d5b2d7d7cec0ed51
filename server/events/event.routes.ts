import { Router } from 'express';
import { EventsQuery } from '../../shared/events.js';
import { actorOf } from '../auth/auth.middleware.js';
import { parseQuery } from '../http/validate.js';
import { privateTo } from '../views/view.service.js';
import type { EventLog } from './event.service.js';

/** `GET /api/events?after=SEQ`: the changes a client missed, oldest first. */
export function eventRoutes(events: EventLog): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    const query = parseQuery(EventsQuery, req.query);
    const { events: all, latest } = await events.since(query.after, query.limit);
    res.setHeader('X-Latest-Seq', String(latest));
    // The answer reflects every change up to its last event (or all up to `after` when empty).
    res.setHeader('Shoal-Seq', String(all.at(-1)?.seq ?? query.after));
    // Changes for one user alone (another's personal views) are not the caller's: their seq is a gap here.
    const me = actorOf(req).id;
    res.json(all.filter((event) => (privateTo(event) ?? me) === me));
  });
  return router;
}
