import { Schema, type Connection, type Types } from 'mongoose';

/** A pipeline as stored: few per team, read whole at start (pipeline.service.ts). */
const pipelineSchema = new Schema(
  {
    name: { type: String, required: true },
    /** The stages in board order: `{key, name, probability, kind, rotDays?}`. */
    stages: { type: [Schema.Types.Mixed], required: true },
    version: { type: Number, required: true },
    /** The version that last wrote each field (`name`, `stages`), for the stale-version rule of a PATCH. */
    fieldVersions: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'pipelines', versionKey: false, minimize: false },
);

export const pipelineModel = (connection: Connection) => connection.model('Pipeline', pipelineSchema);
export type PipelineModel = ReturnType<typeof pipelineModel>;

export interface PipelineDoc {
  _id: Types.ObjectId;
  name: string;
  stages: { key: string; name: string; probability: number; kind: 'open' | 'won' | 'lost'; rotDays?: number }[];
  version: number;
  /** Absent on pipelines stored before it was kept: every field then counts as changed at `version`. */
  fieldVersions?: Record<string, number>;
  createdAt: Date;
  updatedAt: Date;
}
