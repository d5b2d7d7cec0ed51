import { Schema, type Connection, type Types } from 'mongoose';

/** A saved view of a list (view.service.ts): read whole at start, then read and written by `_id`. */
const viewSchema = new Schema(
  {
    entity: { type: String, required: true },
    name: { type: String, required: true },
    /** The list's query parameters as `{name, value}` pairs: FerretDB refuses keys holding a `.` (`custom.tier`). */
    filters: { type: [{ _id: false, name: String, value: String }], default: [] },
    sort: String,
    columns: { type: [String], default: [] },
    shared: { type: String, required: true },
    ownerId: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'views', versionKey: false, minimize: false },
);

export const viewModel = (connection: Connection) => connection.model('SavedView', viewSchema);
export type ViewModel = ReturnType<typeof viewModel>;

export interface ViewDoc {
  _id: Types.ObjectId;
  entity: string;
  name: string;
  filters: { name: string; value: string }[];
  sort?: string;
  columns: string[];
  shared: 'me' | 'team';
  ownerId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
