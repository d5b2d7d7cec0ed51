import { seqOf } from '../data/http.js';
import { firstBoardPath } from '../../../shared/board-query.js';

/**
 * The board's first answer asked for ahead of the board: when the page opens on the board, the
 * shell asks for `GET /api/pipeline` while it is still finding out who is signed in and loading
 * the board's code, so the board has its cards when it mounts instead of asking only then.
 * This module is in the first script (the shell's route table calls it), so it holds only that.
 * The server names the same request in the page's `Link: rel=preload` header, so the browser
 * has asked for it with the page, before any script ran, and this fetch takes that answer.
 *
 * The early answer is used once, by the board's first load of the same query, only when it is a
 * success with its `Shoal-Seq` (the board applies the changes after it, as for any answer) and
 * is taken within a few seconds; anything else and the board asks as usual.
 */

export { BOARD_PAGE_SIZE, PIPELINE_PARAM, boardQuery, pipelineOfSearch } from '../../../shared/board-query.js';

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
  // The same request as the page's `Link: rel=preload` (server/app.ts), so the browser's early answer is used.
  const path = firstBoardPath(search);
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
