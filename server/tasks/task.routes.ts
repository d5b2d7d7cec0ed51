import type { Router } from 'express';
import { TaskCreate, TaskListQuery, TaskPatch, TaskReplace } from '../../shared/task.js';
import type { Idempotency } from '../http/idempotency.js';
import { recordRoutes } from '../records/record.routes.js';
import type { TaskService } from './task.service.js';

/** REST routes of tasks. */
export const taskRoutes = (tasks: TaskService, idempotency: Idempotency): Router =>
  recordRoutes({
    path: 'tasks',
    schemas: { query: TaskListQuery, create: TaskCreate, replace: TaskReplace, patch: TaskPatch },
    service: tasks,
    idempotency,
  });
