import { css } from 'lit';
import { plainList } from '../styles.js';

/** The dashboard's interaction history: filters, the list and its states. */
export const interactionHistoryStyles = css`
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  .description {
    margin: 0.1875rem 0 0.75rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .filters {
    display: grid;
    grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr) minmax(0, 0.8fr);
    gap: 0.5rem;
    margin-bottom: 0.5rem;
  }
  .filters input,
  .filters select {
    min-height: 2.25rem;
    padding: 0.375rem 0.625rem;
    font-size: 0.875rem;
  }
  .hint {
    margin: 0.25rem 0 0;
    font-size: 0.75rem;
    color: var(--shoal-muted, #536171);
  }
  ${plainList}
  li {
    display: grid;
    grid-template-columns: 2rem minmax(0, 1fr) auto;
    gap: 0.25rem 0.75rem;
    align-items: start;
    padding: 0.6875rem 0.125rem;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
  }
  li:last-child {
    border-bottom: none;
  }
  li.editing {
    display: block;
  }
  .error {
    margin: 0.25rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-danger, #b42318);
  }
  .type-icon {
    width: 2rem;
    height: 2rem;
    border-radius: 0.5rem;
  }
  .subject {
    margin: 0;
    font-size: 0.9rem;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    margin: 0.125rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .meta a {
    color: var(--shoal-link, #0b6e99);
    font-weight: 500;
    text-decoration: none;
  }
  .meta a:hover {
    text-decoration: underline;
  }
  .kind {
    font-weight: 600;
  }
  .notes {
    margin: 0.25rem 0 0;
    font-size: 0.8125rem;
    color: #3b4754;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    overflow-wrap: anywhere;
  }
  time {
    font-size: 0.75rem;
    color: var(--shoal-muted, #536171);
    white-space: nowrap;
    padding-top: 0.125rem;
  }
  .foot {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-top: auto;
    padding-top: 0.625rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .skeleton .row {
    display: grid;
    gap: 0.375rem;
    padding: 0.75rem 0;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
  }
  .skeleton .row div {
    height: 0.875rem;
    border-radius: 0.25rem;
    background: #eef1f4;
  }
  .skeleton .row div + div {
    width: 60%;
  }
  @media (max-width: 40rem) {
    .filters {
      grid-template-columns: 1fr 1fr;
    }
    .filters .customer {
      grid-column: 1 / -1;
    }
    li {
      grid-template-columns: 2rem minmax(0, 1fr);
    }
    time {
      grid-column: 2;
      padding-top: 0;
    }
  }
`;
