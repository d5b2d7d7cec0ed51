import type { Interaction, InteractionCreate } from '../../../shared/interaction.js';
import type { ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { interactionTypeInfo } from '../format/interaction-types.js';
import { recreate, removeError as refusal, removeWithUndo } from '../records/remove-with-undo.js';

/**
 * Deleting an interaction, with Undo that logs it again (records/remove-with-undo.ts): it comes
 * back with a new id and as logged by whoever pressed Undo; its date, type, subject, notes,
 * duration, contact and custom values are the same.
 */

/** The body that logs a deleted interaction again: its own fields, none of the server's. */
export const recreateBody = (i: Interaction): InteractionCreate => recreate.interactions(i);

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
  /** Undo logged it again, before its change event came: the view counts it. */
  recreated?: (created: Interaction) => void;
}

/**
 * Deletes the interaction at the version shown (a 412 is thrown for the caller to show), takes
 * it off the store and offers Undo in the app's toast. One already gone (404) counts as deleted.
 */
export function removeInteraction(i: Interaction, o: RemoveOptions): Promise<void> {
  return removeWithUndo('interactions', i, {
    api: o.api,
    store: o.store,
    host: o.host,
    name: interactionName(i),
    recreated: (created, fresh) => {
      if (fresh) o.recreated?.(created);
    },
  });
}

/** What a refused delete says: a colleague's change since (412), or the error. */
export const removeError = (i: Interaction, error: unknown): string => refusal(interactionName(i), error);
