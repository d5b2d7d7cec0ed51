import { css, html, type LitElement, type ReactiveController } from 'lit';
import type { ShoalApi } from '../api.js';
import type { ImportEndDetail, ImportKind } from '../components/shoal-csv-import-dialog.js';
import type { LiveClient } from '../live.js';
import { restQuery, type ListState } from './list-state.js';

/** What a list's CSV export takes: its search, filters and sort (not the default one), every page. */
export function exportQuery(state: ListState, me: string | undefined, defaultSort: string): Record<string, string> {
  const { limit: _l, cursor: _c, sort, ...query } = restQuery(state, me, 1);
  return { ...query, ...(sort && sort !== defaultSort ? { sort } : {}) };
}

/**
 * A list's CSV parts (SPEC section 4): the "Export CSV" link to what the list matches (its
 * filters and order, every page) and the "Import CSV" button with its dialog, whose code loads on
 * first use (it is not part of the first page). The customers list (whose file may hold
 * customers or contacts), the deals list and the interaction history use it; a customer's
 * timeline uses its Export link alone. When the dialog closes, the focus goes back to the
 * button that opened it.
 */
export class CsvActions implements ReactiveController {
  /** Whether the import dialog is open. */
  importOpen = false;
  readonly #kinds: readonly ImportKind[];

  constructor(
    private readonly host: LitElement,
    private readonly options: {
      /** The REST collection (`/api/<resource>/export`, `/import`). */
      resource: ImportKind;
      /** The records' name, plural ("deals"). */
      many: string;
      /** The kinds of record a file may hold (`resource` alone by default). */
      kinds?: readonly ImportKind[];
      /** An import ended: say so, and load the list again (a panel with the Export link alone has none). */
      imported?(detail: ImportEndDetail): void;
    },
  ) {
    host.addController(this);
    this.#kinds = options.kinds ?? [options.resource];
  }

  hostConnected(): void {}

  /** The address of the export of what `query` (a list's REST filters and sort, no page) matches. */
  exportUrl(api: ShoalApi | undefined, query: Record<string, string>): string {
    const { resource } = this.options;
    return api?.exportUrl(resource, query) ?? `/api/${resource}/export${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
  }

  async #open(): Promise<void> {
    await import('../components/shoal-csv-import-dialog.js');
    this.importOpen = true;
    this.host.requestUpdate();
  }

  async #closed(event: CustomEvent<void>): Promise<void> {
    this.importOpen = false;
    this.host.requestUpdate();
    // Back to the button that opened it, once the modal dialog no longer holds the focus.
    await (event.target as LitElement).updateComplete;
    this.host.renderRoot.querySelector<HTMLButtonElement>('button.import')?.focus();
  }

  /** The Export link and the Import button (`filtered`: the list shows less than everything; `small`: the compact size of a panel). */
  buttons(api: ShoalApi | undefined, query: Record<string, string>, filtered: boolean, small = false) {
    const { many } = this.options;
    const size = small ? 'small' : '';
    return html`${this.exportLink(api, query, filtered ? `Download the ${many} this list matches as a CSV file` : `Download all ${many} as a CSV file`, small)}
      <button type="button" class="import ${size}" aria-haspopup="dialog" @click=${() => void this.#open()}>Import CSV</button>`;
  }

  /** The Export link alone, for a panel that exports without importing (a customer's timeline); `title` says what it downloads. */
  exportLink(api: ShoalApi | undefined, query: Record<string, string>, title: string, small = false) {
    return html`<a class="button export ${small ? 'small' : ''}" href=${this.exportUrl(api, query)} download title=${title}>Export CSV</a>`;
  }

  /** The import dialog (render it once, anywhere in the host). */
  dialog(api: ShoalApi | undefined, live: LiveClient | undefined) {
    return html`<shoal-csv-import-dialog
      .api=${api}
      .live=${live}
      .kinds=${this.#kinds}
      .open=${this.importOpen}
      @shoal-import-end=${(e: CustomEvent<ImportEndDetail>) => this.options.imported?.(e.detail)}
      @shoal-close=${(e: CustomEvent<void>) => void this.#closed(e)}
    ></shoal-csv-import-dialog>`;
  }
}

/** The row of a panel's CSV parts under its title (`.csv-actions`). */
export const csvActionStyles = css`
  .csv-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0 0 0.75rem;
  }
`;
