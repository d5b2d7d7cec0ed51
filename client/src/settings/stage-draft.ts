import type { Stage, StageKind } from '../../../shared/stage.js';
import type { PipelinePatch, StageDefinition } from '../../../shared/pipeline.js';
import { freeKey, keyOf } from './settings-api.js';

/** One stage as the pipeline editor holds it: numbers as typed, so a half-typed one stays. */
export interface StageDraft {
  /** A stable id for the row (its key for a saved stage), so rows keep their focus when reordered. */
  row: string;
  key: string;
  name: string;
  probability: string;
  kind: StageKind;
  /** Empty: never rotting. */
  rotDays: string;
  /** Not saved yet: its key follows its name. */
  isNew: boolean;
}

/** A saved stage the draft leaves out, and where its deals go ('' not chosen yet). */
export interface RemovedStage {
  stage: Stage;
  deals: number;
  moveTo: string;
}

/** The editor's draft of a pipeline. */
export interface PipelineDraft {
  name: string;
  stages: StageDraft[];
  removed: RemovedStage[];
}

let rows = 0;

export const draftOfStage = (s: Stage): StageDraft => ({
  row: `saved-${s.key}`,
  key: s.key,
  name: s.name,
  probability: String(s.probability),
  kind: s.kind,
  rotDays: s.rotDays === undefined ? '' : String(s.rotDays),
  isNew: false,
});

/** A draft of a saved pipeline (or of a new one: three stages to start from). */
export function draftOf(pipeline: { name: string; stages: readonly Stage[] } | undefined): PipelineDraft {
  if (!pipeline)
    return {
      name: '',
      stages: [
        { row: `new-${++rows}`, key: 'lead', name: 'Lead', probability: '10', kind: 'open', rotDays: '', isNew: true },
        { row: `new-${++rows}`, key: 'won', name: 'Won', probability: '100', kind: 'won', rotDays: '', isNew: true },
        { row: `new-${++rows}`, key: 'lost', name: 'Lost', probability: '0', kind: 'lost', rotDays: '', isNew: true },
      ],
      removed: [],
    };
  return { name: pipeline.name, stages: pipeline.stages.map(draftOfStage), removed: [] };
}

/** Keys a new stage must not take: every stage in the draft, and every saved stage (a removed one's key would keep its deals). */
function takenKeys(draft: PipelineDraft, saved: readonly Stage[], except?: string): Set<string> {
  return new Set([...draft.stages.filter((s) => s.row !== except).map((s) => s.key), ...saved.map((s) => s.key)]);
}

/** A new open stage, before the first closed one (where new stages usually go). */
export function addStage(draft: PipelineDraft, saved: readonly Stage[]): { draft: PipelineDraft; row: string } {
  const at = draft.stages.findIndex((s) => s.kind !== 'open');
  const index = at === -1 ? draft.stages.length : at;
  const stage: StageDraft = { row: `new-${++rows}`, key: freeKey('stage', takenKeys(draft, saved)), name: '', probability: '50', kind: 'open', rotDays: '', isNew: true };
  const stages = [...draft.stages];
  stages.splice(index, 0, stage);
  return { draft: { ...draft, stages }, row: stage.row };
}

/** One stage changed; a new stage's key follows its name. */
export function changeStage(draft: PipelineDraft, saved: readonly Stage[], row: string, change: Partial<Omit<StageDraft, 'row' | 'isNew'>>): PipelineDraft {
  return {
    ...draft,
    stages: draft.stages.map((s) => {
      if (s.row !== row) return s;
      const next = { ...s, ...change };
      if (s.isNew && change.name !== undefined) next.key = freeKey(keyOf(change.name) || 'stage', takenKeys(draft, saved, row));
      if (next.kind !== 'open') next.rotDays = '';
      return next;
    }),
  };
}

/** A stage one place up (-1) or down (+1); the same draft at either end. */
export function moveStage(draft: PipelineDraft, row: string, by: -1 | 1): PipelineDraft {
  const from = draft.stages.findIndex((s) => s.row === row);
  const to = from + by;
  if (from < 0 || to < 0 || to >= draft.stages.length) return draft;
  const stages = [...draft.stages];
  [stages[from], stages[to]] = [stages[to]!, stages[from]!];
  return { ...draft, stages };
}

/** A stage taken out; a saved one is kept in `removed` with its deals' count, to ask where they go. */
export function removeStage(draft: PipelineDraft, saved: readonly Stage[], row: string, counts: Record<string, number>): PipelineDraft {
  const stage = draft.stages.find((s) => s.row === row);
  if (!stage) return draft;
  const stages = draft.stages.filter((s) => s.row !== row);
  const original = stage.isNew ? undefined : saved.find((s) => s.key === stage.key);
  const removed = original ? [...draft.removed, { stage: original, deals: counts[original.key] ?? 0, moveTo: '' }] : draft.removed;
  return { ...draft, stages, removed };
}

/** A removed stage put back where it was (or at the end). */
export function restoreStage(draft: PipelineDraft, saved: readonly Stage[], key: string): PipelineDraft {
  const gone = draft.removed.find((r) => r.stage.key === key);
  if (!gone) return draft;
  const place = saved.findIndex((s) => s.key === key);
  const stages = [...draft.stages];
  stages.splice(Math.min(place, stages.length), 0, draftOfStage(gone.stage));
  return { ...draft, stages, removed: draft.removed.filter((r) => r.stage.key !== key) };
}

const wholeOrText = (text: string): number | string => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/**
 * The stages as the API takes them. A number field that is not a whole number goes as typed,
 * so the server's 422 names it (`stages.2.probability`) in the admin's words.
 */
export function stagesOut(draft: PipelineDraft): StageDefinition[] {
  return draft.stages.map((s) => ({
    key: s.key,
    name: s.name.trim(),
    probability: wholeOrText(s.probability),
    kind: s.kind,
    ...(s.kind === 'open' && s.rotDays.trim() ? { rotDays: wholeOrText(s.rotDays) } : {}),
  })) as StageDefinition[];
}

/** The `moveDeals` of the removed stages the admin answered (an unanswered one is left to the server's 422). */
export function moveDealsOut(draft: PipelineDraft): Record<string, string> | undefined {
  const out = Object.fromEntries(draft.removed.filter((r) => r.moveTo).map((r) => [r.stage.key, r.moveTo]));
  return Object.keys(out).length ? out : undefined;
}

/** The PATCH body of a saved pipeline's draft (undefined: nothing changed). */
export function patchOf(draft: PipelineDraft, saved: { name: string; stages: readonly Stage[] }): PipelinePatch | undefined {
  const name = draft.name.trim();
  const stages = stagesOut(draft);
  const stagesChanged = JSON.stringify(stages) !== JSON.stringify(saved.stages.map((s) => ({ key: s.key, name: s.name, probability: s.probability, kind: s.kind, ...(s.rotDays === undefined ? {} : { rotDays: s.rotDays }) })));
  const moveDeals = moveDealsOut(draft);
  if (name === saved.name && !stagesChanged) return undefined;
  return { ...(name !== saved.name ? { name } : {}), ...(stagesChanged ? { stages } : {}), ...(stagesChanged && moveDeals ? { moveDeals } : {}) } as PipelinePatch;
}

/** Whether the draft differs from what is saved. */
export const isDirty = (draft: PipelineDraft, saved: { name: string; stages: readonly Stage[] } | undefined): boolean =>
  saved ? patchOf(draft, saved) !== undefined : true;
