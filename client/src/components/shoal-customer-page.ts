import { TaskStatus } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Customer, CustomerPatch } from '../../../shared/customer.js';
import { isPlainClick, paths } from '../shell/routes.js';
import { DEFAULT_STAGES, type Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import type { StoreChange } from '../data/record-store.js';
import { editingText, icons, member, personChip, type EditingDetail } from '../customer-parts.js';
import { dateOnly, fullDate, timeAgo } from '../format.js';
import { HighlightController } from '../highlight-controller.js';
import { restoreCustomer } from '../records.js';
import { recordPage } from '../records/record-page.styles.js';
import './shoal-avatar.js';
import './shoal-contact-list.js';
import './shoal-interaction-timeline.js';
import { customerValueView, deletedState, loadErrorState, type Deleted, type StateActions } from '../records/customer-states.js';
import * as edit from '../records/field-edit.js';
import { FieldEditController, type SaveStep } from '../records/field-edit-controller.js';
import { RecordPageController } from '../records/record-page-controller.js';
import { fieldEditor, type FieldSpec } from '../records/field-editor.js';
import { colleagueChanged, fieldRow } from '../records/field-row.js';
import { customCurrent, customEditText, customName, customSaveValue, customSpec, customValueView, customWords, isCustom, keyOf, type CustomField } from '../records/custom-rows.js';
import { fieldsOf } from '../lists/list-api.js';
import type { FieldDefinition } from '../../../shared/field.js';
import { busyBadge, viewersBlock } from '../records/viewers.js';
import { CUSTOMER_FIELDS, CUSTOMER_LABELS, CUSTOMER_NAME_FIELD, customerCurrent, customerDetailFields, customerDisplay, customerText, customerValue, type CustomerField } from '../records/customer-fields.js';
import './shoal-opportunity-list.js';
import '../tasks/shoal-customer-tasks.js';
import type { NavigateDetail } from './shoal-user-menu.js';

/** A built-in field or a custom key (`custom.<key>`): each its own field for editing and conflicts. */
type Field = CustomerField | CustomField;

/**
 * A customer's page: its name and who else is looking at it (and what they are editing),
 * its details edited in place (each field saved on its own with `If-Match`), its contacts,
 * deals and interaction timeline, all kept live. When a colleague changes a field the rep
 * is editing, or saved it first (412), the page says so and asks: keep yours or take theirs.
 * When the customer is deleted while open, it says by whom and offers to restore it.
 *
 * @fires shoal-navigate - The rep followed the link back to Customers. Detail: `{ path: '/customers' }`.
 */
@customElement('shoal-customer-page')
export class ShoalCustomerPage extends WithShoalContext(LitElement) {
  static override styles = [
    ...recordPage,
  ];

  /** The id of the customer to show. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  @state() private stages: Stage[] = [...DEFAULT_STAGES];
  @state() private restoring = false;
  @state() private restoreError = '';
  /** Shown after a restore ("Restored by Dana Park"). */
  @state() private restoredBy = '';
  /** What screen readers hear about colleagues' changes. */
  @state() private announcement = '';

  /** What a section says the rep is editing there (contacts, deals, timeline). */
  #sectionEditing: string | undefined;
  /** The fields edited in place: each saves alone with If-Match; a colleague's change asks. */
  readonly #inPlace: FieldEditController<Field, Customer> = new FieldEditController(this, {
    record: () => this.customer,
    text: (customer, field) => this.#text(customer, field),
    step: (field, draft, customer) => this.#step(field, draft, customer),
    send: (customer, patch, version) => this.api!.patchCustomer(customer.id, patch as CustomerPatch, version),
    put: (customer) => this.#put(customer),
    refusal: (field, error) => this.#refusal(field, error),
    changed: () => this.#page.send(),
    select: true,
  });
  readonly #highlights = new HighlightController(this);

  /** The customer's load, this tab in its room (what the rep is editing here), who else is on it, its deletion, and the reset when the id changes. */
  readonly #page: RecordPageController<'customer', Deleted> = new RecordPageController(this, {
    entity: 'customer',
    recordId: () => this.customerId,
    fetch: (api, id) => api.getCustomer(id),
    changed: (change) => this.#onCustomerChange(change),
    stages: (stages) => (this.stages = stages),
    editing: () => edit.editingFields(this.#inPlace.edits)[0] ?? this.#sectionEditing,
    editors: () => this.#inPlace,
  });

  /** The customer as the store has it (while deleted: as it was, for the page that says so). */
  private get customer(): Customer | undefined {
    return this.#page.shown(this.customerId ? this.#page.store?.get('customer', this.customerId) : undefined);
  }

  /** The team, by name (the store loads it once). */
  private get team(): User[] {
    return this.#page.store?.users() ?? [];
  }

  /** The customers' custom field definitions (kept live by their change events). */
  private get defs(): FieldDefinition[] {
    return fieldsOf(this.#page.store, 'customer');
  }

  #def(field: CustomField): FieldDefinition | undefined {
    return this.defs.find((d) => d.key === keyOf(field));
  }

  /** Every field of the page: the built-in ones, then one per custom definition. */
  #fields(): Field[] {
    return [...CUSTOMER_FIELDS, ...this.defs.map((d) => customName(d.key))];
  }

  /** A field's text as its editor holds it. */
  #text(customer: Customer | undefined, field: Field): string {
    return isCustom(field) ? customEditText(this.defs, customer, field) : customerText(customer, field);
  }

  #label(field: Field): string {
    return isCustom(field) ? (this.#def(field)?.label ?? keyOf(field)) : CUSTOMER_LABELS[field];
  }

  /** A record a REST call answered (a save, a 412's current record, a restore): into the store. */
  #put(customer: Customer): void {
    this.#page.store?.put('customer', customer);
  }

  /** A change of a customer the store took: this one's, from a colleague, is flagged field by field. */
  #onCustomerChange({ id, event, before, after }: StoreChange<'customer'>): void {
    if (id !== this.customerId || !event) return;
    const mine = event.actor.id === this.user?.id;
    if (event.op === 'deleted') {
      const removed = event.data?.removed;
      this.#sectionEditing = undefined;
      this.#page.markDeleted(before, { by: event.actor.name, mine, at: event.at, ...(removed ? { removed } : {}) });
      this.announcement = `${mine ? 'You' : event.actor.name} deleted ${before?.name ?? 'this customer'}`;
      return;
    }
    const data = after;
    if (!data) return;
    if (event.op === 'restored') {
      this.#page.clearDeleted();
      this.restoredBy = mine ? '' : event.actor.name;
      this.announcement = mine ? '' : `${event.actor.name} restored ${data.name}`;
      return;
    }
    const fields = edit.changedFields(this.#fields(), event.fields, before, data, (c, f) => this.#text(c, f));
    if (mine) return;
    const said = colleagueChanged(fields, event.actor.name, data, { highlights: this.#highlights, inPlace: this.#inPlace, label: (f) => this.#label(f) });
    if (said) this.announcement = said;
  }

  // Editing ----------------------------------------------------------------------------------

  /** What saving a field's draft sends: a custom key goes alone in `custom` (the other keys stay as they are). */
  #step(field: Field, draft: edit.Draft, customer: Customer): SaveStep {
    if (!this.api) return 'wait';
    const def = isCustom(field) ? this.#def(field) : undefined;
    if (isCustom(field) && !def) return 'unchanged';
    const parsed = def ? customSaveValue(def, draft.value) : customerValue(field as CustomerField, draft.value);
    if ('error' in parsed) return parsed;
    const current = def ? customCurrent(def, customer) : customerCurrent(customer, field as CustomerField);
    if (edit.unchanged(current, parsed.value, draft, customer.version)) return 'unchanged';
    return { patch: def ? { custom: { [def.key]: parsed.value } } : { [field]: parsed.value } };
  }

  /** A refused save in words beside the field: the 422's (or 409's) error on it, a deleted customer, or what went wrong. */
  #refusal(field: Field, error: unknown): { message: string; focus: boolean } {
    if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
      const mine = error.problem.errors?.find((e) => (isCustom(field) ? e.path === field || e.path.startsWith(`${field}.`) : e.path.split('.')[0] === field));
      return { message: mine?.message ?? (error.problem.detail || 'was refused'), focus: true };
    }
    if (error instanceof ApiError && error.status === 404) return { message: 'could not be saved: this customer was deleted', focus: false };
    return { message: `could not be saved. ${describeError(error)}`, focus: false };
  }

  #onSectionEditing(event: CustomEvent<EditingDetail>): void {
    this.#sectionEditing = event.detail.editing;
    this.#page.send();
  }

  #navigate(event: MouseEvent, path: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  async #restore(): Promise<void> {
    const api = this.api;
    if (!api || this.restoring) return;
    this.restoring = true;
    this.restoreError = '';
    try {
      this.#put(await restoreCustomer(api, this.customerId));
      this.#page.clearDeleted();
      this.restoredBy = '';
      // A customer restored from a 404 page: load the rest of the page too.
      this.#page.reloadIfFailed();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
    } catch (error) {
      this.restoreError =
        error instanceof ApiError && error.status === 404
          ? error.problem.detail || 'This customer can no longer be restored.'
          : error instanceof ApiError && error.status === 409
            ? `It can't come back as it was: ${error.problem.errors?.[0] ? `its email ${error.problem.errors[0].message}` : error.problem.detail}.`
            : describeError(error);
    } finally {
      this.restoring = false;
    }
  }

  // Rendering --------------------------------------------------------------------------------

  /** The About section's fields (the owner a list of the team). */
  readonly #detailFields = customerDetailFields(
    () => this.team,
    () => this.#inPlace.edits.drafts.ownerId?.value,
  );

  #row(spec: FieldSpec<Field>, customer: Customer) {
    const field = spec.name;
    return fieldRow({
      spec,
      required: !!(isCustom(field) && this.#def(field)?.required),
      editing: this.#inPlace.isEditing(field),
      highlights: this.#highlights,
      viewers: this.#page.viewers,
      editor: () => fieldEditor(spec, this.#inPlace.edits, (c) => (isCustom(field) ? customWords(this.defs, c, field, this.team) : customerDisplay(this.team, field, c)), this.#inPlace.handlers),
      value: () => (isCustom(field) ? this.#customView(field, customer) : customerValueView(this.team, field, customer)),
      edit: () => this.#inPlace.start(field),
    });
  }

  #customView(field: CustomField, customer: Customer) {
    const def = this.#def(field);
    return def ? customValueView(def, customer.custom?.[def.key], this.team) : nothing;
  }

  /** The custom fields' editor specs, one per definition. */
  #customSpecs(): FieldSpec<Field>[] {
    return this.defs.map((def) => customSpec(def, () => this.team));
  }

  #header(customer: Customer) {
    const owner = member(this.team, customer.ownerId);
    const initials = customer.name.trim().slice(0, 1).toUpperCase();
    const note = this.#highlights.note('name');
    return html`<div class="head">
      <div class="identity">
        <span class="monogram" aria-hidden="true">${initials}</span>
        <div style="min-width: 0; flex: 1">
          ${this.#inPlace.isEditing('name')
            ? fieldEditor(CUSTOMER_NAME_FIELD, this.#inPlace.edits, (c) => c.name, this.#inPlace.handlers, 'name-editor')
            : html`<div class="title-row ${this.#highlights.flashing('name') ? 'flash' : ''}" data-field="name">
                <h1 tabindex="-1">${customer.name}</h1>
                <button type="button" class="small ghost icon-button" data-edit="name" aria-label="Edit company name" title="Edit company name" @click=${() => this.#inPlace.start('name')}>
                  ${icons.pencil}
                </button>
                ${note ? html`<span class="note">${note}</span>` : nothing} ${busyBadge(this.#page.viewers, 'name')}
              </div>`}
          <p class="subtitle">
            ${customer.industry ? html`<span>${customer.industry}</span>` : nothing}
            ${owner ? html`<span>Owner ${personChip(owner)}</span>` : nothing}
            <span>Customer since <time datetime=${customer.createdAt} title=${fullDate(customer.createdAt)}>${dateOnly(customer.createdAt)}</time></span>
          </p>
        </div>
      </div>
      ${viewersBlock(this.#page.viewers, editingText)}
    </div>`;
  }

  #details(customer: Customer) {
    return html`<section class="card" aria-labelledby="details-title">
      <div class="section-head">
        <h2 id="details-title">About</h2>
        <span class="summary">Updated <time datetime=${customer.updatedAt} title=${fullDate(customer.updatedAt)}>${timeAgo(customer.updatedAt)}</time></span>
      </div>
      <dl>${[...(this.#detailFields as FieldSpec<Field>[]), ...this.#customSpecs()].map((spec) => this.#row(spec, customer))}</dl>
    </section>`;
  }

  #stateActions(): StateActions {
    return {
      restoring: this.restoring,
      restoreError: this.restoreError,
      restore: () => void this.#restore(),
      retry: () => this.#page.reload(),
      back: (e) => this.#navigate(e, paths.customers()),
    };
  }

  protected override render() {
    const customer = this.customer;
    const status = this.#page.load.status;
    const crumbs = html`<nav class="crumbs" aria-label="Breadcrumb">
      <a href=${paths.customers()} @click=${(e: MouseEvent) => this.#navigate(e, paths.customers())}><span aria-hidden="true">←</span> Customers</a>
    </nav>`;
    let body;
    if (this.#page.deleted) {
      body = html`${customer ? this.#header(customer) : nothing} ${deletedState(customer, this.#page.deleted, this.#stateActions())}`;
    } else if (!customer && status === TaskStatus.ERROR) {
      body = loadErrorState(this.#page.load.error, this.#stateActions());
    } else if (!customer) {
      body = html`<div class="page-skeleton" role="status" aria-label="Loading customer">
        <div class="bar"></div>
        <div class="block"></div>
      </div>`;
    } else {
      body = html`${this.#header(customer)}
        ${this.restoredBy
          ? html`<p class="banner success restored" role="status">
              Restored by ${this.restoredBy}.
              <button type="button" class="small ghost" @click=${() => (this.restoredBy = '')}>Dismiss</button>
            </p>`
          : nothing}
        <div class="layout" @shoal-editing=${(e: CustomEvent<EditingDetail>) => this.#onSectionEditing(e)}>
          <div class="column">
            ${this.#details(customer)}
            <shoal-contact-list .customerId=${customer.id} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-contact-list>
          </div>
          <div class="column">
            <shoal-customer-tasks .customerId=${customer.id} .team=${this.team} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-customer-tasks>
            <shoal-opportunity-list
              .customerId=${customer.id}
              .team=${this.team}
              .stages=${this.stages}
              .api=${this.api}
              .live=${this.live}
              .user=${this.user}
            ></shoal-opportunity-list>
            <shoal-interaction-timeline .customerId=${customer.id} .team=${this.team} .api=${this.api} .live=${this.live} .user=${this.user}></shoal-interaction-timeline>
          </div>
        </div>`;
    }
    return html`${crumbs}${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-page': ShoalCustomerPage;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-editing': CustomEvent<EditingDetail>;
  }
}
