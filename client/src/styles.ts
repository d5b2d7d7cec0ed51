import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Declarations (for inside a rule) that take an element out of sight but not from screen
 * readers: `.trigger .name { ${offScreen} }`. The `.visually-hidden` class of `base` is made of them.
 */
export const offScreen = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;

/**
 * Declarations (for inside a rule) of a surface that floats over the page: the menus, the
 * search's results and the notifications panel (`.popup { position: …; ${popupSurface} }`).
 */
export const popupSurface = css`
  border-radius: 0.75rem;
  background: var(--shoal-surface, #fff);
  color: var(--shoal-text, #1b2430);
  border: 1px solid var(--shoal-border, #e3e8ee);
  box-shadow: 0 16px 40px rgb(15 23 42 / 22%);
`;

/**
 * A round button of the dark app header (`selector`: the user menu's `.trigger`, the inbox's
 * `.bell`): outlined in the header's light line, lighter on hover, a light focus ring. The
 * component adds its size and padding.
 */
export const headerButton = (selector: '.trigger' | '.bell'): CSSResult => {
  const button = unsafeCSS(selector);
  return css`
    ${button} {
      border-radius: 999px;
      border: 1px solid var(--shoal-menu-trigger-border, rgb(255 255 255 / 18%));
      background: transparent;
      color: var(--shoal-menu-trigger-text, #fff);
    }
    ${button}:hover:not(:disabled) {
      background: rgb(255 255 255 / 10%);
    }
    ${button}:focus-visible {
      outline: 2px solid #7dd3fc;
    }
  `;
};

/** A dialog component (for inside its styles): the host takes no box, the dialog is `rem` wide, or the screen less a margin on a phone. */
export const dialogHost = (rem: number): CSSResult => css`
  :host {
    display: contents;
  }
  dialog {
    width: min(${rem}rem, calc(100vw - 1.5rem));
  }
`;

/** Declarations (for inside a rule) of the small amber chip that says who just changed something ("edited by Dana Park"). */
export const noteChip = css`
  display: inline-block;
  padding: 0.0625rem 0.5rem;
  border-radius: 999px;
  font-size: 0.75rem;
  font-weight: 500;
  background: var(--shoal-note-bg, #fdf3d6);
  color: var(--shoal-note-text, #7a4b00);
`;

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

/** Declarations (for inside a rule) of a table's column heads: small muted capitals (`thead th { ${columnHead} }`). */
export const columnHead = css`
  font-size: 0.75rem;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: var(--shoal-muted, #536171);
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

/** The colours of message banners: `.banner.error-banner`, `.info`, `.warning` and `.success`. */
export const bannerColors = css`
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
`;

/** A field's label, hint and error message (`label`, `.hint`, `.error`). */
export const fieldParts = css`
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
`;

/**
 * Form parts shared by the sign-in, setup, team and token forms: labels, hints, field
 * errors and message banners.
 */
export const forms = css`
  .field + .field {
    margin-top: 1rem;
  }
  ${fieldParts}
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
  ${bannerColors}
  select {
    appearance: auto;
  }
