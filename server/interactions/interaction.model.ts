import { Schema, type Connection } from 'mongoose';
import { customValuesPath } from '../fields/field.model.js';
import type { RecordDoc } from '../records/record.service.js';

/** A logged call, meeting, email or note; `userId` is who logged it. */
const interactionSchema = new Schema(
  {
    customerId: { type: String, required: true },
    contactId: String,
    type: { type: String, enum: ['call', 'meeting', 'email', 'note'], required: true },
    date: { type: Date, required: true },
    subject: String,
    notes: String,
    durationMinutes: Number,
    userId: { type: String, required: true },
    search: { type: String, required: true },
    custom: customValuesPath,
    fieldVersions: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'interactions', versionKey: false, minimize: false },
);
interactionSchema.index({ customerId: 1, date: -1 });
interactionSchema.index({ date: -1, _id: -1 });

export const interactionModel = (connection: Connection) => connection.model('Interaction', interactionSchema);
export type InteractionModel = ReturnType<typeof interactionModel>;

export interface InteractionDoc extends RecordDoc {
  customerId: string;
  contactId?: string;
  type: 'call' | 'meeting' | 'email' | 'note';
  date: Date;
  subject?: string;
  notes?: string;
  durationMinutes?: number;
  userId: string;
  search: string;
}
