import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ApiToken, CreatedToken, User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { describeSaveError, saveQueueOf, WAITING_MESSAGE, type PendingSave } from '../data/save-queue.js';
import { storeOf } from '../data/record-store.js';
import { dateOnly } from '../format/dates.js';
import { roleLabel } from '../format/people.js';
import { base, card, forms } from '../styles.js';
import './shoal-avatar.js';
import './shoal-token-list.js';
import type { TokenCreateDetail, TokenRevokeDetail } from './shoal-token-list.js';

/**
 * The signed-in person's profile: name, email and role, and their personal API tokens
 * (list, create with the secret shown once, revoke).
 */
@customElement('shoal-profile-page')
export class ShoalProfilePage extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    card,
    forms,
    css`
      .edit-form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 0.75rem 1.25rem;
        max-width: 46rem;
        margin-top: 1rem;
      }
      .form-actions {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
      }
      .field-error {
        margin: 0.25rem 0 0;
        font-size: 0.8125rem;
        color: var(--shoal-danger, #b42318);
      }
      .save-status {
        margin: 0.75rem 0 0;
        font-size: 0.875rem;
      }
      .save-status.waiting {
        color: #7a2e0e;
      }
      .save-status.saved {
        color: #067647;
      }
      .save-status.failed {
        color: var(--shoal-danger, #b42318);
      }
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

  /** The details form while open: what the person typed (kept when a save fails). */
  @state() private draft: { name: string; email: string; currentPassword: string; version: number } | undefined;
  @state() private detailsStatus: { tone: 'waiting' | 'saved' | 'failed'; text: string } | undefined;
  @state() private detailsErrors: Record<string, string> = {};
  @state() private passwords = { current: '', next: '' };
  @state() private passwordStatus: { tone: 'saved' | 'failed'; text: string } | undefined;
  @state() private passwordErrors: Record<string, string> = {};
  @state() private savingPassword = false;
  #pending: PendingSave<unknown> | undefined;

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

  #edit(user: User): void {
    // The version the form started from goes as If-Match: an admin's change meanwhile is not overwritten unseen.
    this.draft = { name: user.name, email: user.email, currentPassword: '', version: user.version };
    this.detailsErrors = {};
    this.detailsStatus = undefined;
  }

  /**
   * Saves the name and email through the tab's save queue: offline, the change waits and is
   * sent when the connection returns (the form says so and keeps the draft); any refusal
   * (a wrong current password, an email someone else has) shows under its field.
   */
  #saveDetails(user: User): void {
    const draft = this.draft;
    if (!this.api || !draft) return;
    const patch: { name?: string; email?: string; currentPassword?: string } = {};
    if (draft.name.trim() !== user.name) patch.name = draft.name.trim();
    if (draft.email.trim() !== user.email) patch.email = draft.email.trim();
    if (!patch.name && !patch.email) {
      this.draft = undefined;
      return;
    }
    if (patch.email !== undefined) {
      if (!draft.currentPassword) {
        this.detailsErrors = { currentPassword: 'Type your current password to change your email.' };
        return;
      }
      patch.currentPassword = draft.currentPassword;
    }
    const api = this.api;
    this.detailsErrors = {};
    this.detailsStatus = undefined;
    const pending = saveQueueOf(api).save(
      `profile:${user.id}`,
      () => api.updateProfile(patch, draft.version),
      () => (this.detailsStatus = { tone: 'waiting', text: WAITING_MESSAGE }),
    );
    this.#pending = pending;
    pending.done.then(
      (session) => {
        if (this.#pending !== pending) return;
        storeOf(this.live, api).put('user', session.user);
        this.draft = undefined;
        this.detailsStatus = { tone: 'saved', text: 'Your profile is saved.' };
      },
      (error: unknown) => {
        if (this.#pending !== pending || (error instanceof Error && error.name === 'SaveCancelled')) return;
        if (error instanceof ApiError && error.status === 412 && error.problem.current) {
          this.#conflict(error.problem.current as User, error.problem.conflicts ?? Object.keys(patch));
          return;
        }
        const fields = error instanceof ApiError ? error.fieldErrors : {};
        this.detailsErrors = fields;
        this.detailsStatus = { tone: 'failed', text: describeSaveError(error, 'Your profile') };
      },
    );
  }

  /**
   * Someone (an admin) changed a field of this profile while it was being edited: the page shows
   * the profile as it is now, the form keeps what was typed, and saving again replaces theirs.
   */
  #conflict(current: User, fields: string[]): void {
    if (this.live && this.api) storeOf(this.live, this.api).put('user', current);
    const changed = fields.filter((f) => f === 'name' || f === 'email');
    const now = changed.map((f) => (f === 'name' ? `your name is now “${current.name}”` : `your email is now ${current.email}`)).join(' and ');
    if (this.draft) this.draft = { ...this.draft, version: current.version };
    this.detailsErrors = {};
    this.detailsStatus = {
      tone: 'failed',
      text: `Your profile was not saved: someone else changed it while you were editing${now ? ` (${now})` : ''}. What you typed is still in the form; save again to use yours instead.`,
    };
  }

  #cancelEdit(): void {
    this.#pending?.cancel();
    this.#pending = undefined;
    this.draft = undefined;
    this.detailsStatus = undefined;
  }

  /** A new password is never kept for later: offline, it says plainly that it was not changed, and keeps what was typed. */
  async #changePassword(): Promise<void> {
    if (!this.api) return;
    const { current, next } = this.passwords;
    const errors: Record<string, string> = {};
    if (!current) errors.currentPassword = 'Type your current password.';
    if (next.length < 10) errors.password = 'must be at least 10 characters';
    this.passwordErrors = errors;
    this.passwordStatus = undefined;
    if (Object.keys(errors).length) return;
    this.savingPassword = true;
    try {
      const session = await this.api.updateProfile({ currentPassword: current, password: next }, this.user?.version);
      storeOf(this.live, this.api).put('user', session.user);
      this.passwords = { current: '', next: '' };
      this.passwordStatus = { tone: 'saved', text: 'Your password is changed. Your other devices are signed out; this one stays signed in.' };
    } catch (error) {
      this.passwordErrors = error instanceof ApiError ? error.fieldErrors : {};
      this.passwordStatus = { tone: 'failed', text: describeSaveError(error, 'Your password') };
    } finally {
      this.savingPassword = false;
    }
  }

  #fieldError(errors: Record<string, string>, name: string, label: string) {
    const message = errors[name];
    if (!message) return nothing;
    return html`<p class="field-error" id="${name}-error">${/^[A-Z]/.test(message) ? message : `${label} ${message}.`}</p>`;
  }

  #detailsForm(user: User) {
    const draft = this.draft!;
    const emailChanged = draft.email.trim() !== user.email;
    const set = (key: keyof typeof draft) => (e: Event) => (this.draft = { ...draft, [key]: (e.target as HTMLInputElement).value });
    const invalid = (name: string) => (this.detailsErrors[name] ? 'true' : 'false');
    return html`<form
      class="edit-form details-form"
      @submit=${(e: Event) => {
        e.preventDefault();
        this.#saveDetails(user);
      }}
    >
      <div class="field">
        <label for="profile-name">Name</label>
        <input id="profile-name" autocomplete="name" .value=${draft.name} aria-invalid=${invalid('name')} @input=${set('name')} />
        ${this.#fieldError(this.detailsErrors, 'name', 'The name')}
      </div>
      <div class="field">
        <label for="profile-email">Email</label>
        <input id="profile-email" type="email" autocomplete="email" .value=${draft.email} aria-invalid=${invalid('email')} @input=${set('email')} />
        ${this.#fieldError(this.detailsErrors, 'email', 'The email')}
      </div>
      ${emailChanged
        ? html`<div class="field">
            <label for="profile-current">Current password</label>
            <input id="profile-current" type="password" autocomplete="current-password" .value=${draft.currentPassword} aria-invalid=${invalid('currentPassword')} @input=${set('currentPassword')} />
            ${this.#fieldError(this.detailsErrors, 'currentPassword', 'That')}
          </div>`
        : nothing}
      <div class="form-actions">
        <button type="submit" class="primary save-details" ?disabled=${this.detailsStatus?.tone === 'waiting'}>Save</button>
        <button type="button" class="cancel-details" @click=${() => this.#cancelEdit()}>${this.detailsStatus?.tone === 'waiting' ? 'Cancel this change' : 'Cancel'}</button>
      </div>
    </form>`;
  }

  #passwordSection() {
    const set = (key: 'current' | 'next') => (e: Event) => (this.passwords = { ...this.passwords, [key]: (e.target as HTMLInputElement).value });
    return html`<section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <p class="lead">Changing your password signs you out on your other devices.</p>
      <form
        class="edit-form password-form"
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#changePassword();
        }}
      >
        <div class="field">
          <label for="password-current">Current password</label>
          <input id="password-current" type="password" autocomplete="current-password" .value=${this.passwords.current} @input=${set('current')} />
          ${this.#fieldError(this.passwordErrors, 'currentPassword', 'That')}
        </div>
        <div class="field">
          <label for="password-new">New password</label>
          <input id="password-new" type="password" autocomplete="new-password" .value=${this.passwords.next} @input=${set('next')} />
          ${this.#fieldError(this.passwordErrors, 'password', 'The new password')}
        </div>
        <div class="form-actions">
          <button type="submit" class="primary change-password" ?disabled=${this.savingPassword}>Change password</button>
        </div>
      </form>
      ${this.passwordStatus ? html`<p class="save-status ${this.passwordStatus.tone}" role=${this.passwordStatus.tone === 'failed' ? 'alert' : 'status'}>${this.passwordStatus.text}</p>` : nothing}
    </section>`;
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
        ${this.draft
          ? this.#detailsForm(user)
          : html`<p class="note">
              <button type="button" class="small edit-details" @click=${() => this.#edit(user)}>Edit name and email</button>
              ${user.role === 'admin' ? 'Roles are changed on the Team page.' : 'To change your role, ask an admin of your team.'}
            </p>`}
        ${this.detailsStatus
          ? html`<p class="save-status details-status ${this.detailsStatus.tone}" role=${this.detailsStatus.tone === 'failed' ? 'alert' : 'status'}>${this.detailsStatus.text}</p>`
          : nothing}
      </section>
      ${this.#passwordSection()}
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
