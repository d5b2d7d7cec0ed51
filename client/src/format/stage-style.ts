import { DEFAULT_STAGES, type StageData } from '../../../shared/stages.js';

/** Whether a stage is still being worked, or closes the deal as won or lost. */
export type StageKind = StageData['kind'];

/** How a stage looks wherever it shows (board columns, dashboard charts). */
export interface StageStyle {
  /** Its colour: a blue ramp over the open stages (lighter early), green for won, red for lost. */
  color: string;
  kind: StageKind;
}

/** What a style needs to know of a pipeline's stages: their keys, kinds and order. */
export type StageShape = Pick<StageData, 'key' | 'kind'>;

/** Open stages, from the first to the last. */
const OPEN_RAMP = ['#7fb2dd', '#4a90c9', '#2a6fb0', '#1b4f85'] as const;
export const WON_COLOR = '#0e9f6e';
export const LOST_COLOR = '#d9534f';
/** A stage the pipeline does not know (an old key in a report). */
export const OTHER_STAGE_COLOR = '#64748b';

/**
 * The style of a stage of a pipeline (the default pipeline unless given): its kind, and its
 * colour by kind and, for an open stage, by its place among the pipeline's open stages, so a
 * pipeline with other stages still reads light-to-dark towards the close.
 */
export function stageStyle(key: string, stages: readonly StageShape[] = DEFAULT_STAGES): StageStyle {
  const stage = stages.find((s) => s.key === key);
  if (!stage) return { color: OTHER_STAGE_COLOR, kind: 'open' };
  if (stage.kind === 'won') return { color: WON_COLOR, kind: 'won' };
  if (stage.kind === 'lost') return { color: LOST_COLOR, kind: 'lost' };
  const open = stages.filter((s) => s.kind === 'open');
  const i = open.indexOf(stage);
  const step = open.length > 1 ? (i * (OPEN_RAMP.length - 1)) / (open.length - 1) : 0;
  return { color: OPEN_RAMP[Math.round(step)]!, kind: 'open' };
}

/** The colour of a stage (see {@link stageStyle}). */
export function stageColor(key: string, stages?: readonly StageShape[]): string {
  return stageStyle(key, stages).color;
}
