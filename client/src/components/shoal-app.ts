import { provide } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Session, User } from '../../../shared/user.js';
import { ApiError, describeError, ShoalApi } from '../api.js';
import { apiContext, liveContext, userContext } from '../context.js';
import { storeOf } from '../data/record-store.js';
import { LiveClient } from '../live.js';
import '../notifications/shoal-inbox-bell.js';
import '../shell/shoal-toasts.js';
import { isPlainClick, landingOf, matchRoute, pathOf, ROUTES, type Match, type RouteName } from '../shell/routes.js';
import { base } from '../styles.js';
import { appStyles } from './shoal-app.styles.js';
import './shoal-connection-status.js';
import './shoal-global-search.js';
import './shoal-login-form.js';
import './shoal-online-users.js';
import './shoal-setup-form.js';
import './shoal-user-menu.js';
import type { NavigateDetail } from './shoal-user-menu.js';

/** What the app shows: still checking, first-run setup, sign-in, the app, or no server. */
type Phase = 'loading' | 'setup' | 'login' | 'app' | 'unreachable';
const RETRY_MS = 5_000;

const logo = html`<svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
  <rect width="32" height="32" rx="8" fill="#38bdf8" fill-opacity="0.18" />
  <path d="M6 19c3 0 4-3 7-3s4 3 7 3 4-3 6-3" fill="none" stroke="#7dd3fc" stroke-width="2.4" stroke-linecap="round" />
  <path d="M6 13c3 0 4-3 7-3s4 3 7 3 4-3 6-3" fill="none" stroke="#e0f2fe" stroke-width="2.4" stroke-linecap="round" />
</svg>`;

/**
 * The application shell. It finds out who is signed in (`GET /api/auth/me`) and shows the
 * first-run setup, the sign-in page or the app: header with navigation, the global search, the
 * live indicator, who else is online and the user's menu, and the current page (Customers, Team for admins,
 * Profile). It owns the REST client, the live connection and the signed-in user, and hands
 * them down through context. When the session ends while the app is open, it asks the
 * person to sign in again over the page, so nothing on it is lost.
 */
@customElement('shoal-app')
export class ShoalApp extends LitElement {
  static override styles = [base, appStyles];

  /** Base URL of the REST API. */
  @property({ attribute: 'api-base' })
  apiBase = '/api';

  @provide({ context: apiContext })
  @state()
  private api: ShoalApi | undefined;

  @provide({ context: liveContext })
  @state()
  private live: LiveClient | undefined;

  @provide({ context: userContext })
  @state()
  private user: User | undefined;

  @state() private phase: Phase = 'loading';
  /** The page the address shows, and the record it names (`/customers/<id>`). */
  @state() private match: Match = matchRoute(globalThis.location?.pathname ?? '/');
  /** The session ended while the app was open: sign in again over the page. */
  @state() private sessionEnded = false;
  /** Said on the sign-in page (e.g. after signing out). */
  @state() private notice = '';
  @state() private bootError = '';

