import type { NextStep } from '../../shared/opportunity.js';
import type { Task } from '../../shared/task.js';
import type { Table } from '../read-model/table.js';

/**
 * A deal's next step: its open task due first (ties by id, as the task list orders them), from
 * one pass over the deal's own posting list in the read model's task table (not a scan of every
 * task, nor a list query per card of a board).
 */
export function nextStepOf(tasks: Table<Task>, opportunityId: string): NextStep | undefined {
  const row = tasks.first('opportunityId', opportunityId, { done: 'false' }, 'due');
  if (!row) return undefined;
  const task = JSON.parse(row.json) as Task;
  return { id: task.id, title: task.title, type: task.type, dueAt: task.dueAt, assigneeId: task.assigneeId };
}
