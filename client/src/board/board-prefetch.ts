import { seqOf } from '../data/http.js';
import type { PipelineFilter } from './board-api.js';

/**
 * The board's first answer asked for ahead of the board: when the page opens on the board, the
 * shell asks for `GET /api/pipeline` while it is still finding out who is signed in and loading
 * the board's code, so the board has its cards when it mounts instead of asking only then.
 * This module is in the first script (the shell's route table calls it), so it holds only that.
 *
 * The early answer is used once, by the board's first load of the same query, only when it is a
 * success with its `Shoal-Seq` (the board applies the changes after it, as for any answer) and
 * is taken within a few seconds; anything else and the board asks as usual.
 */

/** The address parameter that names the pipeline shown (`/pipeline?pipeline=<id>`). */
export const PIPELINE_PARAM = 'pipeline';

/** The pipeline an address names (undefined: the default one). */
export function pipelineOfSearch(search: string): string | undefined {
  const id = new URLSearchParams(search).get(PIPELINE_PARAM);
  return id && /^[0-9a-f]{24}$/.test(id) ? id : undefined;
}

/** The board's query: whose deals, which pipeline (undefined: the default one), how many cards per column. */
export function boardQuery(filter: PipelineFilter, pipelineId: string | undefined, limit: number): URLSearchParams {
  const query = new URLSearchParams({ limit: String(limit) });
  if (pipelineId) query.set('pipelineId', pipelineId);
  if (filter.mine) query.set('mine', 'true');
  else if (filter.ownerId) query.set('ownerId', filter.ownerId);
  return query;
}

/** Cards per column of the board's first answer (its `page-size`). */
export const BOARD_PAGE_SIZE = 50;

/** How long an early answer stays good for the board's first load. */
const FRESH_MS = 5_000;

let asked = false;
let early: { path: string; at: number; answer: Promise<Response | undefined> } | undefined;

/**
 * Asks for the board's first answer (everyone's deals, the pipeline `search` names), once per
 * page: a later visit to the board asks for itself. A failure (nobody signed in yet) is
 * dropped here; the board's own request reports what went wrong.
 */
export function prefetchBoard(search: string = globalThis.location?.search ?? '', base = '/api'): void {
  if (asked || typeof fetch !== 'function') return;
  asked = true;
  const path = `/pipeline?${boardQuery({}, pipelineOfSearch(search), BOARD_PAGE_SIZE)}`;
  const answer = fetch(base + path, { headers: { accept: 'application/json, application/problem+json' }, credentials: 'same-origin' }).then(
    (response) => (response.ok && seqOf(response) !== undefined ? response : undefined),
    () => undefined,
  );
  early = { path, at: performance.now(), answer };
}

/** The early answer for `path` (relative to the API's base), once, while fresh; undefined: ask as usual. */
export function takePrefetched(path: string): Promise<Response | undefined> | undefined {
  const found = early;
  early = undefined;
  return found && found.path === path && performance.now() - found.at < FRESH_MS ? found.answer : undefined;
}
