import type { z } from 'zod';
import type { BatchResult } from '../../../shared/batch.js';
import type { Contact, ContactCreate, ContactListQuery, ContactPatch, ContactReplace } from '../../../shared/contact.js';
import type { Customer, CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace } from '../../../shared/customer.js';
import type { Interaction, InteractionCreate, InteractionListQuery, InteractionPatch, InteractionReplace } from '../../../shared/interaction.js';
import type { Opportunity, OpportunityCreate, OpportunityListQuery, OpportunityPatch, OpportunityReplace } from '../../../shared/opportunity.js';
import type { Task, TaskCreate, TaskListQuery, TaskPatch, TaskReplace } from '../../../shared/task.js';
import { idempotencyKey, ifMatch, newIdempotencyKey, pageOf, queryString, versionedOf, type Page, type Versioned } from './http.js';

/** What one call sends besides its method and path. */
export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with its own content type (CSV files); wins over `body`. */
  rawBody?: { text: string; type: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** What the call is about in words ("customer"), carried by its ApiError so a 404 names it. */
  kind?: string;
}

/** What sends the calls: `ShoalApi` (session cookie and CSRF token, or a bearer token). */
export interface Transport {
  /** Resolves with the answer when it is a success; throws ApiError otherwise. */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
}

/**
 * The parameters of a list call as a client sends them: the schema's own keys (without the
 * catch-all index of `custom.<key>` filters, which get their own template key), `limit` a number.
 */
export type ListParams<Q> = { [K in keyof Q as string extends K ? never : K]?: K extends 'limit' ? number : Q[K] } & { [key: `custom.${string}`]: string | undefined };

/**
 * The record, create/replace/patch bodies and list parameters of each REST resource, from the
 * shared schemas (inputs as the schemas take them, so defaults may be left out).
 */
export interface Resources {
  customers: { record: Customer; create: z.input<typeof CustomerCreate>; replace: z.input<typeof CustomerReplace>; patch: z.input<typeof CustomerPatch>; query: ListParams<z.input<typeof CustomerListQuery>> };
  contacts: { record: Contact; create: z.input<typeof ContactCreate>; replace: z.input<typeof ContactReplace>; patch: z.input<typeof ContactPatch>; query: ListParams<z.input<typeof ContactListQuery>> };
  opportunities: {
    record: Opportunity;
    create: z.input<typeof OpportunityCreate>;
    replace: z.input<typeof OpportunityReplace>;
    patch: z.input<typeof OpportunityPatch>;
    query: ListParams<z.input<typeof OpportunityListQuery>>;
  };
  interactions: {
    record: Interaction;
    create: z.input<typeof InteractionCreate>;
    replace: z.input<typeof InteractionReplace>;
    patch: z.input<typeof InteractionPatch>;
    query: ListParams<z.input<typeof InteractionListQuery>>;
  };
  tasks: { record: Task; create: z.input<typeof TaskCreate>; replace: z.input<typeof TaskReplace>; patch: z.input<typeof TaskPatch>; query: ListParams<z.input<typeof TaskListQuery>> };
}
export type ResourceName = keyof Resources;

/** What one record of each resource is called in a sentence ("That deal no longer exists"). */
export const RESOURCE_KINDS: Record<ResourceName, string> = {
  customers: 'customer',
  contacts: 'contact',
  opportunities: 'deal',
  interactions: 'interaction',
  tasks: 'task',
};

/** Options of a call that changes a record. */
export interface WriteOptions {
  /** The version read (its ETag): sent as `If-Match`, so a change by someone else since answers 412. Left out, the last write wins. */
  version?: number | undefined;
  signal?: AbortSignal;
}

/** Options of a create. */
export interface CreateOptions {
  /** Sent as `Idempotency-Key`; a retry with the same key creates nothing twice. A fresh one when left out. */
  idempotencyKey?: string | undefined;
  signal?: AbortSignal;
}

/** Body of `POST /api/R/batch` for one resource. */
export interface BatchBody<R extends ResourceName> {
  create?: Resources[R]['create'][];
  update?: (Resources[R]['patch'] & { id: string; version?: number })[];
  delete?: string[];
}

