import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../../shared/user.js';
import { roleLabel } from '../format.js';
import { base, headerButton, offScreen, popupSurface } from '../styles.js';
import './shoal-avatar.js';
import { paths } from '../shell/routes.js';

/** Detail of `shoal-navigate`. */
export interface NavigateDetail {
  /** The app path to show, e.g. `/profile`. */
  path: string;
}

/**
 * The signed-in user's avatar and name in the header: a menu button (named by the user's
 * name) opening a menu with Profile and Sign out.
 * Keyboard: Enter, Space or ArrowDown open it on the first item; ArrowUp/ArrowDown move;
 * Escape closes it and returns to the button; Tab closes it.
 *
 * @fires shoal-navigate - The user chose Profile. Detail: `{ path: paths.profile() }`.
 * @fires shoal-sign-out - The user chose Sign out.
 */
@customElement('shoal-user-menu')
export class ShoalUserMenu extends LitElement {
  static override styles = [
    base,
    headerButton('.trigger'),
    css`
      :host {
        position: relative;
        display: inline-flex;
      }
      .trigger {
        gap: 0.5rem;
        min-height: 2.25rem;
        padding: 0.1875rem 0.625rem 0.1875rem 0.1875rem;
        font-weight: 500;
      }
      .caret {
        opacity: 0.75;
      }
      .popup {
        position: absolute;
        right: 0;
        top: calc(100% + 0.375rem);
        z-index: 30;
        min-width: 15rem;
        padding: 0.375rem;
        ${popupSurface}
      }
      .who {
        display: flex;
        align-items: center;
        gap: 0.625rem;
        padding: 0.5rem 0.625rem 0.625rem;
        margin-bottom: 0.25rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
        --shoal-avatar-size: 2.25rem;
      }
      .who strong {
        display: block;
        font-size: 0.9375rem;
      }
      .who span {
        display: block;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        overflow-wrap: anywhere;
      }
      [role='menuitem'] {
        display: flex;
        width: 100%;
        justify-content: flex-start;
        border: none;
        background: transparent;
        font-weight: 500;
        border-radius: 0.5rem;
      }
      [role='menuitem']:hover,
      [role='menuitem']:focus {
        background: var(--shoal-hover, #f1f4f7);
      }
      @media (max-width: 40rem) {
        .trigger .caret {
          display: none;
        }
        /* Only the avatar shows; screen readers still hear the name. */
        .trigger .name {
          ${offScreen}
        }
        .trigger {
          padding-right: 0.1875rem;
        }
      }
    `,
  ];

  /** The signed-in user. */
  @property({ attribute: false })
  user: User | undefined;

  /** Whether the menu is open. */
  @state() private open = false;

  #focusOnOpen: 'first' | 'last' = 'first';

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.#onOutside, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.#onOutside, true);
  }

  readonly #onOutside = (event: Event) => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open' as keyof ShoalUserMenu) && this.open) {
      const items = this.#items();
      (this.#focusOnOpen === 'first' ? items[0] : items.at(-1))?.focus();
    }
  }

  #items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  #trigger(): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>('.trigger');
  }

  #close(returnFocus: boolean): void {
    this.open = false;
    if (returnFocus) this.#trigger()?.focus();
  }

  #onTriggerKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.#focusOnOpen = event.key === 'ArrowDown' ? 'first' : 'last';
      this.open = true;
    }
  }

  #onMenuKey(event: KeyboardEvent): void {
    const items = this.#items();
    const index = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(items.length - 1);
      case 'Escape':
        event.preventDefault();
        return this.#close(true);
      case 'Tab':
        this.open = false;
        return;
    }
  }

  #choose(type: 'profile' | 'sign-out'): void {
    this.#close(type === 'profile');
    if (type === 'profile') this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: paths.profile() }, bubbles: true, composed: true }));
    else this.dispatchEvent(new CustomEvent('shoal-sign-out', { bubbles: true, composed: true }));
  }

  protected override render() {
    const user = this.user;
    if (!user) return nothing;
    return html`<button
        type="button"
        class="trigger"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls=${this.open ? 'user-menu' : nothing}
        @click=${() => {
          this.#focusOnOpen = 'first';
          this.open = !this.open;
        }}
        @keydown=${(e: KeyboardEvent) => this.#onTriggerKey(e)}
      >
        <shoal-avatar name=${user.name} color=${user.color} user-id=${user.id}></shoal-avatar>
        <span class="name">${user.name}</span>
        <svg class="caret" aria-hidden="true" viewBox="0 0 20 20" width="14" height="14" fill="currentColor"><path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" /></svg>
      </button>
      ${this.open
        ? html`<div class="popup">
            <div class="who">
              <shoal-avatar name=${user.name} color=${user.color} user-id=${user.id}></shoal-avatar>
              <div>
                <strong>${user.name}</strong>
                <span>${user.email}</span>
                <span>${roleLabel(user.role)}</span>
              </div>
            </div>
            <div id="user-menu" role="menu" aria-label="Account" @keydown=${(e: KeyboardEvent) => this.#onMenuKey(e)}>
              <button type="button" role="menuitem" class="profile" @click=${() => this.#choose('profile')}>Profile and API tokens</button>
              <button type="button" role="menuitem" class="sign-out" @click=${() => this.#choose('sign-out')}>Sign out</button>
            </div>
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-user-menu': ShoalUserMenu;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-navigate': CustomEvent<NavigateDetail>;
    'shoal-sign-out': CustomEvent<void>;
  }
}
