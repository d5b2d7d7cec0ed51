import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Interaction, InteractionType } from '../../../shared/interaction.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { listNames } from '../components/shoal-online-users.js';
import { liveContext } from '../context.js';
import { sectionStyles } from '../customer-parts.js';
import { resource } from '../data/resource.js';
import { fieldErrorsOf } from '../fields.js';
import { INTERACTION_TYPES, INTERACTION_TYPE_INFO, interactionIcon } from '../format/interaction-types.js';
import { customFieldStyles } from '../lists/custom-field-input.js';
import { CustomFormFields } from '../lists/custom-form-controller.js';
import type { LiveClient } from '../live.js';
import { base, forms } from '../styles.js';
import '../mentions/shoal-mention-picker.js';
import * as v from './interaction-values.js';

/** Detail of `shoal-interaction-saved`. */
export interface InteractionSavedDetail {
  interaction: Interaction;
  /** True when it was logged now, false when an edit was saved. */
  created: boolean;
}

/** A colleague's change of fields the rep changed too: keep yours or take theirs. */
interface FormConflict {
  who: string;
  /** The built-in fields and the custom ones (`custom.<key>`) both changed. */
  fields: (v.EditField | `custom.${string}`)[];
  theirs: Interaction;
  kind: 'event' | '412';
}

/**
 * The form that logs an interaction for a customer or, given `interaction`, edits one: type,
 * subject, date, a duration for calls and meetings, and notes with @mentions. An edit sends only
 * the fields the rep changed, with `If-Match` on the version the edit began from; a colleague's
 * save of the same fields (live, or a 412) asks "Keep yours, or take theirs?", while a change of
 * other fields is taken in quietly. Escape cancels. The interactions' custom fields follow the
 * shared form rules (custom-form.ts), each key a field of its own for those conflicts.
 *
 * @fires shoal-interaction-saved - Logged or saved. Detail: {@link InteractionSavedDetail}.
 * @fires shoal-interaction-cancel - The rep closed the form without saving.
 */
