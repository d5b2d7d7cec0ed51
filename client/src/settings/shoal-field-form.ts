import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { CHOICE_TYPES, type FieldCreate, type FieldDefinition, type FieldEntity, type FieldOption, type FieldPatch, type FieldType } from '../../../shared/field.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import type { RecordStore } from '../data/record-store.js';
import { closeModal, dialogFrame, dialogHost, ModalController } from '../components/dialog-frame.js';
import { base, dialogForm, forms } from '../styles.js';
import { FIELD_TYPES, OPTION_COLORS } from './field-types.js';
import { createField, FIELD_ENTITIES, freeKey, keyOf, patchField } from './settings-api.js';

/** One option row being edited: `isNew` options get their key from their label. */
interface OptionDraft {
  key: string;
  label: string;
  color: string;
  isNew: boolean;
}

/** Errors of the form, by the API's paths (`label`, `key`, `options`, `options.2.label`). */
type Errors = Record<string, string>;

const TOP = ['label', 'key', 'type', 'options', 'required'];

/**
 * The dialog that adds a custom field to a kind of record, or edits one (SPEC section 12): its
 * label, its key (made from the label until the admin edits it; fixed once the field exists,
 * as records hold values under it), its type (fixed once it exists too), options with labels
 * and colours for the select types, and whether it is required. The API's 422 (and 409 for a
 * key in use) shows under the field it names.
 *
 * @fires shoal-field-saved - The field was saved. Detail: the definition.
 * @fires shoal-close - The dialog closed (saved or cancelled).
 */
@customElement('shoal-field-form')
export class ShoalFieldForm extends LitElement {
  static override styles = [
    base,
    forms,
    dialogForm,
    dialogHost,
    css`
      :host {
        --shoal-dialog-width: 36rem;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 600;
        font-size: 0.875rem;
      }
      .check input {
        width: auto;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 1rem 0 0;
        min-width: 0;
      }
      legend {
        font-size: 0.875rem;
        font-weight: 600;
        margin-bottom: 0.375rem;
        padding: 0;
      }
      ol.options {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      ol.options li {
        display: grid;
        grid-template-columns: 2.5rem minmax(0, 1fr) auto;
        gap: 0.5rem;
        align-items: start;
      }
      input[type='color'] {
        width: 2.5rem;
        height: 2.375rem;
        padding: 0.125rem;
      }
      .option-key {
        font-size: 0.75rem;
        color: var(--shoal-muted, #536171);
        margin: 0.25rem 0 0;
      }
      .add-option {
        margin-top: 0.5rem;
      }
      .field + fieldset,
      fieldset + .field {
        margin-top: 1rem;
      }
      code {
        font-size: 0.8125rem;
      }
    `,
  ];

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** The kind of record a new field is for. */
  @property() entity: FieldEntity = 'customer';
  /** The field being edited; absent: a new field. */
  @property({ attribute: false }) definition: FieldDefinition | undefined;
  /** The REST client and the store the answer goes into (from the settings page). */
  @property({ attribute: false }) api: ShoalApi | undefined;
  @property({ attribute: false }) store: RecordStore | undefined;
  /** Keys the kind's other fields use (a new field's key is made to differ). */
  @property({ attribute: false }) takenKeys: ReadonlySet<string> = new Set();

