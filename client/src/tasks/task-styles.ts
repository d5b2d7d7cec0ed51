import { css } from 'lit';

/** What a task's row looks like in every list of tasks (a customer's, My work): its tick box, its title as a button, its type icon. */
export const taskRowStyles = css`
  li:focus-within {
    background: var(--shoal-accent-soft, #eef6ff);
  }
  li input[type='checkbox'] {
    width: 1.125rem;
    height: 1.125rem;
    margin: 0;
  }
  button.title {
    display: inline;
    min-height: 0;
    padding: 0;
    border: none;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 600;
    text-align: start;
    overflow-wrap: anywhere;
    cursor: pointer;
  }
  button.title:hover {
    text-decoration: underline;
  }
  .icon {
    display: inline-flex;
    color: var(--shoal-muted, #536171);
  }
`;
