import { z } from 'zod';
import { Limit, ReadOnlyFields, RecordId, Timestamp, optionalText } from './common.js';
import { requiredText } from './text.js';
import { CustomValues, sortWithCustom, withCustomParams, withoutPaging } from './field.js';

const writable = {
  customerId: RecordId,
  name: requiredText(200),
  email: z.string({ error: 'is required' }).trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address')),
  phone: optionalText(50),
  position: optionalText(120),
  /** Custom field values by key, checked against the definitions by the server (SPEC section 12). */
  custom: CustomValues.optional(),
};

/** Body of `POST /api/contacts`. */
export const ContactCreate = z.strictObject(writable);
export type ContactCreate = z.infer<typeof ContactCreate>;

/** Body of `PUT /api/contacts/:id`. */
export const ContactReplace = z
  .strictObject({ ...writable, ...ReadOnlyFields })
  .transform(({ id: _i, createdAt: _c, updatedAt: _u, version: _v, ...rest }) => rest);

/** Body of `PATCH /api/contacts/:id`. */
export const ContactPatch = z
  .strictObject({ ...writable, customerId: writable.customerId.optional(), name: writable.name.optional(), email: writable.email.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });

/** A person at a customer, as the API returns them. */
export const Contact = z.object({
  id: RecordId,
  customerId: RecordId,
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  position: z.string().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = z.infer<typeof Contact>;

export const CONTACT_SORTS = ['name', 'email', 'createdAt', 'updatedAt'] as const;

const listParams = {
  q: z.string().trim().max(200).optional(),
  customerId: RecordId.optional(),
  sort: sortWithCustom(CONTACT_SORTS, 'name'),
  limit: Limit,
  cursor: z.string().max(1000).optional(),
};

/** Query of `GET /api/contacts`: its parameters and `custom.<key>` filters. */
export const ContactListQuery = withCustomParams(listParams);
export type ContactListQuery = z.infer<typeof ContactListQuery>;

/** Query of `GET /api/contacts/export`: the list's filters and sort, every match. */
export const ContactExportQuery = withCustomParams(withoutPaging(listParams));
export type ContactExportQuery = z.infer<typeof ContactExportQuery>;
