import type { Actor } from '../../shared/common.js';
import type { Customer, CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace } from '../../shared/customer.js';
import type { EventLog } from '../events/event.service.js';
import { AppError } from '../http/app-error.js';
import type { Precondition } from '../http/conditional.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { createRecordService, type Page, type RecordKind } from '../records/record.service.js';
import type { CustomerDoc, CustomerModel } from './customer.model.js';

type Fields = CustomerCreate;

/** Converts a stored customer to its API form. */
export function toCustomer(doc: CustomerDoc): Customer {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    email: doc.email,
    ...(doc.phone !== undefined ? { phone: doc.phone } : {}),
    ...(doc.address !== undefined ? { address: doc.address } : {}),
    ...(doc.website !== undefined ? { website: doc.website } : {}),
    ...(doc.industry !== undefined ? { industry: doc.industry } : {}),
    ...(doc.ownerId !== undefined ? { ownerId: doc.ownerId } : {}),
    tags: doc.tags ?? [],
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** How customers are stored: the fields, a lower-cased email for uniqueness, sort and search keys. */
export function customerKind(model: CustomerModel): RecordKind<Fields, Customer, CustomerDoc> {
  return {
    entity: 'customer',
    noun: 'customer',
    model,
    fields: ['name', 'email', 'phone', 'address', 'website', 'industry', 'ownerId', 'tags'],
    toStored: (f) => ({
      name: f.name,
      email: f.email,
      phone: f.phone,
      address: f.address,
      website: f.website,
      industry: f.industry,
      ownerId: f.ownerId,
      tags: f.tags?.length ? f.tags : undefined,
      emailLower: f.email.toLowerCase(),
      nameSort: f.name.toLowerCase(),
      search: [f.name, f.email, f.phone, f.website, f.industry, f.address, ...(f.tags ?? [])].filter(Boolean).join(' ').toLowerCase(),
    }),
    fromStored: (d) => ({
      name: d.name,
      email: d.email,
      phone: d.phone,
      address: d.address,
      website: d.website,
      industry: d.industry,
      ownerId: d.ownerId,
      ...(d.tags?.length ? { tags: d.tags } : {}),
    }),
    toApi: toCustomer,
    sorts: { name: { field: 'nameSort' }, email: { field: 'emailLower' }, createdAt: { field: 'createdAt', isDate: true }, updatedAt: { field: 'updatedAt', isDate: true } },
    duplicate: (f) =>
      new AppError('EMAIL_TAKEN', `Another customer already uses ${f.email}.`, {
        errors: [{ path: 'email', message: 'is already used by another customer' }],
      }),
  };
}

export interface CustomerService {
  list(query: CustomerListQuery): Promise<Page<Customer>>;
  get(id: string): Promise<Customer>;
  create(input: CustomerCreate, actor: Actor): Promise<Customer>;
  replace(id: string, input: CustomerReplace, precondition: Precondition | undefined, actor: Actor): Promise<Customer>;
  patch(id: string, input: CustomerPatch, precondition: Precondition | undefined, actor: Actor): Promise<Customer>;
  remove(id: string, precondition: Precondition | undefined, actor: Actor): Promise<void>;
}

/** Customers: every change, whoever makes it, goes through the record service. */
export function createCustomerService(deps: { model: CustomerModel; events: EventLog; locks: KeyedLock; clock: () => Date }): CustomerService {
  const records = createRecordService(customerKind(deps.model), deps);
  return {
    list: (query) => {
      const filter: Record<string, unknown> = {};
      if (query.ownerId) filter.ownerId = query.ownerId;
      if (query.tag) filter.tags = query.tag;
      return records.list(query, filter);
    },
    get: records.get,
    create: records.create,
    replace: records.replace,
    patch: records.patch,
    remove: async (id, precondition, actor) => {
      await records.remove(id, precondition, actor);
    },
  };
}
