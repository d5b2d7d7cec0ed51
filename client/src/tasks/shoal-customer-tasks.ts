import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { dueInstant, type Task, type TaskType } from '../../../shared/task.js';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import { StoreController } from '../data/store-controller.js';
import { dueDate } from '../format.js';
import type { LiveClient } from '../live.js';
import { base, card, forms } from '../styles.js';
import { TYPE_LABELS } from './task-groups.js';
import { typeIcon } from './task-icons.js';
import { createTask, listTasks, patchTask } from './tasks-api.js';

const pad = (n: number) => String(n).padStart(2, '0');
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/**
 * The open tasks of one customer, on its page: soonest due first, each with its type, due date
 * and assignee; a checkbox completes one (it stays listed, struck through, until the page is
 * left, so a slip can be undone by unticking); a short form adds one (title, type, due day),
 * assigned to the signed-in user. The tasks are the record store's, kept live by it. With
 * `opportunityId` it shows and adds the tasks of that deal only (on the deal's page).
 */
@customElement('shoal-customer-tasks')
export class ShoalCustomerTasks extends LitElement {
  static override styles = [
    base,
    card,
    forms,
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
      ul {
        list-style: none;
        margin: 0 0 0.75rem;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: auto auto 1fr auto;
        align-items: center;
        gap: 0.5rem;
        padding: 0.375rem 0;
        border-top: 1px solid var(--shoal-border, #e3e8ee);
      }
      li.done .title {
        text-decoration: line-through;
        color: var(--shoal-muted, #536171);
      }
      .icon {
        display: inline-flex;
        color: var(--shoal-muted, #536171);
      }
      .due {
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
      }
      .late .due {
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
    `,
  ];

  /** The customer whose tasks these are. */
  @property({ attribute: 'customer-id' })
  customerId = '';

  /** A deal of the customer: only its tasks then (a deal's page), and new ones are for it. */
  @property({ attribute: 'opportunity-id' })
  opportunityId = '';

  @property({ attribute: false }) api: ShoalApi | undefined;
  @property({ attribute: false }) live: LiveClient | undefined;
  @property({ attribute: false }) user: User | undefined;
  /** The team, for assignees' names. */
  @property({ attribute: false }) team: User[] = [];

  @state() private loaded = false;
  @state() private error = '';
  @state() private draftTitle = '';
  @state() private type: TaskType = 'todo';
  @state() private day = today();
  @state() private saving = false;

  /** Tasks completed here: still shown, struck through, so unticking undoes a slip. */
  readonly #completedHere = new Set<string>();
  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), { task: () => undefined, resync: () => void this.#load() });
  #key = crypto.randomUUID();
  #started = false;

  protected override willUpdate(): void {
    if (!this.#started && this.api && this.customerId) {
      this.#started = true;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    const store = this.#store.store;
    if (!store || !this.api) return;
    try {
      const page = await listTasks(this.api, { customerId: this.customerId, ...(this.opportunityId ? { opportunityId: this.opportunityId } : {}), done: false, sort: 'dueAt', limit: 200 });
      await store.snapshot('task', page.items, page.seq);
      this.loaded = true;
      this.error = '';
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async #toggle(task: Task): Promise<void> {
    const store = this.#store.store;
    if (!store || !this.api) return;
    try {
      if (!task.done) this.#completedHere.add(task.id);
      store.put('task', await patchTask(this.api, task.id, { done: !task.done }, task.version));
    } catch (error) {
      this.error = describeError(error);
      this.requestUpdate();
    }
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const store = this.#store.store;
    if (!store || !this.api || this.saving || !this.draftTitle.trim()) return;
    this.saving = true;
    try {
      const task = await createTask(this.api, { title: this.draftTitle.trim(), type: this.type, dueAt: this.day || today(), done: false, customerId: this.customerId, ...(this.opportunityId ? { opportunityId: this.opportunityId } : {}) }, this.#key);
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

  protected override render() {
    const store = this.#store.store;
    const now = Date.now();
    const tasks = (store?.where('task', (t) => t.customerId === this.customerId && (!this.opportunityId || t.opportunityId === this.opportunityId) && (!t.done || this.#completedHere.has(t.id))) ?? []).sort(
      (a, b) => dueInstant(a.dueAt).getTime() - dueInstant(b.dueAt).getTime(),
    );
    const nameOf = (id: string) => (id === this.user?.id ? 'me' : (this.team.find((u) => u.id === id)?.name ?? 'a teammate'));
    return html`<section class="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tasks</h2>
      ${!this.loaded && !this.error ? html`<p class="empty" role="status">Loading tasks…</p>` : nothing}
      ${this.loaded && tasks.length === 0 ? html`<p class="empty">No open tasks. Plan the next step below.</p>` : nothing}
      ${tasks.length
        ? html`<ul>
            ${tasks.map(
              (t) => html`<li class=${`${t.done ? 'done' : ''} ${!t.done && dueInstant(t.dueAt).getTime() < now ? 'late' : ''}`} data-id=${t.id}>
                <input type="checkbox" .checked=${t.done} aria-label=${t.done ? `Reopen ${t.title}` : `Complete ${t.title}`} @change=${() => void this.#toggle(t)} />
                <span class="icon" role="img" aria-label=${TYPE_LABELS[t.type]}>${typeIcon(t.type)}</span>
                <span class="title">${t.title} <span class="due">· ${nameOf(t.assigneeId)}</span></span>
                <time class="due" datetime=${t.dueAt}>${dueDate(t.dueAt)}</time>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.error ? html`<p class="banner error-banner" role="alert">${this.error}</p>` : nothing}
      <form aria-label=${this.opportunityId ? 'Add a task for this deal' : 'Add a task for this customer'} @submit=${(e: SubmitEvent) => void this.#add(e)}>
        <input name="title" aria-label="New task" placeholder="Next step…" required maxlength="200" .value=${this.draftTitle} @input=${(e: Event) => (this.draftTitle = (e.target as HTMLInputElement).value)} />
        <select aria-label="Type" @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as TaskType)}>
          ${Object.entries(TYPE_LABELS).map(([value, label]) => html`<option value=${value} ?selected=${this.type === value}>${label}</option>`)}
        </select>
        <input type="date" aria-label="Due" required .value=${this.day} @input=${(e: Event) => (this.day = (e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" ?disabled=${this.saving}>Add task</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-tasks': ShoalCustomerTasks;
  }
}
