import { LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { avatar, avatarStyles } from './avatar-markup.js';

/**
 * A person's initials on their colour. Decorative by default (the surrounding text names
 * the person); give it a `label` to make it an image screen readers announce. Templates that
 * show many (the board's cards) use the same markup without the element (avatar-markup.ts).
 *
 * @cssproperty --shoal-avatar-size - Width and height (default 1.75rem).
 * @cssproperty --shoal-avatar-ring - A ring around it, e.g. `2px solid #fff` (default none).
 */
@customElement('shoal-avatar')
export class ShoalAvatar extends LitElement {
  static override styles = [
    css`
      :host {
        display: inline-flex;
        flex: none;
      }
    `,
    avatarStyles,
  ];

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
    return avatar(this.name, this.color, this.userId, this.label);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-avatar': ShoalAvatar;
  }
}
