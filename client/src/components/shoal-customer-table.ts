import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Customer } from '../../../shared/customer.js';
import { fullDate, timeAgo, websiteHref, websiteLabel } from '../format.js';
import { columnsOf, defaultColumns, type ColumnSpec } from '../lists/columns.js';
import { ShoalListTable } from '../lists/shoal-list-table.js';
import { paths } from '../shell/routes.js';

export type { SortDetail } from '../lists/shoal-list-table.js';
export { parseSort, type SortDirection } from '../lists/columns.js';

/** Detail of `shoal-edit` and `shoal-delete`. */
export interface CustomerActionDetail {
  id: string;
}

const MAX_TAGS = 3;

const pencil = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
  <path d="M13.6 2.9a2 2 0 0 1 2.8 0l.7.7a2 2 0 0 1 0 2.8l-9.4 9.4-3.9 1 1-3.9 8.8-8.8zM12.5 5.3l2.2 2.2 1-1-2.2-2.2-1 1z" />
</svg>`;
const trash = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
  <path d="M8 2h4a1 1 0 0 1 1 1v1h3.5a.75.75 0 0 1 0 1.5h-.6l-.8 10.6A2 2 0 0 1 13.1 18H6.9a2 2 0 0 1-2-1.9L4.1 5.5h-.6a.75.75 0 0 1 0-1.5H7V3a1 1 0 0 1 1-1zm3.5 2V3.5h-3V4h3zM5.6 5.5l.8 10.5a.5.5 0 0 0 .5.5h6.2a.5.5 0 0 0 .5-.5l.8-10.5H5.6z" />
</svg>`;

const DEFAULT = columnsOf('customer', []).filter((c) => defaultColumns('customer').includes(c.key));

/**
 * The customers table: the list kit's table with the customers' own cells (name linked to the
 * page, website, email, phone, owner, tags, last update), edit and delete per row, and the
 * columns the rep chose (custom fields included). It only shows what it is given.
 *
 * @fires shoal-sort - The rep asked for another order. Detail: {@link SortDetail}.
 * @fires shoal-select - The rep ticked or unticked rows.
 * @fires shoal-edit - The rep asked to edit a customer. Detail: `{ id }`.
 * @fires shoal-delete - The rep asked to delete a customer. Detail: `{ id }`.
 * @fires shoal-navigate - The rep opened a customer's page (plain click on its name). Detail: `{ path: '/customers/<id>' }`.
 */
@customElement('shoal-customer-table')
export class ShoalCustomerTable extends ShoalListTable<Customer> {
  /** The customers to show, in the order to show them. */
  @property({ attribute: false })
  get customers(): Customer[] {
    return this.rows;
  }
  set customers(value: Customer[]) {
    this.rows = value;
  }

  constructor() {
    super();
    this.columns = DEFAULT;
    this.label = 'Customers';
    this.emptyText = 'No customers to show.';
  }

  protected override get hasActions(): boolean {
    return true;
  }

  #action(type: 'shoal-edit' | 'shoal-delete', id: string): void {
    this.dispatchEvent(new CustomEvent<CustomerActionDetail>(type, { detail: { id }, bubbles: true, composed: true }));
  }

  protected override cell(column: ColumnSpec, customer: Customer): unknown {
    switch (column.key) {
      case 'name': {
        const href = websiteHref(customer.website);
        return html`${this.appLink(paths.customer(customer.id), customer.name, 'name')}
          ${href && customer.website ? html`<a class="sub clip" href=${href} target="_blank" rel="noopener noreferrer" title=${websiteLabel(customer.website)}>${websiteLabel(customer.website)}</a>` : nothing}`;
      }
      case 'email':
        return html`<a class="clip" href="mailto:${customer.email}" title=${customer.email}>${customer.email}</a>`;
      case 'phone':
        return customer.phone ? html`<a class="nowrap" href="tel:${customer.phone.replace(/[^\d+]/g, '')}">${customer.phone}</a>` : undefined;
      case 'industry':
        return customer.industry || undefined;
      case 'ownerId':
        return this.personCell(customer.ownerId);
      case 'tags': {
        const tags = customer.tags ?? [];
        if (!tags.length) return undefined;
        return html`<ul class="chips">
          ${tags.slice(0, MAX_TAGS).map((t) => html`<li class="chip tag">${t}</li>`)}
          ${tags.length > MAX_TAGS ? html`<li class="chip tag" title=${tags.slice(MAX_TAGS).join(', ')}>+${tags.length - MAX_TAGS}</li>` : nothing}
        </ul>`;
      }
      case 'updatedAt':
        return html`<time class="nowrap" datetime=${customer.updatedAt} title=${fullDate(customer.updatedAt)}>${timeAgo(customer.updatedAt)}</time>`;
      default:
        return super.cell(column, customer);
    }
  }

  protected override actions(customer: Customer) {
    return html`<button type="button" class="small ghost edit" aria-label="Edit ${customer.name}" @click=${() => this.#action('shoal-edit', customer.id)}>
        ${pencil}<span aria-hidden="true">Edit</span>
      </button>
      <button type="button" class="small ghost delete" aria-label="Delete ${customer.name}" @click=${() => this.#action('shoal-delete', customer.id)}>${trash}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-table': ShoalCustomerTable;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-edit': CustomEvent<CustomerActionDetail>;
    'shoal-delete': CustomEvent<CustomerActionDetail>;
  }
}
