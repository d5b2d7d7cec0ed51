import { css } from 'lit';

/** The Customers view's own styles beside the list kit's (`listPageStyles`): its toolbar, and its toasts' buttons. */
export const customersViewStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    margin-bottom: 0.875rem;
  }
  .toast button:hover:not(:disabled) {
    background: rgb(255 255 255 / 12%);
  }
`;
