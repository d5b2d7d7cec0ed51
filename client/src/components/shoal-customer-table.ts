import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Customer, CustomerSortField } from '../../../shared/customer.js';
import { fullDate, timeAgo, websiteHref, websiteLabel } from '../format.js';
import { base } from '../styles.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { paths } from '../shell/routes.js';

/** Ascending or descending. */
export type SortDirection = 'asc' | 'desc';

/** Detail of `shoal-sort`. */
export interface SortDetail {
  /** The column to sort by. */
  field: CustomerSortField;
  direction: SortDirection;
  /** The same as the API's `sort` parameter (`name`, `-updatedAt`, ...). */
  sort: string;
}

/** Detail of `shoal-edit` and `shoal-delete`. */
export interface CustomerActionDetail {
  id: string;
}

/** Reads an API sort string (`-name`) into field and direction. */
export function parseSort(sort: string): { field: string; direction: SortDirection } {
  return sort.startsWith('-') ? { field: sort.slice(1), direction: 'desc' } : { field: sort, direction: 'asc' };
}

interface Column {
  key: string;
  label: string;
  sortField?: CustomerSortField;
  /** The direction a first click sorts in (dates: newest first). */
  firstDirection?: SortDirection;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', sortField: 'name', firstDirection: 'asc' },
  { key: 'email', label: 'Email', sortField: 'email', firstDirection: 'asc' },
  { key: 'phone', label: 'Phone' },
  { key: 'industry', label: 'Industry' },
  { key: 'tags', label: 'Tags' },
  { key: 'updated', label: 'Last updated', sortField: 'updatedAt', firstDirection: 'desc' },
];

const MAX_TAGS = 3;

const none = html`<span class="muted" aria-hidden="true">—</span><span class="visually-hidden">none</span>`;

const pencil = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
  <path d="M13.6 2.9a2 2 0 0 1 2.8 0l.7.7a2 2 0 0 1 0 2.8l-9.4 9.4-3.9 1 1-3.9 8.8-8.8zM12.5 5.3l2.2 2.2 1-1-2.2-2.2-1 1z" />
</svg>`;
const trash = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
  <path d="M8 2h4a1 1 0 0 1 1 1v1h3.5a.75.75 0 0 1 0 1.5h-.6l-.8 10.6A2 2 0 0 1 13.1 18H6.9a2 2 0 0 1-2-1.9L4.1 5.5h-.6a.75.75 0 0 1 0-1.5H7V3a1 1 0 0 1 1-1zm3.5 2V3.5h-3V4h3zM5.6 5.5l.8 10.5a.5.5 0 0 0 .5.5h6.2a.5.5 0 0 0 .5-.5l.8-10.5H5.6z" />
</svg>`;

/**
 * A presentational table of customers: sortable headers, edit and delete per row, and a
 * brief highlight on rows someone else just changed. It only shows what it is given; the
 * owner fetches, sorts and pages. Below 40rem of width every row becomes a card.
 *
 * @fires shoal-sort - The rep asked for another order. Detail: {@link SortDetail}.
 * @fires shoal-edit - The rep asked to edit a customer. Detail: `{ id }`.
 * @fires shoal-delete - The rep asked to delete a customer. Detail: `{ id }`.
 * @fires shoal-navigate - The rep opened a customer's page (plain click on its name). Detail: `{ path: '/customers/<id>' }`.
 * @csspart table - The `<table>` element.
 * @cssproperty --shoal-highlight - Background of a row that just changed.
 */
