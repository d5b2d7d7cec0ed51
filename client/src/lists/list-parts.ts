import { css, html } from 'lit';
import type { ListController } from './list-controller.js';

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
