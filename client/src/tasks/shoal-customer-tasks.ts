import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { dueInstant, type Task, type TaskType } from '../../../shared/task.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { StoreController } from '../data/store-controller.js';
import { dueDate } from '../format.js';
import type { LiveClient } from '../live.js';
import { icons } from '../customer-parts.js';
import { mentionChipStyles, renderNotes } from '../mentions/mention-notes.js';
import { removeError as refusal, removeWithUndo } from '../records/remove-with-undo.js';
import { base, card, forms } from '../styles.js';
import './shoal-complete-task-dialog.js';
import { ShoalCompleteTaskDialog, type TaskCompletedDetail } from './shoal-complete-task-dialog.js';
import './shoal-task-dialog.js';
import type { TaskPreset, TaskSavedDetail } from './shoal-task-dialog.js';
import { localDay } from './task-form.js';
import { TYPE_LABELS } from './task-groups.js';
import { typeIcon } from './task-icons.js';
import { createTask, listTasks, patchTask } from './tasks-api.js';
import { taskRowStyles } from './task-styles.js';
import { AddTaskShortcut } from './task-shortcut.js';

/** How many done tasks the section keeps showing. */
const RECENT_DONE = 5;

/**
 * The tasks of one customer, or of one deal (`opportunity-id`), on its page: the open ones
 * soonest due first, each with its type, assignee and due date (overdue in red), then the few
 * done most recently (struck through, with who did it), all live from the record store. A
 * checkbox completes one (a call, meeting or email with the step that logs it too) or reopens
 * it; `x` does the same for the task whose row has the focus; a title opens it to edit. A
 * one-line form adds one for the signed-in user (title, type, due day); "More…" (or `n`
 * anywhere on the page) opens the task dialog with this customer (and deal) filled in, for a
 * time, a reminder, an assignee, notes.
 */
@customElement('shoal-customer-tasks')
export class ShoalCustomerTasks extends LitElement {
  static override styles = [
    base,
    card,
    forms,
    mentionChipStyles,
    taskRowStyles,
    css`
      :host {
        display: block;
      }
      section {
        padding: 1rem;
        margin-bottom: 1rem;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1rem;
      }
      h3 {
        margin: 0.5rem 0 0.25rem;
        font-size: 0.8125rem;
        font-weight: 600;
        color: var(--shoal-muted, #536171);
      }
      ul {
        list-style: none;
        margin: 0 0 0.75rem;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: auto auto minmax(0, 1fr) auto auto;
        align-items: center;
        gap: 0.5rem;
        padding: 0.375rem 0.25rem;
        border-top: 1px solid var(--shoal-border, #e3e8ee);
      }
      li.done button.title {
        text-decoration: line-through;
        color: var(--shoal-muted, #536171);
      }
      .who,
      .notes {
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      .notes {
        display: block;
        overflow-wrap: anywhere;
      }
      .due {
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
      }
      .late .due,
      .late .icon {
        color: var(--shoal-danger, #b42318);
        font-weight: 600;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      form input[name='title'] {
        flex: 1 1 12rem;
      }
      .empty {
        margin: 0 0 0.75rem;
        font-size: 0.875rem;
        color: var(--shoal-muted, #536171);
      }
      button.remove {
        min-height: 1.75rem;
        padding: 0.125rem 0.375rem;
        color: var(--shoal-muted, #536171);
      }
      button.remove:hover:not(:disabled) {
        color: var(--shoal-danger, #b42318);
      }
      @media (max-width: 34rem) {
        li {
          grid-template-columns: auto auto minmax(0, 1fr) auto;
        }
        .due {
          grid-column: 3;
        }
        button.remove {
          grid-row: 1;
          grid-column: 4;
        }
      }
    `,
  ];

  /** The customer whose tasks these are (on a deal's page: the deal's customer). */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** On a deal's page: the deal, whose tasks these are. */
  @property({ attribute: 'opportunity-id' })
  opportunityId = '';

  @property({ attribute: false }) api: ShoalApi | undefined;
  @property({ attribute: false }) live: LiveClient | undefined;
  @property({ attribute: false }) user: User | undefined;
  /** The team, for assignees' names and mentions. */
  @property({ attribute: false }) team: User[] = [];

