import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FieldDefinition } from '../../../shared/field.js';
import type { Stage } from '../../../shared/stage.js';
import type { User } from '../../../shared/user.js';
import { base, fieldParts } from '../styles.js';
import { progressText, type BulkChange, type BulkProgress } from './bulk.js';
import { customFieldInput, draftOf, type CustomDraft } from './custom-field-input.js';
import { customInput } from './custom-values.js';

/** Detail of `shoal-bulk`: the change to make to every selected record, or `delete`. */
export interface BulkDetail {
  change: BulkChange | 'delete';
  /** Words for the progress ("Changing the owner of 500 customers"). */
  what: string;
  /** Words for the toast after ("Changed the owner of"), followed by how many. */
  past: string;
}

type Action = 'owner' | 'stage' | 'add-tag' | 'remove-tag' | 'delete' | `custom:${string}`;

/**
 * The bar over a list while rows are selected: how many, "Select all N matching", and what to
 * do with them: change the owner, the stage (deals), add or remove a tag (customers), set a
 * custom field, or delete. While a change runs it shows its progress batch by batch.
 *
 * @fires shoal-bulk - The rep applied a change to the selection. Detail: {@link BulkDetail}.
 * @fires shoal-select-all - The rep chose every record matching the list.
 * @fires shoal-select-none - The rep cleared the selection.
 */