  @state() private label = '';
  @state() private key = '';
  @state() private keyEdited = false;
  @state() private type: FieldType = 'text';
  @state() private required = false;
  @state() private options: OptionDraft[] = [];
  @state() private errors: Errors = {};
  @state() private formError = '';
  @state() private saving = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) this.#reset();
  }

  readonly #modal = new ModalController(
    this,
    () => this.open,
    () => this.renderRoot.querySelector<HTMLInputElement>('#field-label')?.focus(),
  );

  #reset(): void {
    const def = this.definition;
    this.label = def?.label ?? '';
    this.key = def?.key ?? '';
    this.keyEdited = !!def;
    this.type = def?.type ?? 'text';
    this.required = def?.required ?? false;
    this.options = (def?.options ?? []).map((o, i) => ({ key: o.key, label: o.label, color: o.color ?? OPTION_COLORS[i % OPTION_COLORS.length]!, isNew: false }));
    this.errors = {};
    this.formError = '';
    this.saving = false;
  }

  get #isChoice(): boolean {
    return CHOICE_TYPES.includes(this.type);
  }

  #close(): void {
    closeModal(this, this.saving);
  }

  #clear(...paths: string[]): void {
    if (!paths.some((p) => p in this.errors) && !this.formError) return;
    const rest = { ...this.errors };
    for (const p of paths) delete rest[p];
    this.errors = rest;
  }

  #setLabel(label: string): void {
    this.label = label;
    if (!this.keyEdited) this.key = freeKey(keyOf(label), this.takenKeys);
    this.#clear('label', ...(this.keyEdited ? [] : ['key']));
  }

  #setType(type: FieldType): void {
    this.type = type;
    if (CHOICE_TYPES.includes(type) && !this.options.length) this.#addOption(false);
    this.#clear('type', 'options');
  }

  #addOption(focus = true): void {
    this.options = [...this.options, { key: '', label: '', color: OPTION_COLORS[this.options.length % OPTION_COLORS.length]!, isNew: true }];
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`#option-label-${this.options.length - 1}`)?.focus());
  }

  #setOption(index: number, change: Partial<OptionDraft>): void {
    this.options = this.options.map((o, i) => {
      if (i !== index) return o;
      const next = { ...o, ...change };
      if (o.isNew && change.label !== undefined) {
        const others = new Set(this.options.filter((_, j) => j !== index).map((x) => x.key));
        next.key = freeKey(keyOf(change.label) || `option_${index + 1}`, others);
      }
      return next;
    });
    this.#clear('options', `options.${index}.label`, `options.${index}.color`, `options.${index}.key`);
  }

  #removeOption(index: number): void {
    this.options = this.options.filter((_, i) => i !== index);
    // Errors of later rows no longer point at the right row.
    this.errors = Object.fromEntries(Object.entries(this.errors).filter(([p]) => !p.startsWith('options.')));
    void this.updateComplete.then(() => {
      const next = this.renderRoot.querySelector<HTMLElement>(`#option-label-${Math.min(index, this.options.length - 1)}`) ?? this.renderRoot.querySelector<HTMLElement>('button.add-option');
      next?.focus();
    });
  }

  #optionsOut(): FieldOption[] {
    return this.options.map((o) => ({ key: o.key, label: o.label.trim(), color: o.color }));
  }

  /** What the form would send; checks what it can before sending (the server checks the rest). */
  #check(): Errors {
    const errors: Errors = {};
    if (!this.label.trim()) errors.label = 'is required';
    if (!this.definition && !/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(this.key)) errors.key = 'must be 1-40 letters, digits or _, starting with a letter';
    if (this.#isChoice) {
      if (!this.options.length) errors.options = `are required for a ${this.type} field`;
      this.options.forEach((o, i) => {
        if (!o.label.trim()) errors[`options.${i}.label`] = 'is required';
      });
    }
    return errors;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.api || !this.store) return;
    const errors = this.#check();
    this.errors = errors;
    this.formError = '';
    if (Object.keys(errors).length) {
      this.#focusFirstError();
      return;
    }
    this.saving = true;
    try {
      let def: FieldDefinition;
      if (this.definition) {
        const patch: FieldPatch = { label: this.label.trim(), required: this.required, ...(this.#isChoice ? { options: this.#optionsOut() } : {}) };
        def = await patchField(this.api, this.store, this.definition.id, patch);
      } else {
        const input: FieldCreate = { entity: this.entity, key: this.key, label: this.label.trim(), type: this.type, required: this.required, ...(this.#isChoice ? { options: this.#optionsOut() } : {}) };
        def = await createField(this.api, this.store, input);
      }
      this.saving = false;
      this.dispatchEvent(new CustomEvent('shoal-field-saved', { detail: def, bubbles: true, composed: true }));
      this.#close();
    } catch (error) {
      this.saving = false;
      this.#showError(error);
    }
  }

  #showError(error: unknown): void {
    if (error instanceof ApiError && (error.status === 422 || error.status === 409) && error.problem.errors?.length) {
      const errors: Errors = {};
      const other: string[] = [];
      for (const { path, message } of error.problem.errors) {
        if (TOP.includes(path) || /^options\.\d+\.(label|color|key)$/.test(path)) errors[path] ??= message;
        else if (/^options\.\d+$/.test(path)) errors.options ??= `option ${Number(path.split('.')[1]) + 1}: ${message}`;
        else other.push(path ? `${path} ${message}` : message);
      }
      this.errors = errors;
      this.formError = other.length ? other.join('; ') : '';
      this.#focusFirstError();
      return;
    }
    this.formError = error instanceof ApiError && error.status === 403 ? 'Only admins can change custom fields, and you are no longer one.' : `The field was not saved: ${describeError(error)}`;
  }

  #focusFirstError(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  #error(path: string, id: string, label: string) {
    const message = this.errors[path];
    return message ? html`<p class="error" id=${id}><span aria-hidden="true">⚠</span><span>${label} ${message}.</span></p>` : nothing;
  }

  #optionRow(o: OptionDraft, i: number) {
    const labelError = this.errors[`options.${i}.label`] ?? this.errors[`options.${i}.key`];
    const colorError = this.errors[`options.${i}.color`];
    const name = o.label.trim() || `option ${i + 1}`;
    return html`<li data-option=${i}>
      <input
        type="color"
        .value=${o.color}
        aria-label=${`Colour of ${name}`}
        aria-invalid=${colorError ? 'true' : 'false'}
        @input=${(e: Event) => this.#setOption(i, { color: (e.target as HTMLInputElement).value })}
      />
      <div>
        <input
          id=${`option-label-${i}`}
          .value=${o.label}
          aria-label=${`Label of option ${i + 1}`}
          aria-invalid=${labelError ? 'true' : 'false'}
          aria-describedby=${labelError ? `option-error-${i}` : `option-key-${i}`}
          maxlength="100"
          @input=${(e: Event) => this.#setOption(i, { label: (e.target as HTMLInputElement).value })}
        />
        ${labelError || colorError
          ? html`<p class="error" id=${`option-error-${i}`}><span aria-hidden="true">⚠</span><span>Option ${i + 1} ${labelError ? `label ${labelError}` : `colour ${colorError}`}.</span></p>`
          : html`<p class="option-key" id=${`option-key-${i}`}>${o.key ? html`Key <code>${o.key}</code>${o.isNew ? '' : ' (kept: records hold it)'}` : 'The key comes from the label.'}</p>`}
      </div>
      <button type="button" class="small ghost" aria-label=${`Remove ${name}`} @click=${() => this.#removeOption(i)}>Remove</button>
    </li>`;
  }

  protected override render() {
    const editing = !!this.definition;
    const records = FIELD_ENTITIES.find((e) => e.entity === (this.definition?.entity ?? this.entity));
    const heading = editing ? `Edit the field ${this.definition!.label}` : `Add a ${records?.one ?? ''} field`;
    const frame = {
      titleId: 'field-form-title',
      heading,
      intro: editing ? 'The key and the type stay: records already hold values under them.' : `Every ${records?.one ?? 'record'} gets this field in its form, its page and the lists.`,
      error: this.formError,
      saving: this.saving,
      submitLabel: editing ? 'Save changes' : 'Add field',
      cancel: () => this.#close(),
      submit: (e: Event) => void this.#submit(e),
    };
    return dialogFrame(
      frame,
      html`
      <div class="field" data-field="label">
        <label for="field-label">Label</label>
        <input
          id="field-label"
          .value=${this.label}
          maxlength="100"
          autocomplete="off"
          required
          aria-invalid=${this.errors.label ? 'true' : 'false'}
          aria-describedby=${this.errors.label ? 'field-label-error' : nothing}
          @input=${(e: Event) => this.#setLabel((e.target as HTMLInputElement).value)}
        />
        ${this.#error('label', 'field-label-error', 'Label')}
      </div>
      <div class="field" data-field="key">
        <label for="field-key">Key</label>
        <input
          id="field-key"
          .value=${this.key}
          maxlength="40"
          autocomplete="off"
          spellcheck="false"
          ?disabled=${editing}
          aria-invalid=${this.errors.key ? 'true' : 'false'}
          aria-describedby=${this.errors.key ? 'field-key-error' : 'field-key-hint'}
          @input=${(e: Event) => {
            this.key = (e.target as HTMLInputElement).value;
            this.keyEdited = true;
            this.#clear('key');
          }}
        />
        ${this.errors.key
          ? this.#error('key', 'field-key-error', 'Key')
          : html`<p class="hint" id="field-key-hint">${editing ? 'Fixed once the field exists.' : 'What CSV columns, filters and scripts call it (custom.<key>). Made from the label until you change it.'}</p>`}
      </div>
      <div class="field" data-field="type">
        <label for="field-type">Type</label>
        <select
          id="field-type"
          .value=${this.type}
          ?disabled=${editing}
          aria-invalid=${this.errors.type ? 'true' : 'false'}
          aria-describedby=${this.errors.type ? 'field-type-error' : nothing}
          @change=${(e: Event) => this.#setType((e.target as HTMLSelectElement).value as FieldType)}
        >
          ${FIELD_TYPES.map((t) => html`<option value=${t.type} ?selected=${t.type === this.type}>${t.label}</option>`)}
        </select>
        ${this.#error('type', 'field-type-error', 'Type')}
      </div>
      ${this.#isChoice
        ? html`<fieldset data-field="options" aria-describedby=${this.errors.options ? 'field-options-error' : nothing}>
            <legend>Options</legend>
            <ol class="options">
              ${this.options.map((o, i) => this.#optionRow(o, i))}
            </ol>
            ${this.#error('options', 'field-options-error', 'Options')}
            <button type="button" class="small add-option" @click=${() => this.#addOption()}>Add an option</button>
          </fieldset>`
        : nothing}
      <div class="field" data-field="required">
        <label class="check">
          <input
            id="field-required"
            type="checkbox"
            .checked=${this.required}
            aria-describedby="field-required-hint"
            @change=${(e: Event) => {
              this.required = (e.target as HTMLInputElement).checked;
              this.#clear('required');
            }}
          />
          Required
        </label>
        ${this.errors.required
          ? this.#error('required', 'field-required-error', 'Required')
          : html`<p class="hint" id="field-required-hint">New ${records?.one ?? 'record'}s must have a value, and nobody can clear it. Those without one yet keep none until someone fills it in.</p>`}
      </div>
      `,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-field-form': ShoalFieldForm;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-field-saved': CustomEvent<FieldDefinition>;
  }
}
