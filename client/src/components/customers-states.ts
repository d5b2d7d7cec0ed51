import { html, nothing } from 'lit';
import { describeError } from '../api.js';
import './shoal-demo-data-offer.js';
import type { DemoDataEndDetail } from './shoal-demo-data-offer.js';

/** Grey bars in place of a list's rows while its first page loads (the `.skeleton` styles). */
export const listSkeleton = (label: string) =>
  html`<div class="skeleton" role="status" aria-label=${label}>
    ${Array.from({ length: 6 }, () => html`<div></div>`)}
  </div>`;

/** A list that could not load, with what went wrong and Try again (the `.state` styles). */
export const loadFailed = (title: string, error: unknown, retry: () => void) =>
  html`<div class="state error" role="alert">
    <h2>${title}</h2>
    <p>${describeError(error)}</p>
    <button type="button" class="primary retry" @click=${retry}>Try again</button>
  </div>`;

/** What the rep did to the list that leaves it empty. */
export interface EmptyCause {
  q: string;
  filtered: boolean;
  /** An admin is offered the demo data in an empty workspace. */
  admin: boolean;
}

export interface EmptyActions {
  clearFilters: () => void;
  clearSearch: () => void;
  add: () => void;
  demoStart: () => void;
  demoEnd: (detail: DemoDataEndDetail) => void;
}

/**
 * The Customers list with nothing to show, and the way out: filters that match nothing (clear
 * them), a search that matches nothing (clear it), or no customers at all (add one; an admin is
 * offered the demo data).
 */
export function customersEmpty({ q, filtered, admin }: EmptyCause, on: EmptyActions) {
  if (filtered)
    return html`<div class="state empty">
      <h2>No customers match these filters${q ? html` and “${q}”` : nothing}</h2>
      <p>Remove a filter, or clear them all to see every customer.</p>
      <button type="button" class="clear-filters" @click=${on.clearFilters}>Clear filters</button>
    </div>`;
  if (q)
    return html`<div class="state empty">
      <h2>No customers match “${q}”</h2>
      <p>Check the spelling, or search by company name, email, phone, industry or tag.</p>
      <button type="button" @click=${on.clearSearch}>Clear search</button>
    </div>`;
  if (admin)
    return html`<shoal-demo-data-offer
      @shoal-add-customer=${on.add}
      @shoal-demo-data-start=${on.demoStart}
      @shoal-demo-data-end=${(e: CustomEvent<DemoDataEndDetail>) => on.demoEnd(e.detail)}
    ></shoal-demo-data-offer>`;
  return html`<div class="state empty">
    <h2>No customers yet</h2>
    <p>Add your first customer to start tracking contacts and deals. Your team sees it right away.</p>
    <p class="hint">Want to look around with sample data first? Ask an admin to load the demo data.</p>
    <button type="button" class="primary" @click=${on.add}>Add a customer</button>
  </div>`;
}
