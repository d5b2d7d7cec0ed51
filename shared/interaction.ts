import { z } from 'zod';
import { Limit, ReadOnlyFields, RecordId, Timestamp, optionalText } from './common.js';
import { CustomValues, sortWithCustom, withCustomParams, withoutPaging } from './field.js';

/** The kinds of logged touch. */
export const InteractionType = z.enum(['call', 'meeting', 'email', 'note'], { error: 'must be call, meeting, email or note' });
export type InteractionType = z.infer<typeof InteractionType>;

const when = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-11-24T10:30:00Z' });
const duration = z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes').min(0, 'must be 0 or more').max(1440, 'must be at most 1440 (a day)');

const writable = {
  customerId: RecordId,
  contactId: RecordId.optional(),
  type: InteractionType,
  date: when,
  subject: optionalText(200),
  notes: optionalText(10_000, { multiline: true }),
  durationMinutes: duration.optional(),
  /** Custom field values by key, checked against the definitions by the server (SPEC section 12). */
  custom: CustomValues.optional(),
};

/** Body of `POST /api/interactions`; `userId` is whoever logs it. */
export const InteractionCreate = z.strictObject(writable);
export type InteractionCreate = z.infer<typeof InteractionCreate>;

/** Body of `PUT /api/interactions/:id`. */
export const InteractionReplace = z
  .strictObject({ ...writable, ...ReadOnlyFields, userId: z.unknown().optional() })
  .transform(({ id: _i, createdAt: _c, updatedAt: _u, version: _v, userId: _w, ...rest }) => rest);

/** Body of `PATCH /api/interactions/:id`. */
export const InteractionPatch = z
  .strictObject({
    ...writable,
    customerId: writable.customerId.optional(),
    contactId: z.union([RecordId, z.null()]).optional(),
    type: InteractionType.optional(),
    date: when.optional(),
    durationMinutes: z.union([duration, z.null()]).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });

/** A logged call, meeting, email or note, as the API returns it. */
export const Interaction = z.object({
  id: RecordId,
  customerId: RecordId,
  contactId: RecordId.optional(),
  type: InteractionType,
  date: Timestamp,
  subject: z.string().optional(),
  notes: z.string().optional(),
  durationMinutes: z.number().int().optional(),
  userId: z.string(),
  custom: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Interaction = z.infer<typeof Interaction>;

export const INTERACTION_SORTS = ['date', 'createdAt', 'updatedAt'] as const;

const listParams = {
  q: z.string().trim().max(200).optional(),
  customerId: RecordId.optional(),
  contactId: RecordId.optional(),
  type: InteractionType.optional(),
  userId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true, error: 'must be a date and time' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be a date and time' }).optional(),
  sort: sortWithCustom(INTERACTION_SORTS, '-date'),
  limit: Limit,
  cursor: z.string().max(1000).optional(),
};
/** Query of `GET /api/interactions`: newest first by default; `custom.<key>` filters too. */
export const InteractionListQuery = withCustomParams(listParams);
export type InteractionListQuery = z.infer<typeof InteractionListQuery>;

/** Query of `GET /api/interactions/export`: the list's filters and order, every match. */
export const InteractionExportQuery = withCustomParams(withoutPaging(listParams));
export type InteractionExportQuery = z.infer<typeof InteractionExportQuery>;
