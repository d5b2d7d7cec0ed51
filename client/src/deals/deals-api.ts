import type { Opportunity, StageChange } from '../../../shared/opportunity.js';
import { seqOf, type ShoalApi } from '../api.js';

/** `GET /opportunities/:id`, with the `Shoal-Seq` it reflects (for the store's snapshot). */
export async function getDeal(api: ShoalApi, id: string): Promise<{ value: Opportunity; seq?: number }> {
  const response = await api.request('GET', `/opportunities/${encodeURIComponent(id)}`);
  const value = (await response.json()) as Opportunity;
  const seq = seqOf(response);
  return { value, ...(seq === undefined ? {} : { seq }) };
}

/** `GET /opportunities/:id/history`: the deal's stage changes, oldest first. */
export async function dealHistory(api: ShoalApi, id: string, signal?: AbortSignal): Promise<StageChange[]> {
  const response = await api.request('GET', `/opportunities/${encodeURIComponent(id)}/history`, signal ? { signal } : {});
  return (await response.json()) as StageChange[];
}
