import type { Opportunity, OpportunityCreate, Pipeline } from '../../../shared/opportunity.js';
import { nextCursorOf, seqOf, type ShoalApi } from '../api.js';

/** Whose deals the board shows: everyone's, the signed-in rep's, or one rep's. */
export interface PipelineFilter {
  mine?: boolean;
  ownerId?: string;
}

/** The board's owner filter ('' everyone's, 'mine', or a user id) as `GET /api/pipeline` takes it. */
export function pipelineFilterOf(filter: string): PipelineFilter {
  if (filter === 'mine') return { mine: true };
  return filter ? { ownerId: filter } : {};
}

/** Whose deals the owner filter keeps (undefined: everyone's). */
export function ownerIdOf(filter: string, me: string | undefined): string | undefined {
  if (filter === 'mine') return me;
  return filter || undefined;
}

/** Body of a move, as `POST /api/opportunities/:id/move` takes it. */
export interface MoveBody {
  stage: string;
  afterId?: string;
  beforeId?: string;
  lostReason?: string;
}

/** `GET /pipeline`: every stage with its count, total and first `limit` cards in board order, and the seq it reflects. */
export async function fetchPipeline(api: ShoalApi, filter: PipelineFilter, limit: number, signal?: AbortSignal): Promise<{ pipeline: Pipeline; seq: number | undefined }> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.mine) query.set('mine', 'true');
  else if (filter.ownerId) query.set('ownerId', filter.ownerId);
  const response = await api.request('GET', `/pipeline?${query}`, signal ? { signal } : {});
  return { pipeline: (await response.json()) as Pipeline, seq: seqOf(response) };
}

/** The next cards of one column (`GET /opportunities?stage=&sort=rank&cursor=`). */
export async function fetchColumnPage(
  api: ShoalApi,
  params: { stage: string; cursor: string; limit: number; ownerId?: string | undefined },
): Promise<{ items: Opportunity[]; nextCursor?: string; seq?: number }> {
  const query = new URLSearchParams({ stage: params.stage, sort: 'rank', limit: String(params.limit), cursor: params.cursor });
  if (params.ownerId) query.set('ownerId', params.ownerId);
  const response = await api.request('GET', `/opportunities?${query}`);
  const items = (await response.json()) as Opportunity[];
  const nextCursor = nextCursorOf(response.headers.get('link'));
  const seq = seqOf(response);
  return { items, ...(nextCursor ? { nextCursor } : {}), ...(seq === undefined ? {} : { seq }) };
}

/**
 * `POST /opportunities/:id/move` with `If-Match` of the version the move was made from: a
 * card someone else moved since answers 412 (ApiError whose `problem.current` is the card).
 */
export async function moveDeal(api: ShoalApi, id: string, body: MoveBody, version: number): Promise<Opportunity> {
  const response = await api.request('POST', `/opportunities/${encodeURIComponent(id)}/move`, { body, headers: { 'if-match': `"${version}"` } });
  return (await response.json()) as Opportunity;
}

/** `POST /opportunities`; `idempotencyKey` makes a retry create nothing twice. */
export async function createDeal(api: ShoalApi, input: OpportunityCreate, idempotencyKey?: string): Promise<Opportunity> {
  const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
  const response = await api.request('POST', '/opportunities', { body: input, headers });
  return (await response.json()) as Opportunity;
}