  @query('dialog.session') private sessionDialog: HTMLDialogElement | undefined;

  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void) | undefined;
  #focusPage = false;
  /** The presence last sent for the page (sent again only when the page or the live client changes). */
  #presenceSent: { live: LiveClient; key: string } | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.api ??= new ShoalApi({ base: this.apiBase, onUnauthorized: () => this.#onSessionEnded() });
    globalThis.addEventListener('popstate', this.#onPopState);
    void this.#boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener('popstate', this.#onPopState);
    clearTimeout(this.#retryTimer);
    this.#stopLive();
  }

  readonly #onPopState = () => {
    this.match = matchRoute(location.pathname);
    this.#focusPage = true;
  };

  /** Who is signed in? Otherwise: first run, or the sign-in page. */
  async #boot(): Promise<void> {
    const api = this.api;
    if (!api) return;
    clearTimeout(this.#retryTimer);
    try {
      this.#signedIn(await api.me());
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) return this.#unreachable(error);
      try {
        this.phase = (await api.setupNeeded()) ? 'setup' : 'login';
      } catch (setupError) {
        this.#unreachable(setupError);
      }
    }
  }

  #unreachable(error: unknown): void {
    this.phase = 'unreachable';
    this.bootError =
      error instanceof ApiError && error.status === 0 ? "Shoal's server can't be reached. Check your connection; Shoal tries again by itself." : describeError(error);
    this.#retryTimer = setTimeout(() => void this.#boot(), RETRY_MS);
  }

  #signedIn(session: Session): void {
    const sameUser = this.user?.id === session.user.id;
    this.user = session.user;
    this.sessionEnded = false;
    this.notice = '';
    if (this.live && sameUser) {
      // The same person again: keep the page and the live client, which replays what it missed.
      this.live.start();
    } else {
      this.#stopLive();
      const live = new LiveClient({ api: this.api!, onUnauthorized: () => void this.#checkSession() });
      const store = storeOf(live, this.api!);
      // The signed-in user's own record changed (name, colour, role): follow it.
      this.#unsubscribe = store.subscribe({
        change: (change) => {
          if (change.entity === 'user' && change.id === this.user?.id && change.after) this.user = change.after;
          // The page's record arrived or was renamed: its title names it.
          if (change.id === this.match.params.id) this.requestUpdate();
        },
      });
      // The team, once for every page that shows names and colours.
      store.team().catch(() => undefined);
      live.start();
      this.live = live;
    }
    if (this.phase !== 'app') this.#focusPage = true;
    this.phase = 'app';
  }

  #stopLive(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.live?.stop();
    this.live = undefined;
  }

  /** The socket was refused: ask the API whether the session is still there (a 401 ends it). */
  async #checkSession(): Promise<void> {
    if (this.phase !== 'app' || this.sessionEnded) return;
    try {
      await this.api?.me();
    } catch {
      // A 401 reaches #onSessionEnded through the API client; anything else is a blip.
    }
  }

  #onSessionEnded(): void {
    if (this.phase !== 'app') return;
    this.live?.stop();
    this.sessionEnded = true;
  }

  async #signOut(): Promise<void> {
    try {
      await this.api?.logout();
    } catch {
      // Signed out here either way; the server forgets the session when it expires.
    }
    this.#stopLive();
    this.user = undefined;
    this.sessionEnded = false;
    this.notice = "You're signed out.";
    this.phase = 'login';
  }

  #navigate(path: string): void {
    const url = new URL(path, location.href);
    if (url.pathname + url.search !== location.pathname + location.search) history.pushState(null, '', url.pathname + url.search + url.hash);
    this.match = matchRoute(url.pathname);
    this.#focusPage = true;
  }

  #onLinkClick(event: MouseEvent, route: Exclude<RouteName, 'customer' | 'deal' | 'not-found'>): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.#navigate(pathOf(route));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('match' as keyof ShoalApp) && !changed.has('phase' as keyof ShoalApp) && !changed.has('user' as keyof ShoalApp)) return;
    // `/` is the signed-in user's landing page, at its own address.
    if (this.phase === 'app' && this.user && this.match.name === 'home') {
      const landing = landingOf(this.user.role);
      history.replaceState(history.state, '', pathOf(landing) + location.search + location.hash);
      this.match = { name: landing, params: {} };
    }
    // Pages load on first visit (each view is its own chunk, the Customers view too).
    void ROUTES[this.match.name].load?.();
  }

  /** The page's presence view, told to the server when the page (or the live client) changes. */
  #sendPresence(): void {
    const live = this.live;
    if (this.phase !== 'app' || !live) return;
    const update = ROUTES[this.match.name].presence(this.match.params);
    const key = JSON.stringify(update);
    if (this.#presenceSent?.live === live && this.#presenceSent.key === key) return;
    this.#presenceSent = { live, key };
    live.setPresence(update);
  }

  /** A record's name for the page's title, from the store. */
  readonly #recordName = (entity: 'customer' | 'opportunity', id: string): string | undefined => {
    const store = this.live && this.api ? storeOf(this.live, this.api) : undefined;
    return store?.get(entity, id)?.name;
  };

  protected override updated(): void {
    const titles: Record<Phase, string> = {
      loading: 'Shoal',
      setup: 'Set up Shoal',
      login: 'Sign in · Shoal',
      unreachable: 'Shoal',
      app: `${ROUTES[this.match.name].title(this.match.params, this.#recordName)} · Shoal`,
    };
    document.title = titles[this.phase];
    this.#sendPresence();
    const dialog = this.sessionDialog;
    if (dialog && this.sessionEnded && !dialog.open) {
      dialog.showModal();
      dialog.querySelector('shoal-login-form')?.focus();
    } else if (dialog && !this.sessionEnded && dialog.open) dialog.close();
    if (this.#focusPage) {
      this.#focusPage = false;
      if (this.phase === 'app') this.renderRoot.querySelector<HTMLElement>('main')?.focus();
      else this.renderRoot.querySelector<HTMLElement>('shoal-login-form, shoal-setup-form')?.focus();
    }
  }

  #page() {
    const user = this.user!;
    const { name, params } = this.match;
    const landing = landingOf(user.role);
    const pages: Record<RouteName, () => unknown> = {
      home: () => nothing,
      customers: () => html`<shoal-customers-view></shoal-customers-view>`,
      customer: () => keyed(params.id, html`<shoal-customer-page .customerId=${params.id!}></shoal-customer-page>`),
      deal: () => keyed(params.id, html`<shoal-deal-page .dealId=${params.id!}></shoal-deal-page>`),
      deals: () => keyed('deals', html`<shoal-record-list entity="opportunity"></shoal-record-list>`),
      contacts: () => keyed('contacts', html`<shoal-record-list entity="contact"></shoal-record-list>`),
      'my-work': () => html`<shoal-my-work></shoal-my-work>`,
      pipeline: () => html`<shoal-pipeline-board></shoal-pipeline-board>`,
      dashboard: () => html`<shoal-dashboard-view></shoal-dashboard-view>`,
      team: () => html`<shoal-team-page></shoal-team-page>`,
      profile: () => html`<shoal-profile-page></shoal-profile-page>`,
      'settings-fields': () => html`<shoal-settings-page section="fields"></shoal-settings-page>`,
      'settings-pipelines': () => html`<shoal-settings-page section="pipelines"></shoal-settings-page>`,
      'not-found': () =>
        html`<shoal-not-found .path=${globalThis.location?.pathname ?? ''} .home=${{ path: pathOf(landing), label: ROUTES[landing].title({}, this.#recordName) }}></shoal-not-found>`,
    };
    // Another person signing in over an ended session gets fresh pages.
    return keyed(user.id, pages[name]());
  }

  #navLink(route: Exclude<RouteName, 'customer' | 'deal' | 'not-found' | 'home'>, label: string, alsoCurrentOn: readonly RouteName[] = []) {
    const current = this.match.name === route || alsoCurrentOn.includes(this.match.name);
    return html`<li>
      <a href=${pathOf(route)} aria-current=${current ? 'page' : 'false'} @click=${(e: MouseEvent) => this.#onLinkClick(e, route)}>${label}</a>
    </li>`;
  }

  #app() {
    const user = this.user!;
    return html`<a
        class="skip button"
        href="#main"
        @click=${(e: Event) => {
          e.preventDefault();
          this.renderRoot.querySelector<HTMLElement>('main')?.focus();
        }}
        >Skip to content</a
      >
      <header>
        <div class="bar">
          <div class="brand">${logo}<span>Shoal</span></div>
          <nav aria-label="Main">
            <ul>
              ${this.#navLink('my-work', 'My work')} ${this.#navLink('customers', 'Customers')}
              ${this.#navLink('pipeline', 'Pipeline')} ${this.#navLink('deals', 'Deals')} ${this.#navLink('contacts', 'Contacts')}
              ${this.#navLink('dashboard', 'Dashboard')}
              ${user.role === 'admin' ? html`${this.#navLink('team', 'Team')} ${this.#navLink('settings-fields', 'Settings', ['settings-pipelines'])}` : nothing}
            </ul>
          </nav>
          <div class="end">
            <shoal-global-search @shoal-navigate=${(e: CustomEvent<NavigateDetail>) => this.#navigate(e.detail.path)}></shoal-global-search>
            <shoal-connection-status></shoal-connection-status>
            <shoal-online-users></shoal-online-users>
            <shoal-inbox-bell @shoal-navigate=${(e: CustomEvent<NavigateDetail>) => this.#navigate(e.detail.path)}></shoal-inbox-bell>
            <shoal-user-menu
              .user=${user}
              @shoal-navigate=${(e: CustomEvent<NavigateDetail>) => this.#navigate(e.detail.path)}
              @shoal-sign-out=${() => void this.#signOut()}
            ></shoal-user-menu>
          </div>
        </div>
      </header>
      <main id="main" tabindex="-1" @shoal-navigate=${(e: CustomEvent<NavigateDetail>) => this.#navigate(e.detail.path)}>${this.#page()}</main>
      <shoal-toasts></shoal-toasts>
      <dialog class="session" aria-labelledby="session-title" @cancel=${(e: Event) => e.preventDefault()}>
        ${this.sessionEnded
          ? html`<h2 id="session-title">Your session has ended</h2>
              <p class="auth-lead">Sign in again to carry on where you left off. Nothing on this page is lost.</p>
              <shoal-login-form .email=${user.email} @shoal-signed-in=${(e: CustomEvent<Session>) => this.#signedIn(e.detail)}></shoal-login-form>`
          : nothing}
      </dialog>`;
  }

  #authScreen() {
    let body;
    if (this.phase === 'setup') {
      body = html`<h1>Create the first admin</h1>
        <p class="auth-lead">Welcome to Shoal. Nobody has set it up yet: create the admin account for your team, then add your colleagues.</p>
        <shoal-setup-form
          @shoal-signed-in=${(e: CustomEvent<Session>) => this.#signedIn(e.detail)}
          @shoal-sign-in-instead=${() => {
            this.phase = 'login';
            this.#focusPage = true;
          }}
        ></shoal-setup-form>`;
    } else if (this.phase === 'unreachable') {
      body = html`<h1>Can't reach Shoal</h1>
        <p class="auth-lead" role="alert">${this.bootError}</p>
        <button type="button" class="primary" @click=${() => void this.#boot()}>Try again</button>`;
    } else {
      body = html`<h1>Sign in to Shoal</h1>
        <p class="auth-lead">Your team's customers and deals, live.</p>
        <shoal-login-form .notice=${this.notice} @shoal-signed-in=${(e: CustomEvent<Session>) => this.#signedIn(e.detail)}></shoal-login-form>
        <p class="auth-foot">No account yet? Ask an admin of your team.</p>`;
    }
    return html`<main class="auth">
      <div class="auth-card">
        <div class="auth-brand">${logo}<span>Shoal</span></div>
        ${body}
      </div>
    </main>`;
  }

  protected override render() {
    if (this.phase === 'loading') return html`<div class="loading" role="status">Loading Shoal…</div>`;
    return this.phase === 'app' && this.user ? this.#app() : this.#authScreen();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-app': ShoalApp;
  }
}
