import type { Problem } from '../../shared/common.js';
import type { Customer, CustomerCreate, CustomerPatch } from '../../shared/customer.js';
import type { ChangeEvent, JobProgress } from '../../shared/events.js';
import type { ApiToken, CreatedToken, LoginInput, Session, SetupInput, User, UserCreate, UserPatch } from '../../shared/user.js';

/** One invalid field of a problem answer. */
export interface FieldError {
  path: string;
  message: string;
}

/** A problem+json body as Shoal sends it, with the extra members of 412 and 410 answers. */
export type ProblemBody = Problem & {
  /** 412: the record as it is now. */
  current?: unknown;
  /** 412: the fields someone else changed since the version sent in If-Match. */
  conflicts?: string[];
  /** 410 from the event log: the newest sequence number. */
  latest?: number;
};

/**
 * A failed API call. `status` is 0 when the server could not be reached at all. `problem`
 * is the problem+json body (or one made up for non-problem answers), and `fieldErrors`
 * maps each named field to its message.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
    /** Seconds to wait before trying again, from `Retry-After` (429 and 503 answers). */
    readonly retryAfter?: number,
  ) {
    super(problem.detail || problem.title);
  }

  /** Field name → message, from `errors[]` (the first message of each field wins). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) if (error.path && !(error.path in out)) out[error.path] = error.message;
    return out;
  }

  /** True when the call never reached the server (offline, server down). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** A sentence a sales rep understands, for places that show one message. */
  get friendlyMessage(): string {
    return describeError(this);
  }
}

/** Turns any error into one sentence for a sales rep. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something unexpected went wrong. Please try again.';
  const { status, problem } = error;
  if (status === 0) return "Shoal can't reach the server right now. Check your connection; we'll keep trying.";
  if (status === 401) return 'Your session has ended. Sign in again to continue.';
  if (status === 403) return problem.detail || "You don't have permission to do that.";
  if (status === 503) return 'Shoal is having trouble reaching its database. Please try again in a few seconds.';
  if (status === 429) return error.retryAfter ? `You're going a little fast. Wait ${waitText(error.retryAfter)} and try again.` : "You're going a little fast. Please wait a moment and try again.";
  if (status === 404) return 'That customer no longer exists. Someone may have deleted it.';
  if (status >= 500) return `Something went wrong on our side. ${problem.detail}`;
  return problem.detail || problem.title;
}

/** "45 seconds", "1 minute", "3 minutes": how long to wait, in words. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** One page of customers. */
export interface CustomerPage {
  items: Customer[];
  /** How many customers match the search in all. */
  total: number;
  /** Cursor of the next page, when there is one. */
  nextCursor?: string;
  /** The last change this answer reflects (`Shoal-Seq`), when the server says. */
  seq?: number;
}

