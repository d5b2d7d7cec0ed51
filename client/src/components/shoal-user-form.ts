import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Role, User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { base, dialogHost, forms } from '../styles.js';
import { closeModal, ModalController } from './dialog-frame.js';
import { FormFields, MIN_PASSWORD, accountErrors } from './form-fields.js';

type Field = 'name' | 'email' | 'password' | 'role';
const FIELDS: readonly Field[] = ['name', 'email', 'password', 'role'];

/** Detail of `shoal-user-created`. */
export interface UserCreatedDetail {
  user: User;
}

/**
 * The dialog where an admin adds a team member: name, email, initial password and role.
 * It creates the user through the API itself; the server's field errors (422, or 409 for
 * an email in use) appear next to their field.
 *
 * @fires shoal-user-created - The member was added. Detail: `{ user }`.
 * @fires shoal-close - The admin closed the dialog without adding anyone.
 */
@customElement('shoal-user-form')
export class ShoalUserForm extends LitElement {
  static override styles = [
    base,
    forms,
    css`
      ${dialogHost(30)}
      .intro {
        margin: 0.25rem 0 0;
        color: var(--shoal-muted, #536171);
        font-size: 0.875rem;
      }
      .field + .field,
      fieldset {
        margin-top: 1rem;
      }
      fieldset {
        border: none;
        padding: 0;
        margin-inline: 0;
      }
      legend {
        font-size: 0.875rem;
        font-weight: 600;
        margin-bottom: 0.375rem;
        padding: 0;
      }
      .choice {
        display: flex;
        align-items: flex-start;
        gap: 0.5rem;
        font-weight: 400;
        margin: 0 0 0.375rem;
      }
      .choice input {
        width: auto;
        min-height: 0;
        margin-top: 0.1875rem;
      }
      .choice span {
        display: block;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  @state() private formError = '';
  @state() private saving = false;


  /** Shown as a modal while open, the focus in the first field. */
  readonly #modal = new ModalController(
    this,
    () => this.open,
    () => this.#form.focus('name'),
  );
  readonly #form = new FormFields<Field, { name: string; email: string; password: string; role: Role }>(this, FIELDS, { name: '', email: '', password: '', role: 'rep' });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.#form.reset();
      this.formError = '';
      this.saving = false;
    }
  }

  #close(): void {
    closeModal(this, this.saving);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.api) return;
    const { name, email, password, role } = this.#form.values;
    this.formError = '';
    if (!this.#form.check(accountErrors({ name, email, password }, 'new'))) return;
    this.saving = true;
    try {
      const user = await this.api.createUser({ name: name.trim(), email: email.trim(), password, role });
      this.saving = false;
      this.open = false;
      this.dispatchEvent(new CustomEvent<UserCreatedDetail>('shoal-user-created', { detail: { user }, bubbles: true, composed: true }));
    } catch (error) {
      this.saving = false;
      const { named, other } = this.#form.refused(error);
      if (named || other.length) {
        this.formError = other.join('; ');
        return;
      }
      this.formError = describeError(error);
    }
  }

  protected override render() {
    return html`<dialog
      aria-labelledby="user-form-title"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.#close();
      }}
    >
      <form novalidate @submit=${(e: Event) => void this.#submit(e)}>
        <div class="dialog-head">
          <h2 id="user-form-title">Add a team member</h2>
          <p class="intro">They sign in with this email and password; share the password with them privately.</p>
        </div>
        <div class="dialog-body">
          ${this.formError ? html`<div class="banner error-banner" role="alert"><p>${this.formError}</p></div>` : nothing}
          ${this.#form.text('name', { label: 'Name', autocomplete: 'off', required: true })}
          ${this.#form.text('email', { label: 'Email', type: 'email', required: true })}
          ${this.#form.text('password', { label: 'Initial password', type: 'text', autocomplete: 'off', required: true, hint: `At least ${MIN_PASSWORD} characters.` })}
          <fieldset aria-describedby=${this.#form.errors.role ? 'role-error' : nothing}>
            <legend>Role</legend>
            <label class="choice">
              <input type="radio" name="role" value="rep" .checked=${this.#form.values.role === 'rep'} @change=${() => this.#form.set('role', 'rep')} />
              <div>Sales rep<span>Works with customers, contacts and deals.</span></div>
            </label>
            <label class="choice">
              <input type="radio" name="role" value="admin" .checked=${this.#form.values.role === 'admin'} @change=${() => this.#form.set('role', 'admin')} />
              <div>Admin<span>Also adds team members and changes their roles.</span></div>
            </label>
            ${this.#form.errors.role ? html`<p class="error" id="role-error">Role ${this.#form.errors.role}.</p>` : nothing}
          </fieldset>
        </div>
        <div class="dialog-actions">
          <button type="button" class="cancel" ?disabled=${this.saving} @click=${() => this.#close()}>Cancel</button>
          <button type="submit" class="primary" ?disabled=${this.saving}>${this.saving ? 'Adding…' : 'Add member'}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-user-form': ShoalUserForm;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-user-created': CustomEvent<UserCreatedDetail>;
  }
}
