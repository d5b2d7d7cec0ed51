import { findStage, type Stage } from '../../../shared/stage.js';
import { ME } from './list-state.js';

/**
 * Whether a changed record belongs in a filtered list, as far as the client can tell, so a list
 * follows changes live (a deal Shoal marks rotting enters "Rotting: yes"; one a call unmarks
 * leaves it). Only the filters read here are judged (`rotting`, `stage`, `ownerId`,
 * `customerId`); search and custom filters are the server's to judge: a record that passes what
 * is read here may still be refused by them, so an entering record reloads the page rather than
 * being put in it.
 */

/** A record as the list filters read it. */
type Filtered = { ownerId?: string | undefined; customerId?: string; stage?: string; rotting?: boolean | undefined };

/** The filter parameters judged here. */
const JUDGED = ['rotting', 'stage', 'ownerId', 'customerId'] as const;

/** Whether `record` passes each of the list's `filters` read here (`me`: the signed-in user's id). */
export function passesFilters(filters: Readonly<Record<string, string>>, record: Filtered, ctx: { meId?: string | undefined; stages?: readonly Stage[] }): boolean {
  for (const name of JUDGED) {
    const value = filters[name];
    if (!value) continue;
    switch (name) {
      case 'rotting':
        if ((record.rotting === true) !== (value === 'true')) return false;
        break;
      case 'stage': {
        // A stage filter may name a stage by key or by name, as the server takes it.
        const key = findStage(value, ctx.stages)?.key ?? value;
        if (record.stage !== key) return false;
        break;
      }
      case 'ownerId':
        if (record.ownerId !== (value === ME ? ctx.meId : value)) return false;
        break;
      case 'customerId':
        if (record.customerId !== value) return false;
        break;
    }
  }
  return true;
}

/** Whether an update that changed `fields` can move a record into or out of a list with these filters. */
export const touchesFilters = (filters: Readonly<Record<string, string>>, fields: readonly string[] | undefined): boolean =>
  !!fields?.some((f) => (JUDGED as readonly string[]).includes(f) && !!filters[f]);
