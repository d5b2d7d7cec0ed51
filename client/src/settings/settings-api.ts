import type { FieldCreate, FieldDefinition, FieldEntity, FieldPatch } from '../../../shared/field.js';
import type { Pipeline } from '../../../shared/opportunity.js';
import type { PipelineCreate, PipelineDefinition, PipelinePatch } from '../../../shared/pipeline.js';
import { ApiError, type ShoalApi } from '../api.js';
import { ifMatch } from '../data/http.js';
import type { RecordStore } from '../data/record-store.js';

/**
 * The REST calls of the admin settings (SPEC section 12): custom field definitions and
 * pipelines. Every answer goes into the one record store, whose `field` and `pipeline`
 * change events keep them current after; the settings screens render from the store.
 */

/** The record kinds with custom fields, in the order the settings show them, with their names. */
export const FIELD_ENTITIES: ReadonlyArray<{ entity: FieldEntity; label: string; one: string }> = [
  { entity: 'customer', label: 'Customers', one: 'customer' },
  { entity: 'contact', label: 'Contacts', one: 'contact' },
  { entity: 'opportunity', label: 'Deals', one: 'deal' },
  { entity: 'interaction', label: 'Interactions', one: 'interaction' },
  { entity: 'task', label: 'Tasks', one: 'task' },
];

/** `POST /api/fields`: the new definition, in the store. */
export async function createField(api: ShoalApi, store: RecordStore, input: FieldCreate): Promise<FieldDefinition> {
  const response = await api.request('POST', '/fields', { body: input, kind: 'custom field' });
  const def = (await response.json()) as FieldDefinition;
  store.put('field', def);
  return def;
}

/** `PATCH /api/fields/:id`: the changed definition, in the store. */
export async function patchField(api: ShoalApi, store: RecordStore, id: string, patch: FieldPatch): Promise<FieldDefinition> {
  const response = await api.request('PATCH', `/fields/${encodeURIComponent(id)}`, { body: patch, kind: 'custom field' });
  const def = (await response.json()) as FieldDefinition;
  store.put('field', def);
  return def;
}

/** `DELETE /api/fields/:id`: off the store (its delete event, when it comes, is dropped or taken alike). */
export async function deleteField(api: ShoalApi, store: RecordStore, id: string): Promise<void> {
  await api.request('DELETE', `/fields/${encodeURIComponent(id)}`, { kind: 'custom field' });
  store.forget('field', id);
}

const pipelineLoads = new WeakMap<RecordStore, Promise<void>>();

/**
 * The pipelines, loaded into the store once per store (`GET /api/pipelines`); their `pipeline`
 * change events keep them current there after. A failed load is tried again on the next call,
 * and `refresh` loads again (after changes were lost).
 */
export function loadPipelines(store: RecordStore, api: ShoalApi, refresh = false): Promise<void> {
  let load = refresh ? undefined : pipelineLoads.get(store);
  if (!load) {
    load = api.request('GET', '/pipelines', { kind: 'pipeline' }).then(
      async (response) => {
        for (const p of (await response.json()) as PipelineDefinition[]) store.put('pipeline', p);
      },
      (error: unknown) => {
        pipelineLoads.delete(store);
        throw error;
      },
    );
    pipelineLoads.set(store, load);
  }
  return load;
}

/** The store's pipelines: the default first, then by name. */
export const pipelinesOf = (store: RecordStore | undefined): PipelineDefinition[] =>
  (store?.where('pipeline') ?? []).sort((a, b) => Number(b.default) - Number(a.default) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

/** `POST /api/pipelines`: the new pipeline, in the store. */
export async function createPipeline(api: ShoalApi, store: RecordStore, input: PipelineCreate): Promise<PipelineDefinition> {
  const response = await api.request('POST', '/pipelines', { body: input, kind: 'pipeline' });
  const created = (await response.json()) as PipelineDefinition;
  store.put('pipeline', created);
  return created;
}

/**
 * `PATCH /api/pipelines/:id` with `If-Match` on the version the edit began from: the changed
 * pipeline, in the store (a removed stage's deals moved as one change). A 412 (someone else
 * changed the name or the stages since) rejects with the ApiError, its `current` put in the store.
 */
export async function patchPipeline(api: ShoalApi, store: RecordStore, id: string, patch: PipelinePatch, version: number): Promise<PipelineDefinition> {
  let response: Response;
  try {
    response = await api.request('PATCH', `/pipelines/${encodeURIComponent(id)}`, { body: patch, kind: 'pipeline', headers: ifMatch(version) });
  } catch (error) {
    const current = error instanceof ApiError && error.status === 412 ? (error.problem.current as PipelineDefinition | undefined) : undefined;
    if (current) store.put('pipeline', current);
    throw error;
  }
  const changed = (await response.json()) as PipelineDefinition;
  store.put('pipeline', changed);
  return changed;
}

/** How many deals each stage of a pipeline holds now (`GET /api/pipeline?pipelineId=&limit=1`). */
export async function stageCounts(api: ShoalApi, pipelineId: string, signal?: AbortSignal): Promise<Record<string, number>> {
  const response = await api.request('GET', `/pipeline?${new URLSearchParams({ pipelineId, limit: '1' })}`, { kind: 'pipeline', ...(signal ? { signal } : {}) });
  const board = (await response.json()) as Pipeline;
  return Object.fromEntries(board.stages.map((s) => [s.key, s.count]));
}

/**
 * A key made from a label, as field and option keys are written: lower-case letters, digits
 * and `_`, starting with a letter, at most 40 (`"Renewal date"` → `renewal_date`). Empty when
 * the label has no letter to start with.
 */
export function keyOf(label: string, separator: '_' | '-' = '_'): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^[^a-z]+/, '');
  return words.split(/\s+/).filter(Boolean).join(separator).slice(0, 40).replace(/[_-]+$/, '');
}

/** A key not yet in `taken`: `key`, else `key_2`, `key_3`, … (still at most 40 characters). */
export function freeKey(key: string, taken: ReadonlySet<string>, separator: '_' | '-' = '_'): string {
  if (!taken.has(key)) return key;
  for (let n = 2; ; n++) {
    const suffix = `${separator}${n}`;
    const candidate = `${key.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