`;

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

/** Colleagues on the same view: a muted label and a row of overlapping avatars (`.presence`, `.avatars`). */
export const presenceAvatars = css`
  .presence {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .avatars {
    display: flex;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .avatars li {
    display: inline-flex;
    margin-left: -0.375rem;
    border-radius: 50%;
    --shoal-avatar-size: 2rem;
    --shoal-avatar-ring: 0 0 0 2px var(--shoal-bg, #f4f6f8);
  }
  .avatars li:first-child {
    margin-left: 0;
  }
`;

/** The thin sliding bar of a view that is updating (`.progress`); the view places it. */
export const progressBar = css`
  .progress {
    height: 3px;
    background: linear-gradient(90deg, transparent, var(--shoal-primary, #0b6e99), transparent);
    background-size: 40% 100%;
    background-repeat: no-repeat;
    animation: slide 1s linear infinite;
  }
  @keyframes slide {
    from {
      background-position: -40% 0;
    }
    to {
      background-position: 140% 0;
    }
  }
`;

/** Short dark messages stacked at the bottom right of the screen (`.toasts`, `.toast`). */
export const toasts = css`
  .toasts {
    position: fixed;
    right: 1rem;
    bottom: 1rem;
    z-index: 20;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    max-width: min(24rem, calc(100vw - 2rem));
  }
  .toast {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.75rem 0.875rem 0.75rem 1rem;
    border-radius: 0.625rem;
    background: #1b2430;
    color: #fff;
    font-size: 0.875rem;
    box-shadow: 0 10px 30px rgb(15 23 42 / 25%);
  }
  .toast button {
    margin-left: auto;
    color: #fff;
    background: transparent;
    border-color: rgb(255 255 255 / 30%);
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

/** A quiet grey box in place of a panel's list: nothing in this period, or it could not load (`.muted-state`, `.muted-state.error`). */
export const mutedState = css`
  .muted-state {
    margin: 0.5rem 0;
    padding: 1.5rem 1rem;
    text-align: center;
    color: var(--shoal-muted, #536171);
    background: var(--shoal-surface-muted, #f7f9fb);
    border-radius: 0.5rem;
    font-size: 0.9rem;
  }
  .muted-state.error {
    color: #7a271a;
    background: #fef3f2;
  }
  .muted-state p {
    margin: 0 0 0.625rem;
  }
`;

/** A centred message in place of a view's content: nothing there yet, or loading failed (`.state`). */
export const stateMessage = css`
  .state {
    padding: 3rem 1.5rem;
    text-align: center;
  }
  .state h2 {
    margin: 0 0 0.375rem;
    font-size: 1.0625rem;
  }
  .state p {
    margin: 0 auto 1rem;
    max-width: 30rem;
    color: var(--shoal-muted, #536171);
    line-height: 1.5;
  }
  .state.error h2 {
    color: var(--shoal-danger, #b42318);
  }
`;

/** The moving shine of loading placeholders (`animation: shimmer …`). */
export const shimmer = css`
  @keyframes shimmer {
    from {
      background-position: 200% 0;
    }
    to {
      background-position: -200% 0;
    }
  }
`;

/** A dialog's form: the body scrolls, an intro under the title, fields in two columns (one on a phone). */
export const dialogForm = css`
  form {
    display: flex;
    flex-direction: column;
    max-height: calc(100dvh - 1.5rem);
  }
  .dialog-body {
    overflow: auto;
  }
  .intro {
    margin: 0.25rem 0 0;
    color: var(--shoal-muted, #536171);
    font-size: 0.875rem;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.875rem 1rem;
  }
  @media (max-width: 34rem) {
    .grid {
      grid-template-columns: 1fr;
    }
  }
  .required {
    color: var(--shoal-danger, #b42318);
    font-weight: 400;
  }
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

/** The full-width submit button at the foot of the sign-in and setup forms (`.submit`). */
export const submitButton = css`
  .submit {
    width: 100%;
    margin-top: 1.25rem;
    min-height: 2.75rem;
    font-size: 0.9375rem;
  }
`;

/** A job's progress: `.label` (what and how far) over a `<progress>` bar. */
export const jobProgress = css`
  .label {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    margin-bottom: 0.375rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  progress {
    display: block;
    width: 100%;
    height: 0.625rem;
    border: 0;
    border-radius: 999px;
    overflow: hidden;
    background: var(--shoal-border, #e3e8ee);
    accent-color: var(--shoal-primary, #0b6e99);
  }
  progress::-webkit-progress-bar {
    background: var(--shoal-border, #e3e8ee);
  }
  progress::-webkit-progress-value {
    background: var(--shoal-primary, #0b6e99);
    border-radius: 999px;
    transition: width 0.3s ease;
  }
  @media (prefers-reduced-motion: reduce) {
    progress::-webkit-progress-value {
      transition: none;
    }
  }
`;
