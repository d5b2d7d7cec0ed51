import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { base, plainList } from '../styles.js';
import { shownColumns, toggleColumn, type ColumnSpec } from './columns.js';
import { listParts } from './list-styles.js';

/** Detail of `shoal-columns-change`. */
export interface ColumnsChangeDetail {
  /** The column keys to show, in order (the fixed first column aside); undefined: the defaults. */
  columns: string[] | undefined;
}

/**
 * The column chooser of a list: "Columns" opens a list of every column the list offers (its
 * own and one per custom field, a field an admin adds appearing as it is added), each with a
 * box to show or hide it.
 *
 * @fires shoal-columns-change - The rep showed or hid a column. Detail: {@link ColumnsChangeDetail}.
 */
@customElement('shoal-column-chooser')
export class ShoalColumnChooser extends LitElement {
  static override styles = [
    base,
    listParts,
    css`
      :host {
        display: inline-block;
      }
      ${plainList}
      li label {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        padding: 0.3rem 0;
        font-weight: normal;
        font-size: 0.9rem;
        cursor: pointer;
      }
      li input {
        width: 1rem;
        height: 1rem;
        min-height: 0;
        margin: 0;
        accent-color: var(--shoal-primary, #0b6e99);
      }
      .kind {
        margin-left: auto;
        font-size: 0.75rem;
        color: var(--shoal-muted, #536171);
      }
    `,
  ];

  /** Every column the list offers. */
  @property({ attribute: false })
  all: ColumnSpec[] = [];

  /** The chosen keys (undefined: the defaults). */
  @property({ attribute: false })
  chosen: string[] | undefined;

  /** The default keys. */
  @property({ attribute: false })
  defaults: string[] = [];

  @state() private open = false;
  @query('button.columns') private button!: HTMLButtonElement;

  #close(): void {
    this.open = false;
    void this.updateComplete.then(() => this.button?.focus());
  }

  #toggle(key: string, show: boolean): void {
    const columns = toggleColumn(this.all, this.chosen, this.defaults, key, show);
    this.chosen = columns;
    this.dispatchEvent(new CustomEvent<ColumnsChangeDetail>('shoal-columns-change', { detail: { columns }, bubbles: true, composed: true }));
  }

  #reset(): void {
    this.chosen = undefined;
    this.dispatchEvent(new CustomEvent<ColumnsChangeDetail>('shoal-columns-change', { detail: { columns: undefined }, bubbles: true, composed: true }));
  }

  protected override render() {
    const shown = new Set(shownColumns(this.all, this.chosen, this.defaults).map((c) => c.key));
    return html`<span class="pop">
      <button type="button" class="small columns" aria-expanded=${this.open ? 'true' : 'false'} @click=${() => (this.open ? this.#close() : (this.open = true))}>Columns</button>
      ${this.open
        ? html`<div
            class="panel end"
            role="dialog"
            aria-label="Columns"
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                this.#close();
              }
            }}
          >
            <h3>Show columns</h3>
            <ul>
              ${this.all.map(
                (c) => html`<li>
                  <label>
                    <input type="checkbox" data-column=${c.key} .checked=${shown.has(c.key)} ?disabled=${c.fixed} @change=${(e: Event) => this.#toggle(c.key, (e.target as HTMLInputElement).checked)} />
                    ${c.label} ${c.custom ? html`<span class="kind">custom</span>` : nothing}
                  </label>
                </li>`,
              )}
            </ul>
            <div class="buttons">
              <button type="button" class="small reset" @click=${() => this.#reset()}>Reset</button>
              <button type="button" class="small primary done" @click=${() => this.#close()}>Done</button>
            </div>
          </div>`
        : nothing}
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-column-chooser': ShoalColumnChooser;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-columns-change': CustomEvent<ColumnsChangeDetail>;
  }
}
