import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { User } from '../../../shared/user.js';
import '../components/shoal-avatar.js';
import { isPlainClick } from '../shell/routes.js';
import { parseSort, nextSort, type ColumnSpec, type SortDirection } from './columns.js';
import { customText, optionColor } from './custom-values.js';
import { listTableStyles } from './shoal-list-table.styles.js';
import { NOTHING, clickRow, isSelected, pageState, togglePage, type Selection } from './selection.js';

/** Detail of `shoal-sort`. */
export interface SortDetail {
  /** The field sorted by (`name`, `updatedAt`, `custom.tier`). */
  field: string;
  direction: SortDirection;
  /** The same as the API's `sort` parameter (`name`, `-updatedAt`, ...). */
  sort: string;
}

/** Detail of `shoal-select`. */
export interface SelectDetail {
  selection: Selection;
}

/** What the table needs of a row. */
export interface ListRow {
  id: string;
  custom?: Record<string, unknown> | undefined;
}

/**
 * A table of records for the lists (customers, contacts, deals): the columns it is given, the
 * first one as the row's header; sortable headers; an optional box per row to select it (click,
 * shift-click a range, the header's box for the page); rows someone else just changed flash
 * with a note. Below 40rem every row becomes a card. It only shows what it is given: the list
 * fetches, sorts, pages and keeps the selection.
 *
 * @fires shoal-sort - The rep asked for another order. Detail: {@link SortDetail}.
 * @fires shoal-select - The rep ticked or unticked rows. Detail: {@link SelectDetail}.
 * @csspart table - The `<table>` element.
 * @cssproperty --shoal-highlight - Background of a row that just changed.
 */
@customElement('shoal-list-table')
export class ShoalListTable<T extends ListRow = ListRow> extends LitElement {
  static override styles = listTableStyles;

  /** The records to show, in the order to show them. */
  @property({ attribute: false })
  rows: T[] = [];

  /** The columns, the first one the row's header. */
  @property({ attribute: false })
  columns: ColumnSpec[] = [];

  /** The team, for owner and user columns. */
  @property({ attribute: false })
  users: readonly User[] = [];

  /** The current order, as the API's `sort` parameter. */
  @property({ reflect: true })
  sort = 'name';

  /** Ids of rows to highlight briefly (changed by someone else just now). */
  @property({ attribute: false })
  highlighted: readonly string[] = [];

  /** A short note per row id, such as "edited by Dana". */
  @property({ attribute: false })
  notes: Readonly<Record<string, string>> = {};

  /** Rows have a box to select them. */
  @property({ type: Boolean })
  selectable = false;

  /** The selected rows (the list keeps it; the table shows it and fires changes). */
  @property({ attribute: false })
  selection: Selection = NOTHING;

  /** Names the table for assistive technology. */
  @property()
  label = 'Records';

  /** What an empty table says. */
  @property({ attribute: 'empty-text' })
  emptyText = 'Nothing to show.';

  /** True while a new page is loading (marks the table busy). */
  @property({ type: Boolean, reflect: true })
  busy = false;

