import { Schema, type Connection } from 'mongoose';
import type { TaskType } from '../../shared/task.js';
import { customValuesPath } from '../fields/field.model.js';
import type { RecordDoc } from '../records/record.service.js';

/**
 * A planned next step. `dueSort` is the instant it is due (a whole day: the end of it), what
 * filters and the `dueAt` sort use; `reminderSentAt` claims the reminder of the current `remindAt`.
 */
const taskSchema = new Schema(
  {
    title: { type: String, required: true },
    titleSort: { type: String, required: true },
    type: { type: String, enum: ['call', 'meeting', 'email', 'todo', 'deadline'], required: true },
    dueAt: { type: String, required: true },
    dueSort: { type: Date, required: true },
    remindAt: Date,
    reminderSentAt: Date,
    assigneeId: { type: String, required: true },
    customerId: String,
    contactId: String,
    opportunityId: String,
    notes: String,
    done: { type: Boolean, required: true },
    completedAt: Date,
    completedBy: String,
    search: { type: String, required: true },
    custom: customValuesPath,
    fieldVersions: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tasks', versionKey: false, minimize: false },
);
taskSchema.index({ assigneeId: 1, dueSort: 1 });
taskSchema.index({ customerId: 1 });
taskSchema.index({ dueSort: 1, _id: 1 });

export const taskModel = (connection: Connection) => connection.model('Task', taskSchema);
export type TaskModel = ReturnType<typeof taskModel>;

export interface TaskDoc extends RecordDoc {
  title: string;
  titleSort: string;
  type: TaskType;
  dueAt: string;
  dueSort: Date;
  remindAt?: Date;
  reminderSentAt?: Date;
  assigneeId: string;
  customerId?: string;
  contactId?: string;
  opportunityId?: string;
  notes?: string;
  done: boolean;
  completedAt?: Date;
  completedBy?: string;
  search: string;
}