/** Parameters of a customer list call. */
export interface CustomerListParams {
  q?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

/** A record with the version its ETag carried. */
export interface Versioned<T> {
  value: T;
  version: number;
  /** The last change this answer reflects (`Shoal-Seq`), when the server says. */
  seq?: number;
}

export interface ApiOptions {
  /** Base URL of the API (default `/api`, same origin). */
  base?: string;
  /** The fetch to use (tests pass a fake one). */
  fetch?: typeof fetch;
  /**
   * A personal API token to send as `Authorization: Bearer` (scripts and Node tests). The
   * browser leaves it out and uses the session cookie and the CSRF token instead.
   */
  token?: string;
  /**
   * Called when a call made while signed in answers 401: the session ended (signed out
   * elsewhere, expired, or the account was deactivated).
   */
  onUnauthorized?: (error: ApiError) => void;
}

/** What one call sends besides its method and path. */
export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with its own content type (CSV files); wins over `body`. */
  rawBody?: { text: string; type: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Parameters of a customer export: the list's filters. */
export interface CustomerExportParams {
  q?: string;
  ownerId?: string;
  tag?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads the `cursor` of a `Link: <...>; rel="next"` header. */
export function nextCursorOf(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) {
      try {
        return new URL(match[1], 'http://shoal.invalid').searchParams.get('cursor') ?? undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The last change a list or snapshot answer reflects, from its `Shoal-Seq` header (undefined when absent). */
export function seqOf(response: Response): number | undefined {
  const header = response.headers.get('shoal-seq');
  const seq = header === null || header.trim() === '' ? Number.NaN : Number(header);
  return Number.isInteger(seq) && seq >= 0 ? seq : undefined;
}

const etag = (version: number) => `"${version}"`;

function versionOf(response: Response): number | undefined {
  const match = /^(?:W\/)?"(\d+)"$/.exec(response.headers.get('etag') ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The REST client of the web app: JSON in and out, the session's CSRF token on every write,
 * and problem+json answers turned into an {@link ApiError}. It keeps the CSRF token in
 * memory only; signing in (or `me()`) sets it, signing out forgets it.
 */
export class ShoalApi {
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #token: string | undefined;
  readonly #onUnauthorized: ((error: ApiError) => void) | undefined;
  #csrfToken: string | undefined;
  #signedIn = false;
  #userId: string | undefined;

  constructor(options: ApiOptions = {}) {
    this.#base = options.base ?? '/api';
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#token = options.token;
    this.#onUnauthorized = options.onUnauthorized;
  }

  /** The CSRF token sent as `X-CSRF-Token` on writes (set by sign-in, `me()` and setup). */
  get csrfToken(): string | undefined {
    return this.#csrfToken;
  }

  set csrfToken(token: string | undefined) {
    this.#csrfToken = token || undefined;
  }

  /**
   * Makes one call; resolves with the response when it is a success, throws ApiError otherwise.
   * A write refused for a stale CSRF token (the session was renewed in another tab) is sent
   * once more with the session's current token, if the same person is still signed in.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    try {
      return await this.#send(method, path, options);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 403 && /csrf/i.test(error.problem.detail)) || this.#token || !this.#signedIn) throw error;
      const before = this.#userId;
      const session = await this.me();
      if (before && session.user.id !== before) {
        // Someone else signed in in another tab: this page's session is over.
        const ended = new ApiError(401, { type: 'about:blank', title: 'Not signed in', status: 401, detail: 'Another account signed in in this browser.' });
        this.#signedIn = false;
        this.#onUnauthorized?.(ended);
        throw ended;
      }
      return this.#send(method, path, options);
    }
  }

  async #send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    else if (this.#csrfToken && !SAFE_METHODS.has(method.toUpperCase())) headers['x-csrf-token'] = this.#csrfToken;
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (options.signal) init.signal = options.signal;
    if (options.rawBody) {
      headers['content-type'] = options.rawBody.type;
      init.body = options.rawBody.text;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.#fetch(this.#base + path, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, { type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' });
    }
    if (response.ok) return response;
    const retryAfter = Number(response.headers.get('retry-after'));
    const error = new ApiError(response.status, await readProblem(response), Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : undefined);
    if (error.status === 401 && this.#signedIn) {
      // Tell the app once; the next successful sign-in arms this again.
      this.#signedIn = false;
      this.#onUnauthorized?.(error);
    }
    throw error;
  }

  #session(session: Session): Session {
    this.#csrfToken = session.csrfToken || undefined;
    this.#signedIn = true;
    this.#userId = session.user.id;
    return session;
  }

  /** `GET /auth/me`: who is signed in (ApiError 401 when nobody is). */
  async me(): Promise<Session> {
    return this.#session(await this.#json<Session>(await this.request('GET', '/auth/me')));
  }

  /** `GET /setup`: true while Shoal has no user yet (first run). */
  async setupNeeded(): Promise<boolean> {
    return (await this.#json<{ needed: boolean }>(await this.request('GET', '/setup'))).needed;
  }

  /** `POST /setup`: creates the first admin and signs them in. */
  async setup(input: SetupInput): Promise<Session> {
    return this.#session(await this.#json<Session>(await this.request('POST', '/setup', { body: input })));
  }

  /** `POST /auth/login`: starts a cookie session. */
  async login(input: LoginInput): Promise<Session> {
    return this.#session(await this.#json<Session>(await this.request('POST', '/auth/login', { body: input })));
  }

  /** `POST /auth/logout`: ends the session; forgets the CSRF token even when the call fails. */
  async logout(): Promise<void> {
    try {
      await this.request('POST', '/auth/logout');
    } finally {
      this.#signedIn = false;
      this.#csrfToken = undefined;
    }
  }

  /** `GET /users`: the whole team, active or not. */
  async listUsers(signal?: AbortSignal): Promise<User[]> {
    return this.#json<User[]>(await this.request('GET', '/users', signal ? { signal } : {}));
  }

  /** `POST /users` (admins): adds a team member. */
  async createUser(input: UserCreate): Promise<User> {
    return this.#json<User>(await this.request('POST', '/users', { body: input }));
  }

  /** `PATCH /users/:id` (admins): role, name, colour, active, password. */
  async patchUser(id: string, patch: UserPatch): Promise<User> {
    return this.#json<User>(await this.request('PATCH', `/users/${encodeURIComponent(id)}`, { body: patch }));
  }

  /** `GET /tokens`: the signed-in user's personal API tokens (never their secrets). */
  async listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
    return this.#json<ApiToken[]>(await this.request('GET', '/tokens', signal ? { signal } : {}));
  }

  /** `POST /tokens`: a new token; its secret is in this answer only. */
  async createToken(name: string): Promise<CreatedToken> {
    return this.#json<CreatedToken>(await this.request('POST', '/tokens', { body: { name } }));
  }

  /** `DELETE /tokens/:id`: revokes a token at once. */
  async revokeToken(id: string): Promise<void> {
    await this.request('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  /**
   * `POST /demo-data` (admins, only while Shoal has no customers): starts loading the demo
   * team's data and answers the running job. ApiError 409 when Shoal has customers already
   * or a load is running (that one carries `retryAfter`).
   */
  async loadDemoData(): Promise<JobProgress> {
    return this.#json<JobProgress>(await this.request('POST', '/demo-data'));
  }

  /** `GET /demo-data/:id`: how a demo-data job is doing. */
  async demoDataJob(id: string, signal?: AbortSignal): Promise<JobProgress> {
    return this.#json<JobProgress>(await this.request('GET', `/demo-data/${encodeURIComponent(id)}`, signal ? { signal } : {}));
  }

  async #json<T>(response: Response): Promise<T> {
    return (await response.json()) as T;
  }

  /** `GET /customers`: one page, its total and the next page's cursor. */
  async listCustomers(params: CustomerListParams, signal?: AbortSignal): Promise<CustomerPage> {
    const query = new URLSearchParams();
    if (params.q?.trim()) query.set('q', params.q.trim());
    if (params.sort) query.set('sort', params.sort);
    if (params.limit) query.set('limit', String(params.limit));
    if (params.cursor) query.set('cursor', params.cursor);
    const search = query.toString();
    const response = await this.request('GET', `/customers${search ? `?${search}` : ''}`, signal ? { signal } : {});
    const items = await this.#json<Customer[]>(response);
    const total = Number(response.headers.get('x-total-count') ?? items.length);
    const nextCursor = nextCursorOf(response.headers.get('link'));
    const seq = seqOf(response);
    return { items, total: Number.isFinite(total) ? total : items.length, ...(nextCursor ? { nextCursor } : {}), ...(seq === undefined ? {} : { seq }) };
  }

  /**
   * The address of `GET /customers/export` for these filters: a CSV file of every matching
   * customer. A plain link downloads it (the session cookie signs the GET).
   */
  customerExportUrl(params: CustomerExportParams = {}): string {
    const query = new URLSearchParams();
    if (params.q?.trim()) query.set('q', params.q.trim());
    if (params.ownerId) query.set('ownerId', params.ownerId);
    if (params.tag) query.set('tag', params.tag);
    const search = query.toString();
    return `${this.#base}/customers/export${search ? `?${search}` : ''}`;
  }

  /**
   * `POST /<resource>/import` with a CSV file as the body (at most 5 MB): answers the running
   * import job, whose progress then comes as `job` events. ApiError 413 when the file is too
   * big, 415 when it is not sent as CSV, 422 (with `fieldErrors`) when it has no header row
   * or lacks a required column.
   */
  async importCsv(resource: 'customers' | 'contacts', file: Blob | string): Promise<JobProgress> {
    const text = typeof file === 'string' ? file : await file.text();
    return this.#json<JobProgress>(await this.request('POST', `/${resource}/import`, { rawBody: { text, type: 'text/csv' } }));
  }

  /** `GET /imports/:id`: how an import job is doing. */
  async importJob(id: string, signal?: AbortSignal): Promise<JobProgress> {
    return this.#json<JobProgress>(await this.request('GET', `/imports/${encodeURIComponent(id)}`, signal ? { signal } : {}));
  }

  /** `GET /customers/:id` with its version. */
  async getCustomer(id: string): Promise<Versioned<Customer>> {
    const response = await this.request('GET', `/customers/${encodeURIComponent(id)}`);
    const value = await this.#json<Customer>(response);
    const seq = seqOf(response);
    return { value, version: versionOf(response) ?? value.version, ...(seq === undefined ? {} : { seq }) };
  }

  /** `POST /customers`; `idempotencyKey` makes a retry create nothing twice. */
  async createCustomer(input: CustomerCreate, idempotencyKey?: string): Promise<Customer> {
    const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
    return this.#json<Customer>(await this.request('POST', '/customers', { body: input, headers }));
  }

  /**
   * `PATCH /customers/:id` with the fields to change. With `version`, a field someone else
   * changed since that version answers 412 (ApiError with `problem.current` and `conflicts`).
   */
  async patchCustomer(id: string, patch: CustomerPatch, version?: number): Promise<Customer> {
    const headers: Record<string, string> = version === undefined ? {} : { 'if-match': etag(version) };
    return this.#json<Customer>(await this.request('PATCH', `/customers/${encodeURIComponent(id)}`, { body: patch, headers }));
  }

  /** `DELETE /customers/:id`; with `version`, a customer changed since answers 412. */
  async deleteCustomer(id: string, version?: number): Promise<void> {
    const headers: Record<string, string> = version === undefined ? {} : { 'if-match': etag(version) };
    await this.request('DELETE', `/customers/${encodeURIComponent(id)}`, { headers });
  }

  /**
   * Every change after `after`, oldest first (pages through the log). Throws ApiError 410
   * when some of them are no longer kept; `problem.latest` then names the newest seq.
   */
  async eventsAfter(after: number): Promise<{ events: ChangeEvent[]; latest: number }> {
    const events: ChangeEvent[] = [];
    let cursor = after;
    let latest = after;
    for (;;) {
      const response = await this.request('GET', `/events?after=${cursor}&limit=500`);
      const page = await this.#json<ChangeEvent[]>(response);
      latest = Math.max(latest, Number(response.headers.get('x-latest-seq') ?? 0));
      events.push(...page);
      const last = page.at(-1);
      if (!last || page.length < 500 || last.seq >= latest) break;
      cursor = last.seq;
    }
    return { events, latest: Math.max(latest, events.at(-1)?.seq ?? 0) };
  }

  /** The newest change's seq (0 before any change). */
  async latestSeq(): Promise<number> {
    try {
      const response = await this.request('GET', '/events?after=0&limit=1');
      return Number(response.headers.get('x-latest-seq') ?? 0);
    } catch (error) {
      // The first events were pruned: the 410 answer still names the newest seq.
      if (error instanceof ApiError && error.status === 410 && typeof error.problem.latest === 'number') return error.problem.latest;
      throw error;
    }
  }
}

async function readProblem(response: Response): Promise<ProblemBody> {
  const fallback: ProblemBody = { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, detail: '' };
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return fallback;
  try {
    const body = (await response.json()) as Partial<ProblemBody> | null;
    if (!body || typeof body !== 'object') return fallback;
    return {
      ...body,
      type: typeof body.type === 'string' ? body.type : fallback.type,
      title: typeof body.title === 'string' ? body.title : fallback.title,
      status: typeof body.status === 'number' ? body.status : response.status,
      detail: typeof body.detail === 'string' ? body.detail : '',
      ...(Array.isArray(body.errors) ? { errors: body.errors.filter((e): e is FieldError => typeof e?.path === 'string' && typeof e.message === 'string') } : {}),
    };
  } catch {
    return fallback;
  }
}