  @state() private loaded = false;
  @state() private error = '';
  @state() private draftTitle = '';
  @state() private type: TaskType = 'todo';
  @state() private day = localDay();
  @state() private saving = false;
  /** The task dialog: open, and the task it edits (none: a new one). */
  @state() private editing: { task?: Task } | undefined;
  /** The call, meeting or email being completed (and logged). */
  @state() private completing: Task | undefined;

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), { task: () => undefined, resync: () => void this.#load() });
  /** `n` anywhere on the page opens the task dialog with this customer (and deal) filled in. */
  readonly #addShortcut = new AddTaskShortcut(this, () => (this.editing = {}), () => !this.editing && !this.completing);
  #key = crypto.randomUUID();
  #loadedFor = '';

  protected override willUpdate(): void {
    const scope = `${this.customerId}/${this.opportunityId}`;
    if (this.api && this.customerId && this.#loadedFor !== scope) {
      this.#loadedFor = scope;
      this.loaded = false;
      void this.#load();
    }
  }

  /** What these tasks are filtered by: the deal when there is one, else the customer. */
  get #filter(): { customerId: string } | { opportunityId: string } {
    return this.opportunityId ? { opportunityId: this.opportunityId } : { customerId: this.customerId };
  }

  #mine(t: Task): boolean {
    return this.opportunityId ? t.opportunityId === this.opportunityId : t.customerId === this.customerId;
  }

  async #load(): Promise<void> {
    const store = this.#store.store;
    if (!store || !this.api) return;
    try {
      const [open, done] = await Promise.all([
        listTasks(this.api, { ...this.#filter, done: false, sort: 'dueAt', limit: 200 }),
        listTasks(this.api, { ...this.#filter, done: true, sort: '-updatedAt', limit: RECENT_DONE }),
      ]);
      await store.snapshot('task', open.items, open.seq);
      await store.snapshot('task', done.items, done.seq);
      this.loaded = true;
      this.error = '';
    } catch (error) {
      this.error = describeError(error);
    }
  }

  #toggle(task: Task): void {
    if (!task.done && ShoalCompleteTaskDialog.offers(task)) this.completing = task;
    else void this.#setDone(task, !task.done);
  }

  async #setDone(task: Task, done: boolean): Promise<void> {
    const store = this.#store.store;
    if (!store || !this.api) return;
    try {
      store.put('task', await patchTask(this.api, task.id, { done }, task.version));
      this.error = '';
      this.#focusRow(task.id);
    } catch (error) {
      this.error = `Couldn't update “${task.title}”: ${describeError(error)}`;
      this.requestUpdate();
    }
  }

  /** Deletes a task (nothing goes with it, so no question), with Undo in the app's toast. */
  async #remove(task: Task): Promise<void> {
    const api = this.api;
    if (!api) return;
    const name = `the task “${task.title}”`;
    try {
      await removeWithUndo('tasks', task, { api, store: this.#store.store, host: this, name });
      this.error = '';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form input[name="title"]')?.focus());
    } catch (error) {
      this.error = refusal(name, error);
    }
  }

  #completed({ task, interaction }: TaskCompletedDetail): void {
    this.completing = undefined;
    this.#store.store?.put('task', task);
    if (interaction) this.#store.store?.put('interaction', interaction);
    this.#focusRow(task.id);
  }

  #focusRow(id: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`li[data-id="${id}"] input[type="checkbox"]`)?.focus());
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const store = this.#store.store;
    if (!store || !this.api || this.saving || !this.draftTitle.trim()) return;
    this.saving = true;
    try {
      const task = await createTask(
        this.api,
        { title: this.draftTitle.trim(), type: this.type, dueAt: this.day || localDay(), done: false, customerId: this.customerId, ...(this.opportunityId ? { opportunityId: this.opportunityId } : {}) },
        this.#key,
      );
      store.put('task', task);
      this.draftTitle = '';
      this.#key = crypto.randomUUID();
      this.error = '';
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.saving = false;
    }
  }

  #saved({ task }: TaskSavedDetail): void {
    const opener = this.editing?.task?.id;
    this.editing = undefined;
    this.#store.store?.put('task', task);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(opener ? `li[data-id="${opener}"] button.title` : 'button.more')?.focus());
  }

  readonly #onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'x' || event.metaKey || event.ctrlKey || event.altKey || this.editing || this.completing) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLInputElement && target.type !== 'checkbox') return;
    if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    const row = (target as Element | undefined)?.closest?.<HTMLElement>('li[data-id]');
    const task = row ? this.#store.store?.get('task', row.dataset.id!) : undefined;
    if (!task) return;
    event.preventDefault();
    this.#toggle(task);
  };

  #row(t: Task, now: number) {
    const nameOf = (id: string) => (id === this.user?.id ? 'me' : (this.team.find((u) => u.id === id)?.name ?? 'a teammate'));
    const late = !t.done && dueInstant(t.dueAt).getTime() < now;
    return html`<li class=${`${t.done ? 'done' : ''} ${late ? 'late' : ''}`} data-id=${t.id}>
      <input type="checkbox" .checked=${t.done} aria-label=${t.done ? `Reopen ${t.title}` : `Complete ${t.title}`} title=${t.done ? 'Reopen (x)' : 'Complete (x)'} aria-keyshortcuts="x" @change=${(e: Event) => {
        (e.target as HTMLInputElement).checked = t.done;
        this.#toggle(t);
      }} />
      <span class="icon" role="img" aria-label=${late ? `${TYPE_LABELS[t.type]}, overdue` : TYPE_LABELS[t.type]}>${typeIcon(t.type)}</span>
      <span class="what">
        <button type="button" class="title" title="Edit this task" @click=${() => (this.editing = { task: t })}>${t.title}</button>
        <span class="who"> · ${t.done ? `done by ${nameOf(t.completedBy ?? t.assigneeId)}` : nameOf(t.assigneeId)}</span>
        ${t.notes ? html`<span class="notes">${renderNotes(t.notes, this.team)}</span>` : nothing}
      </span>
      <time class="due" datetime=${t.done && t.completedAt ? t.completedAt : t.dueAt}>${t.done && t.completedAt ? `Done ${dueDate(t.completedAt)}` : dueDate(t.dueAt)}</time>
      <button type="button" class="small ghost remove" aria-label="Delete ${t.title}" title="Delete this task" @click=${() => void this.#remove(t)}>${icons.trash}</button>
    </li>`;
  }

  protected override render() {
    const store = this.#store.store;
    const now = Date.now();
    const mine = store?.where('task', (t) => this.#mine(t)) ?? [];
    const open = mine.filter((t) => !t.done).sort((a, b) => dueInstant(a.dueAt).getTime() - dueInstant(b.dueAt).getTime() || a.title.localeCompare(b.title));
    const done = mine
      .filter((t) => t.done)
      .sort((a, b) => (b.completedAt ?? b.updatedAt).localeCompare(a.completedAt ?? a.updatedAt))
      .slice(0, RECENT_DONE);
    const what = this.opportunityId ? 'deal' : 'customer';
    const customerName = store?.get('customer', this.customerId)?.name ?? '';
    const preset: TaskPreset = { customerId: this.customerId, ...(customerName ? { customerName } : {}), ...(this.opportunityId ? { opportunityId: this.opportunityId } : {}) };
    return html`<section class="card" aria-labelledby="tasks-title" @keydown=${this.#onKeydown}>
        <h2 id="tasks-title">Tasks</h2>
        ${!this.loaded && !this.error ? html`<p class="empty" role="status">Loading tasks…</p>` : nothing}
        ${this.loaded && open.length === 0 ? html`<p class="empty">No open tasks for this ${what}. Plan the next step below.</p>` : nothing}
        ${open.length ? html`<ul aria-label="Open tasks">${open.map((t) => this.#row(t, now))}</ul>` : nothing}
        ${done.length ? html`<h3 id="done-title">Done recently</h3><ul aria-labelledby="done-title">${done.map((t) => this.#row(t, now))}</ul>` : nothing}
        ${this.error ? html`<p class="banner error-banner" role="alert">${this.error}</p>` : nothing}
        <form aria-label=${`Add a task for this ${what}`} @submit=${(e: SubmitEvent) => void this.#add(e)}>
          <input name="title" aria-label="New task" placeholder="Next step…" required maxlength="200" .value=${this.draftTitle} @input=${(e: Event) => (this.draftTitle = (e.target as HTMLInputElement).value)} />
          <select aria-label="Type" @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as TaskType)}>
            ${Object.entries(TYPE_LABELS).map(([value, label]) => html`<option value=${value} ?selected=${this.type === value}>${label}</option>`)}
          </select>
          <input type="date" aria-label="Due" required .value=${this.day} @input=${(e: Event) => (this.day = (e.target as HTMLInputElement).value)} />
          <button type="submit" class="primary" ?disabled=${this.saving}>Add task</button>
          <button type="button" class="more" title="A time, a reminder, an assignee, notes (n)" aria-keyshortcuts="n" @click=${() => (this.editing = {})}>More…</button>
        </form>
      </section>
      <shoal-task-dialog
        .api=${this.api}
        .user=${this.user}
        .team=${this.team}
        .task=${this.editing?.task}
        .preset=${preset}
        ?open=${!!this.editing}
        @shoal-task-saved=${(e: CustomEvent<TaskSavedDetail>) => this.#saved(e.detail)}
        @shoal-close=${() => (this.editing = undefined)}
      ></shoal-task-dialog>
      <shoal-complete-task-dialog
        .api=${this.api}
        .task=${this.completing}
        .team=${this.team}
        customer-name=${customerName}
        @shoal-task-completed=${(e: CustomEvent<TaskCompletedDetail>) => this.#completed(e.detail)}
        @shoal-close=${() => {
          const id = this.completing?.id;
          this.completing = undefined;
          if (id) this.#focusRow(id);
        }}
      ></shoal-complete-task-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-tasks': ShoalCustomerTasks;
  }
}
