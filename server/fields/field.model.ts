import { Schema, type Connection, type Types } from 'mongoose';

/** A custom field definition as stored: few per team, read whole at start (field.service.ts). */
const fieldSchema = new Schema(
  {
    entity: { type: String, required: true },
    key: { type: String, required: true },
    label: { type: String, required: true },
    type: { type: String, required: true },
    options: { type: [Schema.Types.Mixed], default: undefined },
    required: { type: Boolean, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'field_definitions', versionKey: false, minimize: false },
);
// One definition per key and kind of record.
fieldSchema.index({ entity: 1, key: 1 }, { unique: true });

/** The `custom` path of a record kind with custom fields: values by key, as the definitions check them. */
export const customValuesPath = { type: Schema.Types.Mixed, default: undefined };

export const fieldModel = (connection: Connection) => connection.model('FieldDefinition', fieldSchema);
export type FieldModel = ReturnType<typeof fieldModel>;

export interface FieldDoc {
  _id: Types.ObjectId;
  entity: string;
  key: string;
  label: string;
  type: string;
  options?: { key: string; label: string; color?: string }[];
  required: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
