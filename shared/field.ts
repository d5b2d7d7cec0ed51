import { z } from 'zod';
import { Money, RecordId, Timestamp } from './common.js';
import { requiredText } from './text.js';

/** The kinds of record that carry custom fields. */
export const FieldEntity = z.enum(['customer', 'contact', 'opportunity', 'interaction', 'task']);
export type FieldEntity = z.infer<typeof FieldEntity>;

/** What a custom field holds (SPEC section 12). */
export const FieldType = z.enum(['text', 'longtext', 'number', 'money', 'date', 'select', 'multiselect', 'checkbox', 'url', 'email', 'phone', 'user']);
export type FieldType = z.infer<typeof FieldType>;

/** The types whose values are one or several of the definition's `options`. */
export const CHOICE_TYPES: readonly FieldType[] = ['select', 'multiselect'];
/** The types a list filters by `custom.<key>.gte` / `.lte`. */
export const RANGE_TYPES: readonly FieldType[] = ['number', 'money', 'date'];

/**
 * A field's or option's key: what records and query parameters name it by. Letters, digits and
 * `_`, starting with a letter: no `.` (FerretDB refuses it in a stored key, and `custom.<key>.gte`
 * would be ambiguous) and no `:` (the separator of custom keys in `fieldVersions`).
 */
const Key = z.string({ error: 'is required' }).regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be 1-40 letters, digits or _, starting with a letter');

/** One choice of a select or multiselect field. */
export const FieldOption = z.strictObject({
  key: Key,
  label: requiredText(100),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #3366ff')
    .optional(),
});
export type FieldOption = z.infer<typeof FieldOption>;

const Options = z
  .array(FieldOption, { error: 'must be a list of options' })
  .max(200, 'at most 200 options')
  .refine((list) => new Set(list.map((o) => o.key)).size === list.length, 'option keys must be unique');

/** Body of `POST /api/fields` (admins). */
export const FieldCreate = z
  .strictObject({
    entity: FieldEntity,
    key: Key,
    label: requiredText(100),
    type: FieldType,
    options: Options.optional(),
    required: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .superRefine((f, ctx) => {
    const choice = CHOICE_TYPES.includes(f.type);
    if (choice && !f.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `are required for a ${f.type} field` });
    if (!choice && f.options !== undefined) ctx.addIssue({ code: 'custom', path: ['options'], message: `are only for select and multiselect fields` });
  });
export type FieldCreate = z.infer<typeof FieldCreate>;

/**
 * Body of `PATCH /api/fields/:id` (admins): the label, the options and `required`. The entity,
 * key and type stay: records already hold values of that type under that key.
 */
export const FieldPatch = z
  .strictObject({
    label: requiredText(100).optional(),
    options: Options.optional(),
    required: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });
export type FieldPatch = z.infer<typeof FieldPatch>;

/** A custom field definition as the API returns it. */
export const FieldDefinition = z.object({
  id: RecordId,
  entity: FieldEntity,
  key: z.string(),
  label: z.string(),
  type: FieldType,
  options: z.array(FieldOption).optional(),
  required: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type FieldDefinition = z.infer<typeof FieldDefinition>;

/** Query of `GET /api/fields`. */
export const FieldListQuery = z.strictObject({ entity: FieldEntity.optional() });
export type FieldListQuery = z.infer<typeof FieldListQuery>;

/** A record's custom values as requests send them: checked against the definitions by the server. */
export const CustomValues = z.record(z.string(), z.unknown(), { error: 'must be an object of custom field values' });
export type CustomValues = Record<string, unknown>;

/** A PATCH's custom values: `null` clears a key. */
export const CustomPatch = CustomValues;

const isoDate = z.iso.date('must be a date (YYYY-MM-DD)');
const phone = z
  .string({ error: 'must be a phone number' })
  .trim()
  .regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number');

/** The schema of one value of a custom field of this definition. */
export function customValueSchema(def: Pick<FieldDefinition, 'type' | 'options'>): z.ZodType {
  const keys = (def.options ?? []).map((o) => o.key);
  const option = z.string({ error: `must be one of ${keys.join(', ')}` }).refine((v) => keys.includes(v), `must be one of ${keys.join(', ')}`);
  switch (def.type) {
    case 'text':
      return requiredText(500);
    case 'longtext':
      return requiredText(10_000, { multiline: true });
    case 'number':
      return z.number({ error: 'must be a number' }).finite('must be a finite number');
    case 'money':
      return Money;
    case 'date':
      return isoDate;
    case 'select':
      return option;
    case 'multiselect':
      return z
        .array(option, { error: 'must be a list of option keys' })
        .max(200)
        .transform((list) => [...new Set(list)]);
    case 'checkbox':
      return z.boolean({ error: 'must be true or false' });
    case 'url':
      return z.url({ protocol: /^https?$/, error: 'must be an http or https address' }).max(2000);
    case 'email':
      return z.string({ error: 'must be an email address' }).trim().max(254).pipe(z.email('must be an email address'));
    case 'phone':
      return phone;
    case 'user':
      return RecordId;
  }
}

/** A list's filters on one custom field: `custom.<key>=`, `custom.<key>.gte=`, `custom.<key>.lte=`. */
export interface CustomFilter {
  eq?: string;
  gte?: string;
  lte?: string;
}
export type CustomFilters = Record<string, CustomFilter>;

/** A sort on a custom field: `custom.<key>`, optionally prefixed with `-`. */
const CUSTOM_SORT = /^-?custom\.[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * The sort parameter of a list with custom fields: one of `keys` or `custom.<key>`, optionally
 * prefixed with `-`. Whether `<key>` is a defined field is the server's check.
 */
export const sortWithCustom = (keys: readonly string[], fallback: string) =>
  z
    .string()
    .refine((v) => keys.includes(v.replace(/^-/, '')) || CUSTOM_SORT.test(v), `must be one of ${keys.join(', ')}, custom.<key>, optionally prefixed with -`)
    .default(fallback);

/** A list's parameters without its paging ones: what its CSV export takes (every match). */
export function withoutPaging<T extends z.ZodRawShape>(shape: T): Omit<T, 'limit' | 'cursor'> {
  const { limit: _limit, cursor: _cursor, ...rest } = shape;
  return rest;
}

const CUSTOM_PARAM = /^custom\.([A-Za-z][A-Za-z0-9_]{0,39})(?:\.(gte|lte))?$/;

/**
 * A list query schema: the list's own parameters (unknown ones refused) and `custom.<key>`,
 * `custom.<key>.gte`, `custom.<key>.lte` filters, gathered into `custom`. Whether a key is a
 * defined field and its value fits its type is the server's check (the definitions are there).
 */
export function withCustomParams<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .catchall(z.string({ error: 'must be given once' }).max(200, 'must be at most 200 characters'))
    .superRefine((query, ctx) => {
      for (const key of Object.keys(query)) {
        if (!(key in shape) && !CUSTOM_PARAM.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a known field' });
      }
    })
    .transform((query) => {
      const own: Record<string, unknown> = {};
      const custom: CustomFilters = {};
      for (const [key, value] of Object.entries(query)) {
        const match = key in shape ? null : CUSTOM_PARAM.exec(key);
        if (!match) {
          own[key] = value;
          continue;
        }
        const filter = (custom[match[1]!] ??= {});
        filter[(match[2] as 'gte' | 'lte' | undefined) ?? 'eq'] = value as string;
      }
      return { ...(own as z.output<z.ZodObject<T>>), ...(Object.keys(custom).length ? { custom } : {}) } as z.output<z.ZodObject<T>> & { custom?: CustomFilters };
    });
}
