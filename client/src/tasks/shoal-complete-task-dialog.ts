import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Contact } from '../../../shared/contact.js';
import type { Interaction, InteractionCreate } from '../../../shared/interaction.js';
import type { Task } from '../../../shared/task.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { apiContext } from '../context.js';
import { fieldErrorsOf } from '../fields.js';
import '../mentions/shoal-mention-picker.js';
import { createInteraction, listContacts } from '../records.js';
import { base, dialogForm, forms } from '../styles.js';
import { LOGGABLE, TYPE_LABELS } from './task-groups.js';
import { localDateTime } from './task-form.js';
import { patchTask } from './tasks-api.js';

/** The interaction types a task can be logged as. */
type LogType = 'call' | 'meeting' | 'email';
const LOG_TYPES: LogType[] = ['call', 'meeting', 'email'];

/** Detail of `shoal-task-completed`. */
export interface TaskCompletedDetail {
  task: Task;
  /** The interaction logged with it, when the rep chose to. */
  interaction?: Interaction;
}

type LogField = 'type' | 'subject' | 'date' | 'contactId' | 'notes';
const LOG_FIELDS: readonly LogField[] = ['type', 'subject', 'date', 'contactId', 'notes'];

/**
 * The one step that completes a call, meeting or email task and logs it as an interaction on
 * its customer's timeline, prefilled from the task: the type, the title as subject, now as the
 * date, the task's customer and contact; notes (with @mentions) are the rep's. "Complete and log
 * call" completes the task (`PATCH done`, If-Match) and logs the interaction (an idempotency
 * key, so a retry logs nothing twice); unticking "Log" only completes it. Should the log fail
 * after the task is done, the dialog stays open to try the log again.
 *
 * @fires shoal-task-completed - Done. Detail: `{ task, interaction? }`.
 * @fires shoal-close - Closed without completing.
 */
