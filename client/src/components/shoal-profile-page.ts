import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiToken, CreatedToken, User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext, userContext } from '../context.js';
import { dateOnly } from '../format/dates.js';
import { roleLabel } from '../format/people.js';
import { base, card } from '../styles.js';
import './shoal-avatar.js';
import './shoal-token-list.js';
import type { TokenCreateDetail, TokenRevokeDetail } from './shoal-token-list.js';

/**
 * The signed-in person's profile: name, email and role, and their personal API tokens
 * (list, create with the secret shown once, revoke).
 */
@customElement('shoal-profile-page')
export class ShoalProfilePage extends LitElement {
  static override styles = [
    base,
    card,
    css`
      :host {
        display: block;
      }
      .card {
        padding: 1.25rem 1.5rem 1.5rem;
        margin-bottom: 1.25rem;
      }
      h2 {
        margin: 0 0 0.25rem;
        font-size: 1.125rem;
      }
      .lead {
        margin: 0 0 1.125rem;
        color: var(--shoal-muted, #536171);
        font-size: 0.9rem;
        line-height: 1.5;
        max-width: 46rem;
      }
      .person {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 1rem 1.25rem;
        --shoal-avatar-size: 3.5rem;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0.75rem 2rem;
        margin: 0;
        flex: 1;
      }
      dt {
        font-size: 0.75rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--shoal-muted, #536171);
      }
      dd {
        margin: 0.25rem 0 0;
        font-size: 0.9375rem;
        overflow-wrap: anywhere;
      }
      .note {
        margin: 1rem 0 0;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      code {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.8125rem;
        background: var(--shoal-surface-muted, #f2f5f8);
        padding: 0.0625rem 0.3125rem;
        border-radius: 0.25rem;
        white-space: nowrap;
      }
      .state {
        padding: 1rem 0 0;
        color: var(--shoal-muted, #536171);
      }
      .state.error {
        color: var(--shoal-danger, #b42318);
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The signed-in user (from `<shoal-app>`). */
  @consume({ context: userContext, subscribe: true })
  @property({ attribute: false })
  user: User | undefined;

  @state() private revealed: CreatedToken | undefined;
  @state() private creating = false;
  @state() private tokenError = '';
  @state() private reloads = 0;

  readonly #tokens = new Task(this, {
    task: async ([api]: readonly [ShoalApi | undefined, number], { signal }) => (api ? api.listTokens(signal) : initialState),
    args: () => [this.api, this.reloads] as const,
  });

  async #create(event: CustomEvent<TokenCreateDetail>): Promise<void> {
    if (!this.api) return;
    this.creating = true;
    this.tokenError = '';
    try {
      this.revealed = await this.api.createToken(event.detail.name);
      this.reloads++;
    } catch (error) {
      this.tokenError =
        error instanceof ApiError && error.status === 422 ? `The token name ${error.problem.errors?.[0]?.message ?? 'is invalid'}.` : `The token was not created. ${describeError(error)}`;
    } finally {
      this.creating = false;
    }
  }

  async #revoke(event: CustomEvent<TokenRevokeDetail>): Promise<void> {
    if (!this.api) return;
    this.tokenError = '';
    try {
      await this.api.revokeToken(event.detail.id);
    } catch (error) {
      // Already gone (revoked in another tab): the list below catches up anyway.
      if (!(error instanceof ApiError && error.status === 404)) this.tokenError = `“${event.detail.name}” was not revoked. ${describeError(error)}`;
    }
    if (this.revealed?.id === event.detail.id) this.revealed = undefined;
    this.reloads++;
  }

  #tokenSection() {
    const tokens = this.#tokens.value;
    if (this.#tokens.status === TaskStatus.ERROR && !tokens) {
      return html`<p class="state error" role="alert">
        We couldn't load your tokens. ${describeError(this.#tokens.error)}
        <button type="button" class="small" @click=${() => this.reloads++}>Try again</button>
      </p>`;
    }
    if (!tokens) return html`<p class="state" role="status">Loading your tokens…</p>`;
    return html`<shoal-token-list
      .tokens=${tokens as ApiToken[]}
      .revealed=${this.revealed}
      ?busy=${this.creating}
      .error=${this.tokenError}
      @shoal-token-create=${(e: CustomEvent<TokenCreateDetail>) => void this.#create(e)}
      @shoal-token-revoke=${(e: CustomEvent<TokenRevokeDetail>) => void this.#revoke(e)}
    ></shoal-token-list>`;
  }

  protected override render() {
    const user = this.user;
    if (!user) return nothing;
    return html`<div class="page-head">
        <div>
          <h1 id="profile-title" tabindex="-1">Your profile</h1>
          <p class="subtitle">How your team sees you, and the keys your scripts use.</p>
        </div>
      </div>
      <section class="card" aria-labelledby="about-title">
        <h2 id="about-title" class="visually-hidden">About you</h2>
        <div class="person">
          <shoal-avatar name=${user.name} color=${user.color} user-id=${user.id}></shoal-avatar>
          <dl>
            <div>
              <dt>Name</dt>
              <dd class="name">${user.name}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd class="email">${user.email}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd class="role">${roleLabel(user.role)}</dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>${dateOnly(user.createdAt)}</dd>
            </div>
          </dl>
        </div>
        <p class="note">
          ${user.role === 'admin' ? 'You can change names and roles on the Team page.' : 'To change your name, email or role, ask an admin of your team.'}
        </p>
      </section>
      <section class="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Personal API tokens</h2>
        <p class="lead">
          Scripts and integrations use a token to call the Shoal API as you: send it as <code>Authorization: Bearer &lt;token&gt;</code>. What they
          change appears live for your team under your name. Revoke a token as soon as you no longer need it.
        </p>
        ${this.#tokenSection()}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-profile-page': ShoalProfilePage;
  }
}
