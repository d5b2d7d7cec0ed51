import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Session } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { base, forms, submitButton } from '../styles.js';
import { FormFields, MIN_PASSWORD, SignInSubmit, accountErrors } from './form-fields.js';
import { signInProblem } from './shoal-login-form.js';

type Field = 'name' | 'email' | 'password';
const FIELDS: readonly Field[] = ['name', 'email', 'password'];

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

  @state() private alreadySetUp = false;

  readonly #form = new FormFields<Field>(this, FIELDS, { name: '', email: '', password: '' });
  readonly #submit = new SignInSubmit(this, this.#form, {
    api: () => this.api,
    errors: () => accountErrors(this.#form.values, 'new'),
    send: (api) => {
      const { name, email, password } = this.#form.values;
      return api.setup({ name: name.trim(), email: email.trim(), password });
    },
    problem: (error) => {
      // Someone set Shoal up meanwhile: the banner below offers to sign in instead.
      this.alreadySetUp = error instanceof ApiError && error.status === 403;
      if (this.alreadySetUp) return '';
      return error instanceof ApiError && (error.status === 0 || error.status === 429) ? signInProblem(error) : describeError(error);
    },
  });

  /** Puts the focus in the name field. */
  override focus(): void {
    this.#form.focus('name');
  }

  protected override render() {
    const submit = this.#submit;
    return html`<form
      novalidate
      @submit=${(e: Event) => {
        this.alreadySetUp = false;
        void submit.submit(e);
      }}
      aria-label="Create the first admin"
    >
      ${submit.banner()}
      ${this.alreadySetUp
        ? html`<div class="banner warning" role="alert">
            <p>Someone has set up Shoal in the meantime. Sign in with your account, or ask an admin to add you.</p>
            <button type="button" class="small" @click=${() => this.dispatchEvent(new CustomEvent('shoal-sign-in-instead', { bubbles: true, composed: true }))}>Go to sign in</button>
          </div>`
        : nothing}
      ${this.#form.text('name', { label: 'Your name', autocomplete: 'name', required: true })}
      ${this.#form.text('email', { label: 'Email', type: 'email', autocomplete: 'username', required: true, hint: 'You sign in with this address.' })}
      ${this.#form.text('password', {
        label: 'Password',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        hint: `At least ${MIN_PASSWORD} characters. A few unrelated words make a strong one.`,
      })}
      <button type="submit" class="primary submit" ?disabled=${submit.busy}>${submit.busy ? 'Creating…' : 'Create admin account'}</button>
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
