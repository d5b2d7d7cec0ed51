import { trusted, type Model } from 'mongoose';
import type { Actor } from '../../shared/common.js';
import type { Customer, CustomerCreate, CustomerExportQuery, CustomerListQuery, CustomerPatch, CustomerReplace, DeletedCustomer, DeletedCustomerQuery } from '../../shared/customer.js';
import { isDuplicateKey } from '../db/errors.js';
import { AppError } from '../http/app-error.js';
import type { Precondition } from '../http/conditional.js';
import { directWrites } from '../events/outbox.js';
import { createRecordService, hasCustomValues, isoOf, type ItemContext, type Page, type RecordDeps, type RecordKind } from '../records/record.service.js';
import { notifyNewHolder, type Notifier } from '../notifications/notification.service.js';
import type { CustomerDoc, CustomerModel, DeletedCustomerModel } from './customer.model.js';

type Fields = CustomerCreate;

/** Converts a stored customer to its API form. */
export function toCustomer(doc: CustomerDoc): Customer {
  // Built field by field in the API's order (a batch makes a thousand: no spread objects).
  const out: Record<string, unknown> = { id: doc._id.toHexString(), name: doc.name, email: doc.email };
  if (doc.phone !== undefined) out.phone = doc.phone;
  if (doc.address !== undefined) out.address = doc.address;
  if (doc.website !== undefined) out.website = doc.website;
  if (doc.industry !== undefined) out.industry = doc.industry;
  if (doc.ownerId !== undefined) out.ownerId = doc.ownerId;
  out.tags = doc.tags ?? [];
  if (hasCustomValues(doc.custom)) out.custom = doc.custom;
  out.version = doc.version;
  out.createdAt = isoOf(doc.createdAt);
  out.updatedAt = isoOf(doc.updatedAt);
  return out as unknown as Customer;
}

/**
 * How customers are stored: the fields, a lower-cased email for uniqueness, sort and search
 * keys; a new owner is notified (`notifier`) unless they made themselves the owner.
 */
export function customerKind(model: CustomerModel, notifier?: Notifier): RecordKind<Fields, Customer, CustomerDoc> {
  return {
    entity: 'customer',
    noun: 'customer',
    model,
    fields: ['name', 'email', 'phone', 'address', 'website', 'industry', 'ownerId', 'tags', 'custom'],
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
    duplicate: (f) =>
      new AppError('EMAIL_TAKEN', `Another customer already uses ${f.email}.`, {
        errors: [{ path: 'email', message: 'is already used by another customer' }],
      }),
    async afterChange(before, after, { actor }) {
      if (!notifier) return;
      const change = { type: 'owner', entity: 'customer', recordId: after._id.toHexString(), before: before?.ownerId, after: after.ownerId, actor } as const;
      await notifyNewHolder(notifier, { ...change, text: `${actor.name} made you the owner of ${after.name}` });
    },
  };
}

export interface CustomerService {
  list(query: CustomerListQuery): Promise<Page>;
  /** Every customer matching the list's filters (CSV export). */
  stream(query: CustomerExportQuery): AsyncIterable<Customer>;
  get(id: string): Promise<Customer>;
  seq(): Promise<number>;
  create(input: CustomerCreate, actor: Actor): Promise<Customer>;
  createMany(inputs: CustomerCreate[], actor: Actor, each?: readonly ItemContext[]): Promise<(Customer | AppError)[]>;
  batch<T>(work: () => Promise<T>): Promise<T>;
  replace(id: string, input: CustomerReplace, precondition: Precondition | undefined, actor: Actor): Promise<Customer>;
  patch(id: string, input: CustomerPatch, precondition: Precondition | undefined, actor: Actor): Promise<Customer>;
  /** Deletes the customer with its contacts, deals, interactions and tasks, as one change. */
  remove(id: string, precondition: Precondition | undefined, actor: Actor): Promise<void>;
  /** Brings a customer deleted within 30 days back, with everything deleted with it, as one change. */
  restore(id: string, actor: Actor): Promise<Customer>;
  /** Forgets deleted customers older than 30 days. */
  prune(now: Date): Promise<number>;
  /** The customers deleted in the last 30 days, latest first, up to `limit`: what a rep can restore. */
  listDeleted(query: DeletedCustomerQuery): Promise<DeletedCustomer[]>;
}

