import type { Task, TaskCreate, TaskPatch } from '../../../shared/task.js';
import type { ShoalApi } from '../api.js';
import { resource } from '../data/resource.js';
import type { ListPage } from '../records.js';

/**
 * The task calls the client makes, through the one REST client (`data/resource.ts`), so a
 * missing task reads "That task no longer exists" and every call carries the session's headers.
 */

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
export function listTasks(api: ShoalApi, params: TaskListParams, signal?: AbortSignal): Promise<ListPage<Task>> {
  // In the order given (`done` as the query's 'true' or 'false').
  const query = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'boolean' ? String(value) : value]));
  return resource(api, 'tasks').list(query, signal);
}

/** `POST /tasks`; `idempotencyKey` makes a retry create nothing twice. */
export const createTask = (api: ShoalApi, input: TaskCreate, idempotencyKey: string): Promise<Task> => resource(api, 'tasks').create(input, { idempotencyKey });

/** `PATCH /tasks/:id`; with `version`, a change since answers 412. */
export const patchTask = (api: ShoalApi, id: string, patch: TaskPatch, version?: number): Promise<Task> => resource(api, 'tasks').patch(id, patch, { version });
