import type { Model } from 'mongoose';
import { addedMentions } from '../../shared/mentions.js';
import { AppError } from '../http/app-error.js';
import type { ReadModel, Tables } from '../read-model/read-model.js';

const missing = (path: string, message: string) => new AppError('VALIDATION', `The ${path} does not refer to a record you can use.`, { errors: [{ path, message }] });

/**
 * The lock of the customer a record belongs to (the customer service's per-record lock): held
 * while a contact, deal, interaction or task is checked and written, so a customer's delete,
 * which holds it too, either sees the new record and takes it along or is seen to have happened.
 */
export const customerGuard = (fields: { customerId?: string | undefined } | undefined): string[] => (fields?.customerId ? [`customer:${fields.customerId}`] : []);

/** What a record names: its customer, and maybe a contact of that customer. */
export interface References {
  customerId: string;
  contactId?: string | undefined;
}

/** The reference check of one record, and of many at once (`many`: each one's 422, or undefined). */
export interface ReferenceCheck {
  (fields: References): Promise<void>;
  many(items: readonly References[]): Promise<(AppError | undefined)[]>;
}

/**
 * Checks that the records a record refers to exist: its customer, and a contact of that same
 * customer. A wrong reference is a 422 naming the field. The read model answers without a
 * read (so a batch of 1,000 costs no database round trip), once it has applied every change
 * appended so far: a customer created a moment ago is known, and one deleted a moment ago
 * (its event appended, not yet applied) is not; before its first load, the first check waits
 * for it. Only what it does not hold (made by another process a moment ago, or not there at
 * all) is read by `_id`. `many` waits for the read model once for all its items.
 */
export function referenceChecks(models: { customer: Model<any>; contact: Model<any> }, reads: ReadModel): ReferenceCheck {
  /** The check against the read model's tables: the problem, or what it must read to know. */
  function known(tables: Tables, fields: References): AppError | undefined | 'read' {
    if (!tables.customer.has(fields.customerId)) return 'read';
    if (!fields.contactId) return undefined;
    const contactOf = tables.contact.key(fields.contactId, 'customerId');
    if (contactOf === undefined) return 'read';
    return contactOf === fields.customerId ? undefined : missing('contactId', 'is a contact of another customer');
  }
  /** The check reading by `_id` what the read model does not hold. */
  async function read(tables: Tables, fields: References): Promise<AppError | undefined> {
    const knownContact = fields.contactId ? tables.contact.key(fields.contactId, 'customerId') : undefined;
    const [customer, contact] = await Promise.all([
      tables.customer.has(fields.customerId) || models.customer.exists({ _id: fields.customerId }),
      knownContact !== undefined ? { customerId: String(knownContact) } : fields.contactId ? models.contact.findById(fields.contactId, { customerId: 1 }).lean<{ customerId: string }>() : undefined,
    ]);
    if (!customer) return missing('customerId', 'is not an existing customer');
    if (fields.contactId && !contact) return missing('contactId', 'is not an existing contact');
    if (contact && contact.customerId !== fields.customerId) return missing('contactId', 'is a contact of another customer');
    return undefined;
  }
  const check = async (fields: References): Promise<void> => {
    const { tables } = await reads.ready();
    const found = known(tables, fields);
    const problem = found === 'read' ? await read(tables, fields) : found;
    if (problem) throw problem;
  };
  return Object.assign(check, {
    async many(items: readonly References[]): Promise<(AppError | undefined)[]> {
      const { tables } = await reads.ready();
      const out: (AppError | undefined)[] = [];
      for (const fields of items) {
        const found = known(tables, fields);
        out.push(found === 'read' ? await read(tables, fields) : found);
      }
      return out;
    },
  });
}

/**
 * Checks that the people a text newly mentions (`@[Name](user:<id>)`, shared/mentions.ts) are
 * users; an unknown one is a 422 naming `notes`. Mentions already in the text before an edit
 * are not checked again.
 */
export function mentionChecks(users: { byId(id: string): Promise<unknown> }) {
  return async function check(before: string | undefined, after: string | undefined): Promise<void> {
    const unknown: string[] = [];
    for (const id of addedMentions(before, after)) if (!/^[0-9a-f]{24}$/.test(id) || !(await users.byId(id))) unknown.push(id);
    if (unknown.length) throw new AppError('VALIDATION', 'The notes mention someone who is not on the team.', { errors: [{ path: 'notes', message: `mentions an unknown user (${unknown.join(', ')})` }] });
  };
}
