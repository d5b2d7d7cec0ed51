import { css } from 'lit';

/**
 * The list kit's parts: a toolbar button that opens a panel under it (`.pop`, `.panel`), and
 * removable filter chips (`.chip`).
 */
export const listParts = css`
  .pop {
    position: relative;
    display: inline-block;
  }
  .panel {
    position: absolute;
    z-index: 20;
    top: calc(100% + 0.375rem);
    left: 0;
    width: min(22rem, calc(100vw - 2rem));
    max-height: min(28rem, 70dvh);
    overflow: auto;
    padding: 0.875rem 1rem 1rem;
    border: 1px solid var(--shoal-border, #e3e8ee);
    border-radius: 0.75rem;
    background: var(--shoal-surface, #fff);
    box-shadow: 0 12px 32px rgb(15 23 42 / 16%);
  }
  .panel.end {
    left: auto;
    right: 0;
  }
  .panel h3 {
    margin: 0 0 0.625rem;
    font-size: 0.9375rem;
  }
  .panel label {
    display: block;
    font-size: 0.8125rem;
    font-weight: 600;
    margin: 0.625rem 0 0.25rem;
  }
  .panel .row {
    display: flex;
    gap: 0.5rem;
  }
  .panel .row > * {
    flex: 1;
  }
  .panel .buttons {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 0.875rem;
  }
  .panel .error {
    margin: 0.5rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-danger, #b42318);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    min-height: 2rem;
    padding: 0.125rem 0.25rem 0.125rem 0.75rem;
    border-radius: 999px;
    border: 1px solid var(--shoal-chip-border, #b9d7e6);
    background: var(--shoal-tag-bg, #e8f1f6);
    color: var(--shoal-tag-text, #0d4f6e);
    font-size: 0.8125rem;
    font-weight: 500;
  }
  .chip button {
    min-height: 1.5rem;
    width: 1.5rem;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: inherit;
  }
  .chip button:hover:not(:disabled) {
    background: rgb(13 79 110 / 12%);
  }
`;
