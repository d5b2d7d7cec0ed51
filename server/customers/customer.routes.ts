import type { Router } from 'express';
import { CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace, DeletedCustomerQuery } from '../../shared/customer.js';
import { actorOf } from '../auth/auth.middleware.js';
import type { Idempotency } from '../http/idempotency.js';
import { parseQuery } from '../http/validate.js';
import { recordRoutes } from '../records/record.routes.js';
import type { CustomerService } from './customer.service.js';

/** REST routes of customers: the shared record contract plus the recently deleted list and restore. */
export function customerRoutes(customers: CustomerService, idempotency: Idempotency): Router {
  return recordRoutes({
    path: 'customers',
    schemas: { query: CustomerListQuery, create: CustomerCreate, replace: CustomerReplace, patch: CustomerPatch },
    service: customers,
    idempotency,
    own: (router) => {
      // Any signed-in user: anyone may delete and restore a customer, so anyone sees what can be restored.
      router.get('/customers/deleted', async (req, res) => {
        res.json(await customers.listDeleted(parseQuery(DeletedCustomerQuery, req.query)));
      });
      router.post('/customers/:id/restore', async (req, res) => {
        const restored = await customers.restore(String(req.params.id), actorOf(req));
        res.json(restored);
      });
    },
  });
}
