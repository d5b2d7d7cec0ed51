import { css, html } from 'lit';
import type { User } from '../../../shared/user.js';
import type { ShoalApi } from '../api.js';
import type { ListController } from './list-controller.js';
import './shoal-saved-views.js';
import type { ViewApplyDetail } from './shoal-saved-views.js';

/** The pager under a list: "Showing 26–50 of 480", Previous and Next. */
export function pager(list: ListController, shown: number) {
  const from = list.from;
  const to = from ? from + shown - 1 : 0;
  return html`<nav class="pager" aria-label="Pages">
    <span class="range" aria-live="polite">Showing ${from}–${to} of ${list.total}</span>
    <span class="buttons">
      <button type="button" class="small previous" ?disabled=${!list.hasPrevious} @click=${() => list.previous()}><span aria-hidden="true">←</span> Previous</button>
      <button type="button" class="small next" ?disabled=${!list.nextCursor} @click=${() => list.next()}>Next <span aria-hidden="true">→</span></button>
    </span>
  </nav>`;
}

/** What {@link savedViews} needs besides the list. */
export interface SavedViewsOptions {
  api: ShoalApi | undefined;
  user: User | undefined;
  entity: 'customer' | 'opportunity' | 'contact';
  /** The plain list's entry ("All customers"). */
  allLabel: string;
  /** The plain list's sort. */
  defaultSort: string;
  /** A view was chosen: the page empties its search box (the view's search is none). */
  chosen: () => void;
}

/**
 * The saved views beside a list page's table: the list's view is marked, what the list shows
 * is what Save view saves, and choosing one sets the list to its filters, sort and columns
 * (none chosen: the plain list) with no search.
 */
export function savedViews(list: ListController, options: SavedViewsOptions) {
  const { filters, sort, columns, view } = list.state;
  return html`<shoal-saved-views
    .api=${options.api}
    entity=${options.entity}
    allLabel=${options.allLabel}
    .user=${options.user}
    .active=${view}
    .current=${{ filters, sort, columns }}
    @shoal-view-apply=${({ detail: { view } }: CustomEvent<ViewApplyDetail>) => {
      options.chosen();
      list.set({ view: view?.id, q: '', filters: { ...(view?.filters ?? {}) }, sort: view?.sort || options.defaultSort, columns: view?.columns?.length ? view.columns : undefined });
    }}
  ></shoal-saved-views>`;
}

/** The styles of {@link pager}. */
export const pagerStyles = css`
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding: 0.75rem 1rem;
    border-top: 1px solid var(--shoal-border, #e3e8ee);
    background: var(--shoal-surface-muted, #f7f9fb);
    font-size: 0.875rem;
    color: var(--shoal-muted, #536171);
  }
  .pager .buttons {
    display: flex;
    gap: 0.5rem;
  }
`;

/** A list page's layout: the saved views beside the list on a laptop, above it on a phone. */
export const listLayout = css`
  .layout {
    display: grid;
    grid-template-columns: 13.5rem minmax(0, 1fr);
    gap: 1.25rem;
    align-items: start;
  }
  @media (max-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem 0.75rem;
    margin-bottom: 0.875rem;
  }
  .filters shoal-filter-builder {
    flex: 1 1 20rem;
  }
`;

/**
 * A list page's frame: the head's buttons (`.head-actions`), the table's card with the progress
 * bar over it while a page loads (`.progress`) and grey bars while the first one does (`.skeleton`).
 */
export const listPageStyles = css`
  :host {
    display: block;
  }
  .head-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .card {
    position: relative;
    overflow: hidden;
  }
  .progress {
    position: absolute;
    inset: 0 0 auto;
    z-index: 2;
  }
  .skeleton {
    padding: 0.5rem 1rem;
  }
  .skeleton div {
    height: 1rem;
    margin: 1.125rem 0;
    border-radius: 0.25rem;
    background: linear-gradient(90deg, #eef1f4 25%, #f6f8fa 50%, #eef1f4 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton div,
    .progress {
      animation: none;
    }
  }
`;
