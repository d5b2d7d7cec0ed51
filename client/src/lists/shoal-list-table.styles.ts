import { css } from 'lit';
import { base, columnHead, links, noteChip } from '../styles.js';

/** The list table's styles (beside its component, as the other components' are). */
export const listTableStyles = [
  base,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }
    .scroll {
      overflow-x: auto;
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
      padding: 0.75rem 0.75rem;
      border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      vertical-align: middle;
    }
    thead th {
      ${columnHead}
      background: var(--shoal-surface-muted, #f7f9fb);
      font-weight: 600;
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
    th .sort:hover,
    th[aria-sort='ascending'] .sort,
    th[aria-sort='descending'] .sort {
      color: var(--shoal-text, #1b2430);
    }
    th .sort:focus-visible {
      outline: 2px solid var(--shoal-focus, #1d6fd8);
      outline-offset: 2px;
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
    tbody tr.selected {
      background: var(--shoal-selected, #eef6fb);
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
    .col-name {
      min-width: 11rem;
    }
    .name {
      font-weight: 600;
      color: var(--shoal-text, #1b2430);
    }
    ${links}
    a.name:hover {
      color: var(--shoal-link, #0b6e99);
    }
    .sub {
      display: block;
      font-size: 0.8125rem;
      color: var(--shoal-muted, #536171);
      margin-top: 0.125rem;
    }
    .note {
      ${noteChip}
      margin-top: 0.25rem;
    }
    .nowrap {
      white-space: nowrap;
    }
    .muted {
      color: var(--shoal-muted, #536171);
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      padding: 0.0625rem 0.5rem;
      border-radius: 999px;
      font-size: 0.75rem;
      background: var(--shoal-tag-bg, #e8f1f6);
      color: var(--shoal-tag-text, #0d4f6e);
      white-space: nowrap;
    }
    .dot {
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
    }
    .person {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      white-space: nowrap;
      --shoal-avatar-size: 1.5rem;
    }
    .pick {
      width: 1%;
      padding-right: 0;
    }
    .pick input {
      width: 1.125rem;
      height: 1.125rem;
      min-height: 0;
      margin: 0;
      accent-color: var(--shoal-primary, #0b6e99);
      cursor: pointer;
    }
    /*
     * The row's actions stay in view at the right edge while the other columns scroll under
     * them (a list with many columns on a laptop), over the row's own background.
     */
    .actions {
      text-align: right;
      white-space: nowrap;
      width: 1%;
      position: sticky;
      right: 0;
      z-index: 1;
      background: inherit;
      box-shadow: inset 1px 0 0 var(--shoal-border, #e3e8ee);
    }
    thead th.actions {
      background: var(--shoal-surface-muted, #f7f9fb);
    }
    /* Long unbroken values (an email, a website) are cut with an ellipsis, in full in their title. */
    .clip {
      display: inline-block;
      max-width: 12rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      vertical-align: bottom;
    }
    .sub.clip {
      display: block;
      max-width: 11rem;
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
        border: none;
        padding: 0.25rem 0;
        background: none;
      }
      thead th:not([aria-sort]):not(.pick) {
        display: none;
      }
      tbody tr {
        position: relative;
        padding: 0.875rem 1rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      }
      tbody tr.has-pick {
        padding-left: 2.75rem;
      }
      tbody th,
      td {
        border: none;
        padding: 0.125rem 0;
      }
      td.pick {
        position: absolute;
        left: 1rem;
        top: 0.95rem;
      }
      td[data-label]::before {
        content: attr(data-label) ': ';
        color: var(--shoal-muted, #536171);
        font-size: 0.8125rem;
      }
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
        background: none;
        box-shadow: none;
      }
      .clip {
        max-width: 100%;
      }
    }
  `,
];
