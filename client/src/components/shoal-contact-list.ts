import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Contact, ContactCreate } from '../../../shared/contact.js';
import { ApiError, describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { contactColor, headingCount, icons, sectionStyles } from '../customer-parts.js';
import { fieldErrorsOf, looksLikeEmail, textField } from '../fields.js';
import { CustomerSection } from '../lists/customer-section.js';
import { createContact, listContacts, patchContact } from '../records.js';
import { removeError as refusal, removeWithUndo } from '../records/remove-with-undo.js';
import { base, forms } from '../styles.js';
import type { FieldDefinition } from '../../../shared/field.js';
import { customFieldStyles, type CustomDraft } from '../lists/custom-field-input.js';
import { changedCustom, createCustom, customDraftsOf, customErrorsOf, customInputs, customTyped, readCustom, type CustomDrafts } from '../lists/custom-form.js';
import { fieldsOf, loadFields } from '../lists/list-api.js';
import './shoal-avatar.js';
import './shoal-confirm-dialog.js';

type ContactField = 'name' | 'email' | 'phone' | 'position';
type Values = Record<ContactField, string>;
const FIELDS: ContactField[] = ['name', 'email', 'phone', 'position'];
const LABELS: Record<ContactField, string> = { name: 'Name', email: 'Email', phone: 'Phone', position: 'Position' };
const EMPTY: Values = { name: '', email: '', phone: '', position: '' };

const valuesOf = (c: Contact): Values => ({ name: c.name, email: c.email, phone: c.phone ?? '', position: c.position ?? '' });
const byName = (a: Contact, b: Contact) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/**
 * The contacts of one customer: the people there, with their position, email and phone.
 * Reps add, edit and remove them (removing asks first); field errors (422, or 409 for an
 * email in use) show next to their field; a colleague's edit saved first (412) asks
 * whether to keep the rep's version or take theirs. Colleagues' changes arrive live with a
 * brief highlight and their name.
 *
 * @fires shoal-editing - The rep opened or closed the contact form. Detail: `{ editing: 'contacts' | undefined }`.
 */
@customElement('shoal-contact-list')
export class ShoalContactList extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    forms,
    sectionStyles,
    customFieldStyles,
    css`
      ul.contacts {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li.contact {
        display: flex;
        align-items: flex-start;
        gap: 0.75rem;
        padding: 0.75rem 1.125rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        --shoal-avatar-size: 2.25rem;
      }
      li.contact:last-child {
        border-bottom: none;
        border-radius: 0 0 0.75rem 0.75rem;
      }
      .who {
        flex: 1;
        min-width: 0;
        font-size: 0.875rem;
        line-height: 1.45;
      }
      .who .name {
        font-weight: 600;
        font-size: 0.9375rem;
      }
      .who .position {
        color: var(--shoal-muted, #536171);
        font-size: 0.8125rem;
      }
      .who .reach {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.75rem;
        margin-top: 0.125rem;
      }
      .who .reach a {
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .actions {
        display: flex;
        gap: 0.125rem;
        flex: none;
      }
      .form-wrap {
        padding: 0.5rem 1.125rem 0;
      }
      .remove-error {
        color: var(--shoal-danger, #b42318);
        margin: 0.75rem 0 0;
      }
      @media (max-width: 34rem) {
        li.contact {
          padding: 0.75rem 0.875rem;
        }
        .form-wrap {
          padding: 0.5rem 0.875rem 0;
        }
      }
    `,
  ];

  /** The customer whose contacts to show. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** The contact being edited (`new` for a new one), or none. */
  @state() private editing: Contact | 'new' | undefined;
  @state() private values: Values = { ...EMPTY };
  @state() private errors: Partial<Record<ContactField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;
  /** The custom fields' drafts and errors by key. */
  @state() private custom: CustomDrafts = {};
  @state() private customErrors: Record<string, string> = {};
  /** A colleague changed or removed the contact being edited. */
  @state() private changedBy = '';
  @state() private conflict: { current: Contact; fields: ContactField[]; who: string } | undefined;
  @state() private removing: Contact | undefined;
  @state() private removeBusy = false;
  @state() private removeError = '';

  #idempotency: { body: string; key: string } | undefined;

  /** The customer's contacts by name, in the store; colleagues' changes flagged. */
  readonly #section = new CustomerSection(this, {
    entity: 'contact',
    load: (api, customerId, signal) => listContacts(api, customerId, signal),
    order: byName,
    one: 'contact',
    removed: 'removed',
    editing: () => (this.editing === 'new' ? undefined : this.editing?.id),
    warn: (text) => (this.changedBy = text),
    // The contacts' custom fields in the form, kept live.
    handlers: { field: () => undefined },
  });

  /** The contacts' custom field definitions. */
  private get defs(): FieldDefinition[] {
    return fieldsOf(this.#section.store, 'contact');
  }

  #open(contact: Contact | 'new'): void {
    this.editing = contact;
    this.values = contact === 'new' ? { ...EMPTY } : valuesOf(contact);
    this.custom = customDraftsOf(this.defs, contact === 'new' ? undefined : contact.custom);
    this.customErrors = {};
    // The definitions (loaded once for the store; a form opened before they came gets them as they come).
    const store = this.#section.store;
    if (store && this.api) loadFields(store, this.api).catch(() => undefined);
    this.errors = {};
    this.formError = '';
    this.changedBy = '';
    this.conflict = undefined;
    this.#idempotency = undefined;
    this.#section.editing('contacts');
    this.#section.focus('#field-name');
  }

  #close(): void {
    const was = this.editing;
    this.editing = undefined;
    this.conflict = undefined;
    this.#section.closed(was);
  }

  #input(field: ContactField, value: string): void {
    this.values = { ...this.values, [field]: value };
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  #setCustom(key: string, value: CustomDraft): void {
    ({ drafts: this.custom, errors: this.customErrors } = customTyped(this.custom, this.customErrors, key, value));
  }

  /** The fields changed from `base`, a cleared optional field as null. */
  #patch(base: Contact): Record<string, string | null> {
    const before = valuesOf(base);
    const patch: Record<string, string | null> = {};
    for (const field of FIELDS) {
      const now = this.values[field].trim();
      if (now !== before[field].trim()) patch[field] = now || (field === 'name' || field === 'email' ? now : null);
    }
    return patch;
  }

  async #submit(event: Event, version?: number): Promise<void> {
    event.preventDefault();
    const api = this.api;
    const editing = this.editing;
    if (!api || !editing || this.saving) return;
    const local: Partial<Record<ContactField, string>> = {};
    if (!this.values.name.trim()) local.name = 'is required';
    if (!this.values.email.trim()) local.email = 'is required';
    else if (!looksLikeEmail(this.values.email)) local.email = 'must be an email address';
    const custom = readCustom(this.defs, this.custom, editing === 'new' ? undefined : (editing.custom ?? {}));
    if (Object.keys(local).length || Object.keys(custom.errors).length) {
      this.errors = local;
      this.customErrors = custom.errors;
      this.#section.focus(Object.keys(local).length ? `#field-${Object.keys(local)[0]}` : `#contact-custom-${Object.keys(custom.errors)[0]}`);
      return;
    }
    this.saving = true;
    this.formError = '';
    try {
      if (editing === 'new') {
        const body: Record<string, unknown> = { customerId: this.customerId };
        for (const field of FIELDS) if (this.values[field].trim()) body[field] = this.values[field].trim();
        const values = createCustom(custom.values);
        if (values) body.custom = values;
        const text = JSON.stringify(body);
        if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
        const created = await createContact(api, body as ContactCreate, this.#idempotency.key);
        this.#section.store?.put('contact', created);
      } else {
        const patch: Record<string, unknown> = this.#patch(editing);
        // Only the custom keys changed (null clears one).
        const values = changedCustom(this.defs, custom.values, editing.custom);
        if (values) patch.custom = values;
        if (Object.keys(patch).length) {
          const saved = await patchContact(api, editing.id, patch, version ?? editing.version);
          this.#section.store?.put('contact', saved);
        }
      }
      this.saving = false;
      this.#close();
    } catch (error) {
      this.saving = false;
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    if (error instanceof ApiError && error.status === 412 && error.problem.current && this.editing && this.editing !== 'new') {
      const current = error.problem.current as Contact;
      const fields = (error.problem.conflicts ?? Object.keys(this.#patch(this.editing))).filter((f): f is ContactField => FIELDS.includes(f as ContactField));
      this.conflict = { current, fields, who: this.#section.who(current.id) };
      return;
    }
    if (error instanceof ApiError && error.status === 404) {
      this.formError = 'This contact was removed by someone else, so your changes could not be saved.';
      return;
    }
    const { errors, other: rest } = fieldErrorsOf(error, FIELDS);
    this.customErrors = customErrorsOf(error, this.defs);
    const other = rest.filter((o) => !this.defs.some((d) => o.startsWith(`custom.${d.key} `)));
    if (Object.keys(errors).length || rest.length) {
      this.errors = errors;
      this.formError = other.join('; ');
      const first = FIELDS.find((f) => errors[f]);
      if (first) this.#section.focus(`#field-${first}`);
      return;
    }
    this.formError = describeError(error);
  }

  #keepMine(event: Event): void {
    const conflict = this.conflict;
    if (!conflict) return;
    this.conflict = undefined;
    void this.#submit(event, conflict.current.version);
  }

  #takeTheirs(): void {
    const conflict = this.conflict;
    if (!conflict) return;
    this.#section.store?.put('contact', conflict.current);
    this.#close();
  }

  async #remove(): Promise<void> {
    const contact = this.removing;
    const api = this.api;
    if (!contact || !api) return;
    this.removeBusy = true;
    this.removeError = '';
    try {
      await removeWithUndo('contacts', contact, { api, store: this.#section.store, host: this, name: contact.name });
    } catch (error) {
      this.removeError = refusal(contact.name, error);
      this.removeBusy = false;
      return;
    }
    this.removeBusy = false;
    this.removing = undefined;
    this.#section.focus('button.add');
  }

  #form() {
    const editing = this.editing;
    if (!editing) return nothing;
    const title = editing === 'new' ? 'New contact' : `Edit ${editing.name}`;
    const field = (name: ContactField, type = 'text', autocomplete = 'off') =>
      textField({ name, label: LABELS[name], type, autocomplete, required: name === 'name' || name === 'email', error: this.errors[name], value: this.values[name], onInput: (v) => this.#input(name, v) });
    const conflict = this.conflict;
    return html`<form class="inline-form" aria-label=${title} novalidate @submit=${(e: Event) => void this.#submit(e)} @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.#close();
      }
    }}>
      ${this.changedBy ? html`<div class="banner info" role="status">${this.changedBy}</div>` : nothing}
      ${conflict
        ? html`<div class="banner warning conflict" role="alert">
            <p>
              <strong>${conflict.who}</strong> changed ${conflict.fields.length
                ? conflict.fields.map((f, i) => html`${i ? ', ' : ''}the ${LABELS[f].toLowerCase()} to <q>${valuesOf(conflict.current)[f] || 'nothing'}</q>`)
                : 'this contact'}
              before you saved. Keep yours, or take theirs?
            </p>
            <div class="choice">
              <button type="button" class="small primary keep" @click=${(e: Event) => this.#keepMine(e)}>Keep yours</button>
              <button type="button" class="small take" @click=${() => this.#takeTheirs()}>Take theirs</button>
            </div>
          </div>`
        : nothing}
      ${this.formError ? html`<div class="banner error-banner" role="alert">${this.formError}</div>` : nothing}
      <div class="grid">
        ${field('name', 'text', 'name')} ${field('email', 'email', 'email')} ${field('phone', 'tel', 'tel')} ${field('position', 'text', 'organization-title')}
        ${customInputs({ defs: this.defs, drafts: this.custom, base: editing === 'new' ? undefined : editing.custom, errors: this.customErrors, users: this.#section.store?.users() ?? [], idPrefix: 'contact-custom', onInput: (key, v) => this.#setCustom(key, v) })}
      </div>
      <div class="form-actions">
        <button type="button" class="cancel" ?disabled=${this.saving} @click=${() => this.#close()}>Cancel</button>
        <button type="submit" class="primary" ?disabled=${this.saving}>${this.saving ? 'Saving…' : editing === 'new' ? 'Add contact' : 'Save contact'}</button>
      </div>
    </form>`;
  }

  #item(contact: Contact) {
    if (this.editing !== 'new' && this.editing?.id === contact.id) return html`<li class="form-wrap">${this.#form()}</li>`;
    const note = this.#section.highlights.note(contact.id);
    return html`<li class="contact ${this.#section.highlights.flashing(contact.id) ? 'flash' : ''}" data-id=${contact.id}>
      <shoal-avatar name=${contact.name} color=${contactColor(contact.id)}></shoal-avatar>
      <div class="who">
        <div class="name">${contact.name}</div>
        ${contact.position ? html`<div class="position">${contact.position}</div>` : nothing}
        <div class="reach">
          <a href="mailto:${contact.email}" title=${contact.email}>${contact.email}</a>
          ${contact.phone ? html`<a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a>` : nothing}
        </div>
        ${note ? html`<span class="note">${note}</span>` : nothing}
      </div>
      <div class="actions">
        <button type="button" class="small ghost icon-button" data-edit=${contact.id} aria-label="Edit ${contact.name}" title="Edit" @click=${() => this.#open(contact)}>${icons.pencil}</button>
        <button
          type="button"
          class="small ghost icon-button"
          data-remove=${contact.id}
          aria-label="Remove ${contact.name}"
          title="Remove"
          @click=${() => {
            this.removing = contact;
            this.removeError = '';
          }}
        >
          ${icons.trash}
        </button>
      </div>
    </li>`;
  }

  #body() {
    return this.#section.body('contacts', () => this.#list());
  }

  #list() {
    const list = this.#section.records;
    return html`${this.editing === 'new' ? html`<div class="form-wrap">${this.#form()}</div>` : nothing}
      ${list.length === 0 && this.editing !== 'new'
        ? html`<div class="state"><p>No contacts yet. Add the people you talk to at this company.</p></div>`
        : html`<ul class="contacts">
            ${repeat(
              list,
              (c) => c.id,
              (c) => this.#item(c),
            )}
          </ul>`}`;
  }

  protected override render() {
    return html`<section class="card" aria-labelledby="contacts-title">
        <div class="section-head">
          <h2 id="contacts-title">Contacts${this.#section.loaded ? headingCount(this.#section.records.length) : nothing}</h2>
          <button type="button" class="small add" ?disabled=${this.editing === 'new'} @click=${() => this.#open('new')}>${icons.plus} Add contact</button>
        </div>
        ${this.#body()}
      </section>
      <shoal-confirm-dialog
        .open=${this.removing !== undefined}
        heading="Remove ${this.removing?.name ?? 'contact'}?"
        confirm-label=${this.removeBusy ? 'Removing…' : 'Remove contact'}
        danger
        ?busy=${this.removeBusy}
        @shoal-confirm=${() => void this.#remove()}
        @shoal-cancel=${() => {
          this.removing = undefined;
        }}
      >
        <p style="margin: 0">${this.removing?.name} (${this.removing?.email}) will be removed from this customer for everyone on your team.</p>
        ${this.removeError ? html`<p class="remove-error" role="alert">${this.removeError}</p>` : nothing}
      </shoal-confirm-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-contact-list': ShoalContactList;
  }
}
