import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Customer, RemovedParts } from '../../../shared/customer.js';
import { ApiError, describeError, type ShoalApi } from '../api.js';
import { listNames } from '../components/shoal-online-users.js';
import { StoreController } from '../data/store-controller.js';
import type { LiveClient } from '../live.js';
import { restoreCustomer } from '../records.js';
import { toast } from '../shell/shoal-toasts.js';
import { base } from '../styles.js';
import { deleteQuestion, deleteQuestionStyles } from './delete-question.js';
import { countParts, partsList } from './parts-count.js';

/** Detail of `shoal-customer-removed`: the customer is gone (deleted here, or already by someone else). */
export interface CustomerRemovedDetail {
  customer: Customer;
  /** Someone else had deleted it already (a 404). */
  already: boolean;
}

/**
 * Deleting a customer: the confirmation names what goes with it (counted from the lists'
 * totals), a colleague's change since the rep opened it (a 412) shows their version and asks
 * again, and after the delete the app's toast offers Undo (a restore) for 10 s. A modal dialog,
 * open while `customer` is set.
 *
 * @fires shoal-customer-removed - The customer is gone from the store. Detail: `{ customer, already }`.
 * @fires shoal-cancel - The rep kept the customer.
 */
@customElement('shoal-customer-delete')
export class ShoalCustomerDelete extends LitElement {
  static override styles = [base, deleteQuestionStyles];

  /** The customer to delete; the dialog is open while it is set. */
  @property({ attribute: false })
  customer: Customer | undefined;

  /** Who last changed each customer, when it was a colleague (named when a delete is refused). */
  @property({ attribute: false })
  editors: ReadonlyMap<string, string> = new Map();

  /** The REST client. */
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** The live connection (its store takes the outcome). */
  @property({ attribute: false })
  live: LiveClient | undefined;

  /** The customer as shown (after a refused delete: as it is now). */
  @state() private target: Customer | undefined;
  @state() private busy = false;
  @state() private error = '';
  /** What goes with it (undefined while counting; null when the count failed). */
  @state() private parts: RemovedParts | null | undefined;

  readonly #store = new StoreController(this, () => ({ live: this.live, api: this.api }));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('customer')) return;
    this.target = this.customer;
    this.error = '';
    this.parts = undefined;
    const customer = this.customer;
    if (customer && this.api)
      countParts(this.api, customer.id).then(
        (parts) => {
          if (this.target?.id === customer.id) this.parts = parts;
        },
        () => {
          if (this.target?.id === customer.id) this.parts = null;
        },
      );
  }

  #removed(customer: Customer, already: boolean): void {
    // Off the page and the total at once; the delete event changes nothing more.
    this.#store.store?.forget('customer', customer.id);
    this.target = undefined;
    this.dispatchEvent(new CustomEvent<CustomerRemovedDetail>('shoal-customer-removed', { detail: { customer, already }, bubbles: true, composed: true }));
  }

  /** The customer's deletion, with Undo (a restore) in the app's toast. */
  #deletedToast(customer: Customer): void {
    const api = this.api;
    const store = this.#store.store;
    toast(this, {
      text: `Deleted ${customer.name}`,
      action: {
        label: 'Undo',
        run: () => {
          if (!api) return;
          restoreCustomer(api, customer.id).then(
            (back) => {
              store?.put('customer', back);
              toast(this, { text: `Restored ${back.name}` });
            },
            (error: unknown) => toast(this, { text: `Could not restore ${customer.name}: ${describeError(error)}` }),
          );
        },
      },
    });
  }

  async #confirm(): Promise<void> {
    const customer = this.target;
    if (!customer || !this.api) return;
    this.busy = true;
    this.error = '';
    try {
      await this.api.deleteCustomer(customer.id, customer.version);
      this.#removed(customer, false);
      this.#deletedToast(customer);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.#removed(customer, true);
      } else if (error instanceof ApiError && error.status === 412 && error.problem.current) {
        const current = error.problem.current as Customer;
        this.#store.store?.put('customer', current);
        this.target = current;
        const who = this.editors.get(current.id) ?? 'Someone else';
        this.error = `${who} changed this customer since you opened it. Check the latest details, then delete again if you still want to.`;
      } else {
        this.error = describeError(error);
      }
    } finally {
      this.busy = false;
    }
  }

  /** ", and its 3 contacts, 2 deals and 14 interactions" (counting: said so; none: nothing). */
  #partsText() {
    if (this.parts === undefined) return html`<span class="counting">, with what belongs to it (counting…)</span>`;
    if (this.parts === null) return ', with its contacts, deals, interactions and tasks';
    const parts = partsList(this.parts);
    return parts.length ? html`, and its <span class="parts">${listNames(parts)}</span>` : '';
  }

  protected override render() {
    const customer = this.target;
    const question = {
      open: customer !== undefined,
      heading: `Delete ${customer?.name ?? 'customer'}?`,
      confirmLabel: 'Delete customer',
      busy: this.busy,
      error: this.error,
      confirm: () => void this.#confirm(),
      cancel: () => {
        this.target = undefined;
        this.dispatchEvent(new CustomEvent('shoal-cancel', { bubbles: true, composed: true }));
      },
    };
    return deleteQuestion(
      question,
      html`<strong>${customer?.name}</strong> (${customer?.email}) will be removed for everyone on your team${this.#partsText()}. You can undo it, or restore it from
        Recently deleted for 30 days.`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-delete': ShoalCustomerDelete;
  }
}
