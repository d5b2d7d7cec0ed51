import type { BatchResult } from '../../../shared/batch.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import type { Page } from '../data/http.js';
import type { RecordStore } from '../data/record-store.js';
import { resource as resourceOf } from '../data/resource.js';

/** The REST collection of each list's entity. */
export const RESOURCE = { customer: 'customers', contact: 'contacts', opportunity: 'opportunities' } as const;
type ListResource = (typeof RESOURCE)[keyof typeof RESOURCE];

/**
 * `GET /<resource>?<query>`: one page of a list, through the resource client. The query is the
 * list's state as REST parameters (built and checked by list-state.ts), so it goes as it is.
 */
export const listPage = <T>(api: ShoalApi, resource: ListResource, query: Record<string, string>, signal?: AbortSignal): Promise<Page<T>> =>
  resourceOf(api, resource).list(query as never, signal) as Promise<Page<T>>;

/**
 * Every record matching a list's query (its cursor and limit replaced), page by page (200 a
 * page), for "all N matching": `progress` hears how many have come.
 */
export async function allMatching<T>(api: ShoalApi, resource: ListResource, query: Record<string, string>, progress?: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<T[]> {
  const { cursor: _c, ...rest } = query;
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await listPage<T>(api, resource, { ...rest, limit: '200', ...(cursor ? { cursor } : {}) }, signal);
    out.push(...next.items);
    progress?.(out.length, next.total);
    cursor = next.nextCursor;
  } while (cursor);
  return out;
}

/** `POST /<resource>/batch` (SPEC section 4): 200 or 207 with per-item results. */
export const sendBatch = (api: ShoalApi, resource: ListResource, body: { update?: ({ id: string; version?: number } & Record<string, unknown>)[]; delete?: string[] }): Promise<BatchResult> =>
  resourceOf(api, resource).batch(body as never);

const loads = new WeakMap<RecordStore, Promise<void>>();

/**
 * The custom field definitions, loaded into the store once per store (`GET /api/fields`); their
 * `field` change events keep them current there after, so a definition an admin adds reaches
 * open lists without a reload. A failed load is tried again on the next call; `refresh` loads
 * again (after changes were lost).
 */
export function loadFields(store: RecordStore, api: ShoalApi, refresh = false): Promise<void> {
  let load = refresh ? undefined : loads.get(store);
  if (!load) {
    load = api.request('GET', '/fields').then(
      async (response) => {
        for (const def of (await response.json()) as FieldDefinition[]) store.put('field', def);
      },
      (error: unknown) => {
        loads.delete(store);
        throw error;
      },
    );
    loads.set(store, load);
  }
  return load;
}

/**
 * What a list page needs before its columns and filters are complete: the team (owners by name)
 * and the custom field definitions, each once per store; `users` hears the team, `fields` that
 * the definitions are in. A failure leaves the page as it is (the ids show, no custom columns).
 */
export function loadTeamAndFields(store: RecordStore, api: ShoalApi, then: { users: (users: User[]) => void; fields: () => void }): void {
  store
    .team()
    .then(then.users)
    .catch(() => undefined);
  loadFields(store, api)
    .then(then.fields)
    .catch(() => undefined);
}

/** The store's custom field definitions of one kind of record, oldest first (the order admins added them). */
export const fieldsOf = (store: RecordStore | undefined, entity: string): FieldDefinition[] =>
  (store?.where('field', (d) => d.entity === entity) ?? []).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
