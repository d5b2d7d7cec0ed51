import type { Dashboard, DashboardQuery } from '../../../shared/dashboard.js';
import type { Transport } from '../data/resource.js';
import { queryString } from '../data/http.js';

/** What the dashboard asks for: a period (ISO instants, `to` exclusive) and an owner. */
export interface DashboardParams {
  from: NonNullable<DashboardQuery['from']>;
  to: NonNullable<DashboardQuery['to']>;
  /** Only this rep's deals and interactions; everyone's when left out. */
  ownerId?: DashboardQuery['ownerId'] | undefined;
  /** Only this pipeline's deals; every pipeline's when left out. */
  pipelineId?: DashboardQuery['pipelineId'] | undefined;
}

/** `GET /api/dashboard?from&to&ownerId&pipelineId`: every figure of the period and of the one before. */
export async function fetchDashboard(api: Transport, params: DashboardParams, signal?: AbortSignal): Promise<Dashboard> {
  const response = await api.request('GET', `/dashboard${queryString(params)}`, { kind: 'dashboard', ...(signal ? { signal } : {}) });
  return (await response.json()) as Dashboard;
}
