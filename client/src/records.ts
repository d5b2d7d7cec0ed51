import type { Contact, ContactCreate } from '../../shared/contact.js';
import type { Customer } from '../../shared/customer.js';
import type { Interaction, InteractionCreate } from '../../shared/interaction.js';
import type { Opportunity, OpportunityCreate } from '../../shared/opportunity.js';
import type { Stage } from '../../shared/stage.js';
import { seqOf, type ShoalApi } from './api.js';

/**
 * REST calls for a customer's records (contacts, deals, interactions), the pipeline's stages
 * and restoring a deleted customer. They go through {@link ShoalApi.request}, so they carry
 * the session's CSRF token and fail with the same `ApiError`.
 */

/** The body of a `PATCH` of a contact, a deal or an interaction: `null` clears a field. */
export type RecordPatch = Record<string, unknown>;

/** One page of a list, with the cursor of the next. */
export interface ListPage<T> {
  items: T[];
  total: number;
  nextCursor?: string;
  /** The last change this answer reflects (`Shoal-Seq`), when the server says. */
  seq?: number;
}

const ifMatch = (version: number | undefined): Record<string, string> => (version === undefined ? {} : { 'if-match': `"${version}"` });

async function page<T>(api: ShoalApi, path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<ListPage<T>> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const response = await api.request('GET', `${path}?${query}`, signal ? { signal } : {});
  const items = (await response.json()) as T[];
  const total = Number(response.headers.get('x-total-count') ?? items.length);
  const next = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(response.headers.get('link') ?? '')?.[1];
  const nextCursor = next ? (new URL(next, 'http://shoal.invalid').searchParams.get('cursor') ?? undefined) : undefined;
  const seq = seqOf(response);
  return { items, total: Number.isFinite(total) ? total : items.length, ...(nextCursor ? { nextCursor } : {}), ...(seq === undefined ? {} : { seq }) };
}

async function send<T>(api: ShoalApi, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await api.request(method, path, { ...(body === undefined ? {} : { body }), headers });
  return (await response.json()) as T;
}

const at = (collection: string, id: string) => `/${collection}/${encodeURIComponent(id)}`;

/** `GET /contacts?customerId=`: the customer's contacts by name (up to 200). */
export const listContacts = (api: ShoalApi, customerId: string, signal?: AbortSignal) => page<Contact>(api, '/contacts', { customerId, sort: 'name', limit: 200 }, signal);

const idempotent = (key: string | undefined): Record<string, string> => (key ? { 'idempotency-key': key } : {});

/** `POST /contacts`; `idempotencyKey` makes a retry create nothing twice. */
export const createContact = (api: ShoalApi, input: ContactCreate, idempotencyKey?: string) => send<Contact>(api, 'POST', '/contacts', input, idempotent(idempotencyKey));

/** `PATCH /contacts/:id`; with `version`, a field changed since answers 412. */
export const patchContact = (api: ShoalApi, id: string, patch: RecordPatch, version?: number) => send<Contact>(api, 'PATCH', at('contacts', id), patch, ifMatch(version));

/** `DELETE /contacts/:id`. */
export async function deleteContact(api: ShoalApi, id: string): Promise<void> {
  await api.request('DELETE', at('contacts', id));
}

/** `GET /opportunities?customerId=`: the customer's deals, newest first (up to 200). */
export const listOpportunities = (api: ShoalApi, customerId: string, signal?: AbortSignal) =>
  page<Opportunity>(api, '/opportunities', { customerId, sort: '-createdAt', limit: 200 }, signal);

/** `POST /opportunities`; `idempotencyKey` makes a retry create nothing twice. */
export const createOpportunity = (api: ShoalApi, input: OpportunityCreate, idempotencyKey?: string) =>
  send<Opportunity>(api, 'POST', '/opportunities', input, idempotent(idempotencyKey));

/** `PATCH /opportunities/:id`; with `version`, a field changed since answers 412. */
export const patchOpportunity = (api: ShoalApi, id: string, patch: RecordPatch, version?: number) =>
  send<Opportunity>(api, 'PATCH', at('opportunities', id), patch, ifMatch(version));

/** `GET /interactions?customerId=`: one page of the customer's timeline, newest first. */
export const listInteractions = (api: ShoalApi, customerId: string, cursor?: string, signal?: AbortSignal) =>
  page<Interaction>(api, '/interactions', { customerId, sort: '-date', limit: 25, cursor }, signal);

/** `POST /interactions`: logged by the signed-in user; `idempotencyKey` makes a retry log nothing twice. */
export const createInteraction = (api: ShoalApi, input: InteractionCreate, idempotencyKey?: string) =>
  send<Interaction>(api, 'POST', '/interactions', input, idempotent(idempotencyKey));

/** `GET /stages`: the pipeline, in board order. */
export const listStages = (api: ShoalApi) => send<Stage[]>(api, 'GET', '/stages');

/** `POST /customers/:id/restore`: brings a deleted customer back with its records. */
export const restoreCustomer = (api: ShoalApi, id: string) => send<Customer>(api, 'POST', `${at('customers', id)}/restore`);
