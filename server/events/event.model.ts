import { Schema, type Connection } from 'mongoose';

/**
 * The stored form of a change event (the API's `id` is `recordId` here), or of a group of
 * consecutive events appended together by a batch: `seq` is the group's first, `last` its last,
 * and `packed` holds the events without their `seq` and `at`, as deflated JSON (db/packed.ts):
 * one binary value instead of a thousand documents of nested fields, which FerretDB writes
 * several times faster. Groups stored before `packed` hold the JSON text in `group`.
 */
const eventSchema = new Schema(
  {
    seq: { type: Number, required: true, unique: true },
    last: { type: Number },
    packed: { type: Buffer },
    group: { type: String },
    entity: { type: String },
    op: { type: String },
    recordId: { type: String },
    data: { type: Schema.Types.Mixed, default: null },
    version: { type: Number },
    fields: { type: [String], default: undefined },
    actor: { id: { type: String }, name: { type: String } },
    at: { type: Date, required: true },
  },
  { collection: 'events', versionKey: false, minimize: false },
);
eventSchema.index({ at: 1 });

export const eventModel = (connection: Connection) => connection.model('Event', eventSchema);
export type EventModel = ReturnType<typeof eventModel>;
