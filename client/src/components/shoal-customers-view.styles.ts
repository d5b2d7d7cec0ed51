import { css } from 'lit';

/** The Customers view's own styles: the head's buttons, the toolbar, the table's card with its progress bar and loading skeleton. */
export const customersViewStyles = css`
  :host {
    display: block;
  }
  .head-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    margin-bottom: 0.875rem;
  }
  .card {
    position: relative;
    overflow: hidden;
  }
  .progress {
    position: absolute;
    inset: 0 0 auto;
    z-index: 2;
  }
  .skeleton {
    padding: 0.5rem 1rem;
  }
  .skeleton div {
    height: 1rem;
    margin: 1.125rem 0;
    border-radius: 0.25rem;
    background: linear-gradient(90deg, #eef1f4 25%, #f6f8fa 50%, #eef1f4 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton div,
    .progress {
      animation: none;
    }
  }
  .toast button:hover:not(:disabled) {
    background: rgb(255 255 255 / 12%);
  }
`;
