import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DeletedCustomer } from '../../../shared/customer.js';
import { describeError, type ShoalApi } from '../api.js';
import { closeModal } from '../components/dialog-frame.js';
import { listNames } from '../components/shoal-online-users.js';
import { StoreController } from '../data/store-controller.js';
import { fullDate, timeAgo } from '../format/dates.js';
import type { LiveClient } from '../live.js';
import { restoreCustomer } from '../records.js';
import { toast } from '../shell/shoal-toasts.js';
import { base, dialogHost, plainList } from '../styles.js';
import { partsList } from './parts-count.js';

/**
 * "Recently deleted": the customers deleted in the last 30 days (`GET /api/customers/deleted`),
 * latest first, each with who deleted it, when, what went with it and Restore. A modal dialog;
 * while it is open a colleague's delete or restore reloads it, and a restore here reaches
 * everyone through its change event.
 *
 * @fires shoal-close - The rep closed the dialog.
 */
@customElement('shoal-recently-deleted')
export class ShoalRecentlyDeleted extends LitElement {
  static override styles = [
    base,
    css`
      ${dialogHost(36)}
      ${plainList}
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
        padding: 0.75rem 0;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      }
      li:last-child {
        border-bottom: none;
      }
      .name {
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .meta {
        margin: 0.125rem 0 0;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      .state {
        margin: 0;
        padding: 1.25rem 0;
        color: var(--shoal-muted, #536171);
      }
      .error {
        color: #7a271a;
      }
    `,
  ];

  /** The REST client. */
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection: deletes and restores by anyone reload the list while it is open. */
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** Whether the dialog is shown. */
  @property({ type: Boolean, reflect: true })
  open = false;

  @state() private entries: DeletedCustomer[] | undefined;
  @state() private error = '';
  @state() private restoring: string | undefined;
  @state() private restoreErrors: Record<string, string> = {};

  @query('dialog') private dialog!: HTMLDialogElement;

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }), {
    customer: ({ event }) => {
      if (this.open && (event?.op === 'deleted' || event?.op === 'restored')) void this.#load();
    },
  });

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.dialog.showModal();
      void this.#load();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.error = '';
    try {
      this.entries = (await (await api.request('GET', '/customers/deleted?limit=100', { kind: 'customer' })).json()) as DeletedCustomer[];
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async #restore(entry: DeletedCustomer): Promise<void> {
    const api = this.api;
    if (!api || this.restoring) return;
    const { customer } = entry;
    this.restoring = customer.id;
    try {
      this.#store.store?.put('customer', await restoreCustomer(api, customer.id));
      this.entries = this.entries?.filter((e) => e.customer.id !== customer.id);
      toast(this, { text: `Restored ${customer.name}` });
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('li button, button.close')?.focus());
    } catch (error) {
      this.restoreErrors = { ...this.restoreErrors, [customer.id]: describeError(error) };
    } finally {
      this.restoring = undefined;
    }
  }

  #close(): void {
    closeModal(this);
  }

  #entry(entry: DeletedCustomer) {
    const { customer } = entry;
    const parts = partsList(entry.removed);
    const error = this.restoreErrors[customer.id];
    return html`<li data-id=${customer.id}>
      <div>
        <p class="name">${customer.name}</p>
        <p class="meta">
          Deleted by ${entry.deletedBy.name} <time datetime=${entry.deletedAt} title=${fullDate(entry.deletedAt)}>${timeAgo(entry.deletedAt)}</time>${parts.length ? `, with ${listNames(parts)}` : ''}.
          Restorable until <time datetime=${entry.restorableUntil}>${fullDate(entry.restorableUntil)}</time>.
        </p>
        ${error ? html`<p class="meta error" role="alert">${error}</p>` : nothing}
      </div>
      <button type="button" class="small restore" aria-label="Restore ${customer.name}" ?disabled=${this.restoring === customer.id} @click=${() => void this.#restore(entry)}>
        ${this.restoring === customer.id ? 'Restoring…' : 'Restore'}
      </button>
    </li>`;
  }

  #body() {
    if (this.error) return html`<p class="state error" role="alert">We couldn't load the deleted customers. ${this.error}</p>`;
    if (!this.entries) return html`<p class="state" role="status">Loading…</p>`;
    if (!this.entries.length) return html`<p class="state">No customer was deleted in the last 30 days.</p>`;
    return html`<ul aria-label="Deleted customers, latest first">
      ${this.entries.map((e) => this.#entry(e))}
    </ul>`;
  }

  protected override render() {
    return html`<dialog
      aria-labelledby="deleted-title"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.#close();
      }}
    >
      <div class="dialog-head"><h2 id="deleted-title">Recently deleted</h2></div>
      <div class="dialog-body">
        <p class="meta">Customers deleted in the last 30 days come back with their contacts, deals, interactions and tasks.</p>
        ${this.#body()}
      </div>
      <div class="dialog-actions">
        <button type="button" class="close" @click=${() => this.#close()}>Close</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-recently-deleted': ShoalRecentlyDeleted;
  }
}
