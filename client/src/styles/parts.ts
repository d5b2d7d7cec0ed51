/** Declarations to put inside a rule (`.popup { ${popupSurface} }`) and the style helpers that take an argument. */
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

/** Declarations (for inside a rule) of a table's column heads: small muted capitals (`thead th { ${columnHead} }`). */
export const columnHead = css`
  font-size: 0.75rem;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: var(--shoal-muted, #536171);
`;
