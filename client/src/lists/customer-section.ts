import { Task, TaskStatus, initialState } from '@lit/task';
import { html, type LitElement } from 'lit';
import type { User } from '../../../shared/user.js';
import { describeError, type ShoalApi } from '../api.js';
import type { EditingDetail } from '../customer-parts.js';
import type { Records, StoreChange } from '../data/record-store.js';
import { StoreController, reloadWithCustomer, type StoreHandlers } from '../data/store-controller.js';
import { HighlightController } from '../highlight-controller.js';
import type { LiveClient } from '../live.js';
import type { ListPage } from '../records.js';

type SectionEntity = 'contact' | 'opportunity';

/** A section of one customer's page (its contacts, its deals), with what it is handed down. */
export type SectionHost = LitElement & { customerId: string; api: ShoalApi | undefined; live: LiveClient | undefined; user: User | undefined };

/** What differs between the sections. */
export interface SectionOptions<E extends SectionEntity> {
  entity: E;
  /** The customer's records (one page of them) with the snapshot's `Shoal-Seq`. */
  load(api: ShoalApi, customerId: string, signal: AbortSignal): Promise<ListPage<Records[E]>>;
  /** The section's order. */
  order(a: Records[E], b: Records[E]): number;
  /** What the section calls one record ("contact", "deal") and a removal ("removed", "deleted"). */
  one: string;
  removed: string;
  /** The note beside a record a colleague changed, when it says more than "edited by". */
  note?(before: Records[E], after: Records[E], actor: string): string | undefined;
  /** The id of the record the rep is editing, if any. */
  editing(): string | undefined;
  /** A colleague changed or removed the record the rep is editing: what to tell them. */
  warn(text: string): void;
  /** More changes the section follows (the host updates after each). */
  handlers?: StoreHandlers;
}

/**
 * The data of a section of a customer's page: the customer's records of one kind loaded into the
 * store as a snapshot (again when the customer is restored, after a resync, and on `reload()`),
 * read back from it in the section's order, and colleagues' changes flagged as they arrive (a
 * brief highlight with their name; a warning when it is the record being edited). The contacts
 * and the deals lists use it.
 */
export class CustomerSection<E extends SectionEntity> {
  /** Records a colleague just changed (flash and note). */
  readonly highlights: HighlightController;
  /** Whether the first snapshot came. */
  loaded = false;

  readonly #store: StoreController;
  readonly #task: Task<readonly [ShoalApi | undefined, string, number], ListPage<Records[E]>>;
  readonly #editors = new Map<string, string>();
  #reloads = 0;

  constructor(
    private readonly host: SectionHost,
    private readonly options: SectionOptions<E>,
  ) {
    this.highlights = new HighlightController(host);
    this.#task = new Task(host, {
      task: async ([api, customerId], { signal }) => (api && customerId ? options.load(api, customerId, signal) : initialState),
      args: () => [host.api, host.customerId, this.#reloads] as const,
      onComplete: (page) => {
        this.loaded = true;
        void this.store?.snapshot(options.entity, page.items as Records[E][], page.seq).catch(() => this.reload());
      },
    });
    this.#store = new StoreController(host, () => ({ live: host.live, api: host.api }), {
      ...options.handlers,
      [options.entity]: (change: StoreChange<SectionEntity>) => this.#changed(change),
      ...reloadWithCustomer(
        () => host.customerId,
        () => this.reload(),
      ),
    } as StoreHandlers);
  }

  get store() {
    return this.#store.store;
  }

  /** The customer's records as the store has them, in the section's order. */
  get records(): Records[E][] {
    const customerId = this.host.customerId;
    const store = this.store;
    if (!store) return [];
    return (store.where(this.options.entity, (r) => r.customerId === customerId) as Records[E][]).sort((a, b) => this.options.order(a, b));
  }

  /** Who last changed a record, when it was a colleague. */
  who(id: string): string {
    return this.#editors.get(id) ?? 'A colleague';
  }

  /** Loads the records again. */
  reload(): void {
    this.#reloads++;
    this.host.requestUpdate();
  }

  /** Focuses what `selector` finds once the host has rendered. */
  focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /**
   * The section's form closed: the page is told, and the focus goes back to the button that
   * opened it (the record's Edit, or Add for a new one).
   */
  closed(was: { id: string } | 'new' | undefined): void {
    this.editing(undefined);
    this.focus(was && was !== 'new' ? `button[data-edit="${was.id}"]` : 'button.add');
  }

  /** Tells the page the rep opened (`editing`) or closed the section's form. */
  editing(editing: EditingDetail['editing']): void {
    this.host.dispatchEvent(new CustomEvent<EditingDetail>('shoal-editing', { detail: { editing }, bubbles: true, composed: true }));
  }

  /** While the first snapshot has not come: its failure with Try again, or grey bars; then `content()`. `many`: "contacts". */
  body(many: string, content: () => unknown): unknown {
    if (!this.loaded && this.#task.status === TaskStatus.ERROR) {
      return html`<div class="state error" role="alert">
        <p>We couldn't load the ${many}. ${describeError(this.#task.error)}</p>
        <button type="button" class="small" @click=${() => this.reload()}>Try again</button>
      </div>`;
    }
    if (!this.loaded) return html`<div class="skeleton" role="status" aria-label="Loading ${many}"><div></div><div></div></div>`;
    return content();
  }

  /** A change the store took: flag a colleague's, and warn when it is the record being edited. */
  #changed({ id, event, before, after }: StoreChange<SectionEntity>): void {
    const customerId = this.host.customerId;
    if (!event || (before?.customerId !== customerId && after?.customerId !== customerId)) return;
    if (event.actor.id === this.host.user?.id) return;
    const actor = event.actor.name;
    this.#editors.set(id, actor);
    const editingThis = this.options.editing() === id;
    const { one } = this.options;
    if (!after || after.customerId !== customerId) {
      if (editingThis) this.options.warn(`${actor} ${this.options.removed} this ${one}.`);
      return;
    }
    const known = before?.customerId === customerId ? before : undefined;
    this.highlights.mark(id, (known && this.options.note?.(known as Records[E], after as Records[E], actor)) ?? `${known ? 'edited' : 'added'} by ${actor}`);
    if (editingThis) this.options.warn(`${actor} just changed this ${one}. Saving keeps what you typed for the fields you changed, unless they changed the same ones.`);
  }
}
