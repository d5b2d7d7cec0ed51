import { z } from 'zod';
import { RecordId, Timestamp } from './common.js';
import { Stage, StageKind } from './stage.js';
import { requiredText } from './text.js';

/**
 * A stage's key: what deals and query parameters name it by, unique within its pipeline.
 * Lower-case (stage input matches keys ignoring case), letters, digits, `_` and `-`.
 */
export const StageKey = z.string({ error: 'is required' }).regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, _ or -, starting with a letter');

const whole = (min: number, max: number) => z.number({ error: `must be a whole number from ${min} to ${max}` }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`);

/** One stage as an admin defines it. */
export const StageDefinition = z.strictObject({
  key: StageKey,
  name: requiredText(60),
  probability: whole(0, 100),
  kind: StageKind,
  /** Days without a change, interaction or task after which an open deal here is rotting. */
  rotDays: whole(1, 3650).optional(),
});
export type StageDefinition = z.infer<typeof StageDefinition>;

/**
 * A pipeline's stages in board order: 1-30, keys and names unique (names ignoring case, and no
 * name equal to another stage's key, since deals name a stage by either), at least one open
 * stage, `rotDays` only on open stages.
 */
export const StageList = z
  .array(StageDefinition, { error: 'must be a list of stages' })
  .min(1, 'must hold at least one stage')
  .max(30, 'must hold at most 30 stages')
  .superRefine((stages, ctx) => {
    const keys = new Map<string, number>();
    const names = new Map<string, number>();
    stages.forEach((s, i) => {
      if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `is used by stage ${keys.get(s.key)! + 1} too` });
      else keys.set(s.key, i);
      const name = s.name.toLowerCase();
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `is used by stage ${names.get(name)! + 1} too` });
      else names.set(name, i);
      if (s.rotDays !== undefined && s.kind !== 'open') ctx.addIssue({ code: 'custom', path: [i, 'rotDays'], message: 'only applies to an open stage' });
    });
    stages.forEach((s, i) => {
      const other = keys.get(s.name.toLowerCase());
      if (other !== undefined && other !== i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `is the key of stage ${other + 1}` });
    });
    if (stages.length && !stages.some((s) => s.kind === 'open')) ctx.addIssue({ code: 'custom', message: 'must hold at least one open stage' });
  });

/** Body of `POST /api/pipelines` (admins). */
export const PipelineCreate = z.strictObject({ name: requiredText(100), stages: StageList });
export type PipelineCreate = z.infer<typeof PipelineCreate>;

/**
 * Body of `PATCH /api/pipelines/:id` (admins). `stages` is the whole new list: a stage keeps
 * its deals by its key (renames and reorders keep them); a key left out removes that stage,
 * and `moveDeals` says where its deals go (`{<removed key>: <key of a stage kept>}`).
 */
export const PipelinePatch = z
  .strictObject({
    name: requiredText(100).optional(),
    stages: StageList.optional(),
    moveDeals: z.record(z.string().max(40), StageKey, { error: 'must map removed stage keys to the keys of stages kept' }).optional(),
  })
  .refine((p) => p.name !== undefined || p.stages !== undefined, { message: 'names no field to change' });
export type PipelinePatch = z.infer<typeof PipelinePatch>;

/** A pipeline, as the API returns it. */
export const PipelineDefinition = z.object({
  id: RecordId,
  name: z.string(),
  stages: z.array(Stage),
  /** The pipeline deals go to when they name none (it holds SPEC section 3's stages at first). */
  default: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PipelineDefinition = z.infer<typeof PipelineDefinition>;
