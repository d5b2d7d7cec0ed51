import type { RemovedParts } from '../../../shared/customer.js';
import type { ShoalApi } from '../api.js';
import { resource } from '../data/resource.js';

/**
 * What goes with a customer when it is deleted, for the confirmation: each kind's total from
 * `X-Total-Count` of a one-record list (answered by the read model's customerId index, not a
 * scan), four calls at once.
 */
export async function countParts(api: ShoalApi, customerId: string, signal?: AbortSignal): Promise<RemovedParts> {
  const one = { customerId, limit: 1 };
  const [contacts, opportunities, interactions, tasks] = await Promise.all([
    resource(api, 'contacts').list(one, signal),
    resource(api, 'opportunities').list(one, signal),
    resource(api, 'interactions').list(one, signal),
    resource(api, 'tasks').list(one, signal),
  ]);
  return { contacts: contacts.total, opportunities: opportunities.total, interactions: interactions.total, tasks: tasks.total };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "3 contacts", "2 deals", "14 interactions", "1 task": the parts there are (none: empty). */
export function partsList(parts: Partial<RemovedParts> | undefined): string[] {
  if (!parts) return [];
  return [
    parts.contacts ? plural(parts.contacts, 'contact', 'contacts') : '',
    parts.opportunities ? plural(parts.opportunities, 'deal', 'deals') : '',
    parts.interactions ? plural(parts.interactions, 'interaction', 'interactions') : '',
    parts.tasks ? plural(parts.tasks, 'task', 'tasks') : '',
  ].filter(Boolean);
}
