import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Opportunity, OpportunityCreate } from '../../../shared/opportunity.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { AMOUNT_ERROR, parseAmount } from '../format/money.js';
import { apiContext } from '../context.js';
import { createDeal } from '../board/board-api.js';
import { base, dialogForm, forms } from '../styles.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';
import { customFieldStyles, type CustomDraft } from '../lists/custom-field-input.js';
import { FormFields } from './form-fields.js';
import { closeModal, ModalController } from './dialog-frame.js';
import { createCustom, customDraftsOf, customErrorsOf, customInputs, customTyped, notCustom, readCustom, type CustomDrafts } from '../lists/custom-form.js';

/** Detail of `shoal-deal-created`. */
export interface DealCreatedDetail {
  deal: Opportunity;
}

/** Something a select offers: a customer or a rep. */
export interface NamedOption {
  id: string;
  name: string;
}

type FieldName = 'name' | 'customerId' | 'amount' | 'expectedCloseDate' | 'ownerId';
const FIELDS: readonly FieldName[] = ['name', 'customerId', 'amount', 'expectedCloseDate', 'ownerId'];

/**
 * The dialog to create a deal in one stage of the pipeline. It saves through the API itself
 * (`POST /api/opportunities`, with an idempotency key so a retry creates nothing twice);
 * field errors appear next to their field.
 *
 * @fires shoal-deal-created - The deal was created. Detail: `{ deal }`.
 * @fires shoal-close - The rep closed the dialog without creating anything.
 */
