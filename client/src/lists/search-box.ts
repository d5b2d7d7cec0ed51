import { css, html, type LitElement, type ReactiveController } from 'lit';
import type { ListController } from './list-controller.js';

/** How long typing must pause before the list searches. */
const SEARCH_DEBOUNCE_MS = 300;

const searchIcon = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="currentColor">
  <path d="M8.5 3a5.5 5.5 0 1 0 3.4 9.8l3.6 3.6a.9.9 0 0 0 1.3-1.3l-3.6-3.6A5.5 5.5 0 0 0 8.5 3zm-3.7 5.5a3.7 3.7 0 1 1 7.4 0 3.7 3.7 0 0 1-7.4 0z" />
</svg>`;

/** The search box's look: an icon inside the field (`.search`). */
export const searchBoxStyles = css`
  .search {
    position: relative;
    flex: 1 1 18rem;
    max-width: 28rem;
  }
  .search svg {
    position: absolute;
    left: 0.75rem;
    top: 50%;
    transform: translateY(-50%);
    color: var(--shoal-muted, #536171);
    pointer-events: none;
  }
  .search input {
    padding-left: 2.375rem;
  }
`;

/**
 * A list page's search box, a landmark of its own (`role="search"`): what is typed becomes the
 * list's `q` after a short pause, or at once on Enter; Escape clears it. Typing is one history
 * entry, not one a word. The field is `#search` in the host's shadow root.
 */
export class SearchBox implements ReactiveController {
  /** What the field shows (the list's `q` once applied). */
  text = '';
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: LitElement,
    private readonly options: { list: () => ListController; label: string; region: string; placeholder: string },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  /** Shows the list's search again (after the address changed it). */
  sync(): void {
    this.text = this.options.list().state.q;
    this.host.requestUpdate();
  }

  /** Empties the field and the list's search, and focuses the field. */
  clear(): void {
    this.text = '';
    clearTimeout(this.#timer);
    this.#apply();
    this.focus();
  }

  focus(): void {
    this.host.renderRoot.querySelector<HTMLInputElement>('#search')?.focus();
  }

  #apply(): void {
    const list = this.options.list();
    const q = this.text.trim();
    if (q === list.state.q) return;
    list.set({ q }, list.state.q ? 'replace' : 'push');
  }

  #onInput(event: Event): void {
    this.text = (event.target as HTMLInputElement).value;
    this.host.requestUpdate();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#apply(), SEARCH_DEBOUNCE_MS);
  }

  #onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      clearTimeout(this.#timer);
      this.#apply();
    } else if (event.key === 'Escape' && this.text) {
      event.preventDefault();
      this.clear();
    }
  }

  render() {
    return html`<div class="search" role="search" aria-label=${this.options.region}>
      <label for="search" class="visually-hidden">${this.options.label}</label>
      ${searchIcon}
      <input
        id="search"
        type="search"
        placeholder=${this.options.placeholder}
        autocomplete="off"
        .value=${this.text}
        @input=${(e: Event) => this.#onInput(e)}
        @keydown=${(e: KeyboardEvent) => this.#onKey(e)}
      />
    </div>`;
  }
}
