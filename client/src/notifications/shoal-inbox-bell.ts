import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Notification } from '../../../shared/notification.js';
import { describeError } from '../api.js';
import type { NavigateDetail } from '../components/shoal-user-menu.js';
import { WithShoalContext } from '../context-mixin.js';
import { fullDate, timeAgo } from '../format.js';
import { LiveController } from '../live-controller.js';
import { base, headerButton, popupSurface } from '../styles.js';
import { listNotifications, markAllRead, markRead, pathOf } from './notifications-api.js';

const bell = html`<svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
  <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
  <path d="M13.7 21a2 2 0 0 1-3.4 0" />
</svg>`;

const WHY: Record<Notification['type'], string> = { assigned: 'Assigned to you', reminder: 'Reminder', mention: 'Mentioned you', owner: 'Now yours' };

/**
 * The bell in the app shell: the signed-in user's unread count, kept live by the `inbox`
 * and `notification` socket events, and the inbox panel (newest first, unread marked) with
 * mark read and mark all read. Choosing a notification marks it read and opens what it is
 * about. Keyboard: the bell is a button; Escape closes the panel and returns to the bell.
 *
 * @fires shoal-navigate - A notification was chosen. Detail: `{ path }` of its record's page.
 */
@customElement('shoal-inbox-bell')
export class ShoalInboxBell extends WithShoalContext(LitElement) {
  static override styles = [
    base,
    headerButton('.bell'),
    css`
      :host {
        position: relative;
        display: inline-flex;
      }
      .bell {
        position: relative;
        width: 2.25rem;
        height: 2.25rem;
        padding: 0;
      }
      .count {
        position: absolute;
        top: -0.3125rem;
        right: -0.375rem;
        min-width: 1.125rem;
        height: 1.125rem;
        padding: 0 0.3125rem;
        border-radius: 999px;
        background: #dc2626;
        color: #fff;
        font-size: 0.6875rem;
        font-weight: 700;
        line-height: 1.125rem;
        text-align: center;
      }
      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + 0.375rem);
        z-index: 30;
        width: min(24rem, calc(100vw - 1.5rem));
        max-height: min(32rem, calc(100dvh - 5rem));
        display: flex;
        flex-direction: column;
        ${popupSurface}
      }
      .head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.625rem 0.75rem 0.625rem 1rem;
        border-bottom: 1px solid var(--shoal-border, #e3e8ee);
      }
      h2 {
        margin: 0;
        font-size: 1rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0.25rem;
        overflow-y: auto;
      }
      li {
        display: flex;
        align-items: flex-start;
        gap: 0.25rem;
        border-radius: 0.5rem;
      }
      li.unread {
        background: var(--shoal-accent-soft, #eef6ff);
      }
      .open {
        flex: 1;
        display: grid;
        grid-template-columns: 0.625rem 1fr;
        gap: 0.125rem 0.5rem;
        justify-items: start;
        text-align: left;
        padding: 0.5rem 0.5rem 0.5rem 0.625rem;
        border: none;
        background: transparent;
        color: inherit;
        font-weight: 400;
        white-space: normal;
      }
      .dot {
        width: 0.5rem;
        height: 0.5rem;
        margin-top: 0.375rem;
        border-radius: 999px;
      }
      .unread .dot {
        background: #2563eb;
      }
      .text {
        font-size: 0.875rem;
        line-height: 1.4;
        overflow-wrap: anywhere;
      }
      .unread .text {
        font-weight: 600;
      }
      .meta {
        grid-column: 2;
        font-size: 0.75rem;
        color: var(--shoal-muted, #536171);
      }
      .read {
        margin: 0.375rem 0.25rem 0 0;
      }
      .state {
        margin: 0;
        padding: 1.5rem 1rem;
        text-align: center;
        color: var(--shoal-muted, #536171);
        font-size: 0.875rem;
      }
      .error {
        color: var(--shoal-danger, #b42318);
      }
      @media (max-width: 40rem) {
        /* On a phone the bell is not at the screen's edge: the panel spans the screen below the header. */
        .panel {
          position: fixed;
          left: 0.5rem;
          right: 0.5rem;
          top: 3.25rem;
          width: auto;
        }
      }
    `,
  ];

  /** The panel is open. */
  @state() open = false;
  @state() private unread = 0;
  @state() private items: Notification[] = [];
  @state() private loaded = false;
  @state() private error = '';

  @query('button.bell') private bellButton!: HTMLButtonElement;

  /** Whether the connection was live before: a reconnect may have missed counts, so the inbox is read again. */
  #wasLive = false;
  #loading: Promise<void> | undefined;

