import { z } from 'zod';
import { Limit, ReadOnlyFields, RecordId, Timestamp, optionalText } from './common.js';
import { requiredText } from './text.js';
import { CustomValues, sortWithCustom, withCustomParams, withoutPaging } from './field.js';

const name = requiredText(200);
const email = z
  .string({ error: 'is required' })
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'));
const tags = z
  .array(requiredText(40), {
    error: 'must be a list of strings',
  })
  .max(50, 'at most 50 tags')
  .transform((list) => [...new Set(list)]);

/** The writable fields of a customer with their rules (shared by create, replace and patch). */
const writable = {
  name,
  email,
  phone: optionalText(50),
  address: optionalText(500, { multiline: true }),
  website: optionalText(300),
  industry: optionalText(100),
  ownerId: optionalText(64),
  tags: tags.optional(),
  /** Custom field values by key, checked against the definitions by the server (SPEC section 12). */
  custom: CustomValues.optional(),
};

/** Body of `POST /api/customers`. */
export const CustomerCreate = z.strictObject(writable);
export type CustomerCreate = z.infer<typeof CustomerCreate>;

/** Body of `PUT /api/customers/:id`: a full replace; read-only fields sent back are ignored. */
export const CustomerReplace = z
  .strictObject({ ...writable, ...ReadOnlyFields })
  .transform(({ id: _id, createdAt: _c, updatedAt: _u, version: _v, ...rest }) => rest);
export type CustomerReplace = z.infer<typeof CustomerReplace>;

/** Body of `PATCH /api/customers/:id`: any subset of the writable fields. */
export const CustomerPatch = z
  .strictObject({ ...writable, name: name.optional(), email: email.optional(), tags: z.union([tags, z.null()]).optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });
export type CustomerPatch = z.infer<typeof CustomerPatch>;

/** The names of the fields a client may write. */
export const customerFields = Object.keys(writable) as (keyof typeof writable)[];

/** A customer (a company) as the API returns it. */
export const Customer = z.object({
  id: RecordId,
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  address: z.string().optional(),
  website: z.string().optional(),
  industry: z.string().optional(),
  ownerId: z.string().optional(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Customer = z.infer<typeof Customer>;

/** The sort orders `GET /api/customers` accepts. */
export const CustomerSortField = z.enum(['name', 'email', 'createdAt', 'updatedAt']);
export type CustomerSortField = z.infer<typeof CustomerSortField>;

/** The parameters of `GET /api/customers` beside `custom.*`. */
const listParams = {
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  sort: sortWithCustom(CustomerSortField.options, 'name'),
  limit: Limit,
  cursor: z.string().max(1000, 'is not a cursor this API gave out').optional(),
  ownerId: z.string().max(64).optional(),
  tag: z.string().max(40).optional(),
};

/** Query of `GET /api/customers`: its parameters and `custom.<key>` filters. */
export const CustomerListQuery = withCustomParams(listParams);
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/** Query of `GET /api/customers/export`: the list's filters and sort, every match. */
export const CustomerExportQuery = withCustomParams(withoutPaging(listParams));
export type CustomerExportQuery = z.infer<typeof CustomerExportQuery>;

/** What went with a deleted customer, counted when it was deleted. */
export const RemovedParts = z.object({
  contacts: z.number().int(),
  opportunities: z.number().int(),
  interactions: z.number().int(),
  tasks: z.number().int(),
});
export type RemovedParts = z.infer<typeof RemovedParts>;

/** One entry of `GET /api/customers/deleted`: a customer deleted in the last 30 days, restorable. */
export const DeletedCustomer = z.object({
  customer: Customer,
  deletedAt: Timestamp,
  deletedBy: z.object({ id: z.string(), name: z.string() }),
  /** Until when `POST /api/customers/:id/restore` brings it back. */
  restorableUntil: Timestamp,
  /** What went with it (left out for customers deleted before it was counted). */
  removed: RemovedParts.optional(),
});
export type DeletedCustomer = z.infer<typeof DeletedCustomer>;

/** Query of `GET /api/customers/deleted`: the latest deletions first, up to `limit`. */
export const DeletedCustomerQuery = z.strictObject({ limit: Limit });
export type DeletedCustomerQuery = z.infer<typeof DeletedCustomerQuery>;
