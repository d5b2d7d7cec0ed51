import { z } from 'zod';
import { RecordId, Timestamp } from './common.js';
import { FieldEntity } from './field.js';
import { requiredText } from './text.js';

/** The lists a view can be saved for: the same kinds of record that carry custom fields. */
export const ViewEntity = FieldEntity;
export type ViewEntity = z.infer<typeof ViewEntity>;

/** Who sees a view: its owner alone, or the whole team. */
export const ViewShared = z.enum(['me', 'team'], { error: 'must be me or team' });
export type ViewShared = z.infer<typeof ViewShared>;

/** A list's query parameters as the address carries them: `{"custom.tier": "gold", "ownerId": "..."}`. */
const Filters = z
  .record(z.string().max(100), z.string({ error: 'must be text, as in the address' }).max(200, 'must be at most 200 characters'), { error: 'must be an object of list query parameters' })
  .refine((filters) => Object.keys(filters).length <= 50, 'at most 50 filters');
const Sort = z.string({ error: 'must be a sort such as -createdAt' }).max(100);
const Columns = z
  .array(z.string({ error: 'must be a field name' }).max(100), { error: 'must be a list of field names' })
  .max(100, 'at most 100 columns')
  .refine((list) => new Set(list).size === list.length, 'must not name a column twice');
const name = requiredText(100);

/**
 * Body of `POST /api/views`. `filters` are checked against the entity's list query parameters
 * (`limit` and `cursor` are paging, `sort` is the view's own), `columns` against its fields.
 */
export const ViewCreate = z.strictObject({
  entity: ViewEntity,
  name,
  filters: Filters.default({}),
  sort: Sort.optional(),
  columns: Columns.default([]),
  shared: ViewShared.default('me'),
});
export type ViewCreate = z.infer<typeof ViewCreate>;

/** Body of `PATCH /api/views/:id`: any of the fields but the entity; `sort: null` goes back to the list's default. */
export const ViewPatch = z
  .strictObject({
    name: name.optional(),
    filters: Filters.optional(),
    sort: z.union([Sort, z.null()]).optional(),
    columns: Columns.optional(),
    shared: ViewShared.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });
export type ViewPatch = z.infer<typeof ViewPatch>;

/** A saved view of a list, as the API returns it. */
export const SavedView = z.object({
  id: RecordId,
  entity: ViewEntity,
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  sort: z.string().optional(),
  columns: z.array(z.string()),
  shared: ViewShared,
  /** Who made it: the only one who sees a personal view. */
  ownerId: z.string(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SavedView = z.infer<typeof SavedView>;

/** Query of `GET /api/views`. */
export const ViewListQuery = z.strictObject({ entity: ViewEntity.optional() });
export type ViewListQuery = z.infer<typeof ViewListQuery>;