@customElement('shoal-interaction-form')
export class ShoalInteractionForm extends LitElement {
  static override styles = [
    base,
    forms,
    sectionStyles,
    customFieldStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        font-size: 0.875rem;
        font-weight: 600;
        margin-bottom: 0.3125rem;
        padding: 0;
      }
      .types {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      .types label {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        margin: 0;
        padding: 0.375rem 0.75rem;
        border: 1px solid var(--shoal-border-strong, #c5ced8);
        border-radius: 999px;
        background: var(--shoal-surface, #fff);
        font-weight: 500;
        cursor: pointer;
      }
      .types input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
        min-height: 0;
        padding: 0;
      }
      .types label:has(input:checked) {
        border-color: var(--shoal-primary, #0b6e99);
        background: #e7f3f8;
        color: #084e6d;
      }
      .types label:has(input:focus-visible) {
        outline: 2px solid var(--shoal-focus, #1d6fd8);
        outline-offset: 2px;
      }
      textarea {
        min-height: 5rem;
        resize: vertical;
      }
      .conflict p {
        margin: 0;
      }
    `,
  ];

  /** The REST client. */
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (from `<shoal-app>`, or set directly): the store whose custom field definitions the form shows. */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The customer a new interaction is logged for. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** The team, for @mentions and for who changed what. */
  @property({ attribute: false })
  team: User[] = [];

  /** The interaction being edited, as the store has it now (a colleague's save updates it); none to log a new one. */
  @property({ attribute: false })
  interaction: Interaction | undefined;

  /** The type a new interaction starts with. */
  @property()
  type: InteractionType = 'call';

  /** Who changed the interaction last, when the caller knows (a change event's actor). */
  @property({ attribute: false })
  changedBy: string | undefined;

  @state() private values: v.Values = v.newValues('call');
  @state() private errors: Partial<Record<v.FormField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;
  @state() private conflict: FormConflict | undefined;

  /** The interactions' custom fields: definitions, drafts and errors. */
  readonly #custom = new CustomFormFields(this, 'interaction', () => ({ live: this.live, api: this.api }), 'log-custom');
  /** The record the edit is based on: its version goes in If-Match. */
  #base: Interaction | undefined;
  #idempotency: { body: string; key: string } | undefined;
  #started = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.#started) {
      this.#started = true;
      this.#base = this.interaction;
      this.values = this.interaction ? v.valuesOf(this.interaction) : v.newValues(this.type);
      this.#custom.start(this.interaction?.custom);
      return;
    }
    if (changed.has('interaction')) this.#colleagueSaved();
  }

  /** The store has a newer version than the edit's base: take what only they changed, flag what both did. */
  #colleagueSaved(): void {
    const theirs = this.interaction;
    const base = this.#base;
    if (!theirs || !base || theirs.version <= base.version || this.saving) return;
    const { conflicts: builtIn, values } = v.merge(v.valuesOf(base), this.values, v.valuesOf(theirs));
    this.values = values;
    const conflicts = [...builtIn, ...this.#custom.rebase(base.custom, theirs.custom)];
    if (conflicts.length) this.conflict = { who: this.changedBy ?? 'A colleague', fields: conflicts, theirs, kind: 'event' };
    else this.#base = theirs;
  }

  /** Focuses the first input (the subject). */
  override focus(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#log-subject')?.focus());
  }

  #input(field: keyof v.Values, value: string): void {
    this.values = { ...this.values, [field]: value } as v.Values;
    if (field in this.errors) {
      const { [field as v.FormField]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  #cancel(): void {
    this.dispatchEvent(new CustomEvent('shoal-interaction-cancel', { bubbles: true, composed: true }));
  }

  #saved(interaction: Interaction, created: boolean): void {
    this.dispatchEvent(new CustomEvent<InteractionSavedDetail>('shoal-interaction-saved', { detail: { interaction, created }, bubbles: true, composed: true }));
  }

  async #submit(event?: Event): Promise<void> {
    event?.preventDefault();
    const api = this.api;
    if (!api || this.saving) return;
    const parsed = v.parseValues(this.values);
    const custom = this.#custom.check(this.#base ? (this.#base.custom ?? {}) : undefined);
    if (Object.keys(parsed.errors).length || !custom.ok) {
      this.errors = parsed.errors;
      if (Object.keys(parsed.errors).length) this.renderRoot.querySelector<HTMLElement>(parsed.errors.date ? '#log-date' : '#log-durationMinutes')?.focus();
      else this.#custom.focusError();
      return;
    }
    this.saving = true;
    this.formError = '';
    try {
      const base = this.#base;
      if (base) {
        const changed = this.#custom.patchBody(custom.values, base.custom);
        const patch = v.patchBody(v.valuesOf(base), this.values, parsed) ?? (changed ? {} : undefined);
        if (patch && changed) patch.custom = changed;
        const saved = patch ? await resource(api, 'interactions').patch(base.id, patch, { version: base.version }) : base;
        this.saving = false;
        this.#saved(saved, false);
      } else {
        const values = this.#custom.createBody(custom.values);
        const input = { ...v.createBody(this.customerId, parsed), ...(values ? { custom: values } : {}) };
        const text = JSON.stringify(input);
        if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
        const created = await resource(api, 'interactions').create(input, { idempotencyKey: this.#idempotency.key });
        this.saving = false;
        this.#saved(created, true);
      }
    } catch (error) {
      this.saving = false;
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    if (error instanceof ApiError && error.status === 412 && error.problem.current && this.#base) {
      const theirs = error.problem.current as Interaction;
      const named = (error.problem.conflicts ?? []) as v.EditField[];
      const base = v.valuesOf(this.#base);
      const builtIn = named.length ? v.EDIT_FIELDS.filter((f) => named.includes(f)) : v.differing(base, v.valuesOf(theirs));
      // What only they changed is taken as theirs, as while editing.
      this.values = v.merge(base, this.values, v.valuesOf(theirs)).values;
      const fields = [...builtIn, ...this.#custom.rebase(this.#base.custom, theirs.custom)];
      this.conflict = { who: this.changedBy ?? 'A colleague', fields, theirs, kind: '412' };
      return;
    }
    const { errors, other: rest } = fieldErrorsOf(error, ['date', 'subject', 'notes', 'durationMinutes']);
    const customNamed = this.#custom.failed(error);
    const other = rest.filter((o) => !this.#custom.isCustomPath(o.split(' ')[0] ?? ''));
    if (Object.keys(errors).length || rest.length) {
      this.errors = errors as Partial<Record<v.FormField, string>>;
      this.formError = other.join('; ');
      if (!Object.keys(errors).length && customNamed) this.#custom.focusError();
    } else this.formError = describeError(error);
  }

  /** Keep yours: the edit moves onto their version; after a 412 it saves again at once. */
  #keep(): void {
    const c = this.conflict;
    if (!c) return;
    this.#base = c.theirs;
    this.conflict = undefined;
    if (c.kind === '412') void this.#submit();
  }

  /** Take theirs: their values replace yours in the fields you both changed; the edit goes on from their version. */
  #take(): void {
    const c = this.conflict;
    if (!c) return;
    this.values = v.takeTheirs(this.values, v.valuesOf(c.theirs), c.fields.filter((f): f is v.EditField => !f.startsWith('custom.')));
    this.#custom.take(c.theirs.custom, c.fields);
    this.#base = c.theirs;
    this.conflict = undefined;
  }

  #conflictNotice() {
    const c = this.conflict;
    if (!c) return nothing;
    const what = listNames(c.fields.map((f) => `the ${f.startsWith('custom.') ? this.#custom.label(f) : v.FIELD_LABELS[f as v.EditField]}`));
    return html`<div class="banner warning conflict" role="alert">
      <p><strong>${c.who}</strong> changed ${what || 'this interaction'}${c.kind === '412' ? ' before you saved' : ' while you were editing'}. Keep yours, or take theirs?</p>
      <div class="choice">
        <button type="button" class="small primary keep" @click=${() => this.#keep()}>Keep yours</button>
        <button type="button" class="small take" @click=${() => this.#take()}>Take theirs</button>
      </div>
    </div>`;
  }

  #textInput(field: v.FormField, label: string, type = 'text', extra: { min?: string; max?: string; placeholder?: string } = {}) {
    const id = `log-${field}`;
    const error = this.errors[field];
    return html`<div class="field" data-field=${field}>
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field}
        type=${type}
        .value=${this.values[field]}
        min=${extra.min ?? nothing}
        max=${extra.max ?? nothing}
        placeholder=${extra.placeholder ?? nothing}
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${(e: Event) => this.#input(field, (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="error" id="${id}-error"><span aria-hidden="true">⚠</span><span>${label} ${error}.</span></p>` : nothing}
    </div>`;
  }

  protected override render() {
    const values = this.values;
    const info = INTERACTION_TYPE_INFO[values.type];
    const editing = this.#base !== undefined;
    const notesError = this.errors.notes;
    return html`<form
      class="inline-form"
      aria-label=${editing ? `Edit ${info.noun}` : info.verb}
      novalidate
      @submit=${(e: Event) => void this.#submit(e)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          this.#cancel();
        }
      }}
    >
      ${this.formError ? html`<div class="banner error-banner" role="alert">${this.formError}</div>` : nothing} ${this.#conflictNotice()}
      <fieldset>
        <legend>Type</legend>
        <div class="types">
          ${INTERACTION_TYPES.map(
            (t) => html`<label>
              <input type="radio" name="type" value=${t} .checked=${values.type === t} @change=${() => this.#input('type', t)} />
              ${interactionIcon(t, 16)} ${INTERACTION_TYPE_INFO[t].label}
            </label>`,
          )}
        </div>
      </fieldset>
      <div class="grid">
        ${this.#textInput('subject', 'Subject', 'text', { placeholder: values.type === 'call' ? 'e.g. Pricing follow-up' : '' })} ${this.#textInput('date', 'Date and time', 'datetime-local')}
      </div>
      ${info.timed ? html`<div class="grid">${this.#textInput('durationMinutes', 'Duration (minutes)', 'number', { min: '0', max: '1440' })}</div>` : nothing}
      ${this.#custom.defs.length ? html`<div class="grid custom">${this.#custom.inputs(this.team, this.#base?.custom)}</div>` : nothing}
      <div class="field" data-field="notes">
        <label for="log-notes">Notes</label>
        <textarea
          id="log-notes"
          name="notes"
          rows="3"
          .value=${values.notes}
          aria-invalid=${notesError ? 'true' : 'false'}
          aria-describedby=${notesError ? 'log-notes-error' : nothing}
          @input=${(e: Event) => this.#input('notes', (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <shoal-mention-picker for="log-notes" .team=${this.team}></shoal-mention-picker>
        ${notesError ? html`<p class="error" id="log-notes-error"><span aria-hidden="true">⚠</span><span>Notes ${notesError}.</span></p>` : nothing}
      </div>
      <div class="form-actions">
        <button type="button" class="cancel" ?disabled=${this.saving} @click=${() => this.#cancel()}>Cancel</button>
        <button type="submit" class="primary" ?disabled=${this.saving || this.conflict !== undefined}>${this.saving ? 'Saving…' : editing ? 'Save changes' : info.submit}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-interaction-form': ShoalInteractionForm;
  }
}
