import { css } from 'lit';
import { base, card, columnHead, forms, stateMessage, tableCells } from '../styles.js';

/** The parts the settings screens share: section heads, the kind switcher, tables, muted text. */
export const settingsStyles = css`
  :host {
    display: block;
  }
  .section-head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 0.75rem 1rem;
    margin-bottom: 0.875rem;
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
  }
  .subtitle {
    margin: 0.25rem 0 0;
    color: var(--shoal-muted, #536171);
    font-size: 0.875rem;
  }
  .kinds {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
    margin-bottom: 0.875rem;
  }
  button.kind[aria-pressed='true'] {
    background: var(--shoal-primary, #0b6e99);
    border-color: var(--shoal-primary, #0b6e99);
    color: #fff;
  }
  .count {
    font-variant-numeric: tabular-nums;
    opacity: 0.8;
  }
  .table-card {
    overflow-x: auto;
    /* Holds the visually hidden header text too (absolutely placed), so the page itself does not scroll sideways. */
    position: relative;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  ${tableCells}
  thead th {
    ${columnHead}
    white-space: nowrap;
  }
  tbody tr:last-child > * {
    border-bottom: 0;
  }
  tbody th {
    font-weight: 600;
  }
  td.actions {
    text-align: right;
    white-space: nowrap;
  }
  td.actions button + button {
    margin-left: 0.25rem;
  }
  .muted {
    color: var(--shoal-muted, #536171);
  }
  code {
    font-size: 0.8125rem;
    background: var(--shoal-subtle, #f3f5f8);
    border-radius: 0.25rem;
    padding: 0.0625rem 0.3rem;
  }
  button.danger-text {
    color: var(--shoal-danger, #b42318);
  }
  .banner {
    display: flex;
    justify-content: space-between;
    align-items: flex-start;
    gap: 0.5rem;
  }
`;

/** What a settings screen's list (custom fields, pipelines) is styled with: the shared parts, cards, forms, states and {@link settingsStyles}. */
export const settingsScreen = [base, card, forms, stateMessage, settingsStyles];
