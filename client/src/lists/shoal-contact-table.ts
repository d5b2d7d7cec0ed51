import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Contact } from '../../../shared/contact.js';
import type { Customer } from '../../../shared/customer.js';
import { fullDate, timeAgo } from '../format.js';
import type { ColumnSpec } from './columns.js';
import { paths } from '../shell/routes.js';
import { ShoalListTable } from './shoal-list-table.js';

/**
 * The contacts table: person, their customer, email, phone, position and the custom columns
 * the rep chose. It only shows what it is given.
 *
 * @fires shoal-sort - The rep asked for another order.
 * @fires shoal-select - The rep ticked or unticked rows.
 * @fires shoal-navigate - The rep opened a customer's page.
 */
@customElement('shoal-contact-table')
export class ShoalContactTable extends ShoalListTable<Contact> {
  /** The contacts' customers the list knows, by id. */
  @property({ attribute: false })
  customers: ReadonlyMap<string, Customer> = new Map();

  constructor() {
    super();
    this.label = 'Contacts';
    this.emptyText = 'No contacts to show.';
  }

  protected override cell(column: ColumnSpec, contact: Contact): unknown {
    switch (column.key) {
      case 'name':
        return this.appLink(paths.customer(contact.customerId), contact.name, 'name');
      case 'customerId': {
        const customer = this.customers.get(contact.customerId);
        return customer ? this.appLink(paths.customer(customer.id), customer.name) : html`<span class="muted">Loading…</span>`;
      }
      case 'email':
        return html`<a href="mailto:${contact.email}">${contact.email}</a>`;
      case 'phone':
        return contact.phone ? html`<a class="nowrap" href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a>` : undefined;
      case 'position':
        return contact.position || undefined;
      case 'updatedAt':
        return html`<time class="nowrap" datetime=${contact.updatedAt} title=${fullDate(contact.updatedAt)}>${timeAgo(contact.updatedAt)}</time>`;
      default:
        return super.cell(column, contact);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-contact-table': ShoalContactTable;
  }
}
