import type { Task, TaskCreate, TaskPatch } from '../../../shared/task.js';
import { seqOf, type ShoalApi } from '../api.js';
import type { ListPage } from '../records.js';

/** Filters of `GET /tasks` the client uses. */
export interface TaskListParams {
  assigneeId?: string;
  customerId?: string;
  opportunityId?: string;
  done?: boolean;
  sort?: string;
  limit?: number;
}

/** `GET /tasks`: one page, with the `Shoal-Seq` it reflects (for the store's snapshot). */
export async function listTasks(api: ShoalApi, params: TaskListParams, signal?: AbortSignal): Promise<ListPage<Task>> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  const response = await api.request('GET', `/tasks?${query}`, signal ? { signal } : {});
  const items = (await response.json()) as Task[];
  const total = Number(response.headers.get('x-total-count') ?? items.length);
  const seq = seqOf(response);
  return { items, total: Number.isFinite(total) ? total : items.length, ...(seq === undefined ? {} : { seq }) };
}

/** `POST /tasks`; `idempotencyKey` makes a retry create nothing twice. */
export async function createTask(api: ShoalApi, input: TaskCreate, idempotencyKey: string): Promise<Task> {
  const response = await api.request('POST', '/tasks', { body: input, headers: { 'idempotency-key': idempotencyKey } });
  return (await response.json()) as Task;
}

/** `PATCH /tasks/:id`; with `version`, a change since answers 412. */
export async function patchTask(api: ShoalApi, id: string, patch: TaskPatch, version?: number): Promise<Task> {
  const headers: Record<string, string> = version === undefined ? {} : { 'if-match': `"${version}"` };
  const response = await api.request('PATCH', `/tasks/${encodeURIComponent(id)}`, { body: patch, headers });
  return (await response.json()) as Task;
}
