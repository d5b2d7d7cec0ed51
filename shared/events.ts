import { z } from 'zod';
import { Actor, Timestamp } from './common.js';
import { Contact } from './contact.js';
import { Customer } from './customer.js';
import { FieldDefinition } from './field.js';
import { Interaction } from './interaction.js';
import { Opportunity } from './opportunity.js';
import { PipelineDefinition } from './pipeline.js';
import { Task } from './task.js';
import { User } from './user.js';
import { SavedView } from './view.js';
import type { InboxState, Notification } from './notification.js';

/** The kinds of record a change event can be about. */
export const EntityName = z.enum(['customer', 'contact', 'opportunity', 'interaction', 'task', 'user', 'field', 'pipeline', 'view']);
export type EntityName = z.infer<typeof EntityName>;

/** What happened to the record. */
export const ChangeOp = z.enum(['created', 'updated', 'deleted', 'moved', 'restored']);
export type ChangeOp = z.infer<typeof ChangeOp>;

/** Counts of a customer's parts: what a delete took with it, or a restore brought back. */
const PartCounts = z.object({ contacts: z.number().int(), opportunities: z.number().int(), interactions: z.number().int(), tasks: z.number().int().optional() });

/** A customer as its change events carry it: on a delete what went with it, on a restore what came back (with their ids). */
export const CustomerChangeData = Customer.extend({
  removed: PartCounts.optional(),
  restored: PartCounts.optional(),
  restoredIds: z.record(z.string(), z.array(z.string())).optional(),
});
export type CustomerChangeData = z.infer<typeof CustomerChangeData>;

/** The change of one kind of record, whose `data` is that record. */
const changeOf = <E extends EntityName, D extends z.ZodType>(entity: E, data: D) =>
  z.object({
    seq: z.number().int().positive(),
    entity: z.literal(entity),
    op: ChangeOp,
    id: z.string(),
    data: data.nullable(),
    version: z.number().int(),
    fields: z.array(z.string()).optional(),
    actor: Actor,
    at: Timestamp,
  });

/**
 * One change, as the `change` socket event and `GET /api/events` carry it: a union discriminated
 * on `entity`, so checking the kind types `data`. `seq` grows by one per change across the whole
 * system, so a client that sees a gap knows it missed something. `data` is the record after the
 * change (before it, for a delete); `fields` names the fields an update changed.
 */
export const ChangeEvent = z.discriminatedUnion('entity', [
  changeOf('customer', CustomerChangeData),
  changeOf('contact', Contact),
  changeOf('opportunity', Opportunity),
  changeOf('interaction', Interaction),
  changeOf('task', Task),
  changeOf('user', User),
  changeOf('field', FieldDefinition),
  changeOf('pipeline', PipelineDefinition),
  changeOf('view', SavedView),
]);
export type ChangeEvent = z.infer<typeof ChangeEvent>;

/** The change of one kind of record. */
export type ChangeEventOf<E extends EntityName> = Extract<ChangeEvent, { entity: E }>;

/** Query of `GET /api/events`. */
export const EventsQuery = z.strictObject({
  after: z.coerce.number({ error: 'must be a sequence number' }).int('must be a sequence number').min(0, 'must be a sequence number'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

/** Where a client is and what it is doing, as it tells the server. */
export const PresenceUpdate = z.strictObject({
  view: z.enum(['customers', 'customer', 'deal', 'deals', 'contacts', 'my-work', 'pipeline', 'dashboard', 'team', 'profile', 'settings', 'not-found']),
  recordId: z.string().max(64).optional(),
  editing: z.string().max(64).optional(),
});
export type PresenceUpdate = z.infer<typeof PresenceUpdate>;

/** One person present in a view. */
export const PresenceEntry = z.object({
  socketId: z.string(),
  actor: Actor,
  /** The user's avatar colour. */
  color: z.string().optional(),
  view: PresenceUpdate.shape.view,
  recordId: z.string().optional(),
  editing: z.string().optional(),
});
export type PresenceEntry = z.infer<typeof PresenceEntry>;

/** The answer to a client event that takes an acknowledgement. */
export type Ack = { ok: true } | { ok: false; error: string };

/** Progress of a long job (demo data, imports), sent to the user who started it. */
/** What a CSV import did: rows created, rows refused, and why each refused row was (row 2 is the first after the header). */
export const ImportResult = z.object({
  created: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), errors: z.array(z.object({ path: z.string(), message: z.string() })) })),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const JobProgress = z.object({
  id: z.string(),
  kind: z.enum(['demo-data', 'import']),
  state: z.enum(['running', 'done', 'failed']),
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().optional(),
  /** An import's outcome, once done. */
  result: ImportResult.optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** Events the server sends to clients. */
export interface ServerToClientEvents {
  change: (event: ChangeEvent) => void;
  /** Several changes in `seq` order, instead of one `change` each (a batch: at most 500 a message). */
  changes: (events: ChangeEvent[]) => void;
  presence: (room: string, present: PresenceEntry[]) => void;
  job: (progress: JobProgress) => void;
  /** Something a dashboard figure depends on changed (sent to the `dashboard` room, coalesced). */
  dashboard: (update: { seq: number }) => void;
  /** A new notification for this user (sent to that user's sockets only). */
  notification: (notification: Notification) => void;
  /** This user's unread count changed (a new notification, or some read in another tab). */
  inbox: (state: InboxState) => void;
}

/** Events clients send to the server; `ack` is optional at runtime and checked. */
export interface ClientToServerEvents {
  presence: (update: PresenceUpdate, ack?: (answer: Ack) => void) => void;
}

/** Events between Shoal processes (none yet besides the adapter's own). */
export interface InterServerEvents {}

/** What the server keeps on each socket. */
export interface SocketData {
  actor: Actor;
  color?: string;
  /** The session or token the socket was opened with (`session:<id>`, `token:<id>`). */
  credential?: string | undefined;
  presence?: PresenceUpdate;
}
