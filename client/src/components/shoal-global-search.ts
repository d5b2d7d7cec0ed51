import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Contact } from '../../../shared/contact.js';
import type { Customer } from '../../../shared/customer.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../../shared/stages.js';
import { describeError, type ShoalApi } from '../api.js';
import { resource, type Resources } from '../data/resource.js';
import { apiContext } from '../context.js';
import { money } from '../format/money.js';
import { base } from '../styles.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { paths } from '../shell/routes.js';

/** How long typing must pause before a search goes out. */
const DEBOUNCE_MS = 250;
/** Shorter terms match too much to be useful. */
const MIN_CHARS = 2;
/** Results shown per group. */
const PER_GROUP = 5;

type Kind = 'customers' | 'contacts' | 'deals';

/** One group of results: what is shown, and how many match in all. */
interface Group<T> {
  items: T[];
  total: number;
}

/** The answer to one search. */
interface Results {
  term: string;
  customers: Group<Customer>;
  contacts: Group<Contact>;
  deals: Group<Opportunity>;
}

/** One result as the list shows it. */
interface Option {
  kind: Kind;
  id: string;
  name: string;
  detail: string;
  /** The app path choosing it opens. */
  path: string;
}

const GROUPS: { kind: Kind; label: string; one: string; many: string }[] = [
  { kind: 'customers', label: 'Customers', one: 'customer', many: 'customers' },
  { kind: 'contacts', label: 'Contacts', one: 'contact', many: 'contacts' },
  { kind: 'deals', label: 'Deals', one: 'deal', many: 'deals' },
];

const stageName = (key: string) => DEFAULT_STAGES.find((s) => s.key === key)?.name ?? key;
const joined = (...parts: (string | undefined)[]) => parts.filter((p) => p?.trim()).join(' · ');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function optionsOf(results: Results): Record<Kind, Option[]> {
  return {
    customers: results.customers.items.map((c) => ({ kind: 'customers', id: c.id, name: c.name, detail: joined(c.email, c.industry), path: paths.customer(c.id) })),
    contacts: results.contacts.items.map((c) => ({ kind: 'contacts', id: c.id, name: c.name, detail: joined(c.position, c.email), path: paths.customer(c.customerId) })),
    deals: results.deals.items.map((d) => ({ kind: 'deals', id: d.id, name: d.name, detail: joined(stageName(d.stage), money(d.amount, d.currency)), path: paths.deal(d.id) })),
  };
}

