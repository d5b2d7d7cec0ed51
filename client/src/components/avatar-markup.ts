import { css, html } from 'lit';
import { avatarColors, initials } from '../format/people.js';

/**
 * A person's avatar as plain markup, for templates that show many (a board card each): the
 * same look as `<shoal-avatar>`, which renders this, without an element and shadow root per
 * avatar. Include `avatarStyles` in the component's styles.
 *
 * @cssproperty --shoal-avatar-size - Width and height (default 1.75rem).
 * @cssproperty --shoal-avatar-ring - A ring around it, e.g. `0 0 0 2px #fff` (default none).
 */
export const avatarStyles = css`
  .avatar {
    flex: none;
    width: var(--shoal-avatar-size, 1.75rem);
    height: var(--shoal-avatar-size, 1.75rem);
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-family: var(--shoal-font, system-ui, sans-serif);
    font-size: calc(var(--shoal-avatar-size, 1.75rem) * 0.4);
    font-weight: 700;
    line-height: 1;
    letter-spacing: 0.02em;
    box-shadow: var(--shoal-avatar-ring, none);
    user-select: none;
  }
`;

/**
 * The initials of `name` on their colour (`color`, or a stable one from `id`). Decorative (the
 * text around names the person) unless given a `label`, which screen readers announce.
 */
export function avatar(name: string, color: string | undefined, id: string, label?: string) {
  const { background, text } = avatarColors(color, id || name);
  // Both colours come from avatarColors: a checked #rrggbb or an hsl() it builds, never raw input.
  const style = `background: ${background}; color: ${text}`;
  return label
    ? html`<span class="avatar" role="img" aria-label=${label} style=${style}>${initials(name)}</span>`
    : html`<span class="avatar" aria-hidden="true" style=${style}>${initials(name)}</span>`;
}