/** The list's search, filters (custom ones too) and sort as a list query. */
const queryOf = (query: CustomerExportQuery) => ({ q: query.q, eq: { ownerId: query.ownerId, tags: query.tag }, sort: query.sort, custom: query.custom });

/** The read-model table of each kind of a customer's records. */
const TABLE_OF = { contacts: 'contact', opportunities: 'opportunity', interactions: 'interaction', tasks: 'task' } as const;

/** Runs `work` for each id, 50 at a time, answering in order. */
async function byIds<T>(ids: string[], work: (id: string) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 50) out.push(...(await Promise.all(ids.slice(i, i + 50).map(work))));
  return out;
}

/** How long a deleted customer can be restored. */
export const RESTORE_DAYS = 30;

/** Customers: every change, whoever makes it, goes through the record service. */
export function createCustomerService(
  deps: RecordDeps & {
    model: CustomerModel;
    /** The records that belong to a customer and go (and come back) with it. */
    children: { contacts: Model<any>; opportunities: Model<any>; interactions: Model<any>; tasks: Model<any> };
    trash: DeletedCustomerModel;
    notifier: Notifier;
  },
): CustomerService {
  const { model, children, trash, events, clock } = deps;
  const records = createRecordService(customerKind(model, deps.notifier), deps);
  const kinds = ['contacts', 'opportunities', 'interactions', 'tasks'] as const;
  const outbox = deps.outbox ?? directWrites(events);
  type Kept = { customer: CustomerDoc; contacts: { emailLower: string; email: string }[]; opportunities: unknown[]; interactions: unknown[]; tasks?: unknown[] };

  /** Deletes what went to the customer's trash with it (a delete interrupted half way), by `_id`. */
  const deleteChildren = async (id: string) => {
    const kept = await trash.findById(id).lean<Kept>();
    if (!kept) return;
    const idsOf = (docs: unknown[] = []) => docs.map((d) => String((d as { _id: unknown })._id));
    await Promise.all(kinds.map((k) => byIds(idsOf(kept[k]), (one) => children[k].deleteOne({ _id: one }))));
  };
  /** Puts back what was deleted with the customer (those already back stay once), then empties its trash. */
  const restoreChildren = async (id: string) => {
    const kept = await trash.findById(id).lean<Kept>();
    if (!kept) return;
    // Customers deleted before tasks existed were kept without any.
    for (const k of kinds) {
      if (!kept[k]?.length) continue;
      await children[k].collection.insertMany(kept[k] as never[], { ordered: false }).catch((error: unknown) => {
        if (!isDuplicateKey(error) && !(error as { writeErrors?: unknown }).writeErrors) throw error;
      });
    }
    await trash.deleteOne({ _id: id });
  };
  // A delete or restore interrupted half way is completed before its event is appended.
  outbox.finisher('customer', 'deleted', (change) => deleteChildren(change.id));
  outbox.finisher('customer', 'restored', (change) => restoreChildren(change.id));
  return {
    list: (query) => records.list({ ...queryOf(query), limit: query.limit, cursor: query.cursor }),
    stream: (query) => records.stream(queryOf(query)),
    get: records.get,
    seq: records.seq,
    create: records.create,
    createMany: records.createMany,
    batch: records.batch,
    replace: records.replace,
    patch: records.patch,
    remove: (id, precondition, actor) =>
      records.locked(id, async () => {
        const doc = await records.load(id);
        records.checkVersion(doc, precondition);
        // Its records, known by the read model (children are written under this customer's lock),
        // read and deleted by `_id`: FerretDB would scan each collection for a `customerId`.
        const state = await deps.reads.ready();
        const ids = kinds.map((k) => state.tables[TABLE_OF[k]].idsWhere('customerId', id));
        const [contacts, opportunities, interactions, tasks] = (await Promise.all(kinds.map((k, i) => byIds(ids[i]!, (one) => children[k].findById(one).lean())))).map((docs) =>
          docs.filter(Boolean),
        ) as [unknown[], unknown[], unknown[], unknown[]];
        const now = clock();
        const removed = { contacts: contacts.length, opportunities: opportunities.length, interactions: interactions.length, tasks: tasks.length };
        const change = { entity: 'customer', op: 'deleted', id, data: { ...toCustomer(doc), removed }, version: doc.version + 1, actor } as const;
        await outbox.commit([change], [`customer:${id}`], async () => {
          // Keep everything first, so a failure below loses nothing that restore cannot bring back.
          await trash.collection.replaceOne(
            { _id: doc._id },
            { customer: doc, contacts, opportunities, interactions, tasks, deletedAt: now, deletedBy: actor, removed },
            { upsert: true },
          );
          await model.deleteOne({ _id: doc._id });
          await Promise.all(kinds.map((k, i) => byIds(ids[i]!, (one) => children[k].deleteOne({ _id: one }))));
          return [change];
        });
      }),

    restore: (id, actor) =>
      records.locked(id, async () => {
        const kept = /^[0-9a-f]{24}$/.test(id)
          ? await trash.findById(id).lean<Kept>()
          : null;
        if (!kept) throw new AppError('NOT_FOUND', `No customer with id ${id} was deleted in the last ${RESTORE_DAYS} days.`);
        const contactsNow = (await deps.reads.ready()).tables.contact;
        const clashes = kept.contacts.filter((c) => contactsNow.idsWhere('email', c.emailLower).length > 0);
        if (clashes.length) {
          throw new AppError('EMAIL_TAKEN', 'Some of its contacts\' emails are now used by other contacts.', {
            errors: clashes.map((c) => ({ path: 'contacts', message: `${c.email} is now used by another contact` })),
          });
        }
        const version = kept.customer.version + 2;
        const customer: CustomerDoc = { ...kept.customer, version, updatedAt: clock() };
        const api = toCustomer(customer);
        const restored = { contacts: kept.contacts.length, opportunities: kept.opportunities.length, interactions: kept.interactions.length, tasks: kept.tasks?.length ?? 0 };
        // Which records came back, so the read model (in every process) reads just those by `_id`.
        const idsOf = (docs: unknown[] = []) => docs.map((d) => String((d as { _id: unknown })._id));
        const restoredIds = { contact: idsOf(kept.contacts), opportunity: idsOf(kept.opportunities), interaction: idsOf(kept.interactions), task: idsOf(kept.tasks) };
        const change = { entity: 'customer', op: 'restored', id, data: { ...api, restored, restoredIds }, version, actor } as const;
        await outbox.commit([change], [`customer:${id}`], async () => {
          try {
            await model.collection.insertOne(customer as never);
          } catch (error) {
            if (isDuplicateKey(error)) throw customerKind(model).duplicate!(customerKind(model).fromStored(customer));
            throw error;
          }
          await restoreChildren(id);
          return [change];
        });
        return api;
      }),

    async listDeleted({ limit }) {
      // A read of the trash, not of the read model: it holds only the customers deleted in the last
      // 30 days (pruned daily), few beside the live ones, and the query takes a range of its
      // deletedAt index, newest first, with a limit. The kept records (which can be thousands of
      // interactions) are projected away; their counts were stored at the delete.
      const since = new Date(clock().getTime() - RESTORE_DAYS * 24 * 60 * 60 * 1000);
      const docs = await trash
        .find({ deletedAt: trusted({ $gte: since }) })
        .select({ customer: 1, deletedAt: 1, deletedBy: 1, removed: 1 })
        .sort({ deletedAt: -1, _id: -1 })
        .limit(limit)
        .lean<{ customer: CustomerDoc; deletedAt: Date; deletedBy?: { id?: string; name?: string }; removed?: DeletedCustomer['removed'] }[]>();
      return docs.map((d) => ({
        customer: toCustomer(d.customer),
        deletedAt: d.deletedAt.toISOString(),
        deletedBy: { id: d.deletedBy?.id ?? '', name: d.deletedBy?.name ?? 'Someone' },
        restorableUntil: new Date(d.deletedAt.getTime() + RESTORE_DAYS * 24 * 60 * 60 * 1000).toISOString(),
        ...(d.removed && typeof d.removed.contacts === 'number' ? { removed: d.removed } : {}),
      }));
    },

    async prune(now) {
      const result = await trash.deleteMany({ deletedAt: trusted({ $lt: new Date(now.getTime() - RESTORE_DAYS * 24 * 60 * 60 * 1000) }) });
      return result.deletedCount;
    },
  };
}
