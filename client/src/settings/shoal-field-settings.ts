import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { CHOICE_TYPES, type FieldDefinition, type FieldEntity } from '../../../shared/field.js';
import { ApiError, describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { StoreController } from '../data/store-controller.js';
import { StoreLoad } from '../data/store-load.js';
import { fieldsOf, loadFields } from '../lists/list-api.js';
import '../components/shoal-confirm-dialog.js';
import { offScreen } from '../styles.js';
import { deleteConsequence, typeLabel } from './field-types.js';
import { deleteField, FIELD_ENTITIES } from './settings-api.js';
import './shoal-field-form.js';
import { settingsScreen } from './settings-styles.js';

/**
 * Settings → Custom fields (admins, SPEC section 12): the definitions of one kind of record at
 * a time (customers, contacts, deals, interactions, tasks), adding one, editing its label,
 * options and `required`, and deleting one after a confirmation that says what becomes of its
 * values. The definitions are the record store's (loaded once, `GET /api/fields`), kept
 * current by their `field` change events: another admin's change shows without a reload.
 */
@customElement('shoal-field-settings')
export class ShoalFieldSettings extends WithShoalContext(LitElement) {
  static override styles = [
    ...settingsScreen,
    css`
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        border: 1px solid var(--shoal-border, #e3e8ee);
        border-radius: 999px;
        padding: 0.0625rem 0.5rem;
        font-size: 0.8125rem;
      }
      /* At phone width each field is a card of its own, its actions in view. */
      @media (max-width: 40rem) {
        .table-card {
          overflow: visible;
        }
        thead {
          ${offScreen}
        }
        table,
        tbody,
        tr,
        tbody th,
        tbody td {
          display: block;
        }
        tbody tr {
          padding: 0.5rem 0.75rem;
          border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        }
        tbody tr:last-child {
          border-bottom: 0;
        }
        tbody th,
        tbody td {
          border: 0;
          padding: 0.25rem 0;
        }
        tbody td[data-label] {
          display: grid;
          grid-template-columns: 6rem minmax(0, 1fr);
          gap: 0.5rem;
        }
        tbody td[data-label]::before {
          content: attr(data-label);
          color: var(--shoal-muted, #536171);
          font-size: 0.8125rem;
        }
        td.actions {
          text-align: left;
          padding-top: 0.5rem;
        }
      }
      .dot {
        width: 0.625rem;
        height: 0.625rem;
        border-radius: 50%;
        flex: none;
      }
    `,
  ];

  /** The kind of record whose fields show. */
  @property() entity: FieldEntity = 'customer';

  @state() private formOpen = false;
  @state() private editing: FieldDefinition | undefined;
  @state() private deleting: FieldDefinition | undefined;
  @state() private busy = false;
  @state() private error = '';
  @state() private announcement = '';

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    // The table renders the store's definitions; another admin's change only needs a render.
    field: ({ id, after }) => {
      if (!after && this.editing?.id === id && this.formOpen) this.error = 'Another admin deleted the field you were editing.';
    },
    resync: () => void this.#loading.load(true),
  });

  /** The field definitions, once per store (their change events keep them current). */
  readonly #loading = new StoreLoad(this, () => ({ store: this.#store.store, api: this.api }), (store, api, again) => loadFields(store, api, again));

  get #fields(): FieldDefinition[] {
    return fieldsOf(this.#store.store, this.entity);
  }

  #say(text: string): void {
    this.announcement = text;
  }

  #choose(entity: FieldEntity): void {
    this.entity = entity;
    this.dispatchEvent(new CustomEvent('shoal-field-entity', { detail: entity, bubbles: true, composed: true }));
  }

  #openForm(def?: FieldDefinition): void {
    this.editing = def;
    this.error = '';
    this.formOpen = true;
  }

  #closeForm(): void {
    this.formOpen = false;
    const returnTo = this.editing ? this.renderRoot.querySelector<HTMLElement>(`tr[data-id="${this.editing.id}"] button.edit`) : this.renderRoot.querySelector<HTMLElement>('button.add-field');
    this.editing = undefined;
    returnTo?.focus();
  }

  async #confirmDelete(): Promise<void> {
    const def = this.deleting;
    const store = this.#store.store;
    if (!def || !store || !this.api) return;
    this.busy = true;
    try {
      await deleteField(this.api, store, def.id);
      this.#say(`Deleted the field ${def.label}.`);
      this.deleting = undefined;
      this.renderRoot.querySelector<HTMLElement>('button.add-field')?.focus();
    } catch (error) {
      this.deleting = undefined;
      this.error = error instanceof ApiError && error.status === 404 ? `The field ${def.label} was already deleted.` : `The field ${def.label} was not deleted: ${describeError(error)}`;
    } finally {
      this.busy = false;
    }
  }

  #row(def: FieldDefinition) {
    return html`<tr data-id=${def.id} data-key=${def.key}>
      <th scope="row">${def.label}</th>
      <td data-label="Key"><code>${def.key}</code></td>
      <td data-label="Type">${typeLabel(def.type)}</td>
      <td data-label="Required">${def.required ? 'Required' : html`<span class="muted">Optional</span>`}</td>
      <td class="options-cell" data-label="Options">
        ${CHOICE_TYPES.includes(def.type)
          ? html`<span class="chips">
              ${(def.options ?? []).map((o) => html`<span class="chip"><span class="dot" style="background:${o.color ?? '#94a3b8'}" aria-hidden="true"></span>${o.label}</span>`)}
            </span>`
          : html`<span class="muted">—</span>`}
      </td>
      <td class="actions">
        <button type="button" class="small edit" aria-label=${`Edit ${def.label}`} @click=${() => this.#openForm(def)}>Edit</button>
        <button type="button" class="small ghost danger-text delete" aria-label=${`Delete ${def.label}`} @click=${() => (this.deleting = def)}>Delete</button>
      </td>
    </tr>`;
  }

  #body(records: (typeof FIELD_ENTITIES)[number]) {
    if (this.#loading.state === 'loading' && !this.#fields.length)
      return html`<div class="card state" role="status" aria-busy="true"><p>Loading custom fields…</p></div>`;
    if (this.#loading.state === 'error')
      return html`<div class="card state error" role="alert">
        <h2>Custom fields could not be loaded</h2>
        <p>${this.#loading.error}</p>
        <button type="button" class="retry" @click=${() => void this.#loading.load()}>Try again</button>
      </div>`;
    const fields = this.#fields;
    if (!fields.length)
      return html`<div class="card state empty">
        <h2>No custom fields on ${records.label.toLowerCase()} yet</h2>
        <p>Add the fields your team tracks on every ${records.one}: a tier, a renewal date, a region. They appear in its form, its page, the lists and CSV files.</p>
      </div>`;
    return html`<div class="card table-card">
      <table>
        <caption class="visually-hidden">Custom fields of ${records.label.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Key</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Options</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${fields.map((d) => this.#row(d))}
        </tbody>
      </table>
    </div>`;
  }

  protected override render() {
    const records = FIELD_ENTITIES.find((e) => e.entity === this.entity) ?? FIELD_ENTITIES[0]!;
    const deleting = this.deleting;
    const deletingRecords = FIELD_ENTITIES.find((e) => e.entity === deleting?.entity) ?? records;
    return html`<section aria-labelledby="fields-title">
      <div class="section-head">
        <div>
          <h2 id="fields-title">Custom fields</h2>
          <p class="subtitle">Fields your team fills in beside the built-in ones.</p>
        </div>
        <button type="button" class="primary add-field" @click=${() => this.#openForm()} ?disabled=${this.#loading.state === 'error'}>Add a ${records.one} field</button>
      </div>
      <div class="kinds" role="group" aria-label="Kind of record">
        ${FIELD_ENTITIES.map(
          (e) =>
            html`<button type="button" class="kind" data-entity=${e.entity} aria-pressed=${e.entity === this.entity ? 'true' : 'false'} @click=${() => this.#choose(e.entity)}>
              ${e.label} <span class="count">${fieldsOf(this.#store.store, e.entity).length || ''}</span>
            </button>`,
        )}
      </div>
      ${this.error
        ? html`<div class="banner error-banner settings-error" role="alert">
            <p>${this.error}</p>
            <button type="button" class="small ghost" aria-label="Dismiss" @click=${() => (this.error = '')}>✕</button>
          </div>`
        : nothing}
      ${this.#body(records)}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <shoal-field-form
        .open=${this.formOpen}
        .entity=${this.entity}
        .definition=${this.editing}
        .api=${this.api}
        .store=${this.#store.store}
        .takenKeys=${new Set(this.#fields.map((f) => f.key))}
        @shoal-field-saved=${(e: CustomEvent<FieldDefinition>) => this.#say(this.editing ? `Saved the field ${e.detail.label}.` : `Added the field ${e.detail.label}.`)}
        @shoal-close=${() => this.#closeForm()}
      ></shoal-field-form>
      <shoal-confirm-dialog
        .open=${deleting !== undefined}
        heading=${deleting ? `Delete the field ${deleting.label}?` : ''}
        confirm-label="Delete field"
        danger
        ?busy=${this.busy}
        @shoal-confirm=${() => void this.#confirmDelete()}
        @shoal-cancel=${() => {
          const id = this.deleting?.id;
          this.deleting = undefined;
          if (id) this.renderRoot.querySelector<HTMLElement>(`tr[data-id="${id}"] button.delete`)?.focus();
        }}
      >
        <p class="consequence" style="margin: 0">${deleting ? deleteConsequence(deleting, deletingRecords.one) : ''}</p>
      </shoal-confirm-dialog>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-field-settings': ShoalFieldSettings;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-field-entity': CustomEvent<FieldEntity>;
  }
}
