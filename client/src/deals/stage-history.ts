import type { Actor } from '../../../shared/common.js';
import type { StageChange } from '../../../shared/opportunity.js';

/** One stretch of a deal's life in one stage: from when it entered to when it left (absent: still there). */
export interface StageSpan {
  stage: string;
  from: string;
  to?: string;
  /** How long it stayed (until `now` for the current stage), in milliseconds. */
  ms: number;
  /** Who moved it into the stage (absent for the stage it was created in, when the history does not say). */
  by?: Actor;
  /** The deal was created in this stage. */
  created?: true;
}

/**
 * The deal's stages, newest first, each with its time in stage, from its stage history
 * (`GET /api/opportunities/:id/history`, oldest first). A history that does not start at the
 * deal's creation (older deals) starts with the stage the first change left, from `createdAt`;
 * an empty one is the current stage since `createdAt`.
 */
export function stageSpans(history: readonly StageChange[], deal: { stage: string; createdAt: string }, now: number = Date.now()): StageSpan[] {
  const changes = [...history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const starts: Array<{ stage: string; from: string; by?: Actor; created?: true }> = [];
  const first = changes[0];
  if (!first) starts.push({ stage: deal.stage, from: deal.createdAt, created: true });
  else if (first.from !== null) starts.push({ stage: first.from, from: deal.createdAt, created: true });
  for (const change of changes) starts.push({ stage: change.to, from: change.at, by: change.actor, ...(change.from === null ? { created: true as const } : {}) });
  const spans = starts.map((start, i): StageSpan => {
    const next = starts[i + 1];
    const end = next ? Date.parse(next.from) : now;
    return { ...start, ...(next ? { to: next.from } : {}), ms: Math.max(0, end - Date.parse(start.from)) };
  });
  return spans.reverse();
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A time in stage in words: "under a minute", "12 minutes", "5 hours", "1 day", "3 weeks" (whole units, rounded down). */
export function spanText(ms: number): string {
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return unit(Math.floor(ms / MINUTE), 'minute');
  if (ms < DAY) return unit(Math.floor(ms / HOUR), 'hour');
  if (ms < 14 * DAY) return unit(Math.floor(ms / DAY), 'day');
  if (ms < 60 * DAY) return unit(Math.floor(ms / (7 * DAY)), 'week');
  return unit(Math.floor(ms / (30 * DAY)), 'month');
}
