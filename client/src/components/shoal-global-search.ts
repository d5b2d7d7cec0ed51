import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Contact } from '../../../shared/contact.js';
import type { Customer } from '../../../shared/customer.js';
import type { Opportunity } from '../../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../../shared/stages.js';
import { describeError, type ShoalApi } from '../api.js';
import { browserTimers, type Timers } from '../timers.js';
import { resource, type Resources } from '../data/resource.js';
import { apiContext } from '../context.js';
import { money } from '../format/money.js';
import { base } from '../styles.js';
import { globalSearchStyles } from './shoal-global-search.styles.js';
import type { NavigateDetail } from './shoal-user-menu.js';
import { paths } from '../shell/routes.js';

/** How long typing must pause before a search goes out. */
export const DEBOUNCE_MS = 250;
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
  static override styles = [base, globalSearchStyles];

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

  /** The timers the search waits through before asking (a test's clock, or the browser's). */
  @property({ attribute: false })
  timers: Timers = browserTimers;

  #timer: number | undefined;

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
    this.timers.clear(this.#timer);
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
    this.timers.clear(this.#timer);
    if (term.length < MIN_CHARS) {
      this.searched = '';
      this.results = undefined;
      this.open = false;
      return;
    }
    this.open = true;
    this.#timer = this.timers.set(() => (this.searched = term), DEBOUNCE_MS);
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
    this.timers.clear(this.#timer);
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
