import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Task } from '../../../shared/task.js';
import type { User } from '../../../shared/user.js';
import { describeError } from '../api.js';
import type { NavigateDetail } from '../components/shoal-user-menu.js';
import { WithShoalContext } from '../context-mixin.js';
import { StoreController } from '../data/store-controller.js';
import { dueDate, fullDate } from '../format.js';
import { resource } from '../data/resource.js';
import { base, card, dialogForm, forms, plainList, stateMessage, toasts } from '../styles.js';
import { GROUP_TITLES, groupTasks, RECENT_DONE, TYPE_LABELS, type TaskGroup } from './task-groups.js';
import { ShoalCompleteTaskDialog, type TaskCompletedDetail } from './shoal-complete-task-dialog.js';
import { typeIcon } from './task-icons.js';
import { paths } from '../shell/routes.js';
import '../mentions/shoal-mention-picker.js';
import { mentionChipStyles, renderNotes } from '../mentions/mention-notes.js';
import './shoal-task-dialog.js';
import type { TaskSavedDetail } from './shoal-task-dialog.js';
import { listTasks, patchTask } from './tasks-api.js';
import { taskRowStyles } from './task-styles.js';
import { AddTaskShortcut, isTyping } from './task-shortcut.js';

const GROUPS: TaskGroup[] = ['overdue', 'today', 'upcoming', 'done'];

/**
 * "My work": the signed-in user's tasks, grouped Overdue / Today / Upcoming / Done recently,
 * each with its type, customer and due date; a rep's landing page. The tasks are the record
 * store's (loaded here, kept live by the store). A checkbox completes one, with Undo; a call,
 * meeting or email is completed and logged as an interaction in one step. "Add task" opens a
 * form (title, type, due day and optional time, assignee, optional customer).
 * Keyboard: `n` adds a task; `x` completes the focused one.
 *
 * @fires shoal-navigate - A customer was chosen. Detail: `{ path }`.
 */
