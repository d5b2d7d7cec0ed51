import { css } from 'lit';
import { columnHead, offScreen, tableCells } from '../styles.js';

/** The styles of `<shoal-opportunity-list>`: the deals table (cards on a phone), its stage selects and the inline deal form. */
export const opportunityListStyles = css`
  .table-wrap {
    container-type: inline-size;
  }
  .title-group {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.125rem 0.875rem;
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
    font-size: 0.875rem;
  }
  ${tableCells}
  th:first-child,
  td:first-child {
    padding-left: 1.125rem;
  }
  th:last-child,
  td:last-child {
    padding-right: 1.125rem;
  }
  tbody tr:last-child td,
  tbody tr:last-child th {
    border-bottom: none;
  }
  thead th {
    ${columnHead}
    font-size: 0.6875rem;
    font-weight: 600;
    background: var(--shoal-surface-muted, #f7f9fb);
    white-space: nowrap;
  }
  tbody th {
    font-weight: normal;
  }
  .deal-name {
    font-weight: 600;
    font-size: 0.9375rem;
    overflow-wrap: anywhere;
  }
  .outcome {
    display: block;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .outcome.lost {
    color: #912018;
  }
  .outcome.won {
    color: #067647;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .amount {
    font-weight: 600;
  }
  td.stage select {
    min-height: 2rem;
    padding: 0.25rem 0.5rem;
    font-size: 0.8125rem;
    width: auto;
    max-width: 11rem;
    border-radius: 999px;
    font-weight: 600;
  }
  select[data-kind='won'] {
    background: #ecfdf3;
    border-color: #abefc6;
    color: #05603a;
  }
  select[data-kind='lost'] {
    background: #fef3f2;
    border-color: #fecdca;
    color: #912018;
  }
  .nowrap {
    white-space: nowrap;
  }
  .row-banner td {
    padding-top: 0;
  }
  .row-banner .banner {
    margin: 0;
  }
  td.actions {
    width: 1%;
    white-space: nowrap;
    text-align: right;
  }
  .form-cell {
    padding: 0.5rem 1.125rem;
  }
  .new-form {
    padding: 0.5rem 1.125rem 0;
  }
  .inline-form .grid.three {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }
  .field select {
    width: 100%;
  }
  dialog form {
    display: contents;
  }
  .state .button-row {
    display: flex;
    gap: 0.5rem;
  }
  @container (max-width: 40rem) {
    thead {
      display: none;
    }
    table,
    tbody,
    tr,
    td,
    tbody th {
      display: block;
    }
    tbody tr.deal {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      grid-template-areas:
        'name name amount'
        'stage stage edit'
        'prob close owner';
      align-items: center;
      gap: 0.375rem 0.875rem;
      padding: 0.75rem 0.875rem;
      border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    }
    tbody tr.deal:last-child {
      border-bottom: none;
    }
    tbody tr.deal > * {
      padding: 0;
      border: none;
    }
    tbody tr.deal > th {
      grid-area: name;
    }
    td.amount-cell {
      grid-area: amount;
      align-self: start;
    }
    td.stage {
      grid-area: stage;
    }
    td.actions {
      grid-area: edit;
      justify-self: end;
    }
    td.prob,
    td.close,
    td.owner {
      font-size: 0.8125rem;
      color: var(--shoal-muted, #536171);
      text-align: left;
    }
    td.prob {
      grid-area: prob;
    }
    td.close {
      grid-area: close;
    }
    td.owner {
      grid-area: owner;
      justify-self: end;
    }
    /* Narrow: the owner's avatar only; screen readers still hear the name. */
    td.owner .person > span:last-child {
      ${offScreen}
    }
    td.prob::after {
      content: ' likely';
    }
    td.close::before {
      content: attr(data-label) ' ';
    }
    .inline-form .grid.three {
      grid-template-columns: 1fr;
    }
  }
`;

/** The Save and Cancel of a stage reached with the keyboard on a row's list. */
export const pendingStageStyles = css`
  td.stage .pending {
    display: inline-flex;
    gap: 0.25rem;
    margin-left: 0.375rem;
    vertical-align: middle;
  }
`;