@customElement('shoal-customer-table')
export class ShoalCustomerTable extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 0;
        font-size: 0.9375rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.75rem 1rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        vertical-align: middle;
      }
      thead th {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--shoal-surface-muted, #f7f9fb);
        font-size: 0.75rem;
        font-weight: 600;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--shoal-muted, #536171);
        white-space: nowrap;
      }
      th .sort {
        all: unset;
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        cursor: pointer;
        border-radius: 0.25rem;
        padding: 0.125rem 0.25rem;
        margin: -0.125rem -0.25rem;
        color: inherit;
      }
      th .sort:hover {
        color: var(--shoal-text, #1b2430);
      }
      th .sort:focus-visible {
        outline: 2px solid var(--shoal-focus, #1d6fd8);
        outline-offset: 2px;
      }
      th[aria-sort='ascending'] .sort,
      th[aria-sort='descending'] .sort {
        color: var(--shoal-text, #1b2430);
      }
      .arrow {
        display: inline-block;
        width: 0.75rem;
        text-align: center;
        opacity: 0.35;
      }
      th[aria-sort='ascending'] .arrow,
      th[aria-sort='descending'] .arrow {
        opacity: 1;
      }
      tbody tr {
        background: var(--shoal-surface, #fff);
        transition: background-color 0.2s;
      }
      tbody tr:hover {
        background: var(--shoal-row-hover, #f8fafc);
      }
      tbody tr.highlight {
        animation: flash 3s ease-out;
      }
      @keyframes flash {
        0%,
        40% {
          background: var(--shoal-highlight, #fff1b8);
        }
        100% {
          background: var(--shoal-surface, #fff);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        tbody tr.highlight {
          animation: none;
          background: var(--shoal-highlight, #fff1b8);
        }
      }
      tbody th {
        font-weight: normal;
      }
      .name {
        font-weight: 600;
        color: var(--shoal-text, #1b2430);
      }
      a.name:hover {
        color: var(--shoal-link, #0b6e99);
      }
      .sub {
        display: block;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        margin-top: 0.125rem;
      }
      a {
        color: var(--shoal-link, #0b6e99);
        text-decoration: none;
      }
      a:hover {
        text-decoration: underline;
      }
      .note {
        display: inline-block;
        margin-top: 0.25rem;
        padding: 0.0625rem 0.5rem;
        border-radius: 999px;
        font-size: 0.75rem;
        font-weight: 500;
        background: var(--shoal-note-bg, #fdf3d6);
        color: var(--shoal-note-text, #7a4b00);
      }
      .col-phone,
      .col-updated {
        white-space: nowrap;
      }
      tbody .col-name {
        min-width: 12rem;
      }
      .muted {
        color: var(--shoal-muted, #536171);
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .tag {
        padding: 0.0625rem 0.5rem;
        border-radius: 999px;
        font-size: 0.75rem;
        background: var(--shoal-tag-bg, #e8f1f6);
        color: var(--shoal-tag-text, #0d4f6e);
        white-space: nowrap;
      }
      .actions {
        text-align: right;
        white-space: nowrap;
        width: 1%;
      }
      .actions button {
        margin-left: 0.25rem;
      }
      .actions button.delete {
        color: var(--shoal-danger, #b42318);
      }
      .empty {
        text-align: center;
        padding: 2rem 1rem;
        color: var(--shoal-muted, #536171);
      }
      @container (max-width: 68rem) {
        .col-tags {
          display: none;
        }
      }
      @container (max-width: 56rem) {
        .col-phone {
          display: none;
        }
      }
      @container (max-width: 46rem) {
        .col-industry {
          display: none;
        }
      }
      /* Phone width: every row becomes a card; the header row becomes a sort bar. */
      @container (max-width: 40rem) {
        table,
        tbody,
        tr,
        tbody th,
        td {
          display: block;
        }
        thead {
          display: block;
        }
        thead tr {
          display: flex;
          align-items: center;
          flex-wrap: wrap;
          gap: 0.5rem 1rem;
          padding: 0.5rem 1rem;
          background: var(--shoal-surface-muted, #f7f9fb);
          border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        }
        thead th {
          position: static;
          border: none;
          padding: 0.25rem 0;
          background: none;
        }
        thead th:not([aria-sort]) {
          display: none;
        }
        thead tr::before {
          content: 'Sort by';
          font-size: 0.75rem;
          color: var(--shoal-muted, #536171);
        }
        tbody tr {
          position: relative;
          padding: 0.875rem 1rem;
          border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        }
        tbody th,
        td {
          border: none;
          padding: 0.125rem 0;
        }
        td.col-phone,
        td.col-industry,
        td.col-tags {
          display: block;
        }
        td[data-label]:not(.col-name)::before {
          content: attr(data-label) ': ';
          color: var(--shoal-muted, #536171);
          font-size: 0.8125rem;
        }
        td.col-tags::before {
          display: none;
        }
        td:empty,
        td.blank {
          display: none;
        }
        tbody .col-name {
          padding-right: 7.5rem;
          margin-bottom: 0.25rem;
        }
        .actions {
          position: absolute;
          top: 0.75rem;
          right: 0.75rem;
          width: auto;
        }
        .tags {
          margin-top: 0.25rem;
        }
      }
    `,
  ];

  /** The customers to show, in the order to show them. */
  @property({ attribute: false })
  customers: Customer[] = [];

  /** The current order, as the API's `sort` parameter (`name`, `-name`, `-updatedAt`, ...). */
  @property({ reflect: true })
  sort = 'name';

  /** Ids of rows to highlight briefly (changed by someone else just now). */
  @property({ attribute: false })
  highlighted: readonly string[] = [];

  /** A short note per row id, such as "edited by Dana". */
  @property({ attribute: false })
  notes: Readonly<Record<string, string>> = {};

  /** Names the table for assistive technology. */
  @property()
  label = 'Customers';

  /** True while a new page is loading (marks the table busy). */
  @property({ type: Boolean, reflect: true })
  busy = false;

  #highlightSet = new Set<string>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('highlighted')) this.#highlightSet = new Set(this.highlighted);
  }

  #sortBy(column: Column): void {
    const field = column.sortField;
    if (!field) return;
    const current = parseSort(this.sort);
    const direction: SortDirection = current.field === field ? (current.direction === 'asc' ? 'desc' : 'asc') : (column.firstDirection ?? 'asc');
    const sort = direction === 'desc' ? `-${field}` : field;
    this.sort = sort;
    this.dispatchEvent(new CustomEvent<SortDetail>('shoal-sort', { detail: { field, direction, sort }, bubbles: true, composed: true }));
  }

  /** A plain left click on a name opens the customer's page in the app; other clicks keep the link's own behaviour. */
  #open(event: MouseEvent, id: string): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: paths.customer(id) }, bubbles: true, composed: true }));
  }

  #action(type: 'shoal-edit' | 'shoal-delete', id: string): void {
    this.dispatchEvent(new CustomEvent<CustomerActionDetail>(type, { detail: { id }, bubbles: true, composed: true }));
  }

  #header(column: Column) {
    if (!column.sortField) return html`<th scope="col" class="col-${column.key}">${column.label}</th>`;
    const current = parseSort(this.sort);
    const active = current.field === column.sortField;
    const ariaSort = active ? (current.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    const arrow = active ? (current.direction === 'asc' ? '▲' : '▼') : '▲';
    return html`<th scope="col" class="col-${column.key}" aria-sort=${ariaSort}>
      <button class="sort" type="button" data-sort=${column.sortField} @click=${() => this.#sortBy(column)}>
        ${column.label}<span class="arrow" aria-hidden="true">${arrow}</span>
      </button>
    </th>`;
  }

  #row(customer: Customer) {
    const href = websiteHref(customer.website);
    const note = this.notes[customer.id];
    const tags = customer.tags ?? [];
    return html`<tr data-id=${customer.id} class=${this.#highlightSet.has(customer.id) ? 'highlight' : ''}>
      <th scope="row" class="col-name" data-label="Name">
        <a class="name" href="/customers/${customer.id}" @click=${(e: MouseEvent) => this.#open(e, customer.id)}>${customer.name}</a>
        ${href && customer.website ? html`<a class="sub" href=${href} target="_blank" rel="noopener noreferrer">${websiteLabel(customer.website)}</a>` : nothing}
        ${note ? html`<span class="note">${note}</span>` : nothing}
      </th>
      <td class="col-email" data-label="Email"><a href="mailto:${customer.email}">${customer.email}</a></td>
      <td class="col-phone ${customer.phone ? '' : 'blank'}" data-label="Phone">
        ${customer.phone ? html`<a href="tel:${customer.phone.replace(/[^\d+]/g, '')}">${customer.phone}</a>` : none}
      </td>
      <td class="col-industry ${customer.industry ? '' : 'blank'}" data-label="Industry">
        ${customer.industry ?? none}
      </td>
      <td class="col-tags ${tags.length ? '' : 'blank'}" data-label="Tags">
        ${tags.length
          ? html`<ul class="tags">
              ${tags.slice(0, MAX_TAGS).map((t) => html`<li class="tag">${t}</li>`)}
              ${tags.length > MAX_TAGS ? html`<li class="tag" title=${tags.slice(MAX_TAGS).join(', ')}>+${tags.length - MAX_TAGS}</li>` : nothing}
            </ul>`
          : nothing}
      </td>
      <td class="col-updated" data-label="Updated">
        <time datetime=${customer.updatedAt} title=${fullDate(customer.updatedAt)}>${timeAgo(customer.updatedAt)}</time>
      </td>
      <td class="actions">
        <button type="button" class="small ghost edit" aria-label="Edit ${customer.name}" @click=${() => this.#action('shoal-edit', customer.id)}>
          ${pencil}<span aria-hidden="true">Edit</span>
        </button>
        <button type="button" class="small ghost delete" aria-label="Delete ${customer.name}" @click=${() => this.#action('shoal-delete', customer.id)}>
          ${trash}
        </button>
      </td>
    </tr>`;
  }

  protected override render() {
    return html`<table part="table" aria-label=${this.label} aria-busy=${this.busy ? 'true' : 'false'}>
      <thead>
        <tr>
          ${COLUMNS.map((c) => this.#header(c))}
          <th scope="col" class="actions"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.customers.length === 0
          ? html`<tr>
              <td class="empty" colspan=${COLUMNS.length + 1}>No customers to show.</td>
            </tr>`
          : repeat(
              this.customers,
              (c) => c.id,
              (c) => this.#row(c),
            )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-customer-table': ShoalCustomerTable;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-sort': CustomEvent<SortDetail>;
    'shoal-edit': CustomEvent<CustomerActionDetail>;
    'shoal-delete': CustomEvent<CustomerActionDetail>;
  }
}