@customElement('shoal-bulk-bar')
export class ShoalBulkBar extends LitElement {
  static override styles = [
    base,
    fieldParts,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        padding: 0.625rem 1rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        background: var(--shoal-selected, #eef6fb);
        font-size: 0.875rem;
      }
      .count {
        font-weight: 600;
      }
      button.link {
        border: none;
        background: none;
        padding: 0 0.25rem;
        min-height: 0;
        color: var(--shoal-link, #0b6e99);
        text-decoration: underline;
        font-weight: 500;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.5rem;
        margin-left: auto;
      }
      form select,
      form input {
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        font-size: 0.875rem;
        width: auto;
        max-width: 14rem;
      }
      .field label {
        display: none;
      }
      .field,
      fieldset {
        margin: 0;
        border: none;
        padding: 0;
      }
      progress {
        flex: 1 1 12rem;
        height: 0.5rem;
        accent-color: var(--shoal-primary, #0b6e99);
      }
      .error {
        flex-basis: 100%;
      }
    `,
  ];

  /** The list's entity. */
  @property()
  entity: 'customer' | 'contact' | 'opportunity' = 'customer';

  /** How many are selected. */
  @property({ type: Number })
  count = 0;

  /** How many match the list's query. */
  @property({ type: Number })
  total = 0;

  /** Every match is selected. */
  @property({ type: Boolean })
  all = false;

  /** Offer "Select all N matching" (the page is all ticked and more match). */
  @property({ type: Boolean, attribute: 'offer-all' })
  offerAll = false;

  /** The entity's custom field definitions. */
  @property({ attribute: false })
  fields: readonly FieldDefinition[] = [];

  @property({ attribute: false })
  users: readonly User[] = [];

  @property({ attribute: false })
  stages: readonly Stage[] = [];

  /** A change running: its progress. */
  @property({ attribute: false })
  progress: (BulkProgress & { what: string }) | undefined;

  /** What went wrong with the last change, in words. */
  @property()
  error = '';

  @state() private action: Action | '' = '';
  @state() private value: CustomDraft = '';
  @state() private localError = '';

  #noun(n: number): string {
    const words = { customer: ['customer', 'customers'], contact: ['contact', 'contacts'], opportunity: ['deal', 'deals'] }[this.entity];
    return `${n.toLocaleString('en')} ${n === 1 ? words[0] : words[1]}`;
  }

  #def(): FieldDefinition | undefined {
    return this.action.startsWith('custom:') ? this.fields.find((d) => d.key === this.action.slice(7)) : undefined;
  }

  #choose(action: Action | ''): void {
    this.action = action;
    const def = this.#def();
    this.value = def ? draftOf(def, undefined) : action === 'stage' ? (this.stages[0]?.key ?? '') : '';
    this.localError = '';
  }

  #apply(event: Event): void {
    event.preventDefault();
    const n = this.#noun(this.count);
    let detail: BulkDetail | undefined;
    const text = typeof this.value === 'string' ? this.value.trim() : '';
    switch (this.action) {
      case 'owner':
        detail = { change: { kind: 'owner', ownerId: text || null }, what: `Changing the owner of ${n}`, past: 'Changed the owner of' };
        break;
      case 'stage':
        if (text) detail = { change: { kind: 'stage', stage: text }, what: `Moving ${n}`, past: 'Moved' };
        break;
      case 'add-tag':
      case 'remove-tag':
        if (text) detail = { change: { kind: this.action, tag: text }, what: `${this.action === 'add-tag' ? 'Tagging' : 'Untagging'} ${n}`, past: this.action === 'add-tag' ? `Tagged “${text}” on` : `Removed “${text}” from` };
        else this.localError = 'Type the tag.';
        break;
      case 'delete':
        detail = { change: 'delete', what: `Deleting ${n}`, past: 'Deleted' };
        break;
      default: {
        const def = this.#def();
        if (!def) return;
        const value = customInput(def, this.value);
        if (value === undefined) this.localError = `${def.label} must be a number.`;
        else detail = { change: { kind: 'custom', key: def.key, value }, what: `Setting ${def.label} on ${n}`, past: `Set ${def.label} on` };
      }
    }
    if (!detail) return;
    this.dispatchEvent(new CustomEvent<BulkDetail>('shoal-bulk', { detail, bubbles: true, composed: true }));
  }

  #valueControl() {
    const def = this.#def();
    const onText = (e: Event) => (this.value = (e.target as HTMLInputElement).value);
    if (def) return customFieldInput({ def, value: this.value, users: this.users, idPrefix: 'bulk', onInput: (v) => (this.value = v) });
    switch (this.action) {
      case 'owner':
        return html`<label class="visually-hidden" for="bulk-value">New owner</label>
          <select id="bulk-value" @change=${onText}>
            <option value="">No owner</option>
            ${this.users.filter((u) => u.active).map((u) => html`<option value=${u.id}>${u.name}</option>`)}
          </select>`;
      case 'stage':
        return html`<label class="visually-hidden" for="bulk-value">New stage</label>
          <select id="bulk-value" @change=${onText}>
            ${this.stages.map((s) => html`<option value=${s.key}>${s.name}</option>`)}
          </select>`;
      case 'add-tag':
      case 'remove-tag':
        return html`<label class="visually-hidden" for="bulk-value">Tag</label><input id="bulk-value" placeholder="Tag" autocomplete="off" @input=${onText} />`;
      default:
        return nothing;
    }
  }

  protected override render() {
    if (this.progress) {
      const p = this.progress;
      return html`<div class="bar" role="status">
        <span class="count">${p.what}…</span>
        <progress max=${p.total} .value=${p.done} aria-label=${p.what}></progress>
        <span class="done">${progressText(p)}</span>
      </div>`;
    }
    const deals = this.entity === 'opportunity';
    const owned = this.entity !== 'contact';
    return html`<div class="bar" role="region" aria-label="Selected rows">
      <span class="count" aria-live="polite">${this.#noun(this.count)} selected${this.all ? ' (all matching)' : ''}</span>
      ${this.offerAll && !this.all
        ? html`<button type="button" class="link select-all" @click=${() => this.dispatchEvent(new CustomEvent('shoal-select-all', { bubbles: true, composed: true }))}>Select all ${this.#noun(this.total)} matching</button>`
        : nothing}
      <button type="button" class="link select-none" @click=${() => this.dispatchEvent(new CustomEvent('shoal-select-none', { bubbles: true, composed: true }))}>Clear selection</button>
      <form @submit=${(e: Event) => this.#apply(e)} aria-label="Change the selected rows">
        <label class="visually-hidden" for="bulk-action">Change</label>
        <select id="bulk-action" .value=${this.action} @change=${(e: Event) => this.#choose((e.target as HTMLSelectElement).value as Action)}>
          <option value="">Change…</option>
          ${owned ? html`<option value="owner">Owner</option>` : nothing} ${deals ? html`<option value="stage">Stage</option>` : nothing}
          ${this.entity === 'customer' ? html`<option value="add-tag">Add a tag</option><option value="remove-tag">Remove a tag</option>` : nothing}
          ${this.fields.map((d) => html`<option value="custom:${d.key}">${d.label}</option>`)}
          <option value="delete">Delete</option>
        </select>
        ${this.#valueControl()}
        ${this.action
          ? html`<button type="submit" class="small ${this.action === 'delete' ? 'danger' : 'primary'} apply">${this.action === 'delete' ? `Delete ${this.#noun(this.count)}` : `Apply to ${this.#noun(this.count)}`}</button>`
          : nothing}
      </form>
      ${this.localError || this.error ? html`<p class="error" role="alert">${this.localError || this.error}</p>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-bulk-bar': ShoalBulkBar;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-bulk': CustomEvent<BulkDetail>;
  }
}