  readonly #live = new LiveController(this, () => this.live, {
    state: (state) => {
      if (state === 'live' && !this.#wasLive) void this.#load();
      this.#wasLive = state === 'live';
    },
    notification: (notification) => {
      if (!this.items.some((n) => n.id === notification.id)) this.items = [notification, ...this.items];
    },
    inbox: ({ unread }) => {
      this.unread = unread;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.#onDocumentClick);
    // Without a live connection (a page on its own), the count is read once.
    if (!this.live) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.#onDocumentClick);
  }

  readonly #onDocumentClick = (event: MouseEvent) => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  /** Reads the inbox (the newest notifications and the unread count). */
  #load(): Promise<void> {
    const api = this.api;
    if (!api) return Promise.resolve();
    this.#loading ??= listNotifications(api)
      .then(
        (page) => {
          // A notification that came live while the answer travelled is in the answer too.
          const known = new Set(page.items.map((n) => n.id));
          this.items = [...this.items.filter((n) => !known.has(n.id) && Date.parse(n.createdAt) > Date.parse(page.items[0]?.createdAt ?? '')), ...page.items];
          this.unread = page.unread;
          this.error = '';
          this.loaded = true;
        },
        (error: unknown) => {
          this.error = describeError(error);
        },
      )
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  #toggle(): void {
    this.open = !this.open;
    if (this.open && (!this.loaded || this.error)) void this.#load();
  }

  #close(): void {
    this.open = false;
    this.bellButton.focus();
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.open) return;
    event.preventDefault();
    event.stopPropagation();
    this.#close();
  }

  async #read(notification: Notification): Promise<void> {
    if (notification.read || !this.api) return;
    this.#setRead(notification.id);
    this.unread = Math.max(0, this.unread - 1);
    try {
      await markRead(this.api, notification.id);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async #readAll(): Promise<void> {
    if (!this.api) return;
    try {
      const { unread } = await markAllRead(this.api);
      this.items = this.items.map((n) => (n.read ? n : { ...n, read: true }));
      this.unread = unread;
    } catch (error) {
      this.error = describeError(error);
    }
  }

  #setRead(id: string): void {
    this.items = this.items.map((n) => (n.id === id ? { ...n, read: true } : n));
  }

  async #choose(notification: Notification): Promise<void> {
    if (!this.api) return;
    void this.#read(notification);
    try {
      const path = await pathOf(this.api, notification);
      this.open = false;
      this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    }
  }

  #item(n: Notification) {
    const why = WHY[n.type];
    return html`<li class=${n.read ? 'read-item' : 'unread'} data-id=${n.id}>
      <button type="button" class="open" @click=${() => void this.#choose(n)}>
        <span class="dot" aria-hidden="true"></span>
        <span class="text">${n.read ? nothing : html`<span class="visually-hidden">Unread: </span>`}${n.text}</span>
        <span class="meta">${why}${n.actor ? html` · ${n.actor.name}` : nothing} · <time datetime=${n.createdAt} title=${fullDate(n.createdAt)}>${timeAgo(n.createdAt)}</time></span>
      </button>
      ${n.read ? nothing : html`<button type="button" class="ghost small read" @click=${() => void this.#read(n)} aria-label=${`Mark read: ${n.text}`}>Mark read</button>`}
    </li>`;
  }

  #panel() {
    let body;
    if (!this.loaded && this.error) body = html`<p class="state error" role="alert">${this.error}</p>`;
    else if (!this.loaded) body = html`<p class="state" role="status">Loading notifications…</p>`;
    else if (this.items.length === 0) body = html`<p class="state">You're all caught up. Tasks given to you, reminders and mentions show here.</p>`;
    else body = html`<ul>${this.items.map((n) => this.#item(n))}</ul>${this.error ? html`<p class="state error" role="alert">${this.error}</p>` : nothing}`;
    return html`<div class="panel" id="inbox" role="dialog" aria-labelledby="inbox-title">
      <div class="head">
        <h2 id="inbox-title">Notifications</h2>
        <button type="button" class="ghost small all" ?disabled=${this.unread === 0} @click=${() => void this.#readAll()}>Mark all read</button>
      </div>
      ${body}
    </div>`;
  }

  protected override render() {
    const label = this.unread === 0 ? 'Notifications' : `Notifications, ${this.unread} unread`;
    return html`<div @keydown=${(e: KeyboardEvent) => this.#onKeydown(e)}>
      <button type="button" class="bell" aria-label=${label} aria-expanded=${this.open ? 'true' : 'false'} aria-controls="inbox" @click=${() => this.#toggle()}>
        ${bell}${this.unread > 0 ? html`<span class="count" aria-hidden="true">${this.unread > 99 ? '99+' : this.unread}</span>` : nothing}
      </button>
      ${this.open ? this.#panel() : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-inbox-bell': ShoalInboxBell;
  }
}
