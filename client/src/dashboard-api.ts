import type { Dashboard } from '../../shared/dashboard.js';
import type { Interaction, InteractionType } from '../../shared/interaction.js';
import { nextCursorOf, seqOf, type ShoalApi } from './api.js';

/** What the dashboard asks for: a period (ISO instants, `to` exclusive) and an owner. */
export interface DashboardParams {
  from: string;
  to: string;
  /** Only this rep's deals and interactions; everyone's when left out. */
  ownerId?: string | undefined;
}

/** `GET /api/dashboard?from&to&ownerId`: every figure of the period and of the one before. */
export async function fetchDashboard(api: ShoalApi, params: DashboardParams, signal?: AbortSignal): Promise<Dashboard> {
  const query = new URLSearchParams({ from: params.from, to: params.to });
  if (params.ownerId) query.set('ownerId', params.ownerId);
  const response = await api.request('GET', `/dashboard?${query}`, signal ? { signal } : {});
  return (await response.json()) as Dashboard;
}

/** Filters of the interaction history. */
export interface InteractionListParams {
  customerId?: string | undefined;
  userId?: string | undefined;
  type?: InteractionType | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
  cursor?: string | undefined;
}

/** One page of interactions, newest first. */
export interface InteractionPage {
  items: Interaction[];
  /** How many interactions match in all. */
  total: number;
  /** Cursor of the next page, when there is one. */
  nextCursor?: string;
  /** The last change this answer reflects (`Shoal-Seq`), when the server says. */
  seq?: number;
}

/** `GET /api/interactions` with filters: one page, newest first, and the next page's cursor. */
export async function listInteractions(api: ShoalApi, params: InteractionListParams, signal?: AbortSignal): Promise<InteractionPage> {
  const query = new URLSearchParams();
  for (const key of ['customerId', 'userId', 'type', 'from', 'to', 'cursor'] as const) {
    const value = params[key];
    if (value) query.set(key, value);
  }
  if (params.limit) query.set('limit', String(params.limit));
  const search = query.toString();
  const response = await api.request('GET', `/interactions${search ? `?${search}` : ''}`, signal ? { signal } : {});
  const items = (await response.json()) as Interaction[];
  const total = Number(response.headers.get('x-total-count') ?? items.length);
  const nextCursor = nextCursorOf(response.headers.get('link'));
  const seq = seqOf(response);
  return { items, total: Number.isFinite(total) ? total : items.length, ...(nextCursor ? { nextCursor } : {}), ...(seq === undefined ? {} : { seq }) };
}
