import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Session } from '../../../shared/user.js';
import { ApiError, describeError, waitText, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { base, forms, submitButton } from '../styles.js';
import { FormFields, SignInSubmit, accountErrors } from './form-fields.js';

type Field = 'email' | 'password';
const FIELDS: readonly Field[] = ['email', 'password'];

/** What a person reads when signing in failed. */
export function signInProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "That email and password don't match an active account. Check both and try again.";
    if (error.status === 429) return `Too many sign-in attempts. Wait ${waitText(error.retryAfter ?? 60)}, then try again.`;
    if (error.status === 0) return "Shoal's server can't be reached. Check your connection, then try again.";
  }
  return describeError(error);
}

/**
 * The sign-in form: email and password. It signs in through the API itself: missing
 * fields and the server's field errors appear next to their field; wrong credentials,
 * too many attempts (with the wait) and an unreachable server appear above the fields.
 *
 * @fires shoal-signed-in - Signed in. Detail: the session `{ user, csrfToken }`.
 */
@customElement('shoal-login-form')
export class ShoalLoginForm extends LitElement {
  static override styles = [
    base,
    forms,
    submitButton,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** A message shown above the fields, e.g. why the person has to sign in again. */
  @property()
  notice = '';

  /** An email to start with (the person whose session ended). */
  @property()
  email = '';

  readonly #form = new FormFields<Field>(this, FIELDS, { email: '', password: '' });
  readonly #submit = new SignInSubmit(this, this.#form, {
    api: () => this.api,
    errors: () => accountErrors(this.#form.values, 'present'),
    send: async (api) => {
      const session = await api.login({ email: this.#form.values.email.trim(), password: this.#form.values.password });
      this.#form.set('password', '');
      return session;
    },
    problem: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        this.#form.set('password', '');
        this.#form.focus('password');
      }
      return signInProblem(error);
    },
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('email')) this.#form.values = { ...this.#form.values, email: this.email };
  }

  /** Puts the focus in the first empty field. */
  override focus(): void {
    this.#form.focus(this.#form.values.email ? 'password' : 'email');
  }

  protected override render() {
    const submit = this.#submit;
    return html`<form novalidate @submit=${(e: Event) => void submit.submit(e)} aria-label="Sign in">
      ${this.notice && !submit.formError ? html`<div class="banner info" role="status"><p>${this.notice}</p></div>` : nothing}
      ${submit.banner()}
      ${this.#form.text('email', { label: 'Email', type: 'email', autocomplete: 'username', required: true })}
      ${this.#form.text('password', { label: 'Password', type: 'password', autocomplete: 'current-password', required: true })}
      <button type="submit" class="primary submit" ?disabled=${submit.busy}>${submit.busy ? 'Signing in…' : 'Sign in'}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-login-form': ShoalLoginForm;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-signed-in': CustomEvent<Session>;
  }
}
