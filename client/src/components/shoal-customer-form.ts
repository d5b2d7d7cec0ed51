import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Customer, CustomerCreate, CustomerPatch } from '../../../shared/customer.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import { customFieldStyles, type CustomDraft } from '../lists/custom-field-input.js';
import { changedCustom, createCustom, customDraftsOf, customErrorsOf, customInputs, customTyped, notCustom, readCustom, type CustomDrafts } from '../lists/custom-form.js';
import { conflictBanner, conflictStyles } from './customer-form-conflict.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { looksLikeEmail } from '../fields.js';
import { FormFields } from './form-fields.js';
import { closeModal, ModalController } from './dialog-frame.js';
import { bannerColors, base, dialogForm, dialogHost, fieldParts } from '../styles.js';

/** Detail of `shoal-saved`. */
export interface CustomerSavedDetail {
  customer: Customer;
  /** `created` for a new customer, `updated` for an edit. */
  mode: 'created' | 'updated';
}

type FieldName = 'name' | 'email' | 'phone' | 'website' | 'industry' | 'ownerId' | 'address' | 'tags';
type Values = Record<FieldName, string>;

interface FieldSpec {
  name: FieldName;
  label: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  wide?: boolean;
  multiline?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Company name', required: true, autocomplete: 'organization' },
  { name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'email' },
  { name: 'phone', label: 'Phone', type: 'tel', autocomplete: 'tel' },
  { name: 'website', label: 'Website', type: 'text', autocomplete: 'url', hint: 'e.g. acme.com' },
  { name: 'industry', label: 'Industry' },
  { name: 'ownerId', label: 'Owner' },
  { name: 'tags', label: 'Tags', hint: 'Separate tags with commas' },
  { name: 'address', label: 'Address', wide: true, multiline: true, autocomplete: 'street-address' },
];

const LABELS: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [f.name, f.label]));

const EMPTY: Values = { name: '', email: '', phone: '', website: '', industry: '', ownerId: '', address: '', tags: '' };

const splitTags = (text: string) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];

function valuesOf(customer: Customer | undefined): Values {
  if (!customer) return { ...EMPTY };
  return {
    name: customer.name,
    email: customer.email,
    phone: customer.phone ?? '',
    website: customer.website ?? '',
    industry: customer.industry ?? '',
    ownerId: customer.ownerId ?? '',
    address: customer.address ?? '',
    tags: (customer.tags ?? []).join(', '),
  };
}

/** A field's value as the API takes it: trimmed text, or a list for tags. */
function normalized(field: FieldName, text: string): string | string[] {
  return field === 'tags' ? splitTags(text) : text.trim();
}

