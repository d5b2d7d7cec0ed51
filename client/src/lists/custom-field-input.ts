import { css, html, nothing } from 'lit';
import type { FieldDefinition } from '../../../shared/field.js';
import type { User } from '../../../shared/user.js';

/** What a custom field's control holds while it is edited: text, a list of option keys, or a box's state. */
export type CustomDraft = string | string[] | boolean;

/** The draft of a stored value (what the control starts with). */
export function draftOf(def: FieldDefinition, value: unknown): CustomDraft {
  if (def.type === 'checkbox') return value === true;
  if (def.type === 'multiselect') return Array.isArray(value) ? value.map(String) : [];
  return value === undefined || value === null ? '' : String(value);
}

/** One custom field's control, labelled, with its error under it. Use with the `fieldParts` styles. */
export function customFieldInput(options: {
  def: FieldDefinition;
  value: CustomDraft;
  users: readonly User[];
  error?: string | undefined;
  /** Prefix of the control's id (one form can hold several). */
  idPrefix?: string;
  /** The label for screen readers only (an in-place editor whose row already shows it). */
  labelHidden?: boolean;
  onInput(value: CustomDraft): void;
}) {
  const { def, value, users, error, onInput } = options;
  const id = `${options.idPrefix ?? 'custom'}-${def.key}`;
  const hidden = options.labelHidden ? 'visually-hidden' : '';
  const invalid = error ? 'true' : 'false';
  const describedBy = error ? `${id}-error` : nothing;
  const label = html`${def.label}${def.required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}`;
  const errorLine = error ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${def.label} ${error}.</span></p>` : nothing;
  const text = typeof value === 'string' ? value : '';
  let control;
  switch (def.type) {
    case 'select':
    case 'user': {
      const choices = def.type === 'user' ? users.filter((u) => u.active || u.id === text).map((u) => ({ key: u.id, label: u.name })) : (def.options ?? []);
      control = html`<select id=${id} name=${`custom.${def.key}`} aria-required=${def.required ? 'true' : 'false'} aria-invalid=${invalid} aria-describedby=${describedBy} @change=${(e: Event) => onInput((e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!text}>${def.required ? 'Choose…' : 'None'}</option>
        ${choices.map((o) => html`<option value=${o.key} ?selected=${o.key === text}>${o.label}</option>`)}
      </select>`;
      break;
    }
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      return html`<fieldset class="field custom-field" data-field=${`custom.${def.key}`} aria-describedby=${describedBy}>
        <legend class=${hidden}>${label}</legend>
        ${(def.options ?? []).map(
          (o) => html`<label class="inline"
            ><input
              type="checkbox"
              .checked=${chosen.includes(o.key)}
              @change=${(e: Event) => onInput((e.target as HTMLInputElement).checked ? [...chosen, o.key] : chosen.filter((k) => k !== o.key))}
            />${o.label}</label
          >`,
        )}
        ${errorLine}
      </fieldset>`;
    }
    case 'checkbox':
      return html`<div class="field custom-field" data-field=${`custom.${def.key}`}>
        <label class="inline" for=${id}
          ><input id=${id} type="checkbox" .checked=${value === true} aria-describedby=${describedBy} @change=${(e: Event) => onInput((e.target as HTMLInputElement).checked)} />${label}</label
        >
        ${errorLine}
      </div>`;
    case 'longtext':
      control = html`<textarea id=${id} rows="2" aria-required=${def.required ? 'true' : 'false'} .value=${text} aria-invalid=${invalid} aria-describedby=${describedBy} @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}></textarea>`;
      break;
    default: {
      const type = { date: 'date', url: 'url', email: 'email', phone: 'tel', number: 'text', money: 'text', text: 'text' }[def.type];
      const mode = def.type === 'number' || def.type === 'money' ? 'decimal' : nothing;
      control = html`<input
        id=${id}
        type=${type}
        inputmode=${mode}
        autocomplete="off"
        .value=${text}
        aria-required=${def.required ? 'true' : 'false'}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
      />`;
    }
  }
  return html`<div class="field custom-field" data-field=${`custom.${def.key}`}>
    <label for=${id} class=${hidden}>${label}</label>
    ${control} ${errorLine}
  </div>`;
}

/** The styles of custom field controls in a form: a multiselect's fieldset, inline checkboxes. */
export const customFieldStyles = css`
  fieldset.custom-field {
    border: none;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  fieldset.custom-field legend {
    padding: 0;
    margin-bottom: 0.3125rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .custom-field label.inline {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: normal;
  }
  .custom-field label.inline input {
    width: auto;
    min-height: 0;
  }
  .custom-field .required {
    color: var(--shoal-danger, #b42318);
  }
`;
