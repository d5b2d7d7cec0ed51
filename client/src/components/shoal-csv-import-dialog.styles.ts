import { css } from 'lit';
import { bannerColors, base, dialogForm, dialogHost, fieldParts, jobProgress } from '../styles.js';

/** The CSV import dialog's styles (beside its component, as the other components' are). */
export const csvImportDialogStyles = [
  base,
  jobProgress,
  fieldParts,
  bannerColors,
  dialogForm,
  css`
    ${dialogHost(36)}
    p {
      line-height: 1.5;
    }
    .columns {
      margin: 0.75rem 0 1rem;
      padding: 0.75rem 0.875rem;
      border-radius: 0.625rem;
      background: var(--shoal-surface-muted, #f7f9fb);
      border: 1px solid var(--shoal-border, #e3e8ee);
      font-size: 0.875rem;
    }
    .columns p {
      margin: 0.25rem 0;
    }
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.8125rem;
      padding: 0.0625rem 0.3125rem;
      border-radius: 0.25rem;
      background: var(--shoal-surface, #fff);
      border: 1px solid var(--shoal-border, #e3e8ee);
      white-space: nowrap;
    }
    input[type='file'] {
      padding: 0.375rem;
      cursor: pointer;
    }
    .banner {
      margin: 1rem 0 0;
      padding: 0.75rem 0.875rem;
      border-radius: 0.625rem;
      font-size: 0.875rem;
    }
    .banner p {
      margin: 0;
    }
    .banner ul {
      margin: 0.375rem 0 0;
      padding-left: 1.25rem;
    }
    .file-name {
      margin: 0 0 0.75rem;
      font-size: 0.875rem;
      color: var(--shoal-muted, #536171);
      overflow-wrap: anywhere;
    }
    .summary {
      margin: 0 0 0.75rem;
      font-weight: 600;
    }
    fieldset.kind {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.25rem;
      margin: 0 0 0.75rem;
      padding: 0;
      border: 0;
    }
    fieldset.kind legend {
      padding: 0;
      margin-bottom: 0.375rem;
      font-size: 0.875rem;
      font-weight: 600;
    }
    label.choice {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      font-weight: 500;
    }
    .summary:focus {
      outline: none;
    }
    .table-wrap {
      max-height: 16rem;
      overflow: auto;
      border: 1px solid var(--shoal-border, #e3e8ee);
      border-radius: 0.5rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.8125rem;
    }
    caption {
      text-align: left;
      padding: 0.5rem 0.75rem;
      font-weight: 600;
      background: var(--shoal-surface-muted, #f7f9fb);
      border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 0.4375rem 0.75rem;
      border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    }
    tbody tr:last-child td {
      border-bottom: none;
    }
    th {
      position: sticky;
      top: 0;
      background: var(--shoal-surface, #fff);
      font-weight: 600;
      color: var(--shoal-muted, #536171);
    }
    td.row {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .more {
      margin: 0.5rem 0 0;
      font-size: 0.8125rem;
      color: var(--shoal-muted, #536171);
    }
    button[aria-disabled='true'] {
      cursor: progress;
      opacity: 0.7;
    }
  `,
];
