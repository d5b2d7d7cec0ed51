import type { Actor } from '../../shared/common.js';
import { customValueSchema, FieldDefinition, RANGE_TYPES, type CustomFilters, type FieldCreate, type FieldEntity, type FieldPatch } from '../../shared/field.js';
import type { Bounds, Keys, KeyValue } from '../read-model/table.js';
import { isDuplicateKey } from '../db/errors.js';
import type { EventLog } from '../events/event.service.js';
import { AppError, type FieldError } from '../http/app-error.js';
import { fieldErrors } from '../http/validate.js';
import type { ClusterLock } from '../lib/cluster-lock.js';
import { keptByEvents } from '../lib/kept-by-events.js';
import type { FieldDoc, FieldModel } from './field.model.js';

/** How a write treats the custom values it is given. */
export type CustomWrite = 'create' | 'replace' | 'patch';

/** The parts of a read-model query (table.ts) that a list's custom filters make. */
export interface CustomQuery {
  eq: Record<string, string>;
  range: Record<string, Bounds>;
  where?: (keys: Keys) => boolean;
}

export interface FieldService {
  /** Reads every definition into memory; called once at start. */
  load(): Promise<void>;
  list(entity?: FieldEntity): FieldDefinition[];
  /** The definition of `key` on `entity`, if there is one. */
  definition(entity: FieldEntity, key: string): FieldDefinition | undefined;
  create(input: FieldCreate, actor: Actor): Promise<FieldDefinition>;
  update(id: string, input: FieldPatch, actor: Actor): Promise<FieldDefinition>;
  remove(id: string, actor: Actor): Promise<void>;
  /**
   * Checks a record's custom values against the definitions and returns them parsed; a wrong
   * type, an unknown option or key, or a required field missing (create, replace) or cleared
   * (`null` in a patch) is a 422 naming `custom.<key>`. A patch's `null`s are kept (they clear).
   */
  check(entity: FieldEntity, values: Record<string, unknown> | undefined, mode: CustomWrite): Record<string, unknown> | undefined;
  /**
   * A list's `custom.<key>` filters as parts of a read-model query over its keys (`customKeys`):
   * equality by posting list, `.gte`/`.lte` as ranges, a checkbox's `false` (set or not) as a
   * test; after checking each names a field of `entity` and fits its type (a 422 naming the
   * parameter); and its sort, when on `custom.<key>`, names a field (a 422 naming `sort`).
   */
  listFilter(entity: FieldEntity, filters: CustomFilters | undefined, sort: string): CustomQuery;
}

/**
 * A record's custom values as read-model keys, `custom.<key>`: text lower-cased (filters match
 * any case, sorts ignore it), numbers as they are, a checkbox as "true"/"false", a multiselect a list.
 */
export function customKeys(custom: Record<string, unknown> | undefined): Record<string, KeyValue> {
  const keys: Record<string, KeyValue> = {};
  if (!custom) return keys;
  for (const key of Object.keys(custom)) {
    const value = custom[key];
    const name = `custom.${key}`;
    if (typeof value === 'number') keys[name] = value;
    else if (typeof value === 'boolean') keys[name] = String(value);
    else if (typeof value === 'string') keys[name] = value.toLowerCase();
    else if (Array.isArray(value)) keys[name] = value.map((v) => String(v).toLowerCase());
  }
  return keys;
}

const toApi = (doc: FieldDoc): FieldDefinition => ({
  id: doc._id.toHexString(),
  entity: doc.entity as FieldEntity,
  key: doc.key,
  label: doc.label,
  type: doc.type as FieldDefinition['type'],
  ...(doc.options ? { options: doc.options.map((o) => ({ key: o.key, label: o.label, ...(o.color ? { color: o.color } : {}) })) } : {}),
  required: doc.required,
  version: doc.version,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});