/**
 * The REST calls of one resource (`/api/customers`, `/api/contacts`, ...), each header rule
 * written once: lists answer a {@link Page} (Link rel=next, X-Total-Count, Shoal-Seq), reads
 * answer the record with its ETag's version, writes send `If-Match` when given a version, and
 * creates always send an `Idempotency-Key`. Every failure is an ApiError whose `kind` names
 * the record ("deal"), so a 404 says what is gone. 412 answers carry `problem.current` and
 * `problem.conflicts`.
 */
export class ResourceClient<R extends ResourceName> {
  /** What one record is called in a sentence. */
  readonly kind: string;

  constructor(
    private readonly transport: Transport,
    /** The path segment, as `/api/<name>`. */
    readonly name: R,
  ) {
    this.kind = RESOURCE_KINDS[name];
  }

  #at(id: string): string {
    return `/${this.name}/${encodeURIComponent(id)}`;
  }

  #options(extra: Omit<RequestOptions, 'kind'>, signal: AbortSignal | undefined): RequestOptions {
    return { ...extra, kind: this.kind, ...(signal ? { signal } : {}) };
  }

  /** `GET /api/R?...`: one page of the records matching `params`. */
  async list(params: Resources[R]['query'] = {} as Resources[R]['query'], signal?: AbortSignal): Promise<Page<Resources[R]['record']>> {
    const response = await this.transport.request('GET', `/${this.name}${queryString(params)}`, this.#options({}, signal));
    return pageOf<Resources[R]['record']>(response);
  }

  /** `GET /api/R/:id`: the record with its version and the change it reflects. */
  async get(id: string, signal?: AbortSignal): Promise<Versioned<Resources[R]['record']>> {
    const response = await this.transport.request('GET', this.#at(id), this.#options({}, signal));
    return versionedOf<Resources[R]['record']>(response);
  }

  /** `POST /api/R`: the created record (once, however often it is retried with the same key). */
  async create(input: Resources[R]['create'], options: CreateOptions = {}): Promise<Resources[R]['record']> {
    const headers = idempotencyKey(options.idempotencyKey ?? newIdempotencyKey());
    const response = await this.transport.request('POST', `/${this.name}`, this.#options({ body: input, headers }, options.signal));
    return (await response.json()) as Resources[R]['record'];
  }

  /** `PUT /api/R/:id`: a full replace; with a version, a record changed since answers 412. */
  async replace(id: string, input: Resources[R]['replace'], options: WriteOptions = {}): Promise<Resources[R]['record']> {
    const response = await this.transport.request('PUT', this.#at(id), this.#options({ body: input, headers: ifMatch(options.version) }, options.signal));
    return (await response.json()) as Resources[R]['record'];
  }

  /** `PATCH /api/R/:id`: with a version, a field someone else changed since answers 412 (other fields still merge). */
  async patch(id: string, patch: Resources[R]['patch'], options: WriteOptions = {}): Promise<Resources[R]['record']> {
    const response = await this.transport.request('PATCH', this.#at(id), this.#options({ body: patch, headers: ifMatch(options.version) }, options.signal));
    return (await response.json()) as Resources[R]['record'];
  }

  /** `DELETE /api/R/:id`: with a version, a record changed since answers 412. */
  async remove(id: string, options: WriteOptions = {}): Promise<void> {
    await this.transport.request('DELETE', this.#at(id), this.#options({ headers: ifMatch(options.version) }, options.signal));
  }

  /** `POST /api/R/batch`: up to 1,000 operations, a result per item (the answer is 200 or 207). */
  async batch(body: BatchBody<R>, signal?: AbortSignal): Promise<BatchResult> {
    const response = await this.transport.request('POST', `/${this.name}/batch`, this.#options({ body }, signal));
    return (await response.json()) as BatchResult;
  }
}

const clients = new WeakMap<Transport, Map<ResourceName, ResourceClient<ResourceName>>>();

/** The client of one resource over a transport (one per transport and name). */
export function resource<R extends ResourceName>(transport: Transport, name: R): ResourceClient<R> {
  let byName = clients.get(transport);
  if (!byName) clients.set(transport, (byName = new Map()));
  let client = byName.get(name) as ResourceClient<R> | undefined;
  if (!client) byName.set(name, (client = new ResourceClient(transport, name)));
  return client;
}
