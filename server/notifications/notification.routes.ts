import { Router } from 'express';
import { NotificationListQuery } from '../../shared/notification.js';
import { actorOf } from '../auth/auth.middleware.js';
import { cachedQueryParser } from '../http/validate.js';
import { nextLink } from '../records/record.routes.js';
import type { NotificationService } from './notification.service.js';

/** The caller's own notifications: list (newest first, `X-Unread-Count`), mark one or all read. */
export function notificationRoutes(notifications: NotificationService): Router {
  const router = Router();
  const listQuery = cachedQueryParser(NotificationListQuery);

  router.get('/notifications', async (req, res) => {
    const page = await notifications.list(actorOf(req).id, listQuery(req));
    res.setHeader('X-Unread-Count', String(page.unread));
    res.setHeader('X-Total-Count', String(page.total));
    if (page.nextCursor) res.setHeader('Link', `<${nextLink(req, page.nextCursor)}>; rel="next"`);
    res.json(page.items);
  });

  router.post('/notifications/read-all', async (req, res) => {
    res.json(await notifications.readAll(actorOf(req).id));
  });

  router.post('/notifications/:id/read', async (req, res) => {
    res.json(await notifications.read(actorOf(req).id, String(req.params.id)));
  });

  return router;
}