const same = (a: string | string[], b: string | string[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The dialog to create or edit a customer. It saves through the API itself: field errors
 * (422, or 409 for an email in use) appear next to their field, and when a colleague saved
 * the same fields first (412) it shows their values beside the rep's and offers to reload
 * their version or overwrite it.
 *
 * @fires shoal-saved - The customer was saved. Detail: {@link CustomerSavedDetail}.
 * @fires shoal-close - The rep closed the dialog without saving.
 */
@customElement('shoal-customer-form')
export class ShoalCustomerForm extends LitElement {
  static override styles = [
    base,
    dialogForm,
    fieldParts,
    bannerColors,
    customFieldStyles,
    conflictStyles,
    css`
      ${dialogHost(40)}
      .field.wide {
        grid-column: 1 / -1;
      }
      .hint {
        margin: 0.25rem 0 0;
      }
      textarea {
        min-height: 4.5rem;
        resize: vertical;
      }
    `,
  ];

  /** The REST client (handed down by `<shoal-app>` through context, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The customer to edit; leave unset to create a new one. */
  @property({ attribute: false })
  customer: Customer | undefined;

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** The colleague who last changed this customer, named in the warning when they saved first. */
  @property({ attribute: false })
  lastEditor: string | undefined;

  /** The team, for the owner field (and custom user fields). */
  @property({ attribute: false })
  users: readonly User[] = [];

  /** The signed-in user: a new customer is theirs unless they choose another owner. */
  @property({ attribute: false })
  me: User | undefined;

  /** The customers' custom field definitions: each gets a control (a definition added meanwhile too). */
  @property({ attribute: false })
  fields: readonly FieldDefinition[] = [];

  /** The custom fields' drafts by key. */
  @state() private custom: CustomDrafts = {};
  @state() private customErrors: Record<string, string> = {};

  @state() private formError = '';
  @state() private saving = false;
  @state() private conflict: { current: Customer; fields: string[] } | undefined;
  @state() private changedMeanwhile = false;


  /** Shown as a modal while open, the focus in the first field. */
  readonly #modal = new ModalController(
    this,
    () => this.open,
    () => this.#form.focus('name'),
  );
  readonly #form = new FormFields<FieldName>(this, FIELDS.map((f) => f.name), EMPTY);

  /** The version the edit started from (kept while the dialog is open). */
  #base: Customer | undefined;
  #idempotency: { body: string; key: string } | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) this.#reset();
    else if (changed.has('customer') && this.open && this.customer && this.#base && this.customer.id === this.#base.id && this.customer.version > this.#base.version) {
      this.changedMeanwhile = true;
    }
  }

  #reset(): void {
    this.#base = this.customer;
    this.#form.reset({ ...valuesOf(this.customer), ...(!this.customer && this.me ? { ownerId: this.me.id } : {}) });
    this.custom = customDraftsOf(this.fields, this.customer?.custom);
    this.customErrors = {};
    this.formError = '';
    this.saving = false;
    this.conflict = undefined;
    this.changedMeanwhile = false;
    this.#idempotency = undefined;
  }

  #input(field: FieldName, event: Event): void {
    this.#form.set(field, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
  }

  #close(): void {
    closeModal(this, this.saving);
  }

  #onCancel(event: Event): void {
    // Escape: close through the same path as the Cancel button (and never mid-save).
    event.preventDefault();
    this.#close();
  }

  #customInput(key: string, value: CustomDraft): void {
    ({ drafts: this.custom, errors: this.customErrors } = customTyped(this.custom, this.customErrors, key, value));
  }

  /** Checks what can be checked here; the server checks everything again. */
  #localErrors(): Partial<Record<FieldName, string>> {
    const errors: Partial<Record<FieldName, string>> = {};
    if (!this.#form.values.name.trim()) errors.name = 'is required';
    const email = this.#form.values.email.trim();
    if (!email) errors.email = 'is required';
    else if (!looksLikeEmail(email)) errors.email = 'must be an email address';
    return errors;
  }

  #createBody(): CustomerCreate {
    const body: Record<string, unknown> = {};
    for (const field of Object.keys(EMPTY) as FieldName[]) {
      const value = normalized(field, this.#form.values[field]);
      if (Array.isArray(value) ? value.length : value) body[field] = value;
    }
    const custom = createCustom(readCustom(this.fields, this.custom).values);
    if (custom) body.custom = custom;
    return body as CustomerCreate;
  }

  /** The fields the rep changed from the version they started with; a cleared field is null. */
  #patchBody(): CustomerPatch {
    const start = valuesOf(this.#base);
    const patch: Record<string, unknown> = {};
    for (const field of Object.keys(EMPTY) as FieldName[]) {
      const before = normalized(field, start[field]);
      const now = normalized(field, this.#form.values[field]);
      if (same(before, now)) continue;
      patch[field] = (Array.isArray(now) ? now.length : now) ? now : field === 'name' || field === 'email' ? now : null;
    }
    // Only the custom keys the rep changed (a PATCH of custom changes only the keys it names).
    const custom = changedCustom(this.fields, readCustom(this.fields, this.custom, this.#base?.custom ?? {}).values, this.#base?.custom);
    if (custom) patch.custom = custom;
    return patch as CustomerPatch;
  }

  async #submit(event: Event, overwriteVersion?: number): Promise<void> {
    event.preventDefault();
    if (this.saving) return;
    const api = this.api;
    if (!api) {
      this.formError = 'Shoal is still starting. Please try again in a moment.';
      return;
    }
    const local = this.#localErrors();
    const { errors: customErrors } = readCustom(this.fields, this.custom, this.#base ? (this.#base.custom ?? {}) : undefined);
    if (Object.keys(local).length || Object.keys(customErrors).length) {
      this.#form.check(local);
      this.customErrors = customErrors;
      this.formError = '';
      return;
    }
    this.#form.check({});
    this.formError = '';
    this.saving = true;
    try {
      if (this.#base) {
        const patch = this.#patchBody();
        if (Object.keys(patch).length === 0) {
          this.saving = false;
          this.#close();
          return;
        }
        const saved = await api.patchCustomer(this.#base.id, patch, overwriteVersion ?? this.#base.version);
        this.#done(saved, 'updated');
      } else {
        const body = this.#createBody();
        const text = JSON.stringify(body);
        // The same body keeps its key, so a retry after a lost answer creates nothing twice.
        if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
        const saved = await api.createCustomer(body, this.#idempotency.key);
        this.#done(saved, 'created');
      }
    } catch (error) {
      this.saving = false;
      this.#failed(error);
    }
  }

  #done(customer: Customer, mode: CustomerSavedDetail['mode']): void {
    this.saving = false;
    this.conflict = undefined;
    this.open = false;
    this.dispatchEvent(new CustomEvent<CustomerSavedDetail>('shoal-saved', { detail: { customer, mode }, bubbles: true, composed: true }));
  }

  #failed(error: unknown): void {
    if (error instanceof ApiError && error.status === 412) {
      const current = error.problem.current as Customer | undefined;
      if (current) {
        const fields = error.problem.conflicts?.length ? error.problem.conflicts : Object.keys(this.#patchBody());
        this.conflict = { current, fields };
        return;
      }
    }
    if (error instanceof ApiError && (error.status === 422 || error.status === 409) && error.problem.errors?.length) {
      const errors: Partial<Record<FieldName, string>> = {};
      const customErrors = customErrorsOf(error, this.fields);
      const other: string[] = [];
      for (const { path, message } of notCustom(error.problem.errors, this.fields)) {
        const field = path.split('.')[0] as FieldName;
        if (field in EMPTY) errors[field] ??= message;
        else other.push(`${path} ${message}`);
      }
      this.customErrors = customErrors;
      const count = Object.keys(errors).length + Object.keys(customErrors).length;
      this.formError = other.length ? other.join('; ') : count > 1 ? `Please fix the ${count} fields marked below.` : '';
      this.#form.check(errors);
      return;
    }
    if (error instanceof ApiError && error.status === 404) {
      this.formError = 'This customer was deleted by someone else, so your changes could not be saved.';
      return;
    }
    this.formError = describeError(error);
  }

  #reloadTheirs(): void {
    if (!this.conflict) return;
    this.#base = this.conflict.current;
    this.#form.reset(valuesOf(this.conflict.current));
    this.custom = customDraftsOf(this.fields, this.conflict.current.custom);
    this.customErrors = {};
    this.conflict = undefined;
    this.changedMeanwhile = false;
    this.#form.focus('name');
  }

  #overwrite(event: Event): void {
    if (!this.conflict) return;
    void this.#submit(event, this.conflict.current.version);
  }

  #field(spec: FieldSpec) {
    const id = `field-${spec.name}`;
    const error = this.#form.errors[spec.name];
    const describedBy = [error ? `${id}-error` : '', spec.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    const common = {
      id,
      name: spec.name,
      value: this.#form.values[spec.name],
    };
    const control = spec.name === 'ownerId'
      ? html`<select id=${common.id} name=${common.name} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy || nothing} @change=${(e: Event) => this.#input(spec.name, e)}>
          <option value="" ?selected=${!common.value}>No owner</option>
          ${this.users
            .filter((u) => u.active || u.id === common.value)
            .map((u) => html`<option value=${u.id} ?selected=${u.id === common.value}>${u.id === this.me?.id ? `${u.name} (you)` : u.name}</option>`)}
        </select>`
      : spec.multiline
      ? html`<textarea
          id=${common.id}
          name=${common.name}
          .value=${common.value}
          rows="2"
          autocomplete=${spec.autocomplete ?? 'off'}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${(e: Event) => this.#input(spec.name, e)}
        ></textarea>`
      : html`<input
          id=${common.id}
          name=${common.name}
          type=${spec.type ?? 'text'}
          .value=${common.value}
          autocomplete=${spec.autocomplete ?? 'off'}
          ?required=${spec.required}
          aria-required=${spec.required ? 'true' : 'false'}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${(e: Event) => this.#input(spec.name, e)}
        />`;
    return html`<div class="field ${spec.wide ? 'wide' : ''}" data-field=${spec.name}>
      <label for=${id}>${spec.label}${spec.required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}</label>
      ${control}
      ${error ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${spec.label} ${error}.</span></p>` : nothing}
      ${spec.hint && !error ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : nothing}
    </div>`;
  }

  #conflictBanner() {
    const conflict = this.conflict;
    if (!conflict) return nothing;
    return conflictBanner({
      who: this.lastEditor ?? 'A colleague',
      current: conflict.current,
      fields: conflict.fields,
      labels: LABELS,
      defs: this.fields,
      users: this.users,
      mine: (field) => (field in EMPTY ? this.#form.values[field as FieldName] : ''),
      custom: this.custom,
      saving: this.saving,
      reload: () => this.#reloadTheirs(),
      overwrite: (e) => this.#overwrite(e),
    });
  }

  protected override render() {
    const editing = this.#base !== undefined;
    const title = editing ? `Edit ${this.#base?.name ?? 'customer'}` : 'New customer';
    return html`<dialog aria-labelledby="form-title" @cancel=${(e: Event) => this.#onCancel(e)}>
      <form novalidate @submit=${(e: Event) => this.#submit(e)}>
        <div class="dialog-head">
          <h2 id="form-title">${title}</h2>
          <p class="intro">Fields marked <span class="required">*</span> are required.</p>
        </div>
        <div class="dialog-body">
          ${this.#conflictBanner()}
          ${this.formError ? html`<div class="banner error-banner" role="alert"><p>${this.formError}</p></div>` : nothing}
          ${this.changedMeanwhile && !this.conflict
            ? html`<div class="banner info" role="status">
                <p>${this.lastEditor ?? 'Someone else'} just saved changes to this customer. If you change the same fields, Shoal will ask before overwriting.</p>
              </div>`
            : nothing}
          <div class="grid">
            ${FIELDS.map((f) => this.#field(f))}
            ${customInputs({ defs: this.fields, drafts: this.custom, base: this.#base?.custom, errors: this.customErrors, users: this.users, onInput: (key, v) => this.#customInput(key, v) })}
          </div>
        </div>
        <div class="dialog-actions">
          <button type="button" class="cancel" @click=${() => this.#close()} ?disabled=${this.saving}>Cancel</button>
          <button type="submit" class="primary save" ?disabled=${this.saving || this.conflict !== undefined}>
            ${this.saving ? 'Saving…' : editing ? 'Save changes' : 'Create customer'}
          </button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-form': ShoalCustomerForm;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-saved': CustomEvent<CustomerSavedDetail>;
    'shoal-close': CustomEvent<void>;
  }
}
