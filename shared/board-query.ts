/**
 * The board's query, as plain functions (no schema library): the web client asks for its
 * board with it, and the server names the same request in the `Link: rel=preload` header of the
 * page it serves at `/pipeline`, so the browser asks for the board's first answer with the page
 * itself. One definition, so the two requests are the same and the browser uses the early one.
 */

/** The address parameter that names the pipeline shown (`/pipeline?pipeline=<id>`). */
export const PIPELINE_PARAM = 'pipeline';

/** Cards per column of the board's first answer (its `page-size`). */
export const BOARD_PAGE_SIZE = 50;

/** Whose deals the board shows: everyone's, the signed-in rep's, or one rep's. */
export interface PipelineFilter {
  mine?: boolean;
  ownerId?: string;
}

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

/** The board's first request when a page opens at `search` (everyone's deals), relative to the API's base. */
export function firstBoardPath(search: string): string {
  return `/pipeline?${boardQuery({}, pipelineOfSearch(search), BOARD_PAGE_SIZE)}`;
}
