import { html, nothing } from 'lit';
import type { Customer } from '../../../shared/customer.js';
import type { User } from '../../../shared/user.js';
import { ApiError, describeError } from '../api.js';
import { listNames } from '../components/shoal-online-users.js';
import { member, personChip } from '../customer-parts.js';
import { fullDate, timeAgo, websiteHref, websiteLabel } from '../format.js';
import { paths } from '../shell/routes.js';
import type { CustomerField } from './customer-fields.js';

/** What goes with a deleted customer, as the delete event and the delete confirmation count it. */
export interface Removed {
  contacts?: number;
  opportunities?: number;
  interactions?: number;
}

/** Who deleted the customer while it was open, and what went with it. */
export interface Deleted {
  by: string;
  mine: boolean;
  at: string;
  removed?: Removed;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 contacts", "2 deals", "5 logged interactions": the parts of a customer that go with it (none: empty). */
export function removedParts(removed: Removed | undefined): string[] {
  if (!removed) return [];
  return [
    removed.contacts ? plural(removed.contacts, 'contact', 'contacts') : '',
    removed.opportunities ? plural(removed.opportunities, 'deal', 'deals') : '',
    removed.interactions ? plural(removed.interactions, 'logged interaction', 'logged interactions') : '',
  ].filter(Boolean);
}

/** What the page's state cards can do. */
export interface StateActions {
  restoring: boolean;
  restoreError: string;
  restore(): void;
  retry(): void;
  back(event: MouseEvent): void;
}

/** A customer field's value as the page shows it: links for email, phone and website, the owner's chip, tags. */
export function customerValueView(team: readonly User[], field: CustomerField, customer: Customer) {
  const empty = html`<span class="empty">Not set</span>`;
  switch (field) {
    case 'email':
      return html`<a href="mailto:${customer.email}">${customer.email}</a>`;
    case 'phone':
      return customer.phone ? html`<a href="tel:${customer.phone.replace(/[^\d+]/g, '')}">${customer.phone}</a>` : empty;
    case 'website': {
      const href = websiteHref(customer.website);
      return customer.website ? (href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${websiteLabel(customer.website)}</a>` : html`<span>${customer.website}</span>`) : empty;
    }
    case 'ownerId':
      return customer.ownerId ? html`<span>${personChip(member(team, customer.ownerId))}</span>` : empty;
    case 'tags':
      return customer.tags?.length ? html`<ul class="tags" aria-label="Tags">${customer.tags.map((t) => html`<li class="tag">${t}</li>`)}</ul>` : empty;
    case 'address':
      return customer.address ? html`<span class="address">${customer.address}</span>` : empty;
    default:
      return customer[field] ? html`<span>${customer[field]}</span>` : empty;
  }
}

/** The card of a customer deleted while its page was open: by whom, what went with it, Restore. */
export function deletedState(customer: Customer | undefined, deleted: Deleted, a: StateActions) {
  const parts = removedParts(deleted.removed);
  return html`<section class="card deleted" role="alert" aria-labelledby="deleted-title">
    <h2 id="deleted-title">Deleted by ${deleted.mine ? 'you' : deleted.by}</h2>
    <p>
      ${customer?.name ?? 'This customer'} was deleted <time datetime=${deleted.at} title=${fullDate(deleted.at)}>${timeAgo(deleted.at)}</time>${parts.length
        ? html`, together with its ${listNames(parts)}`
        : nothing}.
      It can be restored for 30 days, with everything that went with it.
    </p>
    ${a.restoreError ? html`<p class="banner error-banner" role="alert">${a.restoreError}</p>` : nothing}
    <div class="actions">
      <button type="button" class="primary restore" ?disabled=${a.restoring} @click=${a.restore}>${a.restoring ? 'Restoring…' : 'Restore'}</button>
      <a class="button" href=${paths.customers()} @click=${a.back}>Back to customers</a>
    </div>
  </section>`;
}

/** The card of a customer page that could not load: not there (maybe restorable), or unreachable. */
export function loadErrorState(error: unknown, a: StateActions) {
  const missing = error instanceof ApiError && error.status === 404;
  return html`<section class="card page-state" role="alert">
    <h1 tabindex="-1">${missing ? 'This customer is not here' : "We couldn't load this customer"}</h1>
    <p>${missing ? 'It may have been deleted, or the link is wrong. If a colleague deleted it in the last 30 days, you can restore it.' : describeError(error)}</p>
    ${a.restoreError ? html`<p class="banner error-banner">${a.restoreError}</p>` : nothing}
    <div class="actions">
      ${missing
        ? html`<button type="button" class="restore" ?disabled=${a.restoring} @click=${a.restore}>${a.restoring ? 'Restoring…' : 'Try to restore it'}</button>`
        : html`<button type="button" class="primary retry" @click=${a.retry}>Try again</button>`}
      <a class="button" href=${paths.customers()} @click=${a.back}>Back to customers</a>
    </div>
  </section>`;
}
