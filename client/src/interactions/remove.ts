import type { Interaction, InteractionCreate } from '../../../shared/interaction.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { resource } from '../data/resource.js';
import { interactionTypeInfo } from '../format/interaction-types.js';
import { toast } from '../shell/shoal-toasts.js';

/**
 * Deleting an interaction, with Undo. The server keeps no deleted interactions (only a deleted
 * customer is kept, with its parts, for 30 days), so Undo logs it again: a POST with the same
 * fields (docs/record-pages.md says why). It comes back with a new id and as logged by whoever
 * pressed Undo; its date, type, subject, notes, duration and contact are the same.
 */

/** The body that logs a deleted interaction again: its own fields, none of the server's. */
export function recreateBody(i: Interaction): InteractionCreate {
  return {
    customerId: i.customerId,
    ...(i.contactId ? { contactId: i.contactId } : {}),
    type: i.type,
    date: i.date,
    ...(i.subject ? { subject: i.subject } : {}),
    ...(i.notes ? { notes: i.notes } : {}),
    ...(i.durationMinutes !== undefined ? { durationMinutes: i.durationMinutes } : {}),
    ...(i.custom && Object.keys(i.custom).length ? { custom: i.custom as InteractionCreate['custom'] } : {}),
  };
}

/** "the call “Pricing follow-up”", "the note". */
export function interactionName(i: Interaction): string {
  const label = interactionTypeInfo(i.type).label.toLowerCase();
  return i.subject ? `the ${label} “${i.subject}”` : `the ${label}`;
}

export interface RemoveOptions {
  api: ShoalApi;
  store: RecordStore | undefined;
  /** Where the toast's event starts (the view). */
  host: EventTarget;
  /** Undo logged it again: the view counts it (its change event may come before or after). */
  recreated?: (created: Interaction) => void;
}

/**
 * Deletes the interaction at the version shown (a colleague's save since answers 412, thrown
 * for the caller to show), takes it off the store and offers Undo in the app's toast.
 * An interaction already gone (404) counts as deleted.
 */
export async function removeInteraction(i: Interaction, o: RemoveOptions): Promise<void> {
  try {
    await resource(o.api, 'interactions').remove(i.id, { version: i.version });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  o.store?.forget('interaction', i.id);
  const name = interactionName(i);
  const key = crypto.randomUUID();
  toast(o.host, {
    text: `Deleted ${name}.`,
    action: {
      label: 'Undo',
      run: () => {
        resource(o.api, 'interactions')
          .create(recreateBody(i), { idempotencyKey: key })
          .then((created) => {
            if (o.store?.put('interaction', created)) o.recreated?.(created);
            toast(o.host, { text: `Brought back ${name}.` });
          })
          .catch((error: unknown) => toast(o.host, { text: `Could not bring back ${name}: ${describeError(error)}` }));
      },
    },
  });
}

/** What a refused delete says: a colleague's change since (412), or the error. */
export function removeError(i: Interaction, error: unknown): string {
  if (error instanceof ApiError && error.status === 412) return `Not deleted: someone changed ${interactionName(i)} since you opened it. Look at their change and delete again.`;
  return `Could not delete ${interactionName(i)}: ${describeError(error)}`;
}
