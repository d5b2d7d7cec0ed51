import { css } from 'lit';

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
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
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
  button.small {
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

/**
 * Form parts shared by the sign-in, setup, team and token forms: labels, hints, field
 * errors and message banners.
 */
export const forms = css`
  .field + .field {
    margin-top: 1rem;
  }
  label {
    display: block;
    font-size: 0.875rem;
    font-weight: 600;
    margin-bottom: 0.3125rem;
  }
  .hint {
    margin: 0.3125rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .error {
    display: flex;
    gap: 0.3rem;
    margin: 0.3125rem 0 0;
    font-size: 0.8125rem;
    font-weight: 500;
    color: var(--shoal-danger, #b42318);
  }
  .banner {
    border-radius: 0.625rem;
    padding: 0.75rem 0.875rem;
    margin: 0 0 1rem;
    font-size: 0.875rem;
    line-height: 1.45;
  }
  .banner p {
    margin: 0;
  }
  .banner.error-banner {
    background: #fef3f2;
    border: 1px solid #fecdca;
    color: #7a271a;
  }
  .banner.info {
    background: #eff8ff;
    border: 1px solid #b2ddff;
    color: #194185;
  }
  .banner.warning {
    background: #fffaeb;
    border: 1px solid #fedf89;
    color: #7a2e0e;
  }
  .banner.success {
    background: #ecfdf3;
    border: 1px solid #abefc6;
    color: #054f31;
  }
  select {
    appearance: auto;
  }
`;

/** A white card with a border, as the pages use for their sections. */
export const card = css`
  .card {
    background: var(--shoal-surface, #fff);
    border: 1px solid var(--shoal-border, #e3e8ee);
    border-radius: 0.75rem;
    box-shadow: 0 1px 2px rgb(16 24 40 / 5%);
  }
  .page-head {
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
