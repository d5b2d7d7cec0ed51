import { z } from 'zod';
import { DEFAULT_STAGES as STAGE_DATA } from './stages.js';

/** Whether a stage is still being worked, or closes the deal as won or lost. */
export const StageKind = z.enum(['open', 'won', 'lost']);
export type StageKind = z.infer<typeof StageKind>;

/** One column of the pipeline. */
export const Stage = z.object({
  key: z.string(),
  name: z.string(),
  probability: z.number().int().min(0).max(100),
  kind: StageKind,
});
export type Stage = z.infer<typeof Stage>;

/** The default pipeline (SPEC section 3), in board order (data in shared/stages.ts). */
export const DEFAULT_STAGES: readonly Stage[] = STAGE_DATA;

/** The stage a key or a name names, ignoring case and surrounding spaces. */
export function findStage(input: string, stages: readonly Stage[] = DEFAULT_STAGES): Stage | undefined {
  const wanted = input.trim().toLowerCase();
  return stages.find((s) => s.key === wanted || s.name.toLowerCase() === wanted);
}

/** A stage as input: its key or its name, any case; answers the key. A bare "Closed" is refused. */
export const StageInput = z.string({ error: 'is required' }).transform((value, ctx) => {
  const stage = findStage(value);
  if (stage) return stage.key;
  ctx.addIssue({
    code: 'custom',
    message:
      value.trim().toLowerCase() === 'closed'
        ? 'is ambiguous: say "Closed Won" or "Closed Lost"'
        : `must be one of ${DEFAULT_STAGES.map((s) => `"${s.name}"`).join(', ')} (or their keys)`,
  });
  return z.NEVER;
});