/**
 * Custom field definitions (SPEC section 12). They are few, so they live in memory, read whole at
 * start and kept current by their change events (another process's too); every change goes
 * through this service, one definition at a time, and is a `field` change event for open clients.
 */
export function createFieldService(deps: { model: FieldModel; events: EventLog; locks: ClusterLock; clock: () => Date }): FieldService {
  const { model, events, locks, clock } = deps;
  // Definitions another Shoal process changed (scale-out) reach this one as their events.
  const { byId, keep } = keptByEvents(events, 'field');
  const notFound = (id: string) => new AppError('NOT_FOUND', `No custom field has id ${id}.`);
  const definitionOf = (id: string) => {
    const def = byId.get(id);
    if (!def) throw notFound(id);
    return def;
  };
  // Every definition change takes one lock: there are few, and a key's uniqueness is checked under it.
  const LOCK = 'fields';
  /**
   * Each definition's value schema, made once: building one costs 20-40 µs, checking a value
   * with it well under one, and a batch or an import checks a thousand. A changed definition is
   * a new object (`keep`), so it gets a schema of its own.
   */
  const schemas = new WeakMap<FieldDefinition, ReturnType<typeof customValueSchema>>();
  const schemaOf = (def: FieldDefinition) => {
    let schema = schemas.get(def);
    if (!schema) schemas.set(def, (schema = customValueSchema(def)));
    return schema;
  };

  const service: FieldService = {
    async load() {
      for (const doc of await model.find().lean<FieldDoc[]>()) keep(toApi(doc));
    },

    list: (entity) =>
      [...byId.values()].filter((d) => !entity || d.entity === entity).sort((a, b) => a.entity.localeCompare(b.entity) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),

    definition: (entity, key) => {
      for (const def of byId.values()) if (def.entity === entity && def.key === key) return def;
      return undefined;
    },

    create: (input, actor) =>
      locks.run(LOCK, async () => {
        if (service.definition(input.entity, input.key)) {
          throw new AppError('CONFLICT', `A ${input.entity} field with key ${input.key} exists.`, { errors: [{ path: 'key', message: 'is already used by another field of this kind of record' }] });
        }
        const now = clock();
        let doc: FieldDoc;
        try {
          const created = await model.create({ ...input, required: input.required ?? false, version: 1, createdAt: now, updatedAt: now });
          doc = created.toObject() as unknown as FieldDoc;
        } catch (error) {
          if (isDuplicateKey(error)) throw new AppError('CONFLICT', `A ${input.entity} field with key ${input.key} exists.`, { errors: [{ path: 'key', message: 'is already used by another field of this kind of record' }] });
          throw error;
        }
        const def = toApi(doc);
        keep(def);
        await events.append({ entity: 'field', op: 'created', id: def.id, data: def, version: 1, actor });
        return def;
      }),

    update: (id, input, actor) =>
      locks.run(LOCK, async () => {
        const before = definitionOf(id);
        if (input.options && !['select', 'multiselect'].includes(before.type)) {
          throw new AppError('VALIDATION', 'Some fields are invalid.', { errors: [{ path: 'options', message: 'are only for select and multiselect fields' }] });
        }
        if (input.options && input.options.length === 0) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors: [{ path: 'options', message: `are required for a ${before.type} field` }] });
        const fields = Object.keys(input).filter((k) => JSON.stringify(input[k as keyof FieldPatch]) !== JSON.stringify(before[k as keyof FieldDefinition]));
        if (!fields.length) return before;
        const now = clock();
        const version = before.version + 1;
        await model.updateOne({ _id: id }, { $set: { ...input, version, updatedAt: now } });
        const def: FieldDefinition = { ...before, ...input, version, updatedAt: now.toISOString() };
        keep(def);
        await events.append({ entity: 'field', op: 'updated', id, data: def, version, fields, actor });
        return def;
      }),

    remove: (id, actor) =>
      locks.run(LOCK, async () => {
        const before = definitionOf(id);
        await model.deleteOne({ _id: id });
        byId.delete(id);
        await events.append({ entity: 'field', op: 'deleted', id, data: before, version: before.version + 1, actor });
      }),

    check(entity, values, mode) {
      const errors: FieldError[] = [];
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(values ?? {})) {
        const def = service.definition(entity, key);
        const path = `custom.${key}`;
        if (!def) {
          errors.push({ path, message: `is not a custom field of a ${entity}` });
          continue;
        }
        if (value === null) {
          if (def.required) errors.push({ path, message: 'is required' });
          else if (mode === 'patch') out[key] = null;
          continue;
        }
        const parsed = schemaOf(def).safeParse(value);
        if (parsed.success) out[key] = parsed.data;
        else errors.push(...fieldErrors(parsed.error, path));
      }
      if (mode !== 'patch') {
        for (const def of byId.values()) if (def.entity === entity && def.required && out[def.key] === undefined && !errors.some((e) => e.path === `custom.${def.key}`)) errors.push({ path: `custom.${def.key}`, message: 'is required' });
      }
      if (errors.length) throw new AppError('VALIDATION', 'Some fields are invalid.', { errors });
      return Object.keys(out).length ? out : undefined;
    },

    listFilter(entity, filters, sort) {
      const errors: FieldError[] = [];
      const sortKey = /^-?custom\.(.+)$/.exec(sort)?.[1];
      if (sortKey !== undefined && !service.definition(entity, sortKey)) errors.push({ path: 'sort', message: `custom.${sortKey} is not a custom field of a ${entity}` });
      const out: CustomQuery = { eq: {}, range: {} };
      const tests: ((keys: Keys) => boolean)[] = [];
      for (const [key, filter] of Object.entries(filters ?? {})) {
        const def = service.definition(entity, key);
        const name = `custom.${key}`;
        if (!def) {
          for (const part of Object.keys(filter)) errors.push({ path: part === 'eq' ? name : `${name}.${part}`, message: `is not a custom field of a ${entity}` });
          continue;
        }
        const numeric = def.type === 'number' || def.type === 'money';
        /** A parameter's value as the keys hold it, or undefined after noting why it does not fit. */
        const valueOf = (part: 'eq' | 'gte' | 'lte', raw: string): KeyValue => {
          const path = part === 'eq' ? name : `${name}.${part}`;
          if (part !== 'eq' && !RANGE_TYPES.includes(def.type)) {
            errors.push({ path, message: 'is only for number, money and date fields' });
            return undefined;
          }
          if (numeric) {
            const n = raw.trim() === '' ? NaN : Number(raw);
            if (!Number.isFinite(n)) errors.push({ path, message: 'must be a number' });
            return Number.isFinite(n) ? n : undefined;
          }
          if (def.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
            errors.push({ path, message: 'must be a date (YYYY-MM-DD)' });
            return undefined;
          }
          if (def.type === 'checkbox' && raw !== 'true' && raw !== 'false') {
            errors.push({ path, message: 'must be true or false' });
            return undefined;
          }
          return raw.toLowerCase();
        };
        if (filter.eq !== undefined) {
          const want = valueOf('eq', filter.eq);
          // An unset checkbox is unchecked: `false` matches rows without the key too.
          if (def.type === 'checkbox' && want === 'false') tests.push((keys) => (keys[name] ?? 'false') === 'false');
          else if (want !== undefined) out.eq[name] = String(want);
        }
        for (const part of ['gte', 'lte'] as const) {
          if (filter[part] === undefined) continue;
          const bound = valueOf(part, filter[part]);
          if (bound !== undefined && typeof bound !== 'object') (out.range[name] ??= {})[part] = bound;
        }
      }
      if (errors.length) throw new AppError('VALIDATION', 'Some query parameters are invalid.', { errors });
      if (tests.length) out.where = (keys) => tests.every((test) => test(keys));
      return out;
    },
  };
  return service;
}
