import type { NextStep } from '../../shared/opportunity.js';
import type { Task } from '../../shared/task.js';
import type { Table } from '../read-model/table.js';

/** Each table's next steps as JSON, by task id, with the version they were written from. */
const written = new WeakMap<Table<Task>, Map<string, { version: number; json: string }>>();

/**
 * A deal's next step as JSON: its open task due first (ties by id, as the task list orders
 * them), which the task table keeps per deal as tasks come and go (`firsts` in kinds.ts: a
 * lookup, not a pass over the deal's tasks), written once per version of that task.
 */
export function nextStepJson(tasks: Table<Task>, opportunityId: string): string | undefined {
  const row = tasks.firstOf(opportunityId);
  if (!row) return undefined;
  let byId = written.get(tasks);
  if (!byId) written.set(tasks, (byId = new Map()));
  const id = row.id;
  const version = row.version;
  const known = byId.get(id);
  if (known?.version === version) return known.json;
  const task = JSON.parse(row.json) as Task;
  const step: NextStep = { id: task.id, title: task.title, type: task.type, dueAt: task.dueAt, assigneeId: task.assigneeId };
  const json = JSON.stringify(step);
  // Written steps of tasks long gone are dropped now and then (no more than the tasks there are).
  if (byId.size > 2 * tasks.size + 1000) byId.clear();
  byId.set(id, { version, json });
  return json;
}