@customElement('shoal-my-work')
export class ShoalMyWork extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    card,
    forms,
    dialogForm,
    stateMessage,
    toasts,
    mentionChipStyles,
    taskRowStyles,
    css`
      :host {
        display: block;
      }
      kbd {
        font: inherit;
        font-size: 0.75rem;
        padding: 0 0.3125rem;
        border: 1px solid var(--shoal-border, #e3e8ee);
        border-radius: 0.25rem;
        background: var(--shoal-bg, #f4f6f8);
      }
      input,
      select,
      textarea {
        width: 100%;
      }
      section.group {
        margin-bottom: 1rem;
        padding: 0.5rem 0 0.25rem;
      }
      section.group h2 {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        padding: 0.375rem 1rem 0.5rem;
        font-size: 0.9375rem;
      }
      section.group h2 .n {
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--shoal-muted, #536171);
      }
      section.overdue h2 {
        color: var(--shoal-danger, #b42318);
      }
      ${plainList}
      li {
        display: grid;
        grid-template-columns: auto auto 1fr auto;
        align-items: center;
        gap: 0.25rem 0.75rem;
        padding: 0.5rem 1rem;
        border-top: 1px solid var(--shoal-border, #e3e8ee);
      }
      .overdue .icon {
        color: var(--shoal-danger, #b42318);
      }
      .what {
        min-width: 0;
      }
      li.done .title {
        text-decoration: line-through;
        color: var(--shoal-muted, #536171);
      }
      .sub {
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      .what .notes {
        margin-top: 0.125rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        white-space: pre-line;
        overflow-wrap: anywhere;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .sub a {
        color: inherit;
      }
      .due {
        font-size: 0.8125rem;
        white-space: nowrap;
        color: var(--shoal-muted, #536171);
      }
      .overdue .due {
        color: var(--shoal-danger, #b42318);
        font-weight: 600;
      }
      .empty {
        margin: 0;
        padding: 0.5rem 1rem 0.75rem;
        font-size: 0.875rem;
        color: var(--shoal-muted, #536171);
      }
      @media (max-width: 34rem) {
        li {
          grid-template-columns: auto auto 1fr;
        }
        .due {
          grid-column: 3;
        }
      }
    `,
  ];

  @state() private loaded = false;
  @state() private loadError = '';
  /** The task dialog: open, and the task it edits (none: a new one). */
  @state() private editing: { task?: Task } | undefined;
  /** The call, meeting or email being completed (and logged) in the one step. */
  @state() private completing: Task | undefined;
  @state() private toast: { text: string; undo?: () => void } | undefined;
  @state() private team: User[] = [];

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    task: () => undefined,
    customer: () => undefined,
    user: () => {
      this.team = this.#store.store?.users() ?? [];
    },
    resync: () => void this.#load(),
  });
  /** `n` adds a task. */
  readonly #addShortcut = new AddTaskShortcut(this, () => this.#openForm(), () => !this.completing && !this.editing);
  #toastTimer: ReturnType<typeof setTimeout> | undefined;
  #started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKeydown);
    clearTimeout(this.#toastTimer);
  }

  protected override willUpdate(): void {
    if (!this.#started && this.api && this.user) {
      this.#started = true;
      void this.#load();
    }
  }

  /** Loads the user's open tasks and the recently done ones into the store, then their customers. */
  async #load(): Promise<void> {
    const store = this.#store.store;
    const api = this.api;
    const me = this.user?.id;
    if (!store || !api || !me) return;
    try {
      const [open, done] = await Promise.all([
        listTasks(api, { assigneeId: me, done: false, sort: 'dueAt', limit: 200 }),
        listTasks(api, { assigneeId: me, done: true, sort: '-updatedAt', limit: RECENT_DONE }),
      ]);
      await store.snapshot('task', open.items, open.seq);
      await store.snapshot('task', done.items, done.seq);
      this.loaded = true;
      this.loadError = '';
      store.team().then((team) => (this.team = team), () => undefined);
      await this.#loadCustomers([...open.items, ...done.items]);
    } catch (error) {
      this.loadError = describeError(error);
    }
  }

  /** The customers of these tasks that the store does not have yet. */
  async #loadCustomers(tasks: Task[]): Promise<void> {
    const store = this.#store.store;
    if (!store || !this.api) return;
    const missing = new Set(tasks.map((t) => t.customerId).filter((id): id is string => !!id && !store.get('customer', id)));
    await Promise.all(
      [...missing].map((id) =>
        this.api!.getCustomer(id).then(
          ({ value }) => store.put('customer', value),
          () => undefined,
        ),
      ),
    );
    this.requestUpdate();
  }

  readonly #onKeydown = (event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented || this.completing || this.editing) return;
    if (isTyping(event.composedPath())) {
      // A checkbox is an input, but `x` on a focused task is what the shortcut is for.
      if (!(event.key === 'x' && this.#focusedTask())) return;
    }
    if (event.key === 'x') {
      const task = this.#focusedTask();
      if (!task) return;
      event.preventDefault();
      this.#toggleDone(task, !task.done);
    }
  };

  /** The task whose row has the focus. */
  #focusedTask(): Task | undefined {
    const row = this.shadowRoot?.activeElement?.closest<HTMLElement>('li[data-id]');
    return row ? this.#store.store?.get('task', row.dataset.id!) : undefined;
  }

  #openForm(task?: Task): void {
    this.editing = task ? { task } : {};
  }

  /** The dialog saved a task: into the store (with its customer's name), and say so. */
  #saved({ task, created }: TaskSavedDetail): void {
    const store = this.#store.store;
    const opener = this.editing?.task?.id;
    this.editing = undefined;
    if (!store || !this.user) return;
    store.put('task', task);
    void this.#loadCustomers([task]);
    const assignee = this.team.find((u) => u.id === task.assigneeId);
    const whose = task.assigneeId === this.user.id ? '' : ` for ${assignee?.name ?? 'a teammate'}`;
    this.#say(created ? `Added “${task.title}”${whose}.` : `Saved “${task.title}”${whose}.`);
    this.#refocus(opener);
  }

  #closeDialog(): void {
    const opener = this.editing?.task?.id;
    this.editing = undefined;
    this.#refocus(opener);
  }

  /** Focus back where the dialog was opened from: the task's title, or the Add button. */
  #refocus(taskId: string | undefined): void {
    void this.updateComplete.then(() => this.shadowRoot!.querySelector<HTMLElement>(taskId ? `li[data-id="${taskId}"] button.title` : 'button.add')?.focus());
  }

  #toggleDone(task: Task, done: boolean): void {
    if (done && ShoalCompleteTaskDialog.offers(task)) {
      this.completing = task;
      return;
    }
    void this.#setDone(task, done);
  }

  /** Completes (or reopens) a task, and offers Undo. */
  async #setDone(task: Task, done: boolean): Promise<void> {
    const store = this.#store.store;
    if (!this.api || !store) return;
    try {
      const saved = await patchTask(this.api, task.id, { done }, task.version);
      store.put('task', saved);
      if (!done) return this.#say(`Reopened “${saved.title}”.`);
      this.#say(`Completed “${saved.title}”.`, () => void this.#setDone(store.get('task', saved.id) ?? saved, false));
    } catch (error) {
      this.#say(`Couldn't update “${task.title}”: ${describeError(error)}`);
      this.requestUpdate();
    }
  }

  /** The one step completed a task (and logged it): into the store; Undo reopens it and takes the logged interaction back. */
  #completed({ task, interaction }: TaskCompletedDetail): void {
    const store = this.#store.store;
    this.completing = undefined;
    this.#focusRow(task.id);
    if (!store) return;
    store.put('task', task);
    if (interaction) store.put('interaction', interaction);
    const text = interaction ? `Completed “${task.title}” and logged the ${interaction.type}.` : `Completed “${task.title}”.`;
    this.#say(text, async () => {
      await this.#setDone(store.get('task', task.id) ?? task, false);
      if (interaction && this.api) await resource(this.api, 'interactions').remove(interaction.id).catch(() => this.#say(`Reopened “${task.title}”; the logged ${interaction.type} stays on the timeline.`));
    });
  }

  #focusRow(id: string): void {
    void this.updateComplete.then(() => this.shadowRoot!.querySelector<HTMLInputElement>(`li[data-id="${id}"] input[type="checkbox"]`)?.focus());
  }

  #say(text: string, undo?: () => void): void {
    clearTimeout(this.#toastTimer);
    this.toast = undo ? { text, undo } : { text };
    this.#toastTimer = setTimeout(() => (this.toast = undefined), 8000);
  }

  #open(event: MouseEvent, path: string): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  #row(task: Task, group: TaskGroup) {
    const customer = task.customerId ? this.#store.store?.get('customer', task.customerId) : undefined;
    const when = group === 'done' && task.completedAt ? `Done ${dueDate(task.completedAt)}` : dueDate(task.dueAt);
    return html`<li class=${task.done ? 'done' : ''} data-id=${task.id}>
      <input type="checkbox" .checked=${task.done} aria-label=${task.done ? `Reopen ${task.title}` : `Complete ${task.title}`} title=${task.done ? 'Reopen (x)' : 'Complete (x)'} aria-keyshortcuts="x" @change=${(e: Event) => {
        const box = e.target as HTMLInputElement;
        box.checked = task.done;
        this.#toggleDone(task, !task.done);
      }} />
      <span class="icon" role="img" aria-label=${TYPE_LABELS[task.type]} title=${TYPE_LABELS[task.type]}>${typeIcon(task.type)}</span>
      <span class="what">
        <button type="button" class="title" title="Edit this task" @click=${() => this.#openForm(task)}>${task.title}</button>
        ${task.customerId
          ? html`<span class="sub"> · <a href=${paths.customer(task.customerId)} @click=${(e: MouseEvent) => this.#open(e, (e.currentTarget as HTMLAnchorElement).pathname)}>${customer?.name ?? 'Customer'}</a></span>`
          : nothing}
        ${task.notes ? html`<span class="notes">${renderNotes(task.notes, this.team)}</span>` : nothing}
      </span>
      <time class="due" datetime=${task.dueAt} title=${task.dueAt.length > 10 ? fullDate(task.dueAt) : dueDate(task.dueAt)}>${when}</time>
    </li>`;
  }

  protected override render() {
    const store = this.#store.store;
    const me = this.user?.id;
    const groups = groupTasks(store && me ? store.where('task', (t) => t.assigneeId === me) : [], new Date());
    let body;
    if (this.loadError && !this.loaded) body = html`<div class="state card" role="alert"><h2>Couldn't load your tasks</h2><p>${this.loadError}</p><button type="button" @click=${() => void this.#load()}>Try again</button></div>`;
    else if (!this.loaded) body = html`<p class="state" role="status">Loading your tasks…</p>`;
    else
      body = GROUPS.map((group) => {
        const tasks = groups[group];
        if (group === 'overdue' && tasks.length === 0) return nothing;
        return html`<section class=${`group card ${group}`} aria-labelledby=${`group-${group}`}>
          <h2 id=${`group-${group}`}>${GROUP_TITLES[group]} <span class="n">${tasks.length}</span></h2>
          ${tasks.length ? html`<ul>${tasks.map((t) => this.#row(t, group))}</ul>` : html`<p class="empty">${group === 'done' ? 'Nothing done yet.' : group === 'today' ? 'Nothing due today.' : 'Nothing planned.'}</p>`}
        </section>`;
      });
    return html`<div class="page-head">
        <div>
          <h1 tabindex="-1">My work</h1>
          <p class="subtitle">Your tasks. <kbd>n</kbd> adds one, <kbd>x</kbd> completes the focused one.</p>
        </div>
        <button type="button" class="primary add" title="Add a task (n)" aria-keyshortcuts="n" @click=${() => this.#openForm()}>Add task</button>
      </div>
      ${body}
      <shoal-complete-task-dialog
        .api=${this.api}
        .task=${this.completing}
        .team=${this.team}
        customer-name=${(this.completing?.customerId && this.#store.store?.get('customer', this.completing.customerId)?.name) || ''}
        @shoal-task-completed=${(e: CustomEvent<TaskCompletedDetail>) => this.#completed(e.detail)}
        @shoal-close=${() => {
          const id = this.completing?.id;
          this.completing = undefined;
          if (id) this.#focusRow(id);
        }}
      ></shoal-complete-task-dialog>
      <shoal-task-dialog
        .api=${this.api}
        .user=${this.user}
        .team=${this.team}
        .task=${this.editing?.task}
        ?open=${!!this.editing}
        @shoal-task-saved=${(e: CustomEvent<TaskSavedDetail>) => this.#saved(e.detail)}
        @shoal-close=${() => this.#closeDialog()}
      ></shoal-task-dialog>
      <div class="toasts" role="status" aria-live="polite">
        ${this.toast
          ? html`<div class="toast">
              <span>${this.toast.text}</span>
              ${this.toast.undo
                ? html`<button type="button" class="small undo" @click=${() => {
                    const undo = this.toast?.undo;
                    this.toast = undefined;
                    undo?.();
                  }}>Undo</button>`
                : nothing}
            </div>`
          : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-my-work': ShoalMyWork;
  }
}
