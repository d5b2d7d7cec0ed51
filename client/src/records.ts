import type { Contact, ContactCreate } from '../../shared/contact.js';
import type { Customer } from '../../shared/customer.js';
import type { Interaction, InteractionCreate } from '../../shared/interaction.js';
import type { Opportunity, OpportunityCreate } from '../../shared/opportunity.js';
import type { Stage } from '../../shared/stage.js';
import type { ShoalApi } from './api.js';
import type { Page } from './data/http.js';
import { resource } from './data/resource.js';

/**
 * REST calls for a customer's records (contacts, deals, interactions), the pipeline's stages
 * and restoring a deleted customer, kept for the views that call them by these names. They go
 * through the resource client (client/src/data/resource.ts), which new code uses directly.
 */

/** The body of a `PATCH` of a contact, a deal or an interaction: `null` clears a field. */
export type RecordPatch = Record<string, unknown>;

/** One page of a list, with the cursor of the next. */
export type ListPage<T> = Page<T>;

/** `GET /contacts?customerId=`: the customer's contacts by name (up to 200). */
export const listContacts = (api: ShoalApi, customerId: string, signal?: AbortSignal) => resource(api, 'contacts').list({ customerId, sort: 'name', limit: 200 }, signal);

/** `POST /contacts`; `idempotencyKey` makes a retry create nothing twice. */
export const createContact = (api: ShoalApi, input: ContactCreate, idempotencyKey?: string): Promise<Contact> => resource(api, 'contacts').create(input, { idempotencyKey });

/** `PATCH /contacts/:id`; with `version`, a field changed since answers 412. */
export const patchContact = (api: ShoalApi, id: string, patch: RecordPatch, version?: number): Promise<Contact> => resource(api, 'contacts').patch(id, patch, { version });


/** `GET /opportunities?customerId=`: the customer's deals, newest first (up to 200). */
export const listOpportunities = (api: ShoalApi, customerId: string, signal?: AbortSignal) =>
  resource(api, 'opportunities').list({ customerId, sort: '-createdAt', limit: 200 }, signal);

/** `POST /opportunities`; `idempotencyKey` makes a retry create nothing twice. */
export const createOpportunity = (api: ShoalApi, input: OpportunityCreate, idempotencyKey?: string): Promise<Opportunity> =>
  resource(api, 'opportunities').create(input, { idempotencyKey });

/** `PATCH /opportunities/:id`; with `version`, a field changed since answers 412. */
export const patchOpportunity = (api: ShoalApi, id: string, patch: RecordPatch, version?: number): Promise<Opportunity> =>
  resource(api, 'opportunities').patch(id, patch, { version });

/** `GET /interactions?customerId=`: one page of the customer's timeline, newest first. */
export const listInteractions = (api: ShoalApi, customerId: string, cursor?: string, signal?: AbortSignal) =>
  resource(api, 'interactions').list({ customerId, sort: '-date', limit: 25, cursor }, signal);

/** `POST /interactions`: logged by the signed-in user; `idempotencyKey` makes a retry log nothing twice. */
export const createInteraction = (api: ShoalApi, input: InteractionCreate, idempotencyKey?: string): Promise<Interaction> =>
  resource(api, 'interactions').create(input, { idempotencyKey });

/** `GET /stages`: the pipeline, in board order. */
export const listStages = async (api: ShoalApi): Promise<Stage[]> => (await api.request('GET', '/stages')).json() as Promise<Stage[]>;

/** `POST /customers/:id/restore`: brings a deleted customer back with its records. */
export const restoreCustomer = async (api: ShoalApi, id: string): Promise<Customer> =>
  (await api.request('POST', `/customers/${encodeURIComponent(id)}/restore`, { kind: 'customer' })).json() as Promise<Customer>;
