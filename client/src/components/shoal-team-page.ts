import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { PresenceEntry } from '../../../shared/events.js';
import type { Role, User, UserPatch } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { dateOnly } from '../format/dates.js';
import { roleInSentence, roleLabel } from '../format/people.js';
import { saveQueueOf, WAITING_MESSAGE } from '../data/save-queue.js';
import { StoreController } from '../data/store-controller.js';
import { LiveController } from '../live-controller.js';
import { base, card, forms } from '../styles.js';
import './shoal-avatar.js';
import './shoal-confirm-dialog.js';
import './shoal-user-form.js';
import type { UserCreatedDetail } from './shoal-user-form.js';
import { roomOf } from '../../../shared/rooms.js';
import { teamPageStyles } from './shoal-team-page.styles.js';
import { confirmText, PASSWORD_HINT, teamProblem, type Pending } from './team-wording.js';

const REFETCH_DEBOUNCE_MS = 200;

/**
 * The Team page (admins): everyone on the team with avatar, role and whether they are
 * active and online; add a member; change a role; deactivate or reactivate someone after
 * a confirmation. Changes other admins make arrive live.
 */
@customElement('shoal-team-page')
export class ShoalTeamPage extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    card,
    forms,
    teamPageStyles,
  ];

  @state() private reloads = 0;
  @state() private online = new Set<string>();
  @state() private adding = false;
  @state() private confirming: Pending | undefined;
  @state() private busy = new Set<string>();
  @state() private error = '';
  @state() private announcement = '';
  @state() private newPassword = '';
  /** Said while a change waits for the connection. */
  @state() private waiting = '';
  @state() private passwordError = '';

  #refetchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    // The rows show the store's users.
    user: () => undefined,
    resync: () => this.#refetch(),
  });

  readonly #list = new Task(this, {
    task: async ([api, isAdmin, reloads]: readonly [ShoalApi | undefined, boolean, number]) => (api && isAdmin ? this.#store.store?.team(reloads > 0) : initialState),
    args: () => [this.api, this.user?.role === 'admin', this.reloads] as const,
  });

  /** The team, by name, as the store has it (the shell loads it once). */
  private get users(): User[] {
    return this.#store.store?.users() ?? [];
  }

  readonly #live = new LiveController(this, () => this.live, {
    presence: (room: string, entries: PresenceEntry[]) => {
      if (room === roomOf({ kind: 'team' })) this.online = new Set(entries.map((e) => e.actor.id));
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#refetchTimer);
  }

  #refetch(): void {
    clearTimeout(this.#refetchTimer);
    this.#refetchTimer = setTimeout(() => this.reloads++, REFETCH_DEBOUNCE_MS);
  }

  /**
   * Every change asks first: a role list moved by the keyboard (ArrowDown on a closed select
   * fires `change` at once) or a stray click commits nothing until the admin confirms.
   */
  #request(user: User, patch: UserPatch, returnFocus?: HTMLElement): void {
    this.error = '';
    this.newPassword = '';
    this.passwordError = '';
    this.confirming = { user, patch, returnFocus };
  }

  #close(): void {
    const focus = this.confirming?.returnFocus;
    this.confirming = undefined;
    void this.updateComplete.then(() => focus?.isConnected && focus.focus());
  }

  #confirm(): void {
    const pending = this.confirming;
    if (!pending) return;
    if (pending.patch.password !== undefined) {
      // The password is typed into the dialog; the server checks the rest of the rules.
      if (this.newPassword.length < 10) {
        this.passwordError = 'The new password must be at least 10 characters.';
        return;
      }
      void this.#apply(pending.user, { password: this.newPassword });
    } else void this.#apply(pending.user, pending.patch);
    this.#close();
  }

  async #apply(user: User, patch: UserPatch): Promise<void> {
    if (!this.api) return;
    this.busy = new Set([...this.busy, user.id]);
    const api = this.api;
    try {
      // A role or activity change made offline waits and is sent when the connection returns;
      // a new password is never kept for later (it says plainly that it was not reset).
      const saved =
        patch.password !== undefined
          ? await api.patchUser(user.id, patch, user.version)
          : await saveQueueOf(api).save(
              `user:${user.id}`,
              () => api.patchUser(user.id, patch, user.version),
              () => (this.waiting = `${WAITING_MESSAGE.replace('this', `the change to ${user.name}`)}`),
            ).done;
      this.waiting = '';
      this.#store.store?.put('user', saved);
      this.announcement =
        patch.password !== undefined
          ? `${saved.name}'s password is reset and they are signed out everywhere. Tell them the new password in person or by phone.`
          : patch.active === false
          ? `${saved.name} is deactivated and signed out everywhere.`
          : patch.active === true
            ? `${saved.name} is active again and can sign in.`
            : `${saved.name} is now ${roleInSentence(saved.role)}.`;
    } catch (error) {
      this.waiting = '';
      this.error = teamProblem(error, user, patch);
      // A 412 carries the member as they are now: the list shows it at once.
      if (error instanceof ApiError && error.status === 412 && error.problem.current) this.#store.store?.put('user', error.problem.current as User);
      this.announcement = '';
      // The select shows the role the server still has (live() re-applies it).
      this.requestUpdate();
    } finally {
      const busy = new Set(this.busy);
      busy.delete(user.id);
      this.busy = busy;
    }
  }

  #onCreated(event: CustomEvent<UserCreatedDetail>): void {
    const { user } = event.detail;
    this.adding = false;
    this.#store.store?.put('user', user);
    this.announcement = `${user.name} was added as ${roleInSentence(user.role)}. They can sign in now.`;
  }

  #row(user: User) {
    const me = user.id === this.user?.id;
    const busy = this.busy.has(user.id);
    const online = this.online.has(user.id) && user.active;
    return html`<tr data-id=${user.id} class=${user.active ? 'active' : 'inactive'}>
      <th scope="row">
        <div class="member">
          <span class="avatar">
            <shoal-avatar name=${user.name} color=${user.color} user-id=${user.id}></shoal-avatar>
            ${online ? html`<span class="online-dot" title="Online now"></span>` : nothing}
          </span>
          <div>
            <span class="name">${user.name}</span>${me ? html`<span class="tag">You</span>` : nothing}
            <span class="email">${user.email}${online ? html`<span class="visually-hidden">, online now</span>` : nothing}</span>
          </div>
        </div>
      </th>
      <td>
        <select
          aria-label="Role of ${user.name}"
          .value=${live(user.role)}
          ?disabled=${busy || !user.active}
          @change=${(e: Event) => {
            const select = e.target as HTMLSelectElement;
            const role = select.value as Role;
            // Until the change is confirmed and saved, the select keeps showing the saved role.
            select.value = user.role;
            this.#request(user, { role }, select);
          }}
        >
          <option value="rep">${roleLabel('rep')}</option>
          <option value="admin">${roleLabel('admin')}</option>
        </select>
      </td>
      <td><span class="status ${user.active ? 'active' : 'inactive'}">${user.active ? 'Active' : 'Deactivated'}</span></td>
      <td class="joined muted">${dateOnly(user.createdAt)}</td>
      <td class="actions">
        ${me
          ? nothing
          : html`<button type="button" class="small ghost reset" ?disabled=${busy || !user.active} aria-label="Reset password for ${user.name}" @click=${(e: Event) => this.#request(user, { password: '' }, e.currentTarget as HTMLElement)}>
              Reset password
            </button>`}
        ${user.active
          ? html`<button type="button" class="small ghost deactivate" ?disabled=${busy} aria-label="Deactivate ${user.name}" @click=${(e: Event) => this.#request(user, { active: false }, e.currentTarget as HTMLElement)}>
              Deactivate
            </button>`
          : html`<button type="button" class="small reactivate" ?disabled=${busy} aria-label="Reactivate ${user.name}" @click=${(e: Event) => this.#request(user, { active: true }, e.currentTarget as HTMLElement)}>
              Reactivate
            </button>`}
      </td>
    </tr>`;
  }

  #table() {
    if (this.#list.status === TaskStatus.ERROR && this.users.length === 0) {
      return html`<div class="state" role="alert">
        <p>We couldn't load your team. ${describeError(this.#list.error)}</p>
        <button type="button" class="primary" @click=${() => this.reloads++}>Try again</button>
      </div>`;
    }
    if (this.users.length === 0) return html`<div class="state" role="status">Loading your team…</div>`;
    return html`<table>
      <caption class="visually-hidden">Team members</caption>
      <thead>
        <tr>
          <th scope="col">Member</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col" class="joined">Added</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.users.map((u) => this.#row(u))}
      </tbody>
    </table>`;
  }

  protected override render() {
    if (this.user && this.user.role !== 'admin') {
      return html`<div class="page-head"><h1 id="team-title" tabindex="-1">Team</h1></div>
        <div class="card state" role="status">Only admins can manage the team. Ask an admin if you need someone added or changed.</div>`;
    }
    const active = this.users.filter((u) => u.active).length;
    const confirm = this.confirming ? confirmText(this.confirming, this.user?.id) : undefined;
    return html`<div class="page-head">
        <div>
          <h1 id="team-title" tabindex="-1">Team</h1>
          <p class="subtitle">${this.users.length ? `${this.users.length} ${this.users.length === 1 ? 'member' : 'members'}, ${active} active` : 'Loading…'}</p>
        </div>
        <button type="button" class="primary add-member" @click=${() => (this.adding = true)}>
          <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor"><path d="M10 3.5a.9.9 0 0 1 .9.9v4.7h4.7a.9.9 0 0 1 0 1.8h-4.7v4.7a.9.9 0 0 1-1.8 0v-4.7H4.4a.9.9 0 0 1 0-1.8h4.7V4.4a.9.9 0 0 1 .9-.9z" /></svg>
          Add a team member
        </button>
      </div>
      ${this.error
        ? html`<div class="banner error-banner team-error" role="alert">
            <p>${this.error}</p>
            <button type="button" class="small ghost" aria-label="Dismiss" @click=${() => (this.error = '')}>✕</button>
          </div>`
        : nothing}
      ${this.waiting ? html`<div class="banner warning team-waiting" role="status"><p>${this.waiting}</p></div>` : nothing}
      <div class="card">${this.#table()}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>

      <shoal-user-form
        .open=${this.adding}
        @shoal-user-created=${(e: CustomEvent<UserCreatedDetail>) => this.#onCreated(e)}
        @shoal-close=${() => (this.adding = false)}
      ></shoal-user-form>
      <shoal-confirm-dialog
        .open=${this.confirming !== undefined}
        heading=${confirm?.heading ?? ''}
        confirm-label=${confirm?.label ?? 'Confirm'}
        ?danger=${confirm?.danger ?? false}
        @shoal-confirm=${() => this.#confirm()}
        @shoal-cancel=${() => this.#close()}
      >
        <p style="margin: 0">${confirm?.body ?? ''}</p>
        ${this.confirming?.patch.password !== undefined
          ? html`<div class="field reset-field">
              <label for="new-password">New password</label>
              <input
                id="new-password"
                type="password"
                autocomplete="new-password"
                .value=${this.newPassword}
                aria-invalid=${this.passwordError ? 'true' : 'false'}
                aria-describedby="new-password-help"
                @input=${(e: Event) => {
                  this.newPassword = (e.target as HTMLInputElement).value;
                  this.passwordError = '';
                }}
              />
              <p id="new-password-help" class=${this.passwordError ? 'field-error' : 'hint'}>${this.passwordError || PASSWORD_HINT}</p>
            </div>`
          : nothing}
      </shoal-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-team-page': ShoalTeamPage;
  }
}