@customElement('shoal-new-deal-dialog')
export class ShoalNewDealDialog extends LitElement {
  static override styles = [
    base,
    forms,
    dialogForm,
    customFieldStyles,
    css`
      :host {
        display: contents;
      }
      .grid .field + .field {
        margin-top: 0;
      }
      .wide,
      .grid > .custom-field {
        grid-column: 1 / -1;
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

  /** The stage the deal starts in, and the pipeline it is a stage of (none: the default one). */
  @property({ attribute: false })
  stage: { key: string; name: string; pipelineId?: string | undefined } | undefined;

  /** The customers to choose from, sorted by name. */
  @property({ attribute: false })
  customers: NamedOption[] = [];

  /** The reps who can own the deal. */
  @property({ attribute: false })
  owners: NamedOption[] = [];

  /** The owner chosen at first (the signed-in rep). */
  @property({ attribute: 'default-owner' })
  defaultOwner = '';

  /** The deals' custom field definitions: each gets a control (one added while the dialog is open too). */
  @property({ attribute: false })
  fields: readonly FieldDefinition[] = [];

  /** The team, for custom fields that name a person. */
  @property({ attribute: false })
  users: readonly User[] = [];

  @state() private custom: CustomDrafts = {};
  @state() private customErrors: Record<string, string> = {};
  @state() private formError = '';
  @state() private saving = false;


  /** Shown as a modal while open, the focus in the first field. */
  readonly #modal = new ModalController(
    this,
    () => this.open,
    () => this.#form.focus('name'),
  );
  readonly #form = new FormFields<FieldName>(this, FIELDS, { name: '', customerId: '', amount: '', expectedCloseDate: '', ownerId: '' });
  #idempotency: { body: string; key: string } | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.#form.reset({ ownerId: this.defaultOwner });
      this.custom = customDraftsOf(this.fields, undefined);
      this.customErrors = {};
      this.formError = '';
      this.saving = false;
      this.#idempotency = undefined;
    }
  }

  #focusCustom(key: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-field="custom.${key}"] :is(input, select, textarea)`)?.focus());
  }

  #setCustom(key: string, value: CustomDraft): void {
    ({ drafts: this.custom, errors: this.customErrors } = customTyped(this.custom, this.customErrors, key, value));
  }

  #close(): void {
    closeModal(this, this.saving);
  }

  #localErrors(): Partial<Record<FieldName, string>> {
    const errors: Partial<Record<FieldName, string>> = {};
    if (!this.#form.values.name.trim()) errors.name = 'is required';
    if (!this.#form.values.customerId) errors.customerId = 'is required';
    const amount = this.#form.values.amount.trim();
    if (!amount) errors.amount = 'is required';
    else if (parseAmount(amount) === undefined) errors.amount = AMOUNT_ERROR;
    return errors;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.stage) return;
    const local = this.#localErrors();
    const custom = readCustom(this.fields, this.custom);
    if (Object.keys(local).length || Object.keys(custom.errors).length) {
      this.customErrors = custom.errors;
      if (this.#form.check(local)) this.#focusCustom(Object.keys(custom.errors)[0]!);
      return;
    }
    const customBody = createCustom(custom.values);
    const api = this.api;
    if (!api) {
      this.formError = 'Shoal is still starting. Please try again in a moment.';
      return;
    }
    const v = this.#form.values;
    const body: OpportunityCreate = {
      name: v.name.trim(),
      customerId: v.customerId,
      stage: this.stage.key,
      ...(this.stage.pipelineId ? { pipelineId: this.stage.pipelineId } : {}),
      amount: parseAmount(v.amount)!,
      ...(v.expectedCloseDate ? { expectedCloseDate: v.expectedCloseDate } : {}),
      ...(v.ownerId ? { ownerId: v.ownerId } : {}),
      ...(customBody ? { custom: customBody } : {}),
    };
    const text = JSON.stringify(body);
    if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
    this.saving = true;
    this.#form.check({});
    this.formError = '';
    try {
      const deal = await createDeal(api, body, this.#idempotency.key);
      this.saving = false;
      this.open = false;
      this.dispatchEvent(new CustomEvent<DealCreatedDetail>('shoal-deal-created', { detail: { deal }, bubbles: true, composed: true }));
    } catch (error) {
      this.saving = false;
      const { named: namedField } = this.#form.refused(error);
      this.customErrors = customErrorsOf(error, this.fields);
      const other = error instanceof ApiError ? notCustom(error.problem.errors ?? [], this.fields).filter((e) => !FIELDS.includes(e.path.split('.')[0] as FieldName)).map((e) => `${e.path} ${e.message}`) : [];
      const named = namedField || Object.keys(this.customErrors).length > 0;
      if (!namedField && named) this.#focusCustom(Object.keys(this.customErrors)[0]!);
      if (other.length || !named) this.formError = other.length ? other.join('. ') : describeError(error);
    }
  }

  #label(field: FieldName, text: string, required = false) {
    return html`<label for="deal-${field}">${text}${required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}</label>`;
  }

  #error(field: FieldName, label: string) {
    const error = this.#form.errors[field];
    return error ? html`<p class="error" id="deal-${field}-error"><span aria-hidden="true">⚠</span><span>${label} ${error}.</span></p>` : nothing;
  }

  #aria(field: FieldName) {
    return { invalid: this.#form.errors[field] ? 'true' : 'false', describedBy: this.#form.errors[field] ? `deal-${field}-error` : nothing };
  }

  protected override render() {
    const v = this.#form.values;
    const a = (f: FieldName) => this.#aria(f);
    return html`<dialog aria-labelledby="deal-title" @cancel=${(e: Event) => (e.preventDefault(), this.#close())}>
      <form novalidate @submit=${(e: Event) => this.#submit(e)}>
        <div class="dialog-head">
          <h2 id="deal-title">New deal in ${this.stage?.name ?? 'the pipeline'}</h2>
          <p class="intro">Fields marked <span class="required">*</span> are required. Your team sees it on the board right away.</p>
        </div>
        <div class="dialog-body">
          ${this.formError ? html`<div class="banner error-banner" role="alert"><p>${this.formError}</p></div>` : nothing}
          ${this.customers.length === 0
            ? html`<div class="banner info" role="status"><p>Add a customer first: every deal belongs to a customer.</p></div>`
            : nothing}
          <div class="grid">
            <div class="field wide" data-field="name">
              ${this.#label('name', 'Deal name', true)}
              <input
                id="deal-name"
                name="name"
                autocomplete="off"
                placeholder="e.g. Annual licence – 2027"
                .value=${v.name}
                aria-invalid=${a('name').invalid}
                aria-describedby=${a('name').describedBy}
                @input=${(e: Event) => this.#form.set('name', (e.target as HTMLInputElement).value)}
              />
              ${this.#error('name', 'Deal name')}
            </div>
            <div class="field wide" data-field="customerId">
              ${this.#label('customerId', 'Customer', true)}
              <select
                id="deal-customerId"
                name="customerId"
                .value=${v.customerId}
                aria-invalid=${a('customerId').invalid}
                aria-describedby=${a('customerId').describedBy}
                @change=${(e: Event) => this.#form.set('customerId', (e.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${!v.customerId}>Choose a customer</option>
                ${this.customers.map((c) => html`<option value=${c.id} ?selected=${c.id === v.customerId}>${c.name}</option>`)}
              </select>
              ${this.#error('customerId', 'Customer')}
            </div>
            <div class="field" data-field="amount">
              ${this.#label('amount', 'Amount (USD)', true)}
              <input
                id="deal-amount"
                name="amount"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                .value=${v.amount}
                aria-invalid=${a('amount').invalid}
                aria-describedby=${a('amount').describedBy}
                @input=${(e: Event) => this.#form.set('amount', (e.target as HTMLInputElement).value)}
              />
              ${this.#error('amount', 'Amount')}
            </div>
            <div class="field" data-field="expectedCloseDate">
              ${this.#label('expectedCloseDate', 'Expected close date')}
              <input
                id="deal-expectedCloseDate"
                name="expectedCloseDate"
                type="date"
                .value=${v.expectedCloseDate}
                aria-invalid=${a('expectedCloseDate').invalid}
                aria-describedby=${a('expectedCloseDate').describedBy}
                @input=${(e: Event) => this.#form.set('expectedCloseDate', (e.target as HTMLInputElement).value)}
              />
              ${this.#error('expectedCloseDate', 'Expected close date')}
            </div>
            <div class="field wide" data-field="ownerId">
              ${this.#label('ownerId', 'Owner')}
              <select id="deal-ownerId" name="ownerId" .value=${v.ownerId} @change=${(e: Event) => this.#form.set('ownerId', (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!v.ownerId}>No owner</option>
                ${this.owners.map((o) => html`<option value=${o.id} ?selected=${o.id === v.ownerId}>${o.name}</option>`)}
              </select>
              ${this.#error('ownerId', 'Owner')}
            </div>
            ${customInputs({ defs: this.fields, drafts: this.custom, errors: this.customErrors, users: this.users, idPrefix: 'deal-custom', onInput: (key, v) => this.#setCustom(key, v) })}
          </div>
        </div>
        <div class="dialog-actions">
          <button type="button" class="cancel" @click=${() => this.#close()} ?disabled=${this.saving}>Cancel</button>
          <button type="submit" class="primary save" ?disabled=${this.saving || this.customers.length === 0}>${this.saving ? 'Creating…' : 'Create deal'}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-new-deal-dialog': ShoalNewDealDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-deal-created': CustomEvent<DealCreatedDetail>;
  }
}
