import type { Contact, ContactCreate } from '../../../shared/contact.js';
import type { Interaction, InteractionCreate } from '../../../shared/interaction.js';
import type { Opportunity, OpportunityCreate } from '../../../shared/opportunity.js';
import type { Task, TaskCreate } from '../../../shared/task.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { resource } from '../data/resource.js';
import { toast } from '../shell/shoal-toasts.js';

/**
 * Deleting a contact, a deal, an interaction or a task, with Undo in the app's toast. The
 * server keeps no deleted record of these kinds (only a deleted customer is kept, with its
 * parts, for 30 days), so Undo creates it again: a POST with the same fields and one
 * idempotency key, so a double press brings back one (docs/record-pages.md says why). It comes
 * back with a new id, and as created by whoever pressed Undo.
 */

/** The kinds deleted this way, by their REST resource, with the record and its create body. */
interface Kinds {
  contacts: { entity: 'contact'; record: Contact; create: ContactCreate };
  opportunities: { entity: 'opportunity'; record: Opportunity; create: OpportunityCreate };
  interactions: { entity: 'interaction'; record: Interaction; create: InteractionCreate };
  tasks: { entity: 'task'; record: Task; create: TaskCreate };
}
type Kind = keyof Kinds;

const ENTITY: { [K in Kind]: Kinds[K]['entity'] } = { contacts: 'contact', opportunities: 'opportunity', interactions: 'interaction', tasks: 'task' };

const custom = <T>(record: { custom?: Record<string, unknown> | undefined }): { custom?: T } => (record.custom && Object.keys(record.custom).length ? { custom: record.custom as T } : {});

/** The body that creates a deleted record again: its own fields, none of the server's (id, version, times, author). */
export const recreate: { [K in Kind]: (record: Kinds[K]['record']) => Kinds[K]['create'] } = {
  contacts: (c) => ({
    customerId: c.customerId,
    name: c.name,
    email: c.email,
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.position ? { position: c.position } : {}),
    ...custom<ContactCreate['custom']>(c),
  }),
  opportunities: (d) => ({
    customerId: d.customerId,
    ...(d.pipelineId ? { pipelineId: d.pipelineId } : {}),
    ...(d.contactId ? { contactId: d.contactId } : {}),
    name: d.name,
    stage: d.stage,
    amount: d.amount,
    currency: d.currency,
    probability: d.probability,
    ...(d.expectedCloseDate ? { expectedCloseDate: d.expectedCloseDate.slice(0, 10) } : {}),
    ...(d.ownerId ? { ownerId: d.ownerId } : {}),
    ...(d.lostReason ? { lostReason: d.lostReason } : {}),
    ...custom<OpportunityCreate['custom']>(d),
  }),
  interactions: (i) => ({
    customerId: i.customerId,
    ...(i.contactId ? { contactId: i.contactId } : {}),
    type: i.type,
    date: i.date,
    ...(i.subject ? { subject: i.subject } : {}),
    ...(i.notes ? { notes: i.notes } : {}),
    ...(i.durationMinutes !== undefined ? { durationMinutes: i.durationMinutes } : {}),
    ...custom<InteractionCreate['custom']>(i),
  }),
  tasks: (t) => ({
    title: t.title,
    type: t.type,
    dueAt: t.dueAt,
    ...(t.remindAt ? { remindAt: t.remindAt } : {}),
    assigneeId: t.assigneeId,
    ...(t.customerId ? { customerId: t.customerId } : {}),
    ...(t.contactId ? { contactId: t.contactId } : {}),
    ...(t.opportunityId ? { opportunityId: t.opportunityId } : {}),
    ...(t.notes ? { notes: t.notes } : {}),
    done: t.done,
    ...custom<TaskCreate['custom']>(t),
  }),
};

export interface RemoveOptions<K extends Kind> {
  api: ShoalApi;
  store: RecordStore | undefined;
  /** Where the toast's event starts (the view). */
  host: EventTarget;
  /** The record in a sentence: "the call “Pricing follow-up”", "Annual licence". */
  name: string;
  /** The server deleted it (before the store forgets it: a page can leave first). */
  deleted?: () => void;
  /** Undo created it again; `fresh`: the store had not had it yet (its change event may come before or after). */
  recreated?: (created: Kinds[K]['record'], fresh: boolean) => void | Promise<void>;
}

/**
 * Deletes the record at the version shown (a colleague's save since answers 412, thrown for the
 * caller to show), takes it off the store and offers Undo in the app's toast. A record already
 * gone (404) counts as deleted.
 */
export async function removeWithUndo<K extends Kind>(kind: K, record: Kinds[K]['record'], o: RemoveOptions<K>): Promise<void> {
  const client = resource(o.api, kind);
  try {
    await client.remove(record.id, { version: record.version });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  o.deleted?.();
  // The view may be gone by now (a deal page left after its delete, or closed by the delete's
  // change event): its messages then start at the window, where the app's toast region hears them.
  const from = (): EventTarget => (o.host instanceof Node && !o.host.isConnected ? window : o.host);
  o.store?.forget(ENTITY[kind], record.id);
  const key = crypto.randomUUID();
  const body = recreate[kind](record as never);
  toast(from(), {
    text: `Deleted ${o.name}`,
    action: {
      label: 'Undo',
      run: () => {
        (client.create(body as never, { idempotencyKey: key }) as Promise<Kinds[K]['record']>)
          .then(async (created) => {
            const fresh = o.store?.put(ENTITY[kind], created as never) ?? false;
            await o.recreated?.(created, fresh);
            toast(from(), { text: `Brought back ${o.name}` });
          })
          .catch((error: unknown) => toast(from(), { text: `Could not bring back ${o.name}: ${describeError(error)}` }));
      },
    },
  });
}

/** What a refused delete says: a colleague's change since (412), or the error. */
export function removeError(name: string, error: unknown): string {
  if (error instanceof ApiError && error.status === 412) return `Not deleted: someone changed ${name} since you opened it. Look at their change and delete again.`;
  return `Could not delete ${name}: ${describeError(error)}`;
}
