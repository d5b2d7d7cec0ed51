import { z } from 'zod';
import { Actor, Currency, DateOnly, Limit, Money, ReadOnlyFields, RecordId, Timestamp, optionalText } from './common.js';
import { StageInput } from './stage.js';
import { requiredText } from './text.js';
import { CustomValues, sortWithCustom, withCustomParams, withoutPaging } from './field.js';
import { TaskType } from './task.js';

const writable = {
  customerId: RecordId,
  /** The pipeline the deal is in (default: the default pipeline); its `stage` must be one of that pipeline's. */
  pipelineId: RecordId.optional(),
  contactId: RecordId.optional(),
  name: requiredText(200),
  stage: StageInput,
  amount: Money,
  currency: Currency.optional(),
  probability: z.number({ error: 'must be a whole number from 0 to 100' }).int('must be a whole number from 0 to 100').min(0, 'must be a whole number from 0 to 100').max(100, 'must be a whole number from 0 to 100').optional(),
  expectedCloseDate: DateOnly.optional(),
  ownerId: optionalText(64),
  lostReason: optionalText(500, { multiline: true }),
  /** Custom field values by key, checked against the definitions by the server (SPEC section 12). */
  custom: CustomValues.optional(),
};

/** Body of `POST /api/opportunities`. Probability defaults from the stage; currency from settings (USD). */
export const OpportunityCreate = z.strictObject(writable);
export type OpportunityCreate = z.infer<typeof OpportunityCreate>;

const readOnly = { ...ReadOnlyFields, rank: z.unknown().optional(), closedAt: z.unknown().optional(), rotting: z.unknown().optional(), changedAt: z.unknown().optional() };

/** Body of `PUT /api/opportunities/:id`. Without `pipelineId` the deal stays in its pipeline. */
export const OpportunityReplace = z
  .strictObject({ ...writable, ...readOnly })
  .transform(({ id: _i, createdAt: _c, updatedAt: _u, version: _v, rank: _r, closedAt: _cl, rotting: _ro, changedAt: _ch, ...rest }) => rest);

/** Body of `PATCH /api/opportunities/:id`. Changing the stage without a probability resets it to the stage's. */
export const OpportunityPatch = z
  .strictObject({
    ...writable,
    customerId: writable.customerId.optional(),
    contactId: z.union([RecordId, z.null()]).optional(),
    name: writable.name.optional(),
    stage: StageInput.optional(),
    amount: Money.optional(),
    currency: Currency.optional(),
    probability: z.union([writable.probability.unwrap(), z.null()]).optional(),
    expectedCloseDate: z.union([DateOnly, z.null()]).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'names no field to change' });

/** A deal, as the API returns it. */
export const Opportunity = z.object({
  id: RecordId,
  customerId: RecordId,
  contactId: RecordId.optional(),
  /** Always sent by the server; absent only in changes logged before pipelines (the default pipeline). */
  pipelineId: RecordId.optional(),
  name: z.string(),
  stage: z.string(),
  amount: z.number(),
  currency: z.string(),
  probability: z.number().int(),
  expectedCloseDate: z.string().optional(),
  ownerId: z.string().optional(),
  rank: z.string(),
  closedAt: Timestamp.optional(),
  lostReason: z.string().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  /**
   * No change, interaction or task for longer than its stage's `rotDays` (SPEC section 12).
   * Always sent by the server; absent only in changes logged before rotting (false).
   */
  rotting: z.boolean().optional(),
  /** When a person last changed the deal (`updatedAt` also moves for Shoal's own marks, such as rotting). */
  changedAt: Timestamp.optional(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Opportunity = z.infer<typeof Opportunity>;

/** One stage change of a deal. */
export const StageChange = z.object({ from: z.string().nullable(), to: z.string(), actor: Actor, at: Timestamp });
export type StageChange = z.infer<typeof StageChange>;

export const OPPORTUNITY_SORTS = ['name', 'amount', 'rank', 'createdAt', 'updatedAt'] as const;

const listParams = {
  q: z.string().trim().max(200).optional(),
  customerId: RecordId.optional(),
  /** The deals of one pipeline; `stage` is then a stage of that pipeline (else of the default one). */
  pipelineId: RecordId.optional(),
  stage: StageInput.optional(),
  ownerId: z.string().max(64).optional(),
  /** `true`: only rotting deals; `false`: only those not rotting. */
  rotting: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  sort: sortWithCustom(OPPORTUNITY_SORTS, '-createdAt'),
  limit: Limit,
  cursor: z.string().max(1000).optional(),
};
/** Query of `GET /api/opportunities`: its parameters and `custom.<key>` filters. */
export const OpportunityListQuery = withCustomParams(listParams);
export type OpportunityListQuery = z.infer<typeof OpportunityListQuery>;

/** Query of `GET /api/opportunities/export`: the list's filters and order, every match. */
export const OpportunityExportQuery = withCustomParams(withoutPaging(listParams));
export type OpportunityExportQuery = z.infer<typeof OpportunityExportQuery>;

/** Body of `POST /api/opportunities/:id/move`: the stage, and the neighbours it lands between. */
export const MoveInput = z.strictObject({
  stage: StageInput,
  afterId: RecordId.optional(),
  beforeId: RecordId.optional(),
  lostReason: optionalText(500, { multiline: true }),
});
export type MoveInput = z.infer<typeof MoveInput>;

/** Query of `GET /api/pipeline`. */
export const PipelineQuery = z.strictObject({
  /** Which pipeline's board (default: the default pipeline). */
  pipelineId: RecordId.optional(),
  ownerId: z.string().max(64).optional(),
  mine: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  limit: z.coerce.number({ error: 'must be a whole number from 1 to 200' }).int().min(1, 'must be a whole number from 1 to 200').max(200, 'must be a whole number from 1 to 200').default(50),
  /** Only this stage's column (a key of the pipeline): "Show more" of one column. */
  stage: z.string().max(40).optional(),
  /** With `stage`: the column's cards after this one (its `nextCursor`). */
  cursor: z.string().max(1000).optional(),
});
export type PipelineQuery = z.infer<typeof PipelineQuery>;

/** One column of the board: the stage, its count and total, its first cards in board order. */
export const PipelineColumn = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['open', 'won', 'lost']),
  probability: z.number().int(),
  rotDays: z.number().int().optional(),
  count: z.number().int(),
  /** Sum of the amounts in the column (one currency assumed: the default). */
  total: z.number(),
  opportunities: z.array(Opportunity),
  /** Where the rest of the column is: `GET /api/opportunities?pipelineId=ID&stage=KEY&sort=rank&cursor=...`. */
  nextCursor: z.string().optional(),
});
export type PipelineColumn = z.infer<typeof PipelineColumn>;

/** A deal's next step: its open task due first (SPEC section 11), as a board card shows it. */
export const NextStep = z.object({
  id: RecordId,
  title: z.string(),
  type: TaskType,
  /** A day (`2026-12-31`, due at its end) or a date-time. */
  dueAt: z.string(),
  assigneeId: z.string(),
});
export type NextStep = z.infer<typeof NextStep>;

/**
 * `GET /api/pipeline`: the columns, the names of the customers their cards belong to (by id),
 * and the next step of each card's deal (by deal id; a card without one has no open task).
 */
export const Pipeline = z.object({
  pipelineId: RecordId.optional(),
  stages: z.array(PipelineColumn),
  customers: z.record(z.string(), z.string()),
  nextSteps: z.record(z.string(), NextStep),
});
export type Pipeline = z.infer<typeof Pipeline>;
