import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Session } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { fieldErrorsOf, looksLikeEmail, textField } from '../fields.js';
import { base, forms, submitButton } from '../styles.js';
import { signInProblem } from './shoal-login-form.js';

type Field = 'name' | 'email' | 'password';
const FIELDS: readonly Field[] = ['name', 'email', 'password'];
/** The server's rule (shared/user.ts `Password`). */
const MIN_PASSWORD = 10;

/**
 * The first-run form: creates the first admin (name, email, password with its rule shown)
 * through `POST /api/setup`, which also signs them in.
 *
 * @fires shoal-signed-in - The admin was created and is signed in. Detail: the session.
 * @fires shoal-sign-in-instead - Someone set Shoal up meanwhile and the person chose to sign in.
 */
@customElement('shoal-setup-form')
export class ShoalSetupForm extends LitElement {
  static override styles = [
    base,
    forms,
    submitButton,
    css`
      :host {
        display: block;
      }
      .banner button {
        margin-top: 0.5rem;
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  @state() private values: Record<Field, string> = { name: '', email: '', password: '' };
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private formError = '';
  @state() private alreadySetUp = false;
  @state() private busy = false;

  /** Puts the focus in the name field. */
  override focus(): void {
    void this.updateComplete.then(() => this.#focus('name'));
  }

  #focus(field: Field): void {
    this.renderRoot.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus();
  }

  #input(field: Field, value: string): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const name = this.values.name.trim();
    const email = this.values.email.trim();
    const errors: Partial<Record<Field, string>> = {};
    if (!name) errors.name = 'is required';
    if (!email) errors.email = 'is required';
    else if (!looksLikeEmail(email)) errors.email = 'must be an email address';
    if (this.values.password.length < MIN_PASSWORD) errors.password = `must be at least ${MIN_PASSWORD} characters`;
    this.errors = errors;
    this.formError = '';
    this.alreadySetUp = false;
    const first = FIELDS.find((f) => errors[f]);
    if (first) {
      await this.updateComplete;
      return this.#focus(first);
    }
    if (!this.api) return;
    this.busy = true;
    let session: Session;
    try {
      session = await this.api.setup({ name, email, password: this.values.password });
    } catch (error) {
      this.busy = false;
      const { errors: fieldErrors } = fieldErrorsOf(error, FIELDS);
      if (Object.keys(fieldErrors).length) {
        this.errors = fieldErrors;
        await this.updateComplete;
        return this.#focus(FIELDS.find((f) => fieldErrors[f]) ?? 'name');
      }
      if (error instanceof ApiError && error.status === 403) {
        this.alreadySetUp = true;
        return;
      }
      this.formError = error instanceof ApiError && (error.status === 0 || error.status === 429) ? signInProblem(error) : describeError(error);
      return;
    }
    this.busy = false;
    this.dispatchEvent(new CustomEvent<Session>('shoal-signed-in', { detail: session, bubbles: true, composed: true }));
  }

  protected override render() {
    return html`<form novalidate @submit=${(e: Event) => void this.#submit(e)} aria-label="Create the first admin">
      ${this.formError ? html`<div class="banner error-banner form-error" role="alert"><p>${this.formError}</p></div>` : nothing}
      ${this.alreadySetUp
        ? html`<div class="banner warning" role="alert">
            <p>Someone has set up Shoal in the meantime. Sign in with your account, or ask an admin to add you.</p>
            <button type="button" class="small" @click=${() => this.dispatchEvent(new CustomEvent('shoal-sign-in-instead', { bubbles: true, composed: true }))}>Go to sign in</button>
          </div>`
        : nothing}
      ${textField({ name: 'name', label: 'Your name', autocomplete: 'name', required: true, value: this.values.name, error: this.errors.name, onInput: (v) => this.#input('name', v) })}
      ${textField({
        name: 'email',
        label: 'Email',
        type: 'email',
        autocomplete: 'username',
        required: true,
        value: this.values.email,
        error: this.errors.email,
        hint: 'You sign in with this address.',
        onInput: (v) => this.#input('email', v),
      })}
      ${textField({
        name: 'password',
        label: 'Password',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        value: this.values.password,
        error: this.errors.password,
        hint: `At least ${MIN_PASSWORD} characters. A few unrelated words make a strong one.`,
        onInput: (v) => this.#input('password', v),
      })}
      <button type="submit" class="primary submit" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create admin account'}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-setup-form': ShoalSetupForm;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-sign-in-instead': CustomEvent<void>;
  }
}
