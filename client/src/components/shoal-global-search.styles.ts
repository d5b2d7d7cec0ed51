import { css } from 'lit';
import { offScreen, plainList, popupSurface } from '../styles.js';

/** The global search's own styles: the field, its button at phone width and the popup of grouped results. */
export const globalSearchStyles = css`
  :host {
    display: block;
    color: inherit;
  }
  .search {
    position: relative;
    /* Narrower as the header fills up, so it stays on one line. */
    width: var(--shoal-search-width, clamp(9rem, 100vw - 52rem, 17rem));
  }
  .icon {
    position: absolute;
    left: 0.625rem;
    top: 50%;
    translate: 0 -50%;
    display: flex;
    color: #9fb3c3;
    cursor: text;
  }
  input {
    min-height: 2.25rem;
    padding: 0.375rem 2.25rem 0.375rem 2.125rem;
    border-radius: 0.5rem;
    border: 1px solid rgb(255 255 255 / 18%);
    background: rgb(255 255 255 / 8%);
    color: #fff;
    font-size: 0.875rem;
    text-overflow: ellipsis;
  }
  input::placeholder {
    color: #9fb3c3;
    opacity: 1;
  }
  input:hover {
    background: rgb(255 255 255 / 12%);
  }
  input:focus {
    background: var(--shoal-surface, #fff);
    color: var(--shoal-text, #1b2430);
    border-color: #7dd3fc;
    outline: 2px solid #7dd3fc;
    outline-offset: 0;
  }
  input:focus::placeholder {
    color: var(--shoal-muted, #536171);
  }
  .search:focus-within .icon {
    color: var(--shoal-muted, #536171);
  }
  input::-webkit-search-cancel-button {
    display: none;
  }
  .hint {
    position: absolute;
    right: 0.5rem;
    top: 50%;
    translate: 0 -50%;
    min-width: 1.375rem;
    padding: 0 0.375rem;
    border: 1px solid rgb(255 255 255 / 25%);
    border-radius: 0.3125rem;
    font: 600 0.75rem/1.25rem ui-monospace, SFMono-Regular, Menlo, monospace;
    text-align: center;
    color: #c2d1dc;
    pointer-events: none;
  }
  input:focus ~ .hint,
  input:not(:placeholder-shown) ~ .hint {
    display: none;
  }
  .cancel,
  .scrim {
    display: none;
  }
  .popup {
    position: absolute;
    left: 0;
    top: calc(100% + 0.375rem);
    z-index: 40;
    width: max(100%, min(26rem, calc(100vw - 1.5rem)));
    max-height: min(32rem, calc(100dvh - 5rem));
    overflow-y: auto;
    padding: 0.375rem;
    ${popupSurface}
    font-size: 0.875rem;
  }
  .note {
    margin: 0;
    padding: 0.625rem 0.75rem;
    color: var(--shoal-muted, #536171);
  }
  .note.busy {
    padding: 0.25rem 0.75rem 0.375rem;
    font-size: 0.8125rem;
  }
  .error {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: 0.5rem;
    background: #fef3f2;
    color: #7a271a;
    line-height: 1.4;
  }
  [role='listbox'][aria-busy='true'] {
    opacity: 0.6;
  }
  ${plainList}
  ul + ul {
    margin-top: 0.25rem;
    padding-top: 0.25rem;
    border-top: 1px solid var(--shoal-border, #e3e8ee);
  }
  .group-label {
    padding: 0.375rem 0.75rem 0.25rem;
    font-size: 0.6875rem;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--shoal-muted, #536171);
  }
  [role='option'] {
    display: block;
    padding: 0.4375rem 0.75rem;
    border-radius: 0.5rem;
    cursor: pointer;
  }
  [role='option']:hover {
    background: var(--shoal-hover, #f1f4f7);
  }
  [role='option'][aria-selected='true'] {
    background: #e0f2fe;
    box-shadow: inset 3px 0 0 var(--shoal-primary, #0b6e99);
  }
  .name {
    display: block;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .detail {
    display: block;
    margin-top: 0.0625rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  mark {
    background: none;
    color: inherit;
    text-decoration: underline;
    text-decoration-color: var(--shoal-primary, #0b6e99);
    text-decoration-thickness: 2px;
    text-underline-offset: 2px;
  }
  .more {
    padding: 0.25rem 0.75rem 0.375rem;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  @media (max-width: 60rem) {
    .search {
      position: static;
      width: auto;
    }
    /* Collapsed: the icon is the button, the field is there for the keyboard only. */
    .icon {
      position: static;
      translate: none;
      width: 2.25rem;
      height: 2.25rem;
      align-items: center;
      justify-content: center;
      border-radius: 999px;
      border: 1px solid rgb(255 255 255 / 18%);
      color: #e6edf3;
      cursor: pointer;
    }
    :host(:not(:focus-within)) input {
      ${offScreen}
      min-height: 0;
      padding: 0;
      border: 0;
    }
    .hint {
      display: none;
    }
    /* Open: a bar over the top of the header. */
    :host(:focus-within) .search {
      position: fixed;
      inset: 0 0 auto 0;
      z-index: 40;
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem 0.75rem;
      background: var(--shoal-header-bg, #0f2a3d);
      box-shadow: 0 4px 12px rgb(15 23 42 / 25%);
    }
    :host(:focus-within) .icon {
      position: absolute;
      left: 1.25rem;
      top: 1.625rem;
      translate: 0 -50%;
      width: auto;
      height: auto;
      border: 0;
      color: var(--shoal-muted, #536171);
    }
    :host(:focus-within) input {
      flex: 1;
      font-size: 1rem;
    }
    :host(:focus-within) .cancel {
      display: inline-flex;
      border-color: transparent;
      background: transparent;
      color: #e6edf3;
    }
    /* Dims the page under the open bar; a tap on it leaves the search. */
    :host(:focus-within) .scrim {
      display: block;
      position: fixed;
      inset: 0;
      z-index: 39;
      background: rgb(15 23 42 / 45%);
    }
    .popup {
      position: fixed;
      left: 0.5rem;
      right: 0.5rem;
      top: 3.5rem;
      width: auto;
      max-width: 40rem;
      max-height: calc(100dvh - 4rem);
    }
  }
`;
