import { Types, trusted } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { Customer, CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace } from '../../shared/customer.js';
import type { EventLog } from '../events/event.service.js';
import { isDuplicateKey } from '../db/errors.js';
import { AppError } from '../http/app-error.js';
import type { Precondition } from '../http/conditional.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { decodeCursor, encodeCursor, keysetFilter, type SortSpec } from '../lib/keyset.js';
import type { CustomerDoc, CustomerModel } from './customer.model.js';

/** The writable fields as the service keeps them (cleared optional fields are absent). */
type Fields = CustomerCreate;
type FieldName = keyof Fields;
const FIELD_NAMES: FieldName[] = ['name', 'email', 'phone', 'address', 'website', 'industry', 'ownerId', 'tags'];

/** Sort keys the API accepts, and the stored field each one sorts on. */
const SORT_FIELDS = { name: 'nameSort', email: 'emailLower', createdAt: 'createdAt', updatedAt: 'updatedAt' } as const;

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

function derived(fields: Fields) {
  const text = [fields.name, fields.email, fields.phone, fields.website, fields.industry, fields.address, ...(fields.tags ?? [])];
  return {
    emailLower: fields.email.toLowerCase(),
    nameSort: fields.name.toLowerCase(),
    search: text.filter(Boolean).join(' ').toLowerCase(),
  };
}

const fieldsOf = (doc: CustomerDoc): Fields => {
  const out: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) if (doc[name] !== undefined) out[name] = doc[name];
  if (doc.tags?.length === 0) delete out.tags;
  return out as Fields;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const emailTaken = (email: string) =>
  new AppError('EMAIL_TAKEN', `Another customer already uses ${email}.`, {
    errors: [{ path: 'email', message: 'is already used by another customer' }],
  });

export interface CustomerPage {
  items: Customer[];
  total: number;
  nextCursor?: string;
}

export interface CustomerService {
  list(query: CustomerListQuery): Promise<CustomerPage>;
  get(id: string): Promise<Customer>;
  create(input: CustomerCreate, actor: Actor): Promise<Customer>;
  replace(id: string, input: CustomerReplace, precondition: Precondition | undefined, actor: Actor): Promise<Customer>;
  patch(id: string, input: CustomerPatch, precondition: Precondition | undefined, actor: Actor): Promise<Customer>;
  remove(id: string, precondition: Precondition | undefined, actor: Actor): Promise<void>;
}

/**
 * Customers: the rules, under a per-document lock, then one event per change. Every change,
 * whoever makes it, goes through here.
 */
