import { Router } from 'express';
import { CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace } from '../../shared/customer.js';
import { actorOf } from '../auth/auth.middleware.js';
import type { Idempotency } from '../http/idempotency.js';
import { recordRoutes } from '../records/record.routes.js';
import type { CustomerService } from './customer.service.js';

/** REST routes of customers: the shared record contract plus restore after a delete. */
export function customerRoutes(customers: CustomerService, idempotency: Idempotency): Router {
  const router = Router();
  router.post('/customers/:id/restore', async (req, res) => {
    const restored = await customers.restore(String(req.params.id), actorOf(req));
    res.json(restored);
  });
  router.use(
    recordRoutes({
      path: 'customers',
      schemas: { query: CustomerListQuery, create: CustomerCreate, replace: CustomerReplace, patch: CustomerPatch },
      service: customers,
      idempotency,
    }),
  );
  return router;
}
