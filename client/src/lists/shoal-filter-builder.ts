import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { User } from '../../../shared/user.js';
import { base } from '../styles.js';
import { describeFilters, filterError, paramsOf, withFilter, withoutParams, type FilterContext, type FilterField } from './filter-model.js';
import { ME } from './list-state.js';
import { listParts } from './list-styles.js';

/** Detail of `shoal-filters-change`. */
export interface FiltersChangeDetail {
  /** The list's filters as REST query parameters. */
  filters: Record<string, string>;
}

/**
 * The filter builder of a list: the active filters as chips (each removable), a "Mine" toggle
 * when the records have an owner, and "Add filter", which opens a panel to pick any field of
 * the record (custom ones included) and its value: one of its options, a person, a text, or a
 * range of numbers or dates. It fires the filters as the list's REST query parameters.
 *
 * @fires shoal-filters-change - The rep changed the filters. Detail: {@link FiltersChangeDetail}.
 */
@customElement('shoal-filter-builder')
export class ShoalFilterBuilder extends LitElement {
  static override styles = [
    base,
    listParts,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      ul {
        display: contents;
        list-style: none;
      }
      button.mine[aria-pressed='true'] {
        background: var(--shoal-primary, #0b6e99);
        border-color: var(--shoal-primary, #0b6e99);
        color: #fff;
      }
      .clear {
        color: var(--shoal-link, #0b6e99);
      }
    `,
  ];

  /** The fields offered (from `filterFields`). */
  @property({ attribute: false })
  fields: FilterField[] = [];

  /** The active filters, as REST query parameters. */
  @property({ attribute: false })
  filters: Record<string, string> = {};

  /** The team (owner and user fields). */
  @property({ attribute: false })
  users: readonly User[] = [];

  /** The pipeline's stages and the signed-in user, for the chips' words. */
  @property({ attribute: false })
  context: Omit<FilterContext, 'users'> = { stages: [] };

  /** Offer the "Mine" toggle (the records have an owner, `ownerId`). */
  @property({ type: Boolean })
  mine = false;

  @state() private open = false;
  @state() private param = '';
  @state() private draft: Record<string, string> = {};
  @state() private error = '';

  @query('button.add') private addButton!: HTMLButtonElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('fields') && this.param && !this.fields.some((f) => f.param === this.param)) this.param = this.fields[0]?.param ?? '';
  }

  #emit(filters: Record<string, string>): void {
    this.filters = filters;
    this.dispatchEvent(new CustomEvent<FiltersChangeDetail>('shoal-filters-change', { detail: { filters }, bubbles: true, composed: true }));
  }

  get #field(): FilterField | undefined {
    return this.fields.find((f) => f.param === this.param);
  }

  #openPanel(param?: string): void {
    this.param = param ?? this.fields.find((f) => !paramsOf(f).some((p) => this.filters[p]))?.param ?? this.fields[0]?.param ?? '';
    this.#loadDraft();
    this.open = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLSelectElement>('#filter-field')?.focus());
  }

  #loadDraft(): void {
    const field = this.#field;
    this.draft = field ? Object.fromEntries(paramsOf(field).map((p) => [p, this.filters[p] ?? ''])) : {};
    if (field?.kind === 'checkbox' && !this.draft[field.param]) this.draft = { [field.param]: 'true' };
    this.error = '';
  }

  #close(): void {
    this.open = false;
    this.error = '';
    void this.updateComplete.then(() => this.addButton?.focus());
  }

  #apply(event: Event): void {
    event.preventDefault();
    const field = this.#field;
    if (!field) return;
    const error = filterError(field, this.draft);
    if (error) {
      this.error = error;
      return;
    }
    this.#emit(withFilter(this.filters, this.draft));
    this.#close();
  }

  #set(param: string, value: string): void {
    this.draft = { ...this.draft, [param]: value };
    this.error = '';
  }

  #valueEditor(field: FilterField) {
    const [p, q] = paramsOf(field);
    const value = this.draft[p!] ?? '';
    const onInput = (param: string) => (e: Event) => this.#set(param, (e.target as HTMLInputElement).value);
    switch (field.kind) {
      case 'user':
        return html`<label for="filter-value">Person</label>
          <select id="filter-value" .value=${value} @change=${onInput(p!)}>
            <option value="">Choose…</option>
            <option value=${ME} ?selected=${value === ME}>Me (whoever views the list)</option>
            ${this.users.filter((u) => u.active).map((u) => html`<option value=${u.id} ?selected=${value === u.id}>${u.name}</option>`)}
          </select>`;
      case 'choice':
        return html`<label for="filter-value">Is</label>
          <select id="filter-value" .value=${value} @change=${onInput(p!)}>
            <option value="">Choose…</option>
            ${(field.options ?? []).map((o) => html`<option value=${o.value} ?selected=${value === o.value}>${o.label}</option>`)}
          </select>`;
      case 'checkbox':
        return html`<label for="filter-value">Is</label>
          <select id="filter-value" .value=${value} @change=${onInput(p!)}>
            <option value="true" ?selected=${value === 'true'}>Yes</option>
            <option value="false" ?selected=${value === 'false'}>No</option>
          </select>`;
      case 'text':
        return html`<label for="filter-value">Is exactly</label>
          <input id="filter-value" type="text" autocomplete="off" .value=${value} @input=${onInput(p!)} />`;
      case 'number':
      case 'date': {
        const type = field.kind === 'date' ? 'date' : 'text';
        const mode = field.kind === 'number' ? 'decimal' : nothing;
        return html`<div class="row">
          <div>
            <label for="filter-from">${field.kind === 'date' ? 'From' : 'At least'}</label>
            <input id="filter-from" type=${type} inputmode=${mode} .value=${value} @input=${onInput(p!)} />
          </div>
          <div>
            <label for="filter-to">${field.kind === 'date' ? 'To' : 'At most'}</label>
            <input id="filter-to" type=${type} inputmode=${mode} .value=${this.draft[q!] ?? ''} @input=${onInput(q!)} />
          </div>
        </div>`;
      }
    }
  }

  #panel() {
    const field = this.#field;
    return html`<form
      class="panel"
      role="dialog"
      aria-label="Add a filter"
      @submit=${(e: Event) => this.#apply(e)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          this.#close();
        }
      }}
    >
      <h3>Filter by</h3>
      <label for="filter-field">Field</label>
      <select
        id="filter-field"
        .value=${this.param}
        @change=${(e: Event) => {
          this.param = (e.target as HTMLSelectElement).value;
          this.#loadDraft();
        }}
      >
        ${this.fields.map((f) => html`<option value=${f.param} ?selected=${f.param === this.param}>${f.label}${f.custom ? ' (custom)' : ''}</option>`)}
      </select>
      ${field ? this.#valueEditor(field) : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="buttons">
        <button type="button" class="small cancel" @click=${() => this.#close()}>Cancel</button>
        <button type="submit" class="small primary apply">Apply filter</button>
      </div>
    </form>`;
  }

  protected override render() {
    const ctx: FilterContext = { ...this.context, users: this.users };
    const mineOn = this.filters.ownerId === ME;
    const chips = describeFilters(this.fields, this.filters, ctx).filter((c) => !(this.mine && mineOn && c.params.length === 1 && c.params[0] === 'ownerId'));
    return html`<div class="bar" role="group" aria-label="Filters">
      ${this.mine
        ? html`<button type="button" class="small mine" aria-pressed=${mineOn ? 'true' : 'false'} @click=${() => this.#emit(mineOn ? withoutParams(this.filters, ['ownerId']) : { ...this.filters, ownerId: ME })}>
            Mine
          </button>`
        : nothing}
      <ul aria-label="Active filters">
        ${chips.map(
          (c) => html`<li class="chip">
            <span>${c.label}</span>
            <button type="button" aria-label="Remove filter ${c.label}" @click=${() => this.#emit(withoutParams(this.filters, c.params))}>✕</button>
          </li>`,
        )}
      </ul>
      <span class="pop">
        <button type="button" class="small add" aria-expanded=${this.open ? 'true' : 'false'} ?disabled=${this.fields.length === 0} @click=${() => (this.open ? this.#close() : this.#openPanel())}>
          <span aria-hidden="true">+</span> Add filter
        </button>
        ${this.open ? this.#panel() : nothing}
      </span>
      ${chips.length > 1 ? html`<button type="button" class="small ghost clear" @click=${() => this.#emit({})}>Clear all</button>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-filter-builder': ShoalFilterBuilder;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-filters-change': CustomEvent<FiltersChangeDetail>;
  }
}
