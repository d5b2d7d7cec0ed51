import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { insertMention, matchTeam, mentionQueryAt, type Mentionable, type MentionQuery } from './mention-text.js';

let lists = 0;

/**
 * The teammate picker of a notes field: placed right after a `<textarea id="…">` (or input) in
 * the same root, with `for` naming it. When the rep types `@` (and maybe the start of a name),
 * it lists the matching teammates under the field, in the page's flow (so no scrolling dialog
 * body clips it); ArrowDown/ArrowUp choose, Enter or Tab
 * inserts `@[Display Name](user:<id>)` and a space, Escape closes the list (and only the
 * list). The field drives the list as a combobox does (`aria-controls`, `aria-activedescendant`;
 * see `#describe`); the picker renders in the field's own root (no shadow
 * root of its own) so those references resolve. After inserting, the field gets an `input` event, so
 * whoever keeps its value sees the new text.
 */
@customElement('shoal-mention-picker')
export class ShoalMentionPicker extends LitElement {
  /** The id of the textarea (or input) in the same root. */
  @property({ attribute: 'for' })
  for = '';

  /** The people to mention (inactive ones are left out). */
  @property({ attribute: false })
  team: readonly Mentionable[] = [];

  @state() private query: MentionQuery | undefined;
  @state() private active = 0;

  readonly #listId = `mention-list-${++lists}`;
  #root: Document | ShadowRoot | undefined;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    this.#root = root instanceof ShadowRoot || root instanceof Document ? root : undefined;
    this.#root?.addEventListener('input', this.#onInput);
    this.#root?.addEventListener('keydown', this.#onKeydown as EventListener, true);
    this.#root?.addEventListener('focusout', this.#onFocusOut);
    this.#root?.addEventListener('focusin', this.#onFocusIn);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#root?.removeEventListener('input', this.#onInput);
    this.#root?.removeEventListener('keydown', this.#onKeydown as EventListener, true);
    this.#root?.removeEventListener('focusout', this.#onFocusOut);
    this.#root?.removeEventListener('focusin', this.#onFocusIn);
  }

  get #field(): HTMLTextAreaElement | HTMLInputElement | undefined {
    const el = this.for ? this.#root?.getElementById(this.for) : null;
    return el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement ? el : undefined;
  }

  #isField(target: EventTarget | null): target is HTMLTextAreaElement | HTMLInputElement {
    return !!target && target === this.#field;
  }

  /** The teammates the query matches. */
  get #matches(): Mentionable[] {
    return this.query ? matchTeam(this.team, this.query.query) : [];
  }

  get #open(): boolean {
    return this.#matches.length > 0;
  }

  readonly #onFocusIn = (event: Event) => {
    if (this.#isField(event.target)) this.#describe();
  };

  readonly #onInput = (event: Event) => {
    if (!this.#isField(event.target)) return;
    const field = event.target;
    const next = mentionQueryAt(field.value, field.selectionStart ?? field.value.length);
    if (next?.start !== this.query?.start || next?.query !== this.query?.query) this.active = 0;
    this.query = next;
  };

  readonly #onFocusOut = (event: Event) => {
    if (this.#isField(event.target)) this.query = undefined;
  };

  readonly #onKeydown = (event: KeyboardEvent) => {
    if (!this.#isField(event.target) || !this.#open || event.isComposing) return;
    const count = this.#matches.length;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (event.key === 'ArrowDown') {
      handled();
      this.active = (this.active + 1) % count;
    } else if (event.key === 'ArrowUp') {
      handled();
      this.active = (this.active - 1 + count) % count;
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      handled();
      this.#pick(this.#matches[this.active]!);
    } else if (event.key === 'Escape') {
      handled();
      this.query = undefined;
    }
  };

  #pick(person: Mentionable): void {
    const field = this.#field;
    const query = this.query;
    if (!field || !query) return;
    const caret = field.selectionStart ?? field.value.length;
    const next = insertMention(field.value, query, caret, person);
    field.value = next.text;
    field.setSelectionRange(next.caret, next.caret);
    field.focus();
    this.query = undefined;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  /**
   * The field's combobox state, kept in step with the list. HTML allows no `combobox` role on a
   * textarea (axe: aria-allowed-role), so the field stays a textbox and carries the attributes a
   * textbox has for this: `aria-haspopup="listbox"`, `aria-autocomplete`, `aria-controls` and
   * `aria-activedescendant` (the option being chosen); the list's state is announced as well.
   */
  #describe(): void {
    const field = this.#field;
    if (!field) return;
    const open = this.#open;
    const single = field instanceof HTMLInputElement;
    if (single) field.setAttribute('role', 'combobox');
    field.setAttribute('aria-haspopup', 'listbox');
    field.setAttribute('aria-autocomplete', 'list');
    field.setAttribute('aria-controls', this.#listId);
    if (single) field.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) field.setAttribute('aria-activedescendant', `${this.#listId}-${this.active}`);
    else field.removeAttribute('aria-activedescendant');
  }

  protected override updated(): void {
    this.#describe();
    // In the flow under the field (a dialog's scrolling body cannot clip it): keep the choice in view.
    if (this.#open) this.querySelector(`#${this.#listId}-${this.active}`)?.scrollIntoView({ block: 'nearest' });
  }

  protected override render() {
    const matches = this.#matches;
    return html`<style>
        shoal-mention-picker {
          display: block;
        }
        shoal-mention-picker .mention-list {
          width: min(18rem, 100%);
          max-height: 13rem;
          overflow: auto;
          margin: 0.25rem 0 0;
          padding: 0.25rem;
          list-style: none;
          background: var(--shoal-surface, #fff);
          border: 1px solid var(--shoal-border-strong, #c5ced8);
          border-radius: 0.5rem;
          box-shadow: 0 12px 32px rgb(15 23 42 / 18%);
        }
        shoal-mention-picker .mention-list[hidden] {
          display: none;
        }
        shoal-mention-picker .mention-option {
          display: flex;
          flex-direction: column;
          padding: 0.375rem 0.625rem;
          border-radius: 0.375rem;
          cursor: pointer;
        }
        shoal-mention-picker .mention-option[aria-selected='true'] {
          background: var(--shoal-accent-soft, #e7f3f8);
          color: #084e6d;
        }
        shoal-mention-picker .mention-option .who {
          font-weight: 600;
        }
        shoal-mention-picker .mention-status {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
          white-space: nowrap;
        }
        shoal-mention-picker .mention-option .email {
          font-size: 0.8125rem;
          color: var(--shoal-muted, #536171);
        }
      </style>
      <ul class="mention-list" id=${this.#listId} role="listbox" aria-label="Mention a teammate" ?hidden=${matches.length === 0}>
        ${matches.map(
          (person, i) => html`<li
            class="mention-option"
            id=${`${this.#listId}-${i}`}
            role="option"
            aria-selected=${i === this.active ? 'true' : 'false'}
            @mousedown=${(e: MouseEvent) => e.preventDefault()}
            @click=${() => this.#pick(person)}
          >
            <span class="who">${person.name}</span>${person.email ? html`<span class="email">${person.email}</span>` : nothing}
          </li>`,
        )}
      </ul>
      <span class="mention-status" role="status">${matches.length ? `${matches.length === 1 ? '1 teammate' : `${matches.length} teammates`} to mention: up and down to choose, Enter to insert, Escape to close.` : ''}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-mention-picker': ShoalMentionPicker;
  }
}
