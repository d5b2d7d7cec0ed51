import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { Session } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import { fieldErrorsOf, looksLikeEmail, textField, type TextField } from '../fields.js';

type Host = ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };
type Errors<F extends string> = Partial<Record<F, string>>;

/** The least length of a new password: the server's rule (shared/user.ts `Password`). */
export const MIN_PASSWORD = 10;

/**
 * The checks an account form makes before it asks the server (which checks everything again):
 * a name when the form has one, an email address, and a password that is there (`present`, to
 * sign in) or long enough to be a new one (`new`).
 */
export function accountErrors(values: { name?: string; email: string; password: string }, password: 'present' | 'new'): Errors<'name' | 'email' | 'password'> {
  const errors: Errors<'name' | 'email' | 'password'> = {};
  if (values.name !== undefined && !values.name.trim()) errors.name = 'is required';
  const email = values.email.trim();
  if (!email) errors.email = 'is required';
  else if (!looksLikeEmail(email)) errors.email = 'must be an email address';
  if (password === 'present' && !values.password) errors.password = 'is required';
  if (password === 'new' && values.password.length < MIN_PASSWORD) errors.password = `must be at least ${MIN_PASSWORD} characters`;
  return errors;
}

/**
 * A form's text values and their errors by field (the `[name]` of its control): typing into a
 * field clears its error; `check()` shows the errors found before asking the server and
 * `refused()` the ones the server names (422, or 409 for a value in use), each time focusing
 * the first field in `fields` order that has one.
 */
export class FormFields<F extends string, V extends Record<F, string> = Record<F, string>> {
  values: V;
  errors: Errors<F> = {};

  constructor(
    private readonly host: Host,
    readonly fields: readonly F[],
    private readonly empty: V,
  ) {
    this.values = { ...empty };
  }

  /** Starts again from `values` (the empty form by default), with no errors. */
  reset(values: Partial<V> = {}): void {
    this.values = { ...this.empty, ...values };
    this.errors = {};
    this.host.requestUpdate();
  }

  /** A field's new value; its error goes, as the person is correcting it. */
  set<K extends F>(field: K, value: V[K]): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest as Errors<F>;
    }
    this.host.requestUpdate();
  }

  /** A labelled text field bound to this form: its value, its error, typing into it. */
  text(field: F & keyof V, options: Omit<TextField, 'name' | 'value' | 'error' | 'onInput'>) {
    return textField({ ...options, name: field, value: this.values[field], error: this.errors[field], onInput: (v) => this.set(field, v as V[F]) });
  }

  /** Focuses a field's control once the host has rendered. */
  focus(field: F): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(`[name="${field}"]`)?.focus());
  }

  /** Shows `errors` (replacing the ones shown) and focuses the first; true when there are none. */
  check(errors: Errors<F>): boolean {
    this.errors = errors;
    this.host.requestUpdate();
    const first = this.fields.find((f) => errors[f]);
    if (first) this.focus(first);
    return !first;
  }

  /**
   * A refusal's field errors (422, or 409 for a value in use) shown at their fields, the first
   * focused. `named`: it named a field of this form; `other`: what it says about anything else.
   */
  refused(error: unknown): { named: boolean; other: string[] } {
    const { errors, other } = fieldErrorsOf(error, this.fields);
    return { named: !this.check(errors as Errors<F>), other };
  }
}

/**
 * The sending of a form that signs a person in (the sign-in form, the first-run form): its
 * checks first, then the call; the server's field errors at their fields, anything else said
 * above them (`problem`); on success `shoal-signed-in` with the session.
 */
export class SignInSubmit<F extends string> {
  busy = false;
  /** What is said above the fields. */
  formError = '';

  constructor(
    private readonly host: Host & EventTarget,
    private readonly form: FormFields<F>,
    private readonly options: {
      api(): ShoalApi | undefined;
      /** The errors found before asking the server. */
      errors(): Partial<Record<F, string>>;
      send(api: ShoalApi): Promise<Session>;
      /** What to say about a refusal that names no field ('' to say nothing here). */
      problem(error: unknown): string;
    },
  ) {}

  async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.#set({ formError: '' });
    if (!this.form.check(this.options.errors())) return;
    const api = this.options.api();
    if (!api) return this.#set({ formError: 'Shoal is still starting. Try again in a moment.' });
    this.#set({ busy: true });
    let session: Session;
    try {
      session = await this.options.send(api);
    } catch (error) {
      this.#set({ busy: false });
      if (!this.form.refused(error).named) this.#set({ formError: this.options.problem(error) });
      return;
    }
    this.#set({ busy: false });
    this.host.dispatchEvent(new CustomEvent<Session>('shoal-signed-in', { detail: session, bubbles: true, composed: true }));
  }

  /** The message above the fields, when there is one. */
  banner() {
    return this.formError ? html`<div class="banner error-banner form-error" role="alert"><p>${this.formError}</p></div>` : nothing;
  }

  #set(state: Partial<Pick<this, 'busy' | 'formError'>>): void {
    Object.assign(this, state);
    this.host.requestUpdate();
  }
}