  #highlightSet = new Set<string>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('highlighted')) this.#highlightSet = new Set(this.highlighted);
  }

  /** The name a row is announced by (its first column's text). */
  protected rowName(row: T): string {
    return String((row as unknown as { name?: unknown }).name ?? row.id);
  }

  /** A cell's content; lists override it for their own columns. Custom fields are shown here. */
  protected cell(column: ColumnSpec, row: T): unknown {
    if (column.custom) return this.customCell(column, row);
    const value = (row as unknown as Record<string, unknown>)[column.key];
    return value === undefined || value === null || value === '' ? undefined : String(value);
  }

  /** A custom field's cell: its text, a select's option with its colour. */
  protected customCell(column: ColumnSpec, row: T): unknown {
    const def = column.custom!;
    const value = row.custom?.[def.key];
    const text = customText(def, value, this.users);
    if (!text) return undefined;
    if (def.type === 'select') {
      const color = optionColor(def, value);
      return html`<span class="chip">${color ? html`<span class="dot" style=${styleMap({ background: color })} aria-hidden="true"></span>` : nothing}${text}</span>`;
    }
    return text;
  }

  /** A person's cell (an owner): avatar and name; undefined when there is nobody. */
  protected personCell(userId: string | undefined): unknown {
    if (!userId) return undefined;
    const user = this.users.find((u) => u.id === userId);
    return html`<span class="person"
      ><shoal-avatar name=${user?.name ?? '?'} color=${user?.color ?? ''} user-id=${userId}></shoal-avatar>${user?.name ?? 'A former colleague'}</span
    >`;
  }

  /** A link that opens a page of the app on a plain click (`shoal-navigate`), and keeps the browser's own behaviour otherwise. */
  protected appLink(path: string, text: string, cls = ''): unknown {
    return html`<a
      class=${cls}
      href=${path}
      @click=${(event: MouseEvent) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        this.dispatchEvent(new CustomEvent('shoal-navigate', { detail: { path }, bubbles: true, composed: true }));
      }}
      >${text}</a
    >`;
  }

  /** The buttons at the end of a row (none by default). */
  protected actions(_row: T): TemplateResult | typeof nothing {
    return nothing;
  }

  /** Whether the table has an actions column. */
  protected get hasActions(): boolean {
    return false;
  }

  #sortBy(column: ColumnSpec): void {
    const sort = nextSort(column, this.sort);
    if (!sort) return;
    this.sort = sort;
    const { field, direction } = parseSort(sort);
    this.dispatchEvent(new CustomEvent<SortDetail>('shoal-sort', { detail: { field, direction, sort }, bubbles: true, composed: true }));
  }

  #select(selection: Selection): void {
    this.selection = selection;
    this.dispatchEvent(new CustomEvent<SelectDetail>('shoal-select', { detail: { selection }, bubbles: true, composed: true }));
  }

  #onPick(event: MouseEvent, id: string): void {
    this.#select(
      clickRow(
        this.selection,
        this.rows.map((r) => r.id),
        id,
        event.shiftKey,
      ),
    );
  }

  #header(column: ColumnSpec) {
    const cls = `col-${column.key.replace(/\./g, '-')}`;
    if (!column.sort) return html`<th scope="col" class=${cls}>${column.label}</th>`;
    const current = parseSort(this.sort);
    const active = current.field === column.sort;
    const ariaSort = active ? (current.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    const arrow = active ? (current.direction === 'asc' ? '▲' : '▼') : '▲';
    return html`<th scope="col" class=${cls} aria-sort=${ariaSort}>
      <button class="sort" type="button" data-sort=${column.sort} @click=${() => this.#sortBy(column)}>
        ${column.label}<span class="arrow" aria-hidden="true">${arrow}</span>
      </button>
    </th>`;
  }

  #row(row: T) {
    const [first, ...rest] = this.columns;
    const note = this.notes[row.id];
    const selected = this.selectable && isSelected(this.selection, row.id);
    const classes = [this.#highlightSet.has(row.id) ? 'highlight' : '', selected ? 'selected' : '', this.selectable ? 'has-pick' : ''].filter(Boolean).join(' ');
    return html`<tr data-id=${row.id} class=${classes}>
      ${this.selectable
        ? html`<td class="pick">
            <input type="checkbox" aria-label="Select ${this.rowName(row)}" .checked=${selected} @click=${(e: MouseEvent) => this.#onPick(e, row.id)} />
          </td>`
        : nothing}
      ${first
        ? html`<th scope="row" class="col-name">
            ${this.cell(first, row)} ${note ? html`<span class="note">${note}</span>` : nothing}
          </th>`
        : nothing}
      ${rest.map((column) => {
        const content = this.cell(column, row);
        const blank = content === undefined || content === nothing || content === '';
        return html`<td class="col-${column.key.replace(/\./g, '-')} ${blank ? 'blank' : ''}" data-label=${column.label}>
          ${blank ? html`<span class="muted" aria-hidden="true">—</span><span class="visually-hidden">none</span>` : content}
        </td>`;
      })}
      ${this.hasActions ? html`<td class="actions">${this.actions(row)}</td>` : nothing}
    </tr>`;
  }

  protected override render() {
    const ids = this.rows.map((r) => r.id);
    const state = pageState(this.selection, ids);
    const span = this.columns.length + (this.selectable ? 1 : 0) + (this.hasActions ? 1 : 0);
    return html`<div class="scroll">
      <table part="table" aria-label=${this.label} aria-busy=${this.busy ? 'true' : 'false'}>
        <thead>
          <tr>
            ${this.selectable
              ? html`<th scope="col" class="pick">
                  <input
                    type="checkbox"
                    class="pick-page"
                    aria-label="Select all on this page"
                    ?disabled=${ids.length === 0}
                    .checked=${state === 'all'}
                    .indeterminate=${state === 'some'}
                    @click=${() => this.#select(togglePage(this.selection, ids))}
                  />
                </th>`
              : nothing}
            ${this.columns.map((c) => this.#header(c))}
            ${this.hasActions ? html`<th scope="col" class="actions"><span class="visually-hidden">Actions</span></th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${this.rows.length === 0
            ? html`<tr>
                <td class="empty" colspan=${span}>${this.emptyText}</td>
              </tr>`
            : repeat(
                this.rows,
                (r) => r.id,
                (r) => this.#row(r),
              )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-list-table': ShoalListTable;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-sort': CustomEvent<SortDetail>;
    'shoal-select': CustomEvent<SelectDetail>;
  }
}
