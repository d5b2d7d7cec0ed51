/** A page's boxes: cards, the page head, panels. */
import { css } from 'lit';

/** A white box with a border and a faint shadow: `.card`. */
export const cardBox = css`
  .card {
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border, #e3e8ee);
    border-radius: 0.75rem;
    box-shadow: 0 1px 2px rgb(16 24 40 / 5%);
  }
`;

/** A page's head (`.page-head`, or `.head` in the views): title and subtitle on the left, tools on the right. */
export const pageHead = css`
  .page-head,
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 0.75rem 1rem;
    margin-bottom: 1rem;
  }
  h1 {
    margin: 0;
    font-size: 1.5rem;
    letter-spacing: -0.01em;
  }
  h1:focus {
    outline: none;
  }
  .subtitle {
    margin: 0.25rem 0 0;
    color: var(--shoal-muted, #536171);
    font-size: 0.9rem;
  }
`;

/** A white card with a border, as the pages use for their sections, and the page's head. */
export const card = css`
  ${cardBox}
  ${pageHead}
`;

/** A dashboard panel: the host fills its grid cell, the `section` is a white card with its content in a column. */
export const panel = css`
  :host {
    display: block;
    min-width: 0;
  }
  section {
    height: 100%;
    display: flex;
    flex-direction: column;
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border, #e3e8ee);
    border-radius: 0.75rem;
    box-shadow: 0 1px 2px rgb(16 24 40 / 5%);
    padding: 1rem 1rem 0.875rem;
  }
`;
