import { Router } from 'express';
import { FieldCreate, FieldListQuery, FieldPatch } from '../../shared/field.js';
import { actorOf, requireAdmin } from '../auth/auth.middleware.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { FieldService } from './field.service.js';

/** REST routes of custom field definitions: everyone reads them, admins change them. */
export function fieldRoutes(fields: FieldService): Router {
  const router = Router();
  router.get('/fields', (req, res) => {
    res.json(fields.list(parseQuery(FieldListQuery, req.query).entity));
  });
  router.post('/fields', requireAdmin, async (req, res) => {
    const def = await fields.create(parseBody(FieldCreate, req.body), actorOf(req));
    res.status(201).location(`/api/fields/${def.id}`).json(def);
  });
  router.patch('/fields/:id', requireAdmin, async (req, res) => {
    res.json(await fields.update(String(req.params.id), parseBody(FieldPatch, req.body), actorOf(req)));
  });
  router.delete('/fields/:id', requireAdmin, async (req, res) => {
    await fields.remove(String(req.params.id), actorOf(req));
    res.status(204).end();
  });
  return router;
}
