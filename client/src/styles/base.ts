/** The styles every component adopts first: buttons, fields, the focus ring, visually hidden text. */
import { css } from 'lit';
import { offScreen } from './parts.js';

/**
 * Styles shared by Shoal's components: buttons, fields, focus ring, visually hidden text.
 * Colours come from custom properties set on `:root` in index.html, with fallbacks so a
 * component also looks right on its own (in component tests).
 */
export const base = css`
  :host {
    box-sizing: border-box;
    font-family: var(--shoal-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--shoal-text, #1b2430);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    ${offScreen}
    position: absolute !important;
    padding: 0;
    margin: -1px;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--shoal-focus, #1d6fd8);
    outline-offset: 2px;
  }
  button,
  .button {
    font: inherit;
    font-size: 0.875rem;
    font-weight: 600;
    line-height: 1.25;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
    min-height: 2.25rem;
    padding: 0.4375rem 0.875rem;
    border-radius: 0.5rem;
    border: 1px solid var(--shoal-border-strong, #c5ced8);
    background: var(--shoal-surface, #fff);
    color: var(--shoal-text, #1b2430);
    cursor: pointer;
    text-decoration: none;
    white-space: nowrap;
  }
  button:hover:not(:disabled) {
    background: var(--shoal-hover, #f1f4f7);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  button.primary {
    background: var(--shoal-primary, #0b6e99);
    border-color: var(--shoal-primary, #0b6e99);
    color: #fff;
  }
  button.primary:hover:not(:disabled) {
    background: var(--shoal-primary-hover, #095a7d);
  }
  button.danger {
    background: var(--shoal-danger, #b42318);
    border-color: var(--shoal-danger, #b42318);
    color: #fff;
  }
  button.danger:hover:not(:disabled) {
    background: #912018;
  }
  button.ghost {
    border-color: transparent;
    background: transparent;
  }
  button.small,
  .button.small {
    min-height: 2rem;
    padding: 0.25rem 0.625rem;
    font-size: 0.8125rem;
  }
  input,
  textarea,
  select {
    font: inherit;
    font-size: 0.9375rem;
    color: inherit;
    width: 100%;
    min-height: 2.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--shoal-border-strong, #c5ced8);
    border-radius: 0.5rem;
    background: var(--shoal-surface, #fff);
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--shoal-danger, #b42318);
    box-shadow: 0 0 0 1px var(--shoal-danger, #b42318);
  }
  dialog {
    border: none;
    border-radius: 0.875rem;
    padding: 0;
    width: min(34rem, calc(100vw - 1.5rem));
    max-height: calc(100dvh - 1.5rem);
    color: inherit;
    box-shadow: 0 24px 64px rgb(15 23 42 / 28%);
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 45%);
  }
  .dialog-head {
    padding: 1.25rem 1.5rem 0.25rem;
  }
  .dialog-head h2 {
    margin: 0;
    font-size: 1.1875rem;
  }
  .dialog-body {
    padding: 0.75rem 1.5rem 1rem;
  }
  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    padding: 1rem 1.5rem 1.25rem;
    border-top: 1px solid var(--shoal-border, #e3e8ee);
  }
`;