export function createCustomerService(deps: { model: CustomerModel; events: EventLog; locks: KeyedLock; clock: () => Date }): CustomerService {
  const { model, events, locks, clock } = deps;

  const notFound = (id: string) => new AppError('NOT_FOUND', `No customer has id ${id}.`);

  async function load(id: string): Promise<CustomerDoc> {
    if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/.test(id)) throw notFound(id);
    const doc = await model.findById(id).lean<CustomerDoc>();
    if (!doc) throw notFound(id);
    return doc;
  }

  function checkStrict(doc: CustomerDoc, precondition: Precondition | undefined): void {
    if (precondition?.kind === 'version' && precondition.version !== doc.version) {
      throw new AppError('STALE_VERSION', `This customer is at version ${doc.version}, not ${precondition.version}. Reload it and try again.`, {
        extra: { current: toCustomer(doc) },
      });
    }
  }

  /** Writes `next` over `doc` as version + 1 and appends the event; no change, no write. */
  async function write(doc: CustomerDoc, next: Fields, actor: Actor): Promise<Customer> {
    const changed = FIELD_NAMES.filter((f) => !same(doc[f] === undefined || (f === 'tags' && doc.tags?.length === 0) ? undefined : doc[f], next[f]));
    if (changed.length === 0) return toCustomer(doc);
    const version = doc.version + 1;
    const updatedAt = clock();
    const fieldVersions = { ...doc.fieldVersions };
    for (const f of changed) fieldVersions[f] = version;
    const $set: Record<string, unknown> = { ...derived(next), fieldVersions, version, updatedAt };
    const $unset: Record<string, ''> = {};
    for (const f of changed) {
      if (next[f] === undefined) $unset[f] = '';
      else $set[f] = next[f];
    }
    let result;
    try {
      result = await model.updateOne({ _id: doc._id, version: doc.version }, Object.keys($unset).length ? { $set, $unset } : { $set });
    } catch (error) {
      if (isDuplicateKey(error)) throw emailTaken(next.email);
      throw error;
    }
    if (result.matchedCount === 0) {
      // Another Shoal process wrote this record between our read and our write.
      throw new AppError('STALE_VERSION', 'This customer was changed by someone else at the same moment. Reload it and try again.');
    }
    const after: CustomerDoc = { ...doc, ...next, ...derived(next), fieldVersions, version, updatedAt };
    for (const f of changed) if (next[f] === undefined) delete after[f];
    const customer = toCustomer(after);
    await events.append({ entity: 'customer', op: 'updated', id: customer.id, data: customer, version, fields: changed, actor });
    return customer;
  }

  return {
    async list(query) {
      const descending = query.sort.startsWith('-');
      const key = query.sort.replace(/^-/, '') as keyof typeof SORT_FIELDS;
      const sort: SortSpec = { field: SORT_FIELDS[key], descending, isDate: key === 'createdAt' || key === 'updatedAt' };
      const filter: Record<string, unknown> = {};
      if (query.ownerId) filter.ownerId = query.ownerId;
      if (query.tag) filter.tags = query.tag;
      const terms = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      if (terms.length) filter.$and = terms.map((t) => ({ search: trusted({ $regex: escapeRegex(t) }) }));
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
      const pageFilter = after ? { ...filter, ...keysetFilter(sort, after) } : filter;
      const direction = descending ? -1 : 1;
      const [docs, total] = await Promise.all([
        model
          .find(pageFilter)
          .sort({ [sort.field]: direction, _id: direction })
          .limit(query.limit + 1)
          .lean<CustomerDoc[]>(),
        model.countDocuments(filter),
      ]);
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = docs.length > query.limit && last ? encodeCursor(query.sort, (last as unknown as Record<string, unknown>)[sort.field], last._id) : undefined;
      return { items: page.map(toCustomer), total, ...(nextCursor ? { nextCursor } : {}) };
    },

    async get(id) {
      return toCustomer(await load(id));
    },

    async create(input, actor) {
      const now = clock();
      const fields = { ...input };
      if (fields.tags?.length === 0) delete fields.tags;
      const doc = { _id: new Types.ObjectId(), ...fields, ...derived(fields), fieldVersions: {}, version: 1, createdAt: now, updatedAt: now };
      try {
        await model.collection.insertOne(doc);
      } catch (error) {
        if (isDuplicateKey(error)) throw emailTaken(input.email);
        throw error;
      }
      const customer = toCustomer(doc as CustomerDoc);
      await events.append({ entity: 'customer', op: 'created', id: customer.id, data: customer, version: 1, actor });
      return customer;
    },

    async replace(id, input, precondition, actor) {
      return locks.run(`customer:${id}`, async () => {
        const doc = await load(id);
        checkStrict(doc, precondition);
        return write(doc, input, actor);
      });
    },

    async patch(id, input, precondition, actor) {
      return locks.run(`customer:${id}`, async () => {
        const doc = await load(id);
        if (precondition?.kind === 'version' && precondition.version !== doc.version) {
          // Stale, but only a conflict if a field this PATCH writes changed since that version.
          const seen = precondition.version;
          const conflicts = (Object.keys(input) as FieldName[]).filter((f) => seen > doc.version || (doc.fieldVersions[f] ?? 1) > seen);
          if (conflicts.length) {
            throw new AppError('STALE_VERSION', `Someone else changed ${conflicts.join(', ')} since version ${seen}. Review the current values and try again.`, {
              errors: conflicts.map((f) => ({ path: f, message: `was changed by someone else since version ${seen}` })),
              extra: { current: toCustomer(doc), conflicts },
            });
          }
        }
        const next: Fields = { ...fieldsOf(doc) };
        for (const [key, value] of Object.entries(input) as [FieldName, unknown][]) {
          if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) delete next[key];
          else (next as Record<string, unknown>)[key] = value;
        }
        return write(doc, next, actor);
      });
    },

    async remove(id, precondition, actor) {
      await locks.run(`customer:${id}`, async () => {
        const doc = await load(id);
        checkStrict(doc, precondition);
        const result = await model.deleteOne({ _id: doc._id, version: doc.version });
        if (result.deletedCount === 0) throw new AppError('STALE_VERSION', 'This customer was changed by someone else at the same moment. Reload it and try again.');
        const customer = toCustomer(doc);
        await events.append({ entity: 'customer', op: 'deleted', id, data: customer, version: doc.version + 1, actor });
      });
    },
  };
}
