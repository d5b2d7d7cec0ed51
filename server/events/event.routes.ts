import { Router } from 'express';
import { EventsQuery } from '../../shared/events.js';
import { parseQuery } from '../http/validate.js';
import type { EventLog } from './event.service.js';

/** `GET /api/events?after=SEQ`: the changes a client missed, oldest first. */
export function eventRoutes(events: EventLog): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    const query = parseQuery(EventsQuery, req.query);
    const { events: list, latest } = await events.since(query.after, query.limit);
    res.setHeader('X-Latest-Seq', String(latest));
    // The answer reflects every change up to its last event (or all up to `after` when empty).
    res.setHeader('Shoal-Seq', String(list.at(-1)?.seq ?? query.after));
    res.json(list);
  });
  return router;
}
