import type { Model } from 'mongoose';
import { AppError } from '../http/app-error.js';

const missing = (path: string, message: string) => new AppError('VALIDATION', `The ${path} does not refer to a record you can use.`, { errors: [{ path, message }] });

/**
 * Checks that the records a record refers to exist: its customer, and a contact of that same
 * customer. A wrong reference is a 422 naming the field.
 */
export function referenceChecks(models: { customer: Model<any>; contact: Model<any> }) {
  return async function check(fields: { customerId: string; contactId?: string | undefined }): Promise<void> {
    const [customer, contact] = await Promise.all([
      models.customer.exists({ _id: fields.customerId }),
      fields.contactId ? models.contact.findById(fields.contactId, { customerId: 1 }).lean<{ customerId: string }>() : undefined,
    ]);
    if (!customer) throw missing('customerId', 'is not an existing customer');
    if (fields.contactId && !contact) throw missing('contactId', 'is not an existing contact');
    if (contact && contact.customerId !== fields.customerId) throw missing('contactId', 'is a contact of another customer');
  };
}
