import { z } from 'zod';

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

/** The default pipeline (SPEC section 3), in board order. */
export const DEFAULT_STAGES: readonly Stage[] = [
  { key: 'prospecting', name: 'Prospecting', probability: 10, kind: 'open' },
  { key: 'qualification', name: 'Qualification', probability: 25, kind: 'open' },
  { key: 'proposal', name: 'Proposal', probability: 50, kind: 'open' },
  { key: 'negotiation', name: 'Negotiation', probability: 75, kind: 'open' },
  { key: 'won', name: 'Closed Won', probability: 100, kind: 'won' },
  { key: 'lost', name: 'Closed Lost', probability: 0, kind: 'lost' },
];

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
