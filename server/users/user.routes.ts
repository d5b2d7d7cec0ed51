import { Router } from 'express';
import { UserCreate, UserPatch } from '../../shared/user.js';
import { actorOf, requireAdmin } from '../auth/auth.middleware.js';
import type { AuthService } from '../auth/auth.service.js';
import { readIfMatch, setEtag } from '../http/conditional.js';
import { parseBody } from '../http/validate.js';
import type { UserService } from './user.service.js';

/** The team: everyone may list it (owners, avatars); admins add and change members. */
export function userRoutes(users: UserService, auth: AuthService): Router {
  const router = Router();
  router.get('/users', async (_req, res) => {
    res.json(await users.list());
  });
  router.post('/users', requireAdmin, async (req, res) => {
    const input = parseBody(UserCreate, req.body);
    const user = await users.create(input, actorOf(req));
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });
  router.get('/users/:id', async (req, res) => {
    const user = await users.get(String(req.params.id));
    setEtag(res, user.version);
    res.json(user);
  });
  // `If-Match` as for records: a stale version is a 412 only when a field this change writes changed since.
  router.patch('/users/:id', requireAdmin, async (req, res) => {
    const precondition = readIfMatch(req);
    const input = parseBody(UserPatch, req.body);
    const user = await users.patch(String(req.params.id), input, actorOf(req), precondition);
    if (!user.active || input.password !== undefined) await auth.endSessionsOf(user.id);
    setEtag(res, user.version);
    res.json(user);
  });
  return router;
}
