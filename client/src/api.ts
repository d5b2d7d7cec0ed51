import type { Customer, CustomerCreate, CustomerPatch } from '../../shared/customer.js';
import type { ChangeEvent, JobProgress } from '../../shared/events.js';
import type { ApiToken, CreatedToken, LoginInput, ProfilePatch, Session, SetupInput, User, UserCreate, UserPatch } from '../../shared/user.js';

import { ifMatch, queryString, type Page, type Versioned } from './data/http.js';
import { ApiError, networkError, readProblem, retryAfterOf } from './data/problem.js';
import { resource, type RequestOptions, type Resources, type Transport } from './data/resource.js';

// The error, header and resource parts live in data/; these names stay importable from here.
export { ApiError, describeError, waitText, type FieldError, type ProblemBody } from './data/problem.js';
export { nextCursorOf, seqOf, type Page, type Versioned } from './data/http.js';
export type { RequestOptions } from './data/resource.js';

/** One page of customers. */
export type CustomerPage = Page<Customer>;

/** Parameters of a customer list call (the shared `CustomerListQuery`). */
export type CustomerListParams = Resources['customers']['query'];

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The REST client of the web app: JSON in and out, the session's CSRF token on every write,
 * and problem+json answers turned into an {@link ApiError}. It keeps the CSRF token in
 * memory only; signing in (or `me()`) sets it, signing out forgets it.
 */
export class ShoalApi implements Transport {
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
      throw networkError(options.kind);
    }
    if (response.ok) return response;
    const error = new ApiError(response.status, await readProblem(response), retryAfterOf(response), options.kind);
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

  /**
   * `PATCH /users/:id` (admins): role, name, colour, active, or a new password (which signs them
   * out everywhere). With `version`, a field someone else changed since answers 412
   * (ApiError with `problem.current` and `conflicts`).
   */
  async patchUser(id: string, patch: UserPatch, version?: number): Promise<User> {
    return this.#json<User>(await this.request('PATCH', `/users/${encodeURIComponent(id)}`, { body: patch, kind: 'team member', headers: ifMatch(version) }));
  }

  /**
   * `PATCH /auth/me`: the signed-in user changes their own name, email or password (the last
   * two with `currentPassword`; a wrong one is a 422 naming it). A new password ends every
   * other session of theirs; this one goes on. With `version`, a field changed since (an admin
   * renamed them) answers 412 with `problem.current`.
   */
  async updateProfile(patch: ProfilePatch, version?: number): Promise<Session> {
    return this.#session(await this.#json<Session>(await this.request('PATCH', '/auth/me', { body: patch, headers: ifMatch(version) })));
  }

  /** `GET /tokens`: the signed-in user's personal API tokens (never their secrets). */
  async listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
    return this.#json<ApiToken[]>(await this.request('GET', '/tokens', { kind: 'token', ...(signal ? { signal } : {}) }));
  }

  /** `POST /tokens`: a new token; its secret is in this answer only. */
  async createToken(name: string): Promise<CreatedToken> {
    return this.#json<CreatedToken>(await this.request('POST', '/tokens', { body: { name } }));
  }

  /** `DELETE /tokens/:id`: revokes a token at once. */
  async revokeToken(id: string): Promise<void> {
    await this.request('DELETE', `/tokens/${encodeURIComponent(id)}`, { kind: 'token' });
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
  listCustomers(params: CustomerListParams, signal?: AbortSignal): Promise<CustomerPage> {
    return resource(this, 'customers').list(params, signal);
  }

  /**
   * The address of `GET /<resource>/export` with a list's query (its filters and sort, no page):
   * a CSV file of every matching record. A plain link downloads it (the session cookie signs the GET).
   */
  exportUrl(resource: 'customers' | 'contacts' | 'opportunities' | 'interactions', query: Record<string, string> = {}): string {
    const search = new URLSearchParams(query).toString();
    return `${this.#base}/${resource}/export${search ? `?${search}` : ''}`;
  }

  /**
   * `POST /<resource>/import` with a CSV file as the body (at most 5 MB): answers the running
   * import job, whose progress then comes as `job` events. ApiError 413 when the file is too
   * big, 415 when it is not sent as CSV, 422 (with `fieldErrors`) when it has no header row
   * or lacks a required column.
   */
  async importCsv(resource: 'customers' | 'contacts' | 'opportunities' | 'interactions', file: Blob | string): Promise<JobProgress> {
    const text = typeof file === 'string' ? file : await file.text();
    return this.#json<JobProgress>(await this.request('POST', `/${resource}/import`, { rawBody: { text, type: 'text/csv' } }));
  }

  /** `GET /imports/:id`: how an import job is doing. */
  async importJob(id: string, signal?: AbortSignal): Promise<JobProgress> {
    return this.#json<JobProgress>(await this.request('GET', `/imports/${encodeURIComponent(id)}`, signal ? { signal } : {}));
  }

  /** `GET /customers/:id` with its version. */
  getCustomer(id: string): Promise<Versioned<Customer>> {
    return resource(this, 'customers').get(id);
  }

  /** `POST /customers`; `idempotencyKey` makes a retry create nothing twice. */
  createCustomer(input: CustomerCreate, idempotencyKey?: string): Promise<Customer> {
    return resource(this, 'customers').create(input, { idempotencyKey });
  }

  /**
   * `PATCH /customers/:id` with the fields to change. With `version`, a field someone else
   * changed since that version answers 412 (ApiError with `problem.current` and `conflicts`).
   */
  patchCustomer(id: string, patch: CustomerPatch, version?: number): Promise<Customer> {
    return resource(this, 'customers').patch(id, patch, { version });
  }

  /** `DELETE /customers/:id`; with `version`, a customer changed since answers 412. */
  deleteCustomer(id: string, version?: number): Promise<void> {
    return resource(this, 'customers').remove(id, { version });
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
