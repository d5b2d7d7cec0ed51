import type { ShoalApi } from '../api.js';

/**
 * A saved view (SPEC section 12): a list's filters (its query parameters), sort and columns
 * under a name, for its owner (`me`) or the whole team.
 */
export interface SavedView {
  id: string;
  entity: string;
  name: string;
  filters: Record<string, string>;
  sort?: string | undefined;
  columns?: string[] | undefined;
  shared: 'me' | 'team';
  ownerId?: string | undefined;
  version?: number;
}

/** What a new view or a change sends. */
export type SavedViewInput = Omit<SavedView, 'id' | 'ownerId' | 'version'>;

/** `GET /views?entity=`: the views the signed-in user sees of a list (their own and the team's). */
export async function listViews(api: ShoalApi, entity: string, signal?: AbortSignal): Promise<SavedView[]> {
  const response = await api.request('GET', `/views?entity=${encodeURIComponent(entity)}`, signal ? { signal } : {});
  return (await response.json()) as SavedView[];
}

/** `POST /views`. */
export async function createView(api: ShoalApi, input: SavedViewInput): Promise<SavedView> {
  return (await (await api.request('POST', '/views', { body: input })).json()) as SavedView;
}

/** `PATCH /views/:id`. */
export async function patchView(api: ShoalApi, id: string, patch: Partial<SavedViewInput>): Promise<SavedView> {
  return (await (await api.request('PATCH', `/views/${encodeURIComponent(id)}`, { body: patch })).json()) as SavedView;
}

/** `DELETE /views/:id`. */
export async function deleteView(api: ShoalApi, id: string): Promise<void> {
  await api.request('DELETE', `/views/${encodeURIComponent(id)}`);
}
