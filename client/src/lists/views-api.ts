import type { SavedView, ViewCreate, ViewPatch } from '../../../shared/view.js';
import type { ShoalApi } from '../api.js';

export type { SavedView };

/** What a new view sends. */
export type SavedViewInput = ViewCreate;

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
export async function patchView(api: ShoalApi, id: string, patch: ViewPatch): Promise<SavedView> {
  return (await (await api.request('PATCH', `/views/${encodeURIComponent(id)}`, { body: patch })).json()) as SavedView;
}

/** `DELETE /views/:id`. */
export async function deleteView(api: ShoalApi, id: string): Promise<void> {
  await api.request('DELETE', `/views/${encodeURIComponent(id)}`);
}
