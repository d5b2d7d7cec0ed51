import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Role, User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { fieldErrorsOf, looksLikeEmail, textField } from '../fields.js';
import { base, forms } from '../styles.js';

type Field = 'name' | 'email' | 'password' | 'role';
const FIELDS: readonly Field[] = ['name', 'email', 'password', 'role'];
const MIN_PASSWORD = 10;

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
      :host {
        display: contents;
      }
      dialog {
        width: min(30rem, calc(100vw - 1.5rem));
      }
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

  @state() private values = { name: '', email: '', password: '', role: 'rep' as Role };
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private formError = '';
  @state() private saving = false;

  @query('dialog') private dialog!: HTMLDialogElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.values = { name: '', email: '', password: '', role: 'rep' };
      this.errors = {};
      this.formError = '';
      this.saving = false;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.dialog.showModal();
      this.#focus('name');
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  #focus(field: Field): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus());
  }

  #input(field: Field, value: string): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  #close(): void {
    if (this.saving) return;
    this.open = false;
    this.dispatchEvent(new CustomEvent('shoal-close', { bubbles: true, composed: true }));
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.api) return;
    const name = this.values.name.trim();
    const email = this.values.email.trim();
    const errors: Partial<Record<Field, string>> = {};
    if (!name) errors.name = 'is required';
    if (!email) errors.email = 'is required';
    else if (!looksLikeEmail(email)) errors.email = 'must be an email address';
    if (this.values.password.length < MIN_PASSWORD) errors.password = `must be at least ${MIN_PASSWORD} characters`;
    this.errors = errors;
    this.formError = '';
    const first = FIELDS.find((f) => errors[f]);
    if (first) return this.#focus(first);
    this.saving = true;
    try {
      const user = await this.api.createUser({ name, email, password: this.values.password, role: this.values.role });
      this.saving = false;
      this.open = false;
      this.dispatchEvent(new CustomEvent<UserCreatedDetail>('shoal-user-created', { detail: { user }, bubbles: true, composed: true }));
    } catch (error) {
      this.saving = false;
      const { errors: fieldErrors, other } = fieldErrorsOf(error, FIELDS);
      if (Object.keys(fieldErrors).length || other.length) {
        this.errors = fieldErrors;
        this.formError = other.join('; ');
        const firstBad = FIELDS.find((f) => fieldErrors[f]);
        if (firstBad) this.#focus(firstBad);
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
          ${textField({ name: 'name', label: 'Name', autocomplete: 'off', required: true, value: this.values.name, error: this.errors.name, onInput: (v) => this.#input('name', v) })}
          ${textField({ name: 'email', label: 'Email', type: 'email', required: true, value: this.values.email, error: this.errors.email, onInput: (v) => this.#input('email', v) })}
          ${textField({
            name: 'password',
            label: 'Initial password',
            type: 'text',
            autocomplete: 'off',
            required: true,
            value: this.values.password,
            error: this.errors.password,
            hint: `At least ${MIN_PASSWORD} characters.`,
            onInput: (v) => this.#input('password', v),
          })}
          <fieldset aria-describedby=${this.errors.role ? 'role-error' : nothing}>
            <legend>Role</legend>
            <label class="choice">
              <input type="radio" name="role" value="rep" .checked=${this.values.role === 'rep'} @change=${() => this.#input('role', 'rep')} />
              <div>Sales rep<span>Works with customers, contacts and deals.</span></div>
            </label>
            <label class="choice">
              <input type="radio" name="role" value="admin" .checked=${this.values.role === 'admin'} @change=${() => this.#input('role', 'admin')} />
              <div>Admin<span>Also adds team members and changes their roles.</span></div>
            </label>
            ${this.errors.role ? html`<p class="error" id="role-error">Role ${this.errors.role}.</p>` : nothing}
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
