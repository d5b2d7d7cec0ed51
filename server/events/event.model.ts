import { Schema, type Connection } from 'mongoose';

/** The stored form of a change event (the API's `id` is `recordId` here). */
const eventSchema = new Schema(
  {
    seq: { type: Number, required: true, unique: true },
    entity: { type: String, required: true },
    op: { type: String, required: true },
    recordId: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: null },
    version: { type: Number, required: true },
    fields: { type: [String], default: undefined },
    actor: { id: { type: String, required: true }, name: { type: String, required: true } },
    at: { type: Date, required: true },
  },
  { collection: 'events', versionKey: false, minimize: false },
);
eventSchema.index({ at: 1 });

export const eventModel = (connection: Connection) => connection.model('Event', eventSchema);
export type EventModel = ReturnType<typeof eventModel>;
