import { Schema, type Connection } from 'mongoose';
import { customValuesPath } from '../fields/field.model.js';
import type { RecordDoc } from '../records/record.service.js';

/** A person at a customer; `emailLower` is unique (no collation on FerretDB). */
const contactSchema = new Schema(
  {
    customerId: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, required: true },
    emailLower: { type: String, required: true, unique: true },
    nameSort: { type: String, required: true },
    search: { type: String, required: true },
    phone: String,
    position: String,
    custom: customValuesPath,
    fieldVersions: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'contacts', versionKey: false, minimize: false },
);
contactSchema.index({ customerId: 1 });
contactSchema.index({ nameSort: 1, _id: 1 });

export const contactModel = (connection: Connection) => connection.model('Contact', contactSchema);
export type ContactModel = ReturnType<typeof contactModel>;

export interface ContactDoc extends RecordDoc {
  customerId: string;
  name: string;
  email: string;
  emailLower: string;
  nameSort: string;
  search: string;
  phone?: string;
  position?: string;
}
