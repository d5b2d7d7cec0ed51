import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Contact } from '../../../shared/contact.js';
import type { Customer } from '../../../shared/customer.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import type { Task, TaskType } from '../../../shared/task.js';
import type { User } from '../../../shared/user.js';
import { describeError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { fieldErrorsOf } from '../fields.js';
import { customFieldStyles } from '../lists/custom-field-input.js';
import { CustomFormFields } from '../lists/custom-form-controller.js';
import '../mentions/shoal-mention-picker.js';
import { listContacts, listOpportunities } from '../records.js';
import { closeModal, dialogFrame, dialogHost, ModalController } from '../components/dialog-frame.js';
import { base, dialogForm, forms } from '../styles.js';
import { TYPE_LABELS } from './task-groups.js';
import { createBody, draftErrors, draftOf, FIELD_LABELS, friendlyError, newDraft, patchBody, TASK_FIELDS, type TaskDraft, type TaskField } from './task-form.js';
import { createTask, patchTask } from './tasks-api.js';

/** Detail of `shoal-task-saved`. */
export interface TaskSavedDetail {
  task: Task;
  created: boolean;
}

/** What a page already knows about a new task: its customer (and the customer's name), deal, type. */
export interface TaskPreset {
  customerId?: string;
  customerName?: string;
  opportunityId?: string;
  contactId?: string;
  type?: TaskType;
}

/** Which draft key an input edits, per field. */
type DraftKey = keyof TaskDraft;

/**
 * The dialog to add or edit a task: title, type, due day and optional time, an optional
 * reminder (a date and time: the assignee is notified then), assignee (me by default), an
 * optional customer (suggested as you type) and, once there is one, one of its deals and
 * contacts, and notes. It saves through the API itself (`POST` with an idempotency key, or a
 * `PATCH` of what changed with If-Match); the server's field errors appear next to their field
 * in words a rep acts on. The tasks' custom fields follow the shared form rules (custom-form.ts):
 * only the keys changed in a PATCH, a required one held here, a 422 on `custom.<key>` at its control.
 *
 * @fires shoal-task-saved - Saved. Detail: `{ task, created }`.
 * @fires shoal-close - Closed without saving.
 */
@customElement('shoal-task-dialog')
export class ShoalTaskDialog extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    forms,
    dialogForm,
    customFieldStyles,
    dialogHost,
    css`
      :host {
        --shoal-dialog-width: 38rem;
      }
      .grid .field + .field {
        margin-top: 0;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .pair {
        display: flex;
        gap: 0.375rem;
      }
      .pair input[type='date'] {
        flex: 1 1 9rem;
        min-width: 0;
      }
      .pair input[type='time'] {
        flex: 0 1 7.5rem;
        min-width: 0;
      }
      input,
      select,
      textarea {
        width: 100%;
      }
      textarea {
        min-height: 4.5rem;
        resize: vertical;
      }
      .optional {
        font-weight: 400;
        color: var(--shoal-muted, #536171);
      }
    `,
  ];

  /** The team, to assign to and to name. */
  @property({ attribute: false })
  team: User[] = [];

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** The task to edit; none to add one. */
  @property({ attribute: false })
  task: Task | undefined;

  /** What a new task starts with. */
  @property({ attribute: false })
  preset: TaskPreset = {};

  @state() private draft: TaskDraft = newDraft('');
  @state() private customerText = '';
  @state() private suggestions: Customer[] = [];
  @state() private contacts: Contact[] = [];
  @state() private deals: Opportunity[] = [];
  @state() private errors: Partial<Record<TaskField, string>> = {};
  @state() private formError = '';
  @state() private saving = false;

  /** The tasks' custom fields: definitions, drafts and errors. */
  readonly #custom = new CustomFormFields(this, 'task', () => ({ live: this.live, api: this.api }), 'task-custom');
  #idempotency: { body: string; key: string } | undefined;
  /** The customer whose deals and contacts are loaded (or loading). */
  #partsOf = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      const { customerName, ...preset } = this.preset;
      this.draft = this.task ? draftOf(this.task) : newDraft(this.user?.id ?? '', preset);
      this.#custom.start(this.task?.custom);
      this.customerText = customerName ?? '';
      this.suggestions = [];
      this.errors = {};
      this.formError = '';
      this.saving = false;
      this.#idempotency = undefined;
      this.#partsOf = '';
      this.contacts = [];
      this.deals = [];
      void this.#loadParts(this.draft.customerId);
      if (this.draft.customerId && !customerName) void this.#nameCustomer(this.draft.customerId);
    }
  }

  readonly #modal = new ModalController(
    this,
    () => this.open,
    () => this.#focus('title'),
  );

  #focus(field: TaskField): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#task-${field}`)?.focus());
  }

  #set(key: DraftKey, value: string): void {
    this.draft = { ...this.draft, [key]: value } as TaskDraft;
    const field: TaskField = key === 'dueDay' || key === 'dueTime' ? 'dueAt' : key;
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  async #nameCustomer(id: string): Promise<void> {
    try {
      const { value } = await this.api!.getCustomer(id);
      if (this.draft.customerId === id) this.customerText = value.name;
    } catch {
      this.customerText ||= 'This customer';
    }
  }

  /** The deals and contacts of the chosen customer, for their selects. */
  async #loadParts(customerId: string): Promise<void> {
    if (this.#partsOf === customerId) return;
    this.#partsOf = customerId;
    this.contacts = [];
    this.deals = [];
    if (!customerId || !this.api) return;
    try {
      const [contacts, deals] = await Promise.all([listContacts(this.api, customerId), listOpportunities(this.api, customerId)]);
      if (this.#partsOf !== customerId) return;
      this.contacts = contacts.items;
      this.deals = deals.items;
    } catch {
      // The selects stay empty; the task can still be saved without a deal or contact.
    }
  }

  /** Typing a customer's name: suggestions, and the customer once the text is one of them. */
  async #customerInput(text: string): Promise<void> {
    this.customerText = text;
    const match = (list: Customer[]) => list.find((c) => c.name.toLowerCase() === text.trim().toLowerCase());
    const chosen = match(this.suggestions);
    if (chosen || !text.trim()) this.#chooseCustomer(chosen?.id ?? '');
    else if (this.draft.customerId) this.#chooseCustomer('');
    if (!this.api || !text.trim() || chosen) return;
    try {
      const page = await this.api.listCustomers({ q: text.trim(), limit: 8 });
      if (this.customerText !== text) return;
      this.suggestions = page.items;
      const found = match(page.items);
      if (found) this.#chooseCustomer(found.id);
    } catch {
      // Suggestions are a convenience; saving says so if the name is not a customer.
    }
  }

  #chooseCustomer(id: string): void {
    if (id === this.draft.customerId) return;
    this.draft = { ...this.draft, customerId: id, contactId: '', opportunityId: '' };
    const { customerId: _c, contactId: _ct, opportunityId: _o, ...rest } = this.errors;
    this.errors = rest;
    void this.#loadParts(id);
  }

  #close(): void {
    closeModal(this, this.saving);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving) return;
    const local = draftErrors(this.draft);
    if (this.customerText.trim() && !this.draft.customerId) local.customerId = `“${this.customerText.trim()}” is not a customer: choose one from the suggestions, or leave it empty`;
    const custom = this.#custom.check(this.task ? (this.task.custom ?? {}) : undefined);
    if (Object.keys(local).length || !custom.ok) {
      this.errors = local;
      if (Object.keys(local).length) this.#focus(TASK_FIELDS.find((f) => local[f])!);
      else this.#custom.focusError();
      return;
    }
    const api = this.api;
    if (!api) {
      this.formError = 'Shoal is still starting. Please try again in a moment.';
      return;
    }
    this.saving = true;
    this.errors = {};
    this.formError = '';
    try {
      let task: Task;
      if (this.task) {
        const changed = this.#custom.patchBody(custom.values, this.task.custom);
        const patch = patchBody(this.task, this.draft) ?? (changed ? {} : undefined);
        if (patch && changed) patch.custom = changed;
        task = patch ? await patchTask(api, this.task.id, patch, this.task.version) : this.task;
      } else {
        const values = this.#custom.createBody(custom.values);
        const body = { ...createBody(this.draft), ...(values ? { custom: values } : {}) };
        const text = JSON.stringify(body);
        if (this.#idempotency?.body !== text) this.#idempotency = { body: text, key: crypto.randomUUID() };
        task = await createTask(api, body, this.#idempotency.key);
      }
      this.saving = false;
      this.open = false;
      this.dispatchEvent(new CustomEvent<TaskSavedDetail>('shoal-task-saved', { detail: { task, created: !this.task }, bubbles: true, composed: true }));
    } catch (error) {
      this.saving = false;
      const { errors, other: rest } = fieldErrorsOf(error, TASK_FIELDS);
      const customNamed = this.#custom.failed(error);
      const other = rest.filter((o) => !this.#custom.isCustomPath(o.split(' ')[0] ?? ''));
      const friendly: Partial<Record<TaskField, string>> = {};
      for (const [field, message] of Object.entries(errors)) friendly[field as TaskField] = friendlyError(field as TaskField, message);
      if (Object.keys(friendly).length) {
        this.errors = friendly;
        this.#focus(TASK_FIELDS.find((f) => friendly[f])!);
      } else if (customNamed) this.#custom.focusError();
      if (other.length || (!Object.keys(friendly).length && !customNamed)) this.formError = other.length ? other.join('. ') : describeError(error);
    }
  }

  #label(field: TaskField, optional = false, target = field as string) {
    return html`<label for="task-${target}">${FIELD_LABELS[field]}${optional ? html` <span class="optional">(optional)</span>` : nothing}</label>`;
  }

  #error(field: TaskField) {
    const error = this.errors[field];
    return error ? html`<p class="error" id="task-${field}-error"><span aria-hidden="true">⚠</span><span>${FIELD_LABELS[field]} ${error}.</span></p>` : nothing;
  }

  #hint(field: TaskField, text: string) {
    return this.errors[field] ? nothing : html`<p class="hint" id="task-${field}-hint">${text}</p>`;
  }

  #described(field: TaskField, hint = false) {
    return this.errors[field] ? `task-${field}-error` : hint ? `task-${field}-hint` : nothing;
  }

  /** The select of one of the customer's deals or contacts the task is about (optional). */
  #partSelect(field: 'opportunityId' | 'contactId', none: string, parts: readonly { id: string; name: string }[]) {
    const chosen = this.draft[field];
    return html`<div class="field" data-field=${field}>
      ${this.#label(field, true)}
      <select id="task-${field}" name=${field} aria-invalid=${this.errors[field] ? 'true' : 'false'} aria-describedby=${this.#described(field)} @change=${(e: Event) => this.#set(field, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!chosen}>${none}</option>
        ${parts.map((p) => html`<option value=${p.id} ?selected=${chosen === p.id}>${p.name}</option>`)}
      </select>
      ${this.#error(field)}
    </div>`;
  }

  protected override render() {
    const d = this.draft;
    const invalid = (f: TaskField) => (this.errors[f] ? 'true' : 'false');
    const people = (this.team.length ? this.team : this.user ? [this.user] : []).filter((u) => u.active || u.id === d.assigneeId);
    const editing = !!this.task;
    const frame = {
      titleId: 'task-dialog-title',
      heading: editing ? 'Edit task' : 'Add a task',
      intro: 'Plan the next step. The assignee sees it on My work right away.',
      error: this.formError,
      saving: this.saving,
      submitLabel: editing ? 'Save task' : 'Add task',
      submitClass: 'save',
      cancel: () => this.#close(),
      submit: (e: Event) => void this.#submit(e),
    };
    return dialogFrame(
      frame,
      html`
      <div class="grid">
        <div class="field wide" data-field="title">
          ${this.#label('title')}
          <input id="task-title" name="title" maxlength="200" autocomplete="off" placeholder="e.g. Call about the renewal" .value=${d.title} aria-invalid=${invalid('title')} aria-describedby=${this.#described('title')} @input=${(e: Event) => this.#set('title', (e.target as HTMLInputElement).value)} />
          ${this.#error('title')}
        </div>
        <div class="field" data-field="type">
          ${this.#label('type')}
          <select id="task-type" name="type" .value=${d.type} @change=${(e: Event) => this.#set('type', (e.target as HTMLSelectElement).value)}>
            ${Object.entries(TYPE_LABELS).map(([value, label]) => html`<option value=${value} ?selected=${d.type === value}>${label}</option>`)}
          </select>
          ${this.#error('type')}
        </div>
        <div class="field" data-field="assigneeId">
          ${this.#label('assigneeId')}
          <select id="task-assigneeId" name="assigneeId" aria-invalid=${invalid('assigneeId')} aria-describedby=${this.#described('assigneeId')} @change=${(e: Event) => this.#set('assigneeId', (e.target as HTMLSelectElement).value)}>
            ${people.map((u) => html`<option value=${u.id} ?selected=${d.assigneeId === u.id}>${u.id === this.user?.id ? `${u.name} (me)` : u.name}</option>`)}
          </select>
          ${this.#error('assigneeId')}
        </div>
        <div class="field" data-field="dueAt">
          ${this.#label('dueAt', false, 'dueAt')}
          <div class="pair">
            <input id="task-dueAt" name="dueDay" type="date" .value=${d.dueDay} aria-invalid=${invalid('dueAt')} aria-describedby=${this.#described('dueAt', true)} @input=${(e: Event) => this.#set('dueDay', (e.target as HTMLInputElement).value)} />
            <input id="task-dueTime" name="dueTime" type="time" aria-label="Due time (optional)" .value=${d.dueTime} @input=${(e: Event) => this.#set('dueTime', (e.target as HTMLInputElement).value)} />
          </div>
          ${this.#error('dueAt')} ${this.#hint('dueAt', 'A day alone is due by the end of it; add a time for a set moment.')}
        </div>
        <div class="field" data-field="remindAt">
          <label for="task-remindAt">Remind at <span class="optional">(optional)</span></label>
          <input id="task-remindAt" name="remindAt" type="datetime-local" .value=${d.remindAt} aria-invalid=${invalid('remindAt')} aria-describedby=${this.#described('remindAt', true)} @input=${(e: Event) => this.#set('remindAt', (e.target as HTMLInputElement).value)} />
          ${this.#error('remindAt')} ${this.#hint('remindAt', 'The assignee is notified then.')}
        </div>
        <div class="field wide" data-field="customerId">
          ${this.#label('customerId', true)}
          <input id="task-customerId" name="customer" list="task-customer-options" autocomplete="off" placeholder="Start typing a name" .value=${this.customerText} aria-invalid=${invalid('customerId')} aria-describedby=${this.#described('customerId')} @input=${(e: Event) => void this.#customerInput((e.target as HTMLInputElement).value)} />
          <datalist id="task-customer-options">${this.suggestions.map((c) => html`<option value=${c.name}></option>`)}</datalist>
          ${this.#error('customerId')}
        </div>
        ${d.customerId ? html`${this.#partSelect('opportunityId', 'No deal', this.deals)} ${this.#partSelect('contactId', 'No contact', this.contacts)}` : nothing}
        <div class="field wide" data-field="notes">
          ${this.#label('notes', true)}
          <textarea id="task-notes" name="notes" rows="3" maxlength="10000" .value=${d.notes} aria-invalid=${invalid('notes')} aria-describedby=${this.#described('notes', true)} @input=${(e: Event) => this.#set('notes', (e.target as HTMLTextAreaElement).value)}></textarea>
          <shoal-mention-picker for="task-notes" .team=${this.team}></shoal-mention-picker>
          ${this.#error('notes')} ${this.#hint('notes', 'Type @ to mention a teammate: they are notified.')}
        </div>
        ${this.#custom.inputs(this.team, this.task?.custom)}
      </div>
      `,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-task-dialog': ShoalTaskDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-task-saved': CustomEvent<TaskSavedDetail>;
  }
}
