import { consume } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { liveContext } from '../context.js';
import { LiveController } from '../live-controller.js';
import type { ConnectionState, LiveClient } from '../live.js';
import { base } from '../styles.js';

const LABELS: Record<ConnectionState, { text: string; help: string }> = {
  connecting: { text: 'Connecting…', help: 'Connecting to live updates.' },
  live: { text: 'Live', help: "Changes your colleagues make appear here as they happen." },
  reconnecting: { text: 'Reconnecting…', help: 'The connection dropped. Shoal is reconnecting and will fill in what you missed.' },
  offline: { text: 'Offline', help: "You're offline. What you see may be out of date; Shoal catches up when you're back." },
};

/**
 * Shows whether live updates are flowing: live, reconnecting or offline. Screen readers
 * hear each change of state.
 *
 * @cssproperty --shoal-live - Colour of the live dot.
 * @cssproperty --shoal-status-text - Colour of the text.
 * @cssproperty --shoal-status-bg - Background of the pill.
 */
@customElement('shoal-connection-status')
export class ShoalConnectionStatus extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
      }
      .status {
        display: inline-flex;
        align-items: center;
        gap: 0.4375rem;
        padding: 0.25rem 0.6875rem;
        border-radius: 999px;
        font-size: 0.8125rem;
        font-weight: 600;
        background: var(--shoal-status-bg, rgb(255 255 255 / 12%));
        color: var(--shoal-status-text, inherit);
        white-space: nowrap;
      }
      .dot {
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: #98a2b3;
      }
      [data-state='live'] .dot {
        background: var(--shoal-live, #3ccb7f);
        box-shadow: 0 0 0 3px rgb(60 203 127 / 25%);
      }
      [data-state='reconnecting'] .dot,
      [data-state='connecting'] .dot {
        background: #fdb022;
        animation: pulse 1.2s ease-in-out infinite;
      }
      [data-state='offline'] .dot {
        background: #f97066;
      }
      @keyframes pulse {
        50% {
          opacity: 0.3;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .dot {
          animation: none !important;
        }
      }
    `,
  ];

  /** The live connection (handed down by `<shoal-app>`). */
  @consume({ context: liveContext, subscribe: true })
  @property({ attribute: false })
  live: LiveClient | undefined;

  #live = new LiveController(this, () => this.live);

  /** The state shown. */
  get state(): ConnectionState {
    return this.#live.state;
  }

  protected override render() {
    const { text, help } = LABELS[this.#live.state];
    return html`<span class="status" data-state=${this.#live.state} title=${help} role="status">
      <span class="dot" aria-hidden="true"></span>${text}<span class="visually-hidden">. ${help}</span>
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-connection-status': ShoalConnectionStatus;
  }
}
