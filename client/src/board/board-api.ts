import type { NextStep, Opportunity, OpportunityCreate, Pipeline } from '../../../shared/opportunity.js';
import type { PipelineDefinition } from '../../../shared/pipeline.js';
import { seqOf, type ShoalApi } from '../api.js';
import { listTasks } from '../tasks/tasks-api.js';
import type { PipelineFilter } from '../../../shared/board-query.js';
import { boardQuery, takePrefetched } from './board-prefetch.js';
import { stepOfTask } from './next-steps.js';

export type { PipelineFilter } from '../../../shared/board-query.js';

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

/**
 * `GET /pipeline`: every stage of a pipeline with its count, total and first `limit` cards in
 * board order, the cards' customers' names and next steps, and the seq it reflects. The board's
 * first load takes the answer the shell asked for early (board-prefetch.ts) when it is the same query.
 */
export async function fetchPipeline(api: ShoalApi, filter: PipelineFilter, limit: number, signal?: AbortSignal, pipelineId?: string): Promise<{ pipeline: Pipeline; seq: number | undefined }> {
  const path = `/pipeline?${boardQuery(filter, pipelineId, limit)}`;
  // No await before asking when there is no early answer: the request goes out at once.
  const early = takePrefetched(path);
  const response = (early && (await early)) ?? (await api.request('GET', path, signal ? { signal } : {}));
  return { pipeline: (await response.json()) as Pipeline, seq: seqOf(response) };
}

/** The next cards of one column, with their customers' names and next steps (`GET /pipeline?stage=&cursor=`). */
export async function fetchColumnPage(
  api: ShoalApi,
  params: { stage: string; cursor: string; limit: number; filter: PipelineFilter; pipelineId: string | undefined },
): Promise<{ items: Opportunity[]; nextCursor?: string; seq?: number; customers: Record<string, string>; nextSteps: Record<string, NextStep> }> {
  const query = boardQuery(params.filter, params.pipelineId, params.limit);
  query.set('stage', params.stage);
  query.set('cursor', params.cursor);
  const response = await api.request('GET', `/pipeline?${query}`);
  const answer = (await response.json()) as Pipeline;
  const column = answer.stages[0];
  const seq = seqOf(response);
  return {
    items: column?.opportunities ?? [],
    ...(column?.nextCursor ? { nextCursor: column.nextCursor } : {}),
    ...(seq === undefined ? {} : { seq }),
    customers: answer.customers,
    nextSteps: answer.nextSteps ?? {},
  };
}

/** `GET /pipelines`: every pipeline with its stages. */
export async function fetchPipelines(api: ShoalApi): Promise<PipelineDefinition[]> {
  const response = await api.request('GET', '/pipelines');
  return (await response.json()) as PipelineDefinition[];
}

/** One deal's next step read again (`GET /tasks?opportunityId=&done=false&sort=dueAt&limit=1`); null: none. */
export async function fetchNextStep(api: ShoalApi, opportunityId: string): Promise<NextStep | null> {
  const page = await listTasks(api, { opportunityId, done: false, sort: 'dueAt', limit: 1 });
  const first = page.items[0];
  return first ? stepOfTask(first) : null;
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
