import { html, nothing } from 'lit';
import { ApiError } from './api.js';

/** What one labelled text field shows. */
export interface TextField {
  /** The field's name (also its id, prefixed, and its `data-field`). */
  name: string;
  label: string;
  value: string;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  /** The field's error, phrased to follow its label ("is required"). */
  error?: string | undefined;
  /** Help shown under the field while it has no error. */
  hint?: string;
  onInput(value: string): void;
}

/**
 * A labelled input with its hint or error underneath, wired for screen readers
 * (`aria-invalid`, `aria-describedby`). Use with the `forms` styles.
 */
export function textField(f: TextField) {
  const id = `field-${f.name}`;
  const describedBy = f.error ? `${id}-error` : f.hint ? `${id}-hint` : '';
  return html`<div class="field" data-field=${f.name}>
    <label for=${id}>${f.label}</label>
    <input
      id=${id}
      name=${f.name}
      type=${f.type ?? 'text'}
      .value=${f.value}
      autocomplete=${f.autocomplete ?? 'off'}
      ?required=${f.required}
      aria-invalid=${f.error ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
      @input=${(e: Event) => f.onInput((e.target as HTMLInputElement).value)}
    />
    ${f.error
      ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${f.label} ${f.error}.</span></p>`
      : f.hint
        ? html`<p class="hint" id="${id}-hint">${f.hint}</p>`
        : nothing}
  </div>`;
}

/** A rough email check; the server checks properly. */
export const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());

/** The field errors of a 422 or 409 answer, keyed by top-level field name. */
export function fieldErrorsOf(error: unknown, fields: readonly string[]): { errors: Record<string, string>; other: string[] } {
  const errors: Record<string, string> = {};
  const other: string[] = [];
  if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
    for (const { path, message } of error.problem.errors ?? []) {
      const field = path.split('.')[0] ?? '';
      if (fields.includes(field)) errors[field] ??= message;
      else other.push(path ? `${path} ${message}` : message);
    }
  }
  return { errors, other };
}
