import { html, nothing, type TemplateResult } from 'lit';
import type { EditState } from './field-edit.js';

/** One editable field of a record page. */
export interface FieldSpec<F extends string> {
  name: F;
  label: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  multiline?: boolean;
  hint?: string;
  /** A list to choose from (a select); it commits only when the rep presses Save. */
  options?: () => Array<{ value: string; label: string }>;
  /**
   * A control of its own (a custom field's), labelled and showing its error itself; it edits the
   * draft's text like the built-in inputs.
   */
  control?: (parts: { value: string; error: string | undefined; onInput(value: string): void }) => TemplateResult;
}

/** The id of a field's editor control (`custom.tier` gives `edit-custom-tier`: a dot breaks selectors). */
export const editorId = (field: string) => `edit-${field.replace(/\./g, '-')}`;

/** What the editor calls back. */
export interface EditorHandlers<F extends string> {
  input(field: F, value: string): void;
  save(field: F): void;
  cancel(field: F): void;
  keep(field: F): void;
  take(field: F): void;
}

/**
 * The conflict notice of a field: "Dana Park changed the phone to “…” while you were editing.
 * Keep yours, or take theirs?" `theirs` is the colleague's value in words ('' when cleared).
 */
export function conflictNotice<F extends string, R>(spec: FieldSpec<F>, state: EditState<F, R>, theirsText: (record: R) => string, h: EditorHandlers<F>) {
  const conflict = state.conflicts[spec.name];
  if (!conflict) return nothing;
  const label = spec.label.toLowerCase();
  const theirs = theirsText(conflict.theirs);
  const what = theirs ? html`changed the ${label} to <q>${theirs}</q>` : html`cleared the ${label}`;
  return html`<div class="banner warning conflict" role="alert" data-conflict=${spec.name}>
    <p><strong>${conflict.who}</strong> ${what}${conflict.kind === '412' ? ' before you saved' : ' while you were editing'}. Keep yours, or take theirs?</p>
    <div class="choice">
      <button type="button" class="small primary keep" @click=${() => h.keep(spec.name)}>Keep yours</button>
      <button type="button" class="small take" @click=${() => h.take(spec.name)}>Take theirs</button>
    </div>
  </div>`;
}

/**
 * The in-place editor of one field: its input (text, textarea or select), its error or hint,
 * a conflict notice, Cancel and Save. Enter (or Ctrl+Enter in a textarea) saves, Escape cancels;
 * a select changes the draft only, so arrow keys on a closed list never save.
 */
export function fieldEditor<F extends string, R>(spec: FieldSpec<F>, state: EditState<F, R>, theirsText: (record: R) => string, h: EditorHandlers<F>, extraClass = ''): TemplateResult {
  const field = spec.name;
  const draft = state.drafts[field]!;
  const id = editorId(field);
  const error = state.errors[field];
  const describedBy = error ? `${id}-error` : spec.hint ? `${id}-hint` : '';
  const busy = state.saving[field] === true;
  const invalid = error ? 'true' : 'false';
  const onInput = (e: Event) => h.input(field, (e.target as HTMLInputElement).value);
  let control;
  if (spec.options) {
    control = html`<select id=${id} aria-describedby=${describedBy || nothing} aria-invalid=${invalid} @change=${onInput}>
      ${spec.options().map((o) => html`<option value=${o.value} ?selected=${o.value === draft.value}>${o.label}</option>`)}
    </select>`;
  } else if (spec.multiline) {
    control = html`<textarea id=${id} rows="3" .value=${draft.value} autocomplete=${spec.autocomplete ?? 'off'} aria-invalid=${invalid} aria-describedby=${describedBy || nothing} @input=${onInput}></textarea>`;
  } else {
    control = html`<input
      id=${id}
      type=${spec.type ?? 'text'}
      inputmode=${spec.inputmode ?? nothing}
      .value=${draft.value}
      autocomplete=${spec.autocomplete ?? 'off'}
      aria-invalid=${invalid}
      aria-describedby=${describedBy || nothing}
      @input=${onInput}
    />`;
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      h.cancel(field);
    } else if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'TEXTAREA' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      h.save(field);
    }
  };
  return html`<form
    class="editor ${extraClass}"
    data-editor=${field}
    @submit=${(e: Event) => {
      e.preventDefault();
      h.save(field);
    }}
    @keydown=${onKey}
  >
    ${spec.control
      ? spec.control({ value: draft.value, error, onInput: (value) => h.input(field, value) })
      : html`<label for=${id} class="visually-hidden">${spec.label}</label>
          <div class="line">${control}</div>
          ${error
            ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${spec.label} ${error}.</span></p>`
            : spec.hint
              ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>`
              : nothing}`}
    ${conflictNotice(spec, state, theirsText, h)}
    <div class="buttons">
      <button type="button" class="small cancel" ?disabled=${busy} @click=${() => h.cancel(field)}>Cancel</button>
      <button type="submit" class="small primary save" ?disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
    </div>
  </form>`;
}
