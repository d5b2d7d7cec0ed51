import type { Contact, ContactCreate, ContactExportQuery, ContactListQuery } from '../../shared/contact.js';
import { AppError } from '../http/app-error.js';
import { createRecordService, customPart, type RecordDeps, type RecordKind } from '../records/record.service.js';
import { customerGuard, type ReferenceCheck } from '../records/references.js';
import type { ContactDoc, ContactModel } from './contact.model.js';

type Fields = ContactCreate;

export function toContact(doc: ContactDoc): Contact {
  return {
    id: doc._id.toHexString(),
    customerId: doc.customerId,
    name: doc.name,
    email: doc.email,
    ...(doc.phone !== undefined ? { phone: doc.phone } : {}),
    ...(doc.position !== undefined ? { position: doc.position } : {}),
    ...customPart(doc.custom),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function contactKind(model: ContactModel, check: ReferenceCheck): RecordKind<Fields, Contact, ContactDoc> {
  return {
    entity: 'contact',
    noun: 'contact',
    model,
    fields: ['customerId', 'name', 'email', 'phone', 'position', 'custom'],
    toStored: (f) => ({
      customerId: f.customerId,
      name: f.name,
      email: f.email,
      phone: f.phone,
      position: f.position,
      emailLower: f.email.toLowerCase(),
      nameSort: f.name.toLowerCase(),
      search: [f.name, f.email, f.phone, f.position].filter(Boolean).join(' ').toLowerCase(),
    }),
    fromStored: (d) => ({ customerId: d.customerId, name: d.name, email: d.email, phone: d.phone, position: d.position }),
    toApi: toContact,
    guards: (next, before) => [...customerGuard(next), ...customerGuard(before)],
    check,
    checkMany: (items) => check.many(items),
    duplicate: (f) => new AppError('EMAIL_TAKEN', `Another contact already uses ${f.email}.`, { errors: [{ path: 'email', message: 'is already used by another contact' }] }),
  };
}

/** The list's search, filters (custom ones too) and sort as a list query. */
const queryOf = (query: ContactExportQuery) => ({ q: query.q, eq: { customerId: query.customerId }, sort: query.sort, custom: query.custom });

/** Contacts: people at a customer; the customer must exist. */
export function createContactService(deps: RecordDeps & { model: ContactModel; checkReferences: ReferenceCheck }) {
  const records = createRecordService(contactKind(deps.model, deps.checkReferences), deps);
  return {
    ...records,
    list: (query: ContactListQuery) => records.list({ ...queryOf(query), limit: query.limit, cursor: query.cursor }),
    /** Every contact matching the list's filters (CSV export). */
    stream: (query: ContactExportQuery) => records.stream(queryOf(query)),
  };
}
export type ContactService = ReturnType<typeof createContactService>;
