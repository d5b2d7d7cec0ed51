import { Router, type Request } from 'express';
import { CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace } from '../../shared/customer.js';
import { actorOf } from '../auth/auth.middleware.js';
import { readIfMatch, setEtag, etagOf } from '../http/conditional.js';
import type { Idempotency } from '../http/idempotency.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { CustomerService } from './customer.service.js';

/** The URL of the next page: the same query with the new cursor. */
function nextLink(req: Request, cursor: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) if (key !== 'cursor' && typeof value === 'string') params.set(key, value);
  params.set('cursor', cursor);
  return `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}?${params.toString()}`;
}

/** REST routes of customers: translate HTTP to one service call each. */
export function customerRoutes(customers: CustomerService, idempotency: Idempotency): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    const query = parseQuery(CustomerListQuery, req.query);
    const page = await customers.list(query);
    res.setHeader('X-Total-Count', String(page.total));
    if (page.nextCursor) res.setHeader('Link', `<${nextLink(req, page.nextCursor)}>; rel="next"`);
    res.json(page.items);
  });

  router.post('/customers', async (req, res) => {
    const input = parseBody(CustomerCreate, req.body);
    const actor = actorOf(req);
    await idempotency.handle(req, res, actor, async () => {
      const customer = await customers.create(input, actor);
      setEtag(res, customer.version);
      return { status: 201, location: `/api/customers/${customer.id}`, body: customer };
    });
  });

  router.get('/customers/:id', async (req, res) => {
    const customer = await customers.get(req.params.id);
    if (req.get('if-none-match') === etagOf(customer.version)) {
      res.status(304).end();
      return;
    }
    setEtag(res, customer.version);
    res.json(customer);
  });

  router.put('/customers/:id', async (req, res) => {
    const precondition = readIfMatch(req);
    const input = parseBody(CustomerReplace, req.body);
    const customer = await customers.replace(req.params.id, input, precondition, actorOf(req));
    setEtag(res, customer.version);
    res.json(customer);
  });

  router.patch('/customers/:id', async (req, res) => {
    const precondition = readIfMatch(req);
    const input = parseBody(CustomerPatch, req.body);
    const customer = await customers.patch(req.params.id, input, precondition, actorOf(req));
    setEtag(res, customer.version);
    res.json(customer);
  });

  router.delete('/customers/:id', async (req, res) => {
    await customers.remove(req.params.id, readIfMatch(req), actorOf(req));
    res.status(204).end();
  });

  return router;
}
