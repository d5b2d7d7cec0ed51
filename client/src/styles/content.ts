/** Lists, links and tables. */
import { css } from 'lit';

/** A list without bullets or indent (`ul`), for lists that are rows or chips. */
export const plainList = css`
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
`;

/** Links in the link colour, underlined on hover (`a`). */
export const links = css`
  a {
    color: var(--shoal-link, #0b6e99);
    text-decoration: none;
  }
  a:hover {
    text-decoration: underline;
  }
`;

/** A data table's cells (`th`, `td`): left-aligned, a rule under each row, the settings' and the customer page's deals' spacing. */
export const tableCells = css`
  th,
  td {
    text-align: left;
    padding: 0.625rem 0.75rem;
    border-bottom: 1px solid var(--shoal-border, #e3e8ee);
    vertical-align: middle;
  }
`;

/** The small muted labels over a panel's filters (`.filters label`). */
export const filterLabels = css`
  .filters label {
    display: block;
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--shoal-muted, #536171);
    margin-bottom: 0.1875rem;
  }
`;
