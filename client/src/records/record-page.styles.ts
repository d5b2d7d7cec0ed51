import { css } from 'lit';
import { sectionStyles } from '../customer-parts.js';
import { customFieldStyles } from '../lists/custom-field-input.js';
import { base, forms, pageHead } from '../styles.js';

/**
 * The styles of a record's page (a customer's, a deal's): the head with the record's name and who
 * else is viewing, the two-column layout, the rows of fields edited in place with their editors
 * and conflict notices, the deleted and load-error states and the loading skeleton.
 */
export const recordPageStyles = css`
  :host {
    display: block;
  }
  .crumbs {
    margin: -0.25rem 0 0.75rem;
    font-size: 0.875rem;
  }
  .crumbs a {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    font-weight: 500;
  }
  .head {
    align-items: flex-start;
    gap: 0.75rem 1.5rem;
    margin-bottom: 1.25rem;
  }
  .identity {
    display: flex;
    align-items: flex-start;
    gap: 0.875rem;
    min-width: 0;
    flex: 1 1 20rem;
  }
  .monogram {
    flex: none;
    display: grid;
    place-items: center;
    width: 3rem;
    height: 3rem;
    border-radius: 0.75rem;
    background: #0f2a3d;
    color: #e0f2fe;
    font-weight: 700;
    font-size: 1.125rem;
  }
  .title-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    border-radius: 0.5rem;
  }
  h1 {
    font-size: 1.625rem;
    line-height: 1.2;
    letter-spacing: -0.015em;
    overflow-wrap: anywhere;
  }
  .subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.625rem;
  }
  .viewers {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    padding: 0.375rem 0.75rem 0.375rem 0.5rem;
    border-radius: 999px;
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border, #e3e8ee);
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    max-width: 100%;
  }
  .viewers ul {
    display: flex;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .viewers li {
    position: relative;
    margin-left: -0.375rem;
    border-radius: 50%;
    --shoal-avatar-size: 1.875rem;
    --shoal-avatar-ring: 0 0 0 2px var(--shoal-surface, #fff);
  }
  .viewers li:first-child {
    margin-left: 0;
  }
  .viewers li.editing::after {
    content: '';
    position: absolute;
    right: -1px;
    bottom: -1px;
    width: 0.625rem;
    height: 0.625rem;
    border-radius: 50%;
    background: #f79009;
    box-shadow: 0 0 0 2px var(--shoal-surface, #fff);
  }
  .viewers .who {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .viewers strong {
    color: var(--shoal-text, #1b2430);
    font-weight: 600;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(18rem, 24rem) minmax(0, 1fr);
    gap: 1.25rem;
    align-items: start;
  }
  .column {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1.25rem;
    min-width: 0;
  }
  @media (max-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  dl {
    margin: 0;
  }
  .row {
    display: grid;
    grid-template-columns: 6.25rem minmax(0, 1fr);
    gap: 0 0.75rem;
    padding: 0.4375rem 0.625rem 0.4375rem 1.125rem;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
  }
  .row.editing {
    display: block;
    padding-right: 1.125rem;
  }
  .row:last-child {
    border-bottom: none;
    border-radius: 0 0 0.75rem 0.75rem;
  }
  dt {
    padding-top: 0.375rem;
    font-size: 0.8125rem;
    font-weight: 500;
    color: var(--shoal-muted, #536171);
  }
  .flags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    margin: 0.125rem 0 0.25rem;
  }
  .busy {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    font-size: 0.75rem;
    font-weight: 500;
    color: #b54708;
  }
  .busy::before {
    content: '';
    width: 0.4375rem;
    height: 0.4375rem;
    border-radius: 50%;
    background: #f79009;
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  .value {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem;
    font-size: 0.9375rem;
    min-height: 2rem;
  }
  .value > span,
  .value > a {
    padding-top: 0.3125rem;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .value .address {
    white-space: pre-line;
  }
  .value .empty {
    color: var(--shoal-muted, #536171);
    font-style: italic;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0.25rem 0 0;
  }
  .tag {
    padding: 0.0625rem 0.5rem;
    border-radius: 999px;
    background: #eef4f8;
    color: #284b63;
    font-size: 0.8125rem;
  }
  .value .multiline {
    white-space: pre-line;
  }
  .chips {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .chip.option {
    display: inline-flex;
    align-items: center;
    gap: 0.3125rem;
    padding: 0.0625rem 0.5rem;
    border-radius: 999px;
    background: #eef4f8;
    color: #284b63;
    font-size: 0.8125rem;
  }
  .chip.option .dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    flex: none;
  }
  dt .required {
    color: var(--shoal-danger, #b42318);
  }
  .editor .custom-field > input,
  .editor .custom-field > select,
  .editor .custom-field > textarea {
    width: 100%;
  }
  .editor {
    display: grid;
    gap: 0.5rem;
    margin-top: 0.25rem;
  }
  .editor .line {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
  }
  .editor .line > input,
  .editor .line > select,
  .editor .line > textarea {
    flex: 1;
    min-width: 0;
  }
  .editor textarea {
    min-height: 4.5rem;
    resize: vertical;
  }
  .editor .buttons {
    display: flex;
    gap: 0.375rem;
    justify-content: flex-end;
  }
  .editor .hint,
  .editor .error {
    margin: 0;
  }
  .name-editor {
    flex: 1 1 22rem;
    max-width: 36rem;
  }
  .name-editor input {
    font-size: 1.25rem;
    font-weight: 600;
  }
  .conflict {
    margin: 0;
  }
  .conflict q {
    font-weight: 600;
  }
  .deleted {
    padding: 1.5rem;
  }
  .deleted h2 {
    margin: 0 0 0.375rem;
    font-size: 1.125rem;
  }
  .deleted p {
    margin: 0 0 1rem;
    color: var(--shoal-muted, #536171);
    line-height: 1.5;
  }
  .deleted .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .page-state {
    padding: 2.5rem 1.5rem;
    text-align: center;
  }
  .page-state h1,
  .page-state h2 {
    font-size: 1.25rem;
    margin: 0 0 0.5rem;
  }
  .page-state p {
    margin: 0 auto 1.25rem;
    max-width: 32rem;
    color: var(--shoal-muted, #536171);
    line-height: 1.5;
  }
  .page-state .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.5rem;
  }
  .page-skeleton {
    display: grid;
    gap: 1rem;
  }
  .page-skeleton .bar {
    height: 2.25rem;
    width: min(24rem, 70%);
    border-radius: 0.5rem;
    background: #e6ebf0;
  }
  .page-skeleton .block {
    height: 14rem;
    border-radius: 0.75rem;
    background: #eaeef2;
  }
  .restored {
    margin-bottom: 1rem;
  }
  @media (max-width: 40rem) {
    h1 {
      font-size: 1.375rem;
    }
    .monogram {
      width: 2.5rem;
      height: 2.5rem;
      font-size: 1rem;
    }
    .row {
      padding: 0.5rem 0.875rem;
    }
    .layout,
    .column {
      gap: 1rem;
    }
  }
`;

/** Everything a record's page is styled with: the shared parts, forms, sections, the page head, {@link recordPageStyles} and custom fields. */
export const recordPage = [base, forms, sectionStyles, pageHead, recordPageStyles, customFieldStyles];
