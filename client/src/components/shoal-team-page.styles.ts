import { css } from 'lit';
import { columnHead } from '../styles.js';

/** The Team page's own styles: the members table (a list of cards at phone width), the role select, status chips and banners. */
export const teamPageStyles = css`
  :host {
    display: block;
  }
  .card {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.75rem 1rem;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    vertical-align: middle;
  }
  tbody tr:last-child > * {
    border-bottom: none;
  }
  thead th {
    ${columnHead}
    background: var(--shoal-surface-muted, #f7f9fb);
    white-space: nowrap;
  }
  .member {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    --shoal-avatar-size: 2.25rem;
  }
  .avatar {
    position: relative;
    display: inline-flex;
  }
  .online-dot {
    position: absolute;
    right: -1px;
    bottom: -1px;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: #17b26a;
    border: 2px solid var(--shoal-surface, #fff);
  }
  .name {
    font-weight: 600;
    color: var(--shoal-text, #1b2430);
  }
  .email {
    display: block;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    font-weight: 400;
  }
  .tag {
    display: inline-block;
    margin-left: 0.375rem;
    padding: 0 0.4375rem;
    border-radius: 999px;
    font-size: 0.6875rem;
    font-weight: 600;
    background: #e0f2fe;
    color: #075985;
    vertical-align: 0.0625rem;
  }
  select {
    width: auto;
    min-width: 8.5rem;
    min-height: 2.25rem;
    padding: 0.25rem 0.5rem;
    font-size: 0.875rem;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .status.active {
    background: #ecfdf3;
    color: #067647;
  }
  .status.inactive {
    background: #f2f4f7;
    color: #475467;
  }
  tr.inactive .member {
    opacity: 0.7;
  }
  td.actions {
    text-align: right;
    white-space: nowrap;
  }
  button.deactivate {
    color: var(--shoal-danger, #b42318);
  }
  .muted {
    color: var(--shoal-muted, #536171);
  }
  .state {
    padding: 2.5rem 1.5rem;
    text-align: center;
    color: var(--shoal-muted, #536171);
  }
  .banner {
    display: flex;
    align-items: flex-start;
    gap: 0.75rem;
  }
  .banner button {
    margin-left: auto;
  }
  .reset-field {
    margin-top: 1rem;
  }
  .hint {
    margin: 0.25rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .field-error {
    margin: 0.25rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-danger, #b42318);
  }
  td.actions button + button {
    margin-left: 0.375rem;
  }
  @media (max-width: 48rem) {
    .joined {
      display: none;
    }
    th,
    td {
      padding: 0.625rem 0.625rem;
    }
  }
  /* A phone: each member is a small card (name; role and status; actions), nothing cut off. */
  @media (max-width: 40rem) {
    table,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    thead {
      display: none;
    }
    tr {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.5rem 0.75rem;
      align-items: center;
      padding: 0.75rem 0.875rem;
      border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    }
    tbody tr:last-child {
      border-bottom: none;
    }
    th,
    td {
      padding: 0;
      border: none;
    }
    th[scope='row'] {
      grid-column: 1 / -1;
    }
    .email {
      overflow-wrap: anywhere;
    }
    td.actions {
      grid-column: 1 / -1;
      text-align: left;
      white-space: normal;
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
    }
    td.actions button + button {
      margin-left: 0;
    }
  }
`;
