import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { avatarColors, initials } from '../format/people.js';

/**
 * A person's initials on their colour. Decorative by default (the surrounding text names
 * the person); give it a `label` to make it an image screen readers announce.
 *
 * @cssproperty --shoal-avatar-size - Width and height (default 1.75rem).
 * @cssproperty --shoal-avatar-ring - A ring around it, e.g. `2px solid #fff` (default none).
 */
@customElement('shoal-avatar')
export class ShoalAvatar extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      flex: none;
    }
    span {
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

  /** The person's name; the initials come from it. */
  @property()
  name = '';

  /** Their colour (`#rrggbb`); a stable colour from `userId` when missing. */
  @property()
  color: string | undefined;

  /** Their id, for the fallback colour. */
  @property({ attribute: 'user-id' })
  userId = '';

  /** What screen readers hear; without it the avatar is hidden from them. */
  @property()
  label: string | undefined;

  protected override render() {
    const { background, text } = avatarColors(this.color, this.userId || this.name);
    const style = styleMap({ background, color: text });
    return this.label
      ? html`<span role="img" aria-label=${this.label} style=${style}>${initials(this.name)}</span>`
      : html`<span aria-hidden="true" style=${style}>${initials(this.name)}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-avatar': ShoalAvatar;
  }
}
