import { z } from 'zod';
import { DEFAULT_STAGES as STAGE_DATA } from './stages.js';

export { DEFAULT_PIPELINE_ID } from './stages.js';

/** Whether a stage is still being worked, or closes the deal as won or lost. */
export const StageKind = z.enum(['open', 'won', 'lost']);
export type StageKind = z.infer<typeof StageKind>;

/** One column of a pipeline. */
export const Stage = z.object({
  key: z.string(),
  name: z.string(),
  probability: z.number().int().min(0).max(100),
  kind: StageKind,
  /** Days without a change, interaction or task after which an open deal here is rotting (none: never). */
  rotDays: z.number().int().optional(),
});
export type Stage = z.infer<typeof Stage>;

/** The default pipeline (SPEC section 3), in board order (data in shared/stages.ts). */
export const DEFAULT_STAGES: readonly Stage[] = STAGE_DATA;

/** The stage a key or a name names, ignoring case and surrounding spaces. */
export function findStage(input: string, stages: readonly Stage[] = DEFAULT_STAGES): Stage | undefined {
  const wanted = input.trim().toLowerCase();
  return stages.find((s) => s.key === wanted || s.name.toLowerCase() === wanted);
}

/**
 * Why `input` names no stage of `stages`, as a field message: an input that starts several
 * stage names (the seed's bare "Closed") is ambiguous; anything else lists the stages.
 */
export function stageProblem(input: string, stages: readonly Stage[] = DEFAULT_STAGES): string {
  const wanted = input.trim().toLowerCase();
  const starting = wanted ? stages.filter((s) => s.name.toLowerCase().startsWith(`${wanted} `)) : [];
  if (starting.length > 1) return `is ambiguous: say ${starting.map((s) => `"${s.name}"`).join(' or ')}`;
  return `must be one of ${stages.map((s) => `"${s.name}"`).join(', ')} (or their keys)`;
}

/**
 * A stage as input: its key or its name, any case. The server resolves it within the deal's
 * pipeline (a stage of another pipeline is a 422 naming `stage`) and answers the key.
 */
export const StageInput = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters');

/**
 * Whether a deal is rotting at `now`: open, in a stage with `rotDays`, and its last activity
 * (its own last change by a person, its customer's newest interaction, its newest task) older
 * than that many days. The server keeps `rotting` on each deal by this rule (server/pipelines/rotting.ts).
 */
export function isRotting(stage: Pick<Stage, 'kind' | 'rotDays'> | undefined, lastActivity: number, now: number): boolean {
  return !!stage && stage.kind === 'open' && stage.rotDays !== undefined && now - lastActivity > stage.rotDays * 24 * 60 * 60 * 1000;
}
