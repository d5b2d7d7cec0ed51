import { Schema, type Connection } from 'mongoose';
import { customValuesPath } from '../fields/field.model.js';
import type { RecordDoc } from '../records/record.service.js';

/** A deal. Money is integer cents (`amountCents`); `rank` orders it inside its stage column. */
const opportunitySchema = new Schema(
  {
    customerId: { type: String, required: true },
    contactId: String,
    /** Its pipeline; absent only before the start's migration (the default pipeline). */
    pipelineId: String,
    name: { type: String, required: true },
    nameSort: { type: String, required: true },
    search: { type: String, required: true },
    stage: { type: String, required: true },
    amountCents: { type: Number, required: true },
    currency: { type: String, required: true },
    probability: { type: Number, required: true },
    expectedCloseDate: String,
    ownerId: String,
    rank: { type: String, required: true },
    closedAt: Date,
    lostReason: String,
    custom: customValuesPath,
    /** When a person last changed it (Shoal's own marks leave it). */
    changedAt: Date,
    /** Marked by server/pipelines/rotting.ts. */
    rotting: Boolean,
    fieldVersions: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'opportunities', versionKey: false, minimize: false },
);
opportunitySchema.index({ customerId: 1 });
opportunitySchema.index({ stage: 1, rank: 1 });

/** Every stage change of a deal: from, to, who, when. */
const stageChangeSchema = new Schema(
  {
    opportunityId: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    actor: { id: { type: String, required: true }, name: { type: String, required: true } },
    at: { type: Date, required: true },
  },
  { collection: 'stage_changes', versionKey: false },
);
stageChangeSchema.index({ opportunityId: 1, at: 1 });

export const opportunityModel = (connection: Connection) => connection.model('Opportunity', opportunitySchema);
export const stageChangeModel = (connection: Connection) => connection.model('StageChange', stageChangeSchema);
export type OpportunityModel = ReturnType<typeof opportunityModel>;
export type StageChangeModel = ReturnType<typeof stageChangeModel>;

export interface OpportunityDoc extends RecordDoc {
  customerId: string;
  contactId?: string;
  pipelineId?: string;
  name: string;
  nameSort: string;
  search: string;
  stage: string;
  amountCents: number;
  currency: string;
  probability: number;
  expectedCloseDate?: string;
  ownerId?: string;
  rank: string;
  closedAt?: Date;
  lostReason?: string;
  changedAt?: Date;
  rotting?: boolean;
}
