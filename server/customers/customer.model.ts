import { Schema, type Connection } from 'mongoose';
import { customValuesPath } from '../fields/field.model.js';
import type { RecordDoc } from '../records/record.service.js';

/**
 * A customer as stored. Beside the API fields it keeps:
 * - `emailLower`, unique: FerretDB has no collation, so case-insensitive uniqueness is a
 *   lower-cased copy with a unique index;
 * - `nameSort`, the lower-cased name the list sorts on;
 * - `search`, the lower-cased text `q` searches;
 * - `fieldVersions`, the record version at which each field last changed, so a PATCH with a
 *   stale `If-Match` can tell whether a field it writes changed since.
 */
const customerSchema = new Schema(
  {
    name: { type: String, required: true },
    email: { type: String, required: true },
    emailLower: { type: String, required: true, unique: true },
    nameSort: { type: String, required: true },
    search: { type: String, required: true },
    phone: String,
    address: String,
    website: String,
    industry: String,
    ownerId: String,
    tags: { type: [String], default: undefined },
    custom: customValuesPath,
    fieldVersions: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'customers', versionKey: false, minimize: false },
);
customerSchema.index({ nameSort: 1, _id: 1 });
customerSchema.index({ createdAt: 1, _id: 1 });
customerSchema.index({ updatedAt: 1, _id: 1 });
customerSchema.index({ ownerId: 1 });

export const customerModel = (connection: Connection) => connection.model('Customer', customerSchema);
export type CustomerModel = ReturnType<typeof customerModel>;

/** The stored document as `.lean()` returns it. */
export interface CustomerDoc extends RecordDoc {
  name: string;
  email: string;
  emailLower: string;
  nameSort: string;
  search: string;
  phone?: string;
  address?: string;
  website?: string;
  industry?: string;
  ownerId?: string;
  tags?: string[];
}

/**
 * A deleted customer with everything that was deleted with it, kept 30 days for
 * `POST /api/customers/:id/restore` (pruned by Shoal: FerretDB has no TTL indexes).
 */
const deletedCustomerSchema = new Schema(
  {
    customer: { type: Schema.Types.Mixed, required: true },
    contacts: { type: [Schema.Types.Mixed], default: [] },
    opportunities: { type: [Schema.Types.Mixed], default: [] },
    interactions: { type: [Schema.Types.Mixed], default: [] },
    tasks: { type: [Schema.Types.Mixed], default: [] },
    deletedAt: { type: Date, required: true },
    deletedBy: { id: String, name: String },
    /** What went with it, counted at the delete, so the deleted list need not load the kept records. */
    removed: { contacts: Number, opportunities: Number, interactions: Number, tasks: Number },
  },
  { collection: 'deleted_customers', versionKey: false, minimize: false },
);
deletedCustomerSchema.index({ deletedAt: 1 });

export const deletedCustomerModel = (connection: Connection) => connection.model('DeletedCustomer', deletedCustomerSchema);
export type DeletedCustomerModel = ReturnType<typeof deletedCustomerModel>;
