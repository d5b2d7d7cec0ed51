import { provide } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ShoalApi } from '../api.js';
import { apiContext, identityContext, liveContext } from '../context.js';
import { hueOf, initials } from '../format.js';
import { Identity } from '../identity.js';
import { LiveClient } from '../live.js';
import { base } from '../styles.js';
import './shoal-connection-status.js';
import './shoal-customers-view.js';
import './shoal-rep-name-dialog.js';
import type { RepNameDetail } from './shoal-rep-name-dialog.js';

const logo = html`<svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
  <rect width="32" height="32" rx="8" fill="#38bdf8" fill-opacity="0.18" />
  <path d="M6 19c3 0 4-3 7-3s4 3 7 3 4-3 6-3" fill="none" stroke="#7dd3fc" stroke-width="2.4" stroke-linecap="round" />
  <path d="M6 13c3 0 4-3 7-3s4 3 7 3 4-3 6-3" fill="none" stroke="#e0f2fe" stroke-width="2.4" stroke-linecap="round" />
</svg>`;

/**
 * The application shell: header with navigation, the live connection indicator and the
 * rep's name, and the Customers view. It owns the REST client, the live connection and the
 * rep's identity, and hands them down through context. On a first visit it asks the rep
 * for the name colleagues will see.
 */
@customElement('shoal-app')
export class ShoalApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        min-height: 100dvh;
        background: var(--shoal-bg, #f4f6f8);
      }
      .skip {
        position: absolute;
        left: 0.5rem;
        top: -3rem;
        z-index: 50;
        padding: 0.5rem 0.875rem;
        border-radius: 0.5rem;
        background: #fff;
        color: var(--shoal-text, #1b2430);
      }
      .skip:focus {
        top: 0.5rem;
      }
      header {
        background: var(--shoal-header-bg, #0f2a3d);
        color: #e6edf3;
        --shoal-status-text: #e6edf3;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1.5rem;
        max-width: 84rem;
        margin: 0 auto;
        padding: 0.625rem 1.5rem;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 1.1875rem;
        font-weight: 700;
        letter-spacing: -0.01em;
        color: #fff;
      }
      nav ul {
        display: flex;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a,
      nav .soon {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        padding: 0.4375rem 0.75rem;
        border-radius: 0.5rem;
        font-size: 0.9rem;
        font-weight: 500;
        color: #c2d1dc;
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        background: rgb(255 255 255 / 12%);
        color: #fff;
      }
      nav a:focus-visible,
      .rep:focus-visible {
        outline: 2px solid #7dd3fc;
        outline-offset: 2px;
      }
      nav .soon {
        color: #8da2b3;
        cursor: not-allowed;
      }
      .badge {
        font-size: 0.6875rem;
        font-weight: 600;
        padding: 0 0.375rem;
        border-radius: 999px;
        background: rgb(255 255 255 / 10%);
      }
      .end {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        margin-left: auto;
      }
      .rep {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 2.25rem;
        padding: 0.1875rem 0.625rem 0.1875rem 0.1875rem;
        border-radius: 999px;
        border: 1px solid rgb(255 255 255 / 18%);
        background: transparent;
        color: #fff;
        font-weight: 500;
      }
      .rep:hover:not(:disabled) {
        background: rgb(255 255 255 / 10%);
      }
      .avatar {
        width: 1.75rem;
        height: 1.75rem;
        border-radius: 50%;
        display: grid;
        place-items: center;
        font-size: 0.75rem;
        font-weight: 700;
        color: #fff;
      }
      main {
        max-width: 84rem;
        margin: 0 auto;
        padding: 1.5rem;
      }
      @media (max-width: 40rem) {
        .bar {
          padding: 0.5rem 1rem;
          gap: 0.375rem 0.75rem;
        }
        nav {
          order: 3;
          width: 100%;
          overflow-x: auto;
        }
        .rep .name {
          display: none;
        }
        .rep {
          padding-right: 0.1875rem;
        }
        main {
          padding: 1rem 0.75rem;
        }
      }
    `,
  ];

  /** Base URL of the REST API. */
  @property({ attribute: 'api-base' })
  apiBase = '/api';

  @provide({ context: identityContext })
  @state()
  private identity = new Identity();

  @provide({ context: apiContext })
  @state()
  private api: ShoalApi | undefined;

  @provide({ context: liveContext })
  @state()
  private live: LiveClient | undefined;

  @state() private repName: string | undefined;
  @state() private askName = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.api ??= new ShoalApi({ base: this.apiBase, actor: () => this.identity.actor });
    this.repName = this.identity.name;
    if (this.identity.actor) this.#startLive();
    else this.askName = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.live?.stop();
    this.live = undefined;
  }

  #startLive(): void {
    const actor = this.identity.actor;
    if (!actor || !this.api || this.live) return;
    const live = new LiveClient({ api: this.api, actor });
    live.start();
    this.live = live;
  }

  #onName(event: CustomEvent<RepNameDetail>): void {
    this.identity.setName(event.detail.name);
    this.repName = this.identity.name;
    this.askName = false;
    const actor = this.identity.actor;
    if (this.live && actor) this.live.setActor(actor);
    else this.#startLive();
  }

  protected override render() {
    const name = this.repName;
    return html`<a class="skip button" href="#main" @click=${(e: Event) => {
        e.preventDefault();
        this.renderRoot.querySelector<HTMLElement>('main')?.focus();
      }}>Skip to content</a>
      <header>
        <div class="bar">
          <div class="brand">${logo}<span>Shoal</span></div>
          <nav aria-label="Main">
            <ul>
              <li><a href="/" aria-current="page">Customers</a></li>
              <li><span class="soon" aria-disabled="true">Pipeline <span class="badge">Soon</span></span></li>
              <li><span class="soon" aria-disabled="true">Dashboard <span class="badge">Soon</span></span></li>
            </ul>
          </nav>
          <div class="end">
            <shoal-connection-status></shoal-connection-status>
            ${name
              ? html`<button type="button" class="rep" aria-label="You are ${name}. Change your name" title="Change your name" @click=${() => (this.askName = true)}>
                  <span class="avatar" aria-hidden="true" style="background: hsl(${hueOf(this.identity.id)} 55% 42%)">${initials(name)}</span>
                  <span class="name" aria-hidden="true">${name}</span>
                </button>`
              : nothing}
          </div>
        </div>
      </header>
      <main id="main" tabindex="-1">${name ? html`<shoal-customers-view></shoal-customers-view>` : nothing}</main>
      <shoal-rep-name-dialog
        .open=${this.askName}
        .name=${name ?? ''}
        ?required=${!name}
        @shoal-rep-name=${(e: CustomEvent<RepNameDetail>) => this.#onName(e)}
        @shoal-close=${() => (this.askName = false)}
      ></shoal-rep-name-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-app': ShoalApp;
  }
}