/** Whether a key press happens where "/" is typed as text (a field, a text area, an editor). */
function typesText(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit'].includes(target.type);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with the words of `term` marked, as lit templates (never as HTML). */
function marked(text: string, term: string) {
  const words = term.trim().split(/\s+/).filter(Boolean).map(escapeRegex);
  if (!words.length) return text;
  const parts = text.split(new RegExp(`(${words.join('|')})`, 'gi'));
  return parts.map((part, i) => (i % 2 === 1 ? html`<mark>${part}</mark>` : part));
}

const searchIcon = html`<svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
  <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
  <path d="m13 13 4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
</svg>`;

/**
 * The header's global search: customers, contacts and deals by name (and email, position...),
 * in one field labelled "Search Shoal". Typing (2 characters or more, after a short pause)
 * asks the three lists at once and shows the first matches of each, grouped, with how many
 * more there are. Choosing one opens its customer's page.
 *
 * Keyboard: "/" anywhere outside a text field focuses the field. It follows the WAI-ARIA
 * combobox pattern: ArrowDown/ArrowUp move through the results (across groups), Enter opens
 * the highlighted one, Escape closes the list and a second Escape clears the field, Tab
 * leaves. A polite live region says how many results came.
 *
 * On a phone or a narrow window the field collapses to a search button; it opens over the
 * header while it has the focus.
 *
 * @fires shoal-navigate - A result was chosen. Detail: `{ path: '/customers/<id>' }`.
 * @cssproperty --shoal-header-bg - Background of the field's bar when it opens over the header (phone).
 * @cssproperty --shoal-search-width - Width of the field in the header (it narrows with the window by default).
 */
@customElement('shoal-global-search')
export class ShoalGlobalSearch extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        color: inherit;
      }
      .search {
        position: relative;
        /* Narrower as the header fills up, so it stays on one line. */
        width: var(--shoal-search-width, clamp(9rem, 100vw - 52rem, 17rem));
      }
      .icon {
        position: absolute;
        left: 0.625rem;
        top: 50%;
        translate: 0 -50%;
        display: flex;
        color: #9fb3c3;
        cursor: text;
      }
      input {
        min-height: 2.25rem;
        padding: 0.375rem 2.25rem 0.375rem 2.125rem;
        border-radius: 0.5rem;
        border: 1px solid rgb(255 255 255 / 18%);
        background: rgb(255 255 255 / 8%);
        color: #fff;
        font-size: 0.875rem;
        text-overflow: ellipsis;
      }
      input::placeholder {
        color: #9fb3c3;
        opacity: 1;
      }
      input:hover {
        background: rgb(255 255 255 / 12%);
      }
      input:focus {
        background: var(--shoal-surface, #fff);
        color: var(--shoal-text, #1b2430);
        border-color: #7dd3fc;
        outline: 2px solid #7dd3fc;
        outline-offset: 0;
      }
      input:focus::placeholder {
        color: var(--shoal-muted, #536171);
      }
      .search:focus-within .icon {
        color: var(--shoal-muted, #536171);
      }
      input::-webkit-search-cancel-button {
        display: none;
      }
      .hint {
        position: absolute;
        right: 0.5rem;
        top: 50%;
        translate: 0 -50%;
        min-width: 1.375rem;
        padding: 0 0.375rem;
        border: 1px solid rgb(255 255 255 / 25%);
        border-radius: 0.3125rem;
        font: 600 0.75rem/1.25rem ui-monospace, SFMono-Regular, Menlo, monospace;
        text-align: center;
        color: #c2d1dc;
        pointer-events: none;
      }
      input:focus ~ .hint,
      input:not(:placeholder-shown) ~ .hint {
        display: none;
      }
      .cancel,
      .scrim {
        display: none;
      }
      .popup {
        position: absolute;
        left: 0;
        top: calc(100% + 0.375rem);
        z-index: 40;
        width: max(100%, min(26rem, calc(100vw - 1.5rem)));
        max-height: min(32rem, calc(100dvh - 5rem));
        overflow-y: auto;
        padding: 0.375rem;
        border-radius: 0.75rem;
        background: var(--shoal-surface, #fff);
        color: var(--shoal-text, #1b2430);
        border: 1px solid var(--shoal-border, #e3e8ee);
        box-shadow: 0 16px 40px rgb(15 23 42 / 22%);
        font-size: 0.875rem;
      }
      .note {
        margin: 0;
        padding: 0.625rem 0.75rem;
        color: var(--shoal-muted, #536171);
      }
      .note.busy {
        padding: 0.25rem 0.75rem 0.375rem;
        font-size: 0.8125rem;
      }
      .error {
        margin: 0;
        padding: 0.625rem 0.75rem;
        border-radius: 0.5rem;
        background: #fef3f2;
        color: #7a271a;
        line-height: 1.4;
      }
      [role='listbox'][aria-busy='true'] {
        opacity: 0.6;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul + ul {
        margin-top: 0.25rem;
        padding-top: 0.25rem;
        border-top: 1px solid var(--shoal-border, #e3e8ee);
      }
      .group-label {
        padding: 0.375rem 0.75rem 0.25rem;
        font-size: 0.6875rem;
        font-weight: 700;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--shoal-muted, #536171);
      }
      [role='option'] {
        display: block;
        padding: 0.4375rem 0.75rem;
        border-radius: 0.5rem;
        cursor: pointer;
      }
      [role='option']:hover {
        background: var(--shoal-hover, #f1f4f7);
      }
      [role='option'][aria-selected='true'] {
        background: #e0f2fe;
        box-shadow: inset 3px 0 0 var(--shoal-primary, #0b6e99);
      }
      .name {
        display: block;
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .detail {
        display: block;
        margin-top: 0.0625rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      mark {
        background: none;
        color: inherit;
        text-decoration: underline;
        text-decoration-color: var(--shoal-primary, #0b6e99);
        text-decoration-thickness: 2px;
        text-underline-offset: 2px;
      }
      .more {
        padding: 0.25rem 0.75rem 0.375rem;
        font-size: 0.8125rem;
        color: var(--shoal-muted, #536171);
      }
      @media (max-width: 60rem) {
        .search {
          position: static;
          width: auto;
        }
        /* Collapsed: the icon is the button, the field is there for the keyboard only. */
        .icon {
          position: static;
          translate: none;
          width: 2.25rem;
          height: 2.25rem;
          align-items: center;
          justify-content: center;
          border-radius: 999px;
          border: 1px solid rgb(255 255 255 / 18%);
          color: #e6edf3;
          cursor: pointer;
        }
        :host(:not(:focus-within)) input {
          position: absolute;
          width: 1px;
          height: 1px;
          min-height: 0;
          padding: 0;
          border: 0;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        .hint {
          display: none;
        }
        /* Open: a bar over the top of the header. */
        :host(:focus-within) .search {
          position: fixed;
          inset: 0 0 auto 0;
          z-index: 40;
          display: flex;
          align-items: center;
          gap: 0.5rem;
          padding: 0.5rem 0.75rem;
          background: var(--shoal-header-bg, #0f2a3d);
          box-shadow: 0 4px 12px rgb(15 23 42 / 25%);
        }
        :host(:focus-within) .icon {
          position: absolute;
          left: 1.25rem;
          top: 1.625rem;
          translate: 0 -50%;
          width: auto;
          height: auto;
          border: 0;
          color: var(--shoal-muted, #536171);
        }
        :host(:focus-within) input {
          flex: 1;
          font-size: 1rem;
        }
        :host(:focus-within) .cancel {
          display: inline-flex;
          border-color: transparent;
          background: transparent;
          color: #e6edf3;
        }
        /* Dims the page under the open bar; a tap on it leaves the search. */
        :host(:focus-within) .scrim {
          display: block;
          position: fixed;
          inset: 0;
          z-index: 39;
          background: rgb(15 23 42 / 45%);
        }
        .popup {
          position: fixed;
          left: 0.5rem;
          right: 0.5rem;
          top: 3.5rem;
          width: auto;
          max-width: 40rem;
          max-height: calc(100dvh - 4rem);
        }
      }
    `,
  ];

  /** The REST client (from `<shoal-app>`, or set directly). */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api: ShoalApi | undefined;

  /** What is in the field. */
  @state() private term = '';
  /** The term searched for: the field's text once typing pauses. */
  @state() private searched = '';
  @state() private open = false;
  /** The highlighted result, by its place across the groups (-1: none). */
  @state() private active = -1;
  /** The latest results, kept on screen while the next ones load. */
  @state() private results: Results | undefined;

  @query('input') private input!: HTMLInputElement;

  #timer: ReturnType<typeof setTimeout> | undefined;

  /** The three lists, asked at once; a new term aborts the calls of the previous one. */
  #results = new Task(this, {
    task: async ([api, term]: readonly [ShoalApi | undefined, string], { signal }): Promise<Results | typeof initialState> => {
      if (!api || term.length < MIN_CHARS) return initialState;
      const list = async <R extends 'customers' | 'contacts' | 'opportunities'>(name: R): Promise<Group<Resources[R]['record']>> => {
        const { items, total } = await resource(api, name).list({ q: term, limit: PER_GROUP }, signal);
        return { items, total };
      };
      const [customers, contacts, deals] = await Promise.all([list('customers'), list('contacts'), list('opportunities')]);
      return { term, customers, contacts, deals };
    },
    args: () => [this.api, this.searched] as const,
    onComplete: (results) => {
      this.results = results;
      // The first result is highlighted, so Enter opens it (list autocomplete with automatic selection).
      this.active = this.#options().length ? 0 : -1;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onShortcut);
    document.addEventListener('pointerdown', this.#onOutside, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onShortcut);
    document.removeEventListener('pointerdown', this.#onOutside, true);
    clearTimeout(this.#timer);
  }

  /** Focuses the search field. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  readonly #onShortcut = (event: KeyboardEvent) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typesText(event.composedPath()[0])) return;
    this.input.focus();
    // Behind a modal dialog the field cannot take the focus: leave the key alone then.
    if (this.shadowRoot?.activeElement === this.input) event.preventDefault();
  };

  readonly #onOutside = (event: Event) => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  /** The results shown, in list order. */
  #options(): Option[] {
    if (!this.results) return [];
    const groups = optionsOf(this.results);
    return GROUPS.flatMap((g) => groups[g.kind]);
  }

  /** Whether the field's term has not been answered yet. */
  #searching(): boolean {
    return this.term.trim() !== this.searched || this.#results.status === TaskStatus.PENDING;
  }

  #failed(): boolean {
    return this.#results.status === TaskStatus.ERROR && !this.#searching();
  }

  #onInput(event: InputEvent): void {
    this.term = (event.target as HTMLInputElement).value;
    const term = this.term.trim();
    clearTimeout(this.#timer);
    if (term.length < MIN_CHARS) {
      this.searched = '';
      this.results = undefined;
      this.open = false;
      return;
    }
    this.open = true;
    this.#timer = setTimeout(() => (this.searched = term), DEBOUNCE_MS);
  }

  #onKeyDown(event: KeyboardEvent): void {
    const options = this.#options();
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (this.term.trim().length < MIN_CHARS) return;
        if (!this.open) {
          this.open = true;
          if (options.length) this.active = event.key === 'ArrowDown' ? 0 : options.length - 1;
          return;
        }
        if (!options.length) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.active = this.active < 0 ? (step > 0 ? 0 : options.length - 1) : (this.active + step + options.length) % options.length;
        return;
      }
      case 'Enter': {
        event.preventDefault();
        const option = this.open ? options[this.active] : undefined;
        if (option) this.#choose(option);
        return;
      }
      case 'Escape':
        if (this.open) {
          event.preventDefault();
          this.open = false;
        } else if (this.term) {
          event.preventDefault();
          this.#clear();
        }
        return;
      default:
    }
  }

  #clear(): void {
    clearTimeout(this.#timer);
    this.term = '';
    this.searched = '';
    this.results = undefined;
    this.open = false;
    this.active = -1;
  }

  /** Phone: closes the search bar over the header. */
  #cancel(): void {
    this.#clear();
    (this.shadowRoot!.activeElement as HTMLElement | null)?.blur();
  }

  #choose(option: Option): void {
    this.#clear();
    this.dispatchEvent(new CustomEvent<NavigateDetail>('shoal-navigate', { detail: { path: option.path }, bubbles: true, composed: true }));
  }

  #onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (!next || !this.shadowRoot!.contains(next)) this.open = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('active' as keyof ShoalGlobalSearch) && this.active >= 0) {
      this.renderRoot.querySelector(`[role='option'][aria-selected='true']`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  /** What the live region says once an answer is in. */
  #announcement(): string {
    if (this.#failed()) return `Search didn't work. ${describeError(this.#results.error)}`;
    const results = this.results;
    if (!results || this.#searching()) return '';
    const shown = this.#options().length;
    return shown ? plural(shown, 'result', 'results') : `No matches for “${results.term}”`;
  }

  #popup() {
    const { results } = this;
    const searching = this.#searching();
    if (!this.open || this.term.trim().length < MIN_CHARS) return nothing;
    let body;
    if (this.#failed()) {
      body = html`<p class="error"><strong>Search didn't work.</strong> ${describeError(this.#results.error)}</p>`;
    } else if (!results) {
      body = html`<p class="note">Searching…</p>`;
    } else if (!this.#options().length && !searching) {
      body = html`<p class="note">No matches for “${results.term}”</p>`;
    } else {
      const groups = optionsOf(results);
      let index = 0;
      body = html`${searching ? html`<p class="note busy">Searching…</p>` : nothing}
        <div role="listbox" id="search-results" aria-label="Search results" aria-busy=${searching ? 'true' : 'false'}>
          ${GROUPS.filter((g) => groups[g.kind].length).map((g) => {
            const shown = groups[g.kind];
            const more = results[g.kind].total - shown.length;
            return html`<ul role="group" aria-labelledby="group-${g.kind}">
              <li role="presentation" class="group-label" id="group-${g.kind}">${g.label}</li>
              ${shown.map((option) => {
                const i = index++;
                return html`<li
                  role="option"
                  id="option-${i}"
                  aria-selected=${i === this.active ? 'true' : 'false'}
                  @click=${() => this.#choose(option)}
                >
                  <span class="name">${marked(option.name, results.term)}</span>
                  ${option.detail ? html`<span class="detail">${option.detail}</span>` : nothing}
                </li>`;
              })}
              ${more > 0 ? html`<li role="presentation" class="more">${more} more ${more === 1 ? g.one : g.many}</li>` : nothing}
            </ul>`;
          })}
        </div>`;
    }
    // Keeps the focus in the field while a result is clicked.
    return html`<div class="popup" @mousedown=${(e: Event) => e.preventDefault()}>${body}</div>`;
  }

  protected override render() {
    const expanded = this.open && !this.#failed() && this.term.trim().length >= MIN_CHARS && this.#options().length > 0;
    const active = expanded && this.active >= 0 ? `option-${this.active}` : undefined;
    return html`<div class="search" role="search" aria-label="All of Shoal" @focusout=${this.#onFocusOut}>
      <label class="icon" for="search-field">${searchIcon}<span class="visually-hidden">Search Shoal</span></label>
      <input
        id="search-field"
        type="search"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        enterkeyhint="go"
        placeholder="Search customers, contacts, deals"
        aria-autocomplete="list"
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls="search-results"
        aria-activedescendant=${active ?? nothing}
        aria-keyshortcuts="/"
        .value=${this.term}
        @input=${this.#onInput}
        @keydown=${this.#onKeyDown}
        @focus=${() => {
          if (this.term.trim().length >= MIN_CHARS) this.open = true;
        }}
      />
      <kbd class="hint" aria-hidden="true" title="Press / to search">/</kbd>
      <button type="button" class="cancel" @click=${() => this.#cancel()}>Cancel</button>
      ${this.#popup()}
      <div class="visually-hidden" role="status">${this.#announcement()}</div>
    </div>
    <div class="scrim"></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-global-search': ShoalGlobalSearch;
  }
}