@customElement('shoal-complete-task-dialog')
export class ShoalCompleteTaskDialog extends LitElement {
  static override styles = [
    base,
    forms,
    dialogForm,
    css`
      :host {
        display: contents;
      }
      .grid .field + .field {
        margin-top: 0;
      }
      .wide {
        grid-column: 1 / -1;
      }
      input,
      select,
      textarea {
        width: 100%;
      }
      textarea {
        min-height: 5rem;
        resize: vertical;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.875rem;
        font-weight: 500;
      }
      .check input {
        width: auto;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 0.75rem;
        margin: 0 0 0.875rem;
        font-size: 0.875rem;
      }
      dt {
        color: var(--shoal-muted, #536171);
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The task to complete; the dialog is open while there is one. */
  @property({ attribute: false })
  task: Task | undefined;

  /** Its customer's name, when the page knows it. */
  @property({ attribute: 'customer-name' })
  customerName = '';

  /** The team, for mentions in the notes. */
  @property({ attribute: false })
  team: User[] = [];

  @state() private log = true;
  @state() private type: LogType = 'call';
  @state() private subject = '';
  @state() private date = '';
  @state() private contactId = '';
  @state() private notes = '';
  @state() private contacts: Contact[] = [];
  @state() private errors: Partial<Record<LogField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;
  /** The task as completed, when the log is what is left to do. */
  @state() private completed: Task | undefined;

  @query('dialog') private dialog!: HTMLDialogElement;

  #logKey = crypto.randomUUID();

  /** Whether a task is one this step is for: a call, meeting or email with a customer. */
  static offers(task: Task): boolean {
    return LOGGABLE.has(task.type) && !!task.customerId;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('task') && this.task && this.task.id !== changed.get('task')?.id) {
      const t = this.task;
      this.log = true;
      this.type = (LOG_TYPES as string[]).includes(t.type) ? (t.type as LogType) : 'call';
      this.subject = t.title;
      this.date = localDateTime(new Date()).slice(0, 16);
      this.contactId = t.contactId ?? '';
      this.notes = '';
      this.errors = {};
      this.formError = '';
      this.saving = false;
      this.completed = undefined;
      this.contacts = [];
      this.#logKey = crypto.randomUUID();
      void this.#loadContacts(t);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('task')) return;
    if (this.task && !this.dialog.open) {
      this.dialog.showModal();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#complete-notes, button.primary')?.focus());
    } else if (!this.task && this.dialog.open) this.dialog.close();
  }

  async #loadContacts(task: Task): Promise<void> {
    if (!this.api || !task.customerId) return;
    try {
      const page = await listContacts(this.api, task.customerId);
      if (this.task?.id === task.id) this.contacts = page.items;
    } catch {
      // The contact stays as the task has it; the select shows only "No contact".
    }
  }

  #close(): void {
    if (this.saving) return;
    // Completed but not logged: the task is done all the same.
    if (this.completed) this.dispatchEvent(new CustomEvent<TaskCompletedDetail>('shoal-task-completed', { detail: { task: this.completed }, bubbles: true, composed: true }));
    else this.dispatchEvent(new CustomEvent('shoal-close', { bubbles: true, composed: true }));
  }

  #clear(field: LogField): void {
    if (!this.errors[field]) return;
    const { [field]: _gone, ...rest } = this.errors;
    this.errors = rest;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const task = this.task;
    const api = this.api;
    if (!task || !api || this.saving) return;
    const when = new Date(this.date);
    if (this.log && (!this.date || Number.isNaN(when.getTime()))) {
      this.errors = { date: 'needs a date and time' };
      this.renderRoot.querySelector<HTMLElement>('#complete-date')?.focus();
      return;
    }
    this.saving = true;
    this.formError = '';
    this.errors = {};
    try {
      const done = this.completed ?? (await patchTask(api, task.id, { done: true }, task.version));
      this.completed = done;
      let interaction: Interaction | undefined;
      if (this.log && done.customerId) {
        const input: InteractionCreate = {
          customerId: done.customerId,
          type: this.type,
          date: when.toISOString(),
          ...(this.subject.trim() ? { subject: this.subject.trim() } : {}),
          ...(this.contactId ? { contactId: this.contactId } : {}),
          ...(this.notes.trim() ? { notes: this.notes.trim() } : {}),
        };
        interaction = await createInteraction(api, input, this.#logKey);
      }
      this.saving = false;
      this.dispatchEvent(new CustomEvent<TaskCompletedDetail>('shoal-task-completed', { detail: { task: done, ...(interaction ? { interaction } : {}) }, bubbles: true, composed: true }));
    } catch (error) {
      this.saving = false;
      const { errors, other } = fieldErrorsOf(error, LOG_FIELDS);
      this.errors = errors;
      const reason = other.length ? other.join('. ') : Object.keys(errors).length ? 'Check the fields marked below.' : describeError(error);
      this.formError = this.completed ? `The task is done, but the ${this.type} was not logged: ${reason}` : `Couldn't complete the task: ${reason}`;
    }
  }

  #error(field: LogField, label: string) {
    const error = this.errors[field];
    return error ? html`<p class="error" id="complete-${field}-error"><span aria-hidden="true">⚠</span><span>${label} ${error}.</span></p>` : nothing;
  }

  protected override render() {
    const t = this.task;
    const kind = this.type;
    const submit = this.saving ? 'Saving…' : this.completed ? `Log ${kind}` : this.log ? `Complete and log ${kind}` : 'Complete';
    const invalid = (f: LogField) => (this.errors[f] ? 'true' : 'false');
    const described = (f: LogField) => (this.errors[f] ? `complete-${f}-error` : nothing);
    return html`<dialog aria-labelledby="complete-title" @cancel=${(e: Event) => (e.preventDefault(), this.#close())}>
      ${t
        ? html`<form novalidate @submit=${(e: Event) => void this.#submit(e)}>
            <div class="dialog-head">
              <h2 id="complete-title">Complete “${t.title}”</h2>
              <p class="intro">${this.completed ? 'The task is done.' : `A ${TYPE_LABELS[t.type].toLowerCase()} task: log what happened in the same step.`}</p>
            </div>
            <div class="dialog-body">
              ${this.formError ? html`<div class="banner error-banner" role="alert"><p>${this.formError}</p></div>` : nothing}
              ${this.completed
                ? nothing
                : html`<label class="check"><input type="checkbox" name="log" .checked=${this.log} @change=${(e: Event) => (this.log = (e.target as HTMLInputElement).checked)} /> Log it on the customer's timeline</label>`}
              ${this.log
                ? html`<dl>
                      <dt>Customer</dt>
                      <dd>${this.customerName || 'This task’s customer'}</dd>
                    </dl>
                    <div class="grid">
                      <div class="field" data-field="type">
                        <label for="complete-type">Type</label>
                        <select id="complete-type" name="type" @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as LogType)}>
                          ${LOG_TYPES.map((type) => html`<option value=${type} ?selected=${type === this.type}>${TYPE_LABELS[type]}</option>`)}
                        </select>
                      </div>
                      <div class="field" data-field="date">
                        <label for="complete-date">When</label>
                        <input id="complete-date" name="date" type="datetime-local" .value=${this.date} aria-invalid=${invalid('date')} aria-describedby=${described('date')} @input=${(e: Event) => ((this.date = (e.target as HTMLInputElement).value), this.#clear('date'))} />
                        ${this.#error('date', 'When')}
                      </div>
                      <div class="field wide" data-field="subject">
                        <label for="complete-subject">Subject</label>
                        <input id="complete-subject" name="subject" maxlength="200" autocomplete="off" .value=${this.subject} aria-invalid=${invalid('subject')} aria-describedby=${described('subject')} @input=${(e: Event) => ((this.subject = (e.target as HTMLInputElement).value), this.#clear('subject'))} />
                        ${this.#error('subject', 'Subject')}
                      </div>
                      <div class="field wide" data-field="contactId">
                        <label for="complete-contactId">Contact</label>
                        <select id="complete-contactId" name="contactId" aria-invalid=${invalid('contactId')} aria-describedby=${described('contactId')} @change=${(e: Event) => ((this.contactId = (e.target as HTMLSelectElement).value), this.#clear('contactId'))}>
                          <option value="" ?selected=${!this.contactId}>No contact</option>
                          ${this.contacts.map((c) => html`<option value=${c.id} ?selected=${c.id === this.contactId}>${c.name}</option>`)}
                        </select>
                        ${this.#error('contactId', 'Contact')}
                      </div>
                      <div class="field wide" data-field="notes">
                        <label for="complete-notes">Notes</label>
                        <textarea id="complete-notes" name="notes" rows="4" maxlength="10000" .value=${this.notes} aria-invalid=${invalid('notes')} aria-describedby=${this.errors.notes ? 'complete-notes-error' : 'complete-notes-hint'} @input=${(e: Event) => ((this.notes = (e.target as HTMLTextAreaElement).value), this.#clear('notes'))}></textarea>
                        <shoal-mention-picker for="complete-notes" .team=${this.team}></shoal-mention-picker>
                        ${this.errors.notes ? this.#error('notes', 'Notes') : html`<p class="hint" id="complete-notes-hint">What was said, what comes next. Type @ to mention a teammate.</p>`}
                      </div>
                    </div>`
                : nothing}
            </div>
            <div class="dialog-actions">
              <button type="button" class="cancel" ?disabled=${this.saving} @click=${() => this.#close()}>${this.completed ? 'Close' : 'Cancel'}</button>
              <button type="submit" class="primary" ?disabled=${this.saving}>${submit}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-complete-task-dialog': ShoalCompleteTaskDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-task-completed': CustomEvent<TaskCompletedDetail>;
  }
}
