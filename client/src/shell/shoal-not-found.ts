import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { NavigateDetail } from '../components/shoal-user-menu.js';
import { base, cardBox } from '../styles.js';
import { isPlainClick, paths } from './routes.js';

/**
 * The page of an address Shoal has no page for (a mistyped or old link): it says so, shows the
 * address, and offers the way back to the user's landing page and to Customers.
 *
 * @fires shoal-navigate - The user chose one of the links. Detail: `{ path }`.
 */
@customElement('shoal-not-found')
export class ShoalNotFound extends LitElement {
  static override styles = [
    base,
    cardBox,
    css`
      :host {
        display: block;
      }
      .card {
        max-width: 36rem;
        margin: 2.5rem auto;
        padding: 2.5rem 2rem 2rem;
        text-align: center;
      }
      .code {
        margin: 0 0 0.5rem;
        font-size: 0.8125rem;
        font-weight: 600;
        letter-spacing: 0.08em;
        text-transform: uppercase;
        color: var(--shoal-muted, #536171);
      }
      h1 {
        margin: 0 0 0.75rem;
        font-size: 1.5rem;
        letter-spacing: -0.01em;
      }
      h1:focus {
        outline: none;
      }
      p {
        margin: 0 auto 1.5rem;
        max-width: 28rem;
        color: var(--shoal-muted, #536171);
        line-height: 1.55;
      }
      code {
        overflow-wrap: anywhere;
        padding: 0.0625rem 0.375rem;
        border-radius: 0.375rem;
        background: #eef2f6;
        color: var(--shoal-text, #1b2430);
        font-size: 0.875rem;
      }
      a.button.primary {
        background: var(--shoal-primary, #0b6e99);
        border-color: var(--shoal-primary, #0b6e99);
        color: #fff;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: 0.5rem;
      }
      @media (max-width: 40rem) {
        .card {
          margin: 1rem auto;
          padding: 2rem 1.25rem 1.5rem;
        }
      }
    `,
  ];

  /** The address that has no page. */
  @property()
  path = '';

  /** The user's landing page: its address and its name ("My work", "Customers"). */
  @property({ attribute: false })
  home: { path: string; label: string } = { path: paths.customers(), label: 'Customers' };

  #go(event: MouseEvent, path: string): void {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  protected override render() {
    const home = this.home;
    const customers = paths.customers();
    return html`<section class="card" aria-labelledby="not-found-title">
      <p class="code">Error 404</p>
      <h1 id="not-found-title" tabindex="-1">Page not found</h1>
      <p>There's no page at <code>${this.path}</code>. The link may be old or mistyped, or the record it pointed to was deleted.</p>
      <div class="actions">
        <a class="button primary" href=${home.path} @click=${(e: MouseEvent) => this.#go(e, home.path)}>Go to ${home.label}</a>
        ${home.path === customers ? '' : html`<a class="button" href=${customers} @click=${(e: MouseEvent) => this.#go(e, customers)}>Customers</a>`}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-not-found': ShoalNotFound;
  }
}
