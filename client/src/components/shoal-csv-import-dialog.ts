import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ImportResult, JobProgress } from '../../../shared/events.js';
import { ApiError, describeError, type FieldError } from '../api.js';
import { WithShoalContext } from '../context-mixin.js';
import { JobWatcher } from '../job-watcher.js';
import { closeModal } from './dialog-frame.js';
import { csvImportDialogStyles } from './shoal-csv-import-dialog.styles.js';

/** The largest file the server takes. */
const MAX_BYTES = 5 * 1024 * 1024;

/** Detail of `shoal-import-end`: how an import the rep started ended. */
export interface ImportEndDetail {
  /** `done`: every row was tried (some may have failed); `failed`: the import stopped part-way. */
  outcome: 'done' | 'failed';
  /** What to tell the rep, in one sentence or two. */
  message: string;
  /** The job as it ended. */
  job: JobProgress;
}

/** A problem with the file itself: one sentence, and the columns the server named. */
interface UploadError {
  message: string;
  fields: FieldError[];
}

type Step = 'choose' | 'uploading' | 'running' | 'done' | 'failed';

/** What a file can hold, and what the dialog says about each. */
export type ImportKind = 'customers' | 'contacts' | 'opportunities' | 'interactions';
const KINDS: Record<ImportKind, { one: string; many: string; required: string[]; optional: string[]; note: string; skipped?: string }> = {
  customers: {
    one: 'customer',
    many: 'customers',
    required: ['name', 'email'],
    optional: ['phone', 'address', 'website', 'industry', 'tags'],
    note: 'Separate several tags with ; or ,.',
  },
  contacts: {
    one: 'contact',
    many: 'contacts',
    required: ['name', 'email', 'customerEmail'],
    optional: ['phone', 'position'],
    note: 'customerEmail is the email of the contact’s company, which must already be in Shoal (or give its customerId).',
  },
  opportunities: {
    one: 'deal',
    many: 'deals',
    required: ['name', 'stage', 'amount', 'customerEmail'],
    optional: ['expectedCloseDate', 'probability', 'currency', 'ownerId', 'contactId', 'pipelineId', 'lostReason'],
    note: 'stage is a stage’s name or key, such as Proposal or Closed Won (not just “Closed”); amount is a number such as 1250.50; customerEmail is the email of the deal’s company, which must already be in Shoal (or give its customerId).',
    skipped: 'A row that breaks a rule (an unknown stage or company, an amount below 0) is not imported; the others are.',
  },
  interactions: {
    one: 'interaction',
    many: 'interactions',
    required: ['type', 'date', 'customerEmail'],
    optional: ['subject', 'notes', 'durationMinutes', 'contactId'],
    note: 'type is call, meeting, email or note; date is a date and time such as 2026-03-02T14:30:00Z; customerEmail is the email of the customer it was with, which must already be in Shoal (or give its customerId). Each is logged as yours.',
    skipped: 'A row that breaks a rule (an unknown type or customer, a date Shoal cannot read) is not imported; the others are.',
  },
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "Imported 48 customers. 2 rows could not be imported." */
export function importSummary(result: ImportResult, kind: ImportKind = 'customers'): string {
  const { one, many } = KINDS[kind];
  const created = result.created === 0 ? `No ${many} were imported.` : `Imported ${plural(result.created, one, many)}.`;
  if (result.failed === 0) return created;
  return `${created} ${plural(result.failed, 'row', 'rows')} could not be imported.`;
}

/** "Imported 120 of 480 rows", or what happens before the rows are counted. */
function progressText(job: JobProgress | undefined): string {
  if (!job) return 'Sending the file…';
  if (job.phase === 'reading' || job.total === 0) return 'Reading the file…';
  return `Imported ${job.done.toLocaleString('en-US')} of ${plural(job.total, 'row', 'rows')}`;
}

/** A refused upload, in words a sales rep understands. */
function uploadError(error: unknown): UploadError {
  if (error instanceof ApiError && error.status === 413) {
    return { message: 'The file is larger than 5 MB. Split it into smaller files and import them one at a time.', fields: [] };
  }
  if (error instanceof ApiError && error.status === 415) {
    return { message: 'Shoal can only import CSV files. In your spreadsheet, choose Save As or Download, pick CSV, and import that file.', fields: [] };
  }
  if (error instanceof ApiError && error.status === 422) {
    return { message: describeError(error) || 'The file cannot be imported.', fields: error.problem.errors ?? [] };
  }
  return { message: describeError(error), fields: [] };
}

/**
 * Imports customers or contacts from a CSV file: explains the columns Shoal reads, sends the
 * chosen file to `POST /api/customers/import` (or `contacts`), shows the import's progress from the `job` socket
 * events (asking `GET /api/imports/:id` every second when none arrive for 3 s), then sums
 * up what was imported and lists the rows that could not be, with the reason for each.
 * It cannot be closed while an import runs.
 *
 * @fires shoal-import-start - The server accepted the file and the import runs.
 * @fires shoal-import-end - The import ended. Detail: {@link ImportEndDetail}.
 * @fires shoal-close - The rep closed the dialog (button or Escape).
 * @csspart progress - The progress bar.
 */
@customElement('shoal-csv-import-dialog')
export class ShoalCsvImportDialog extends WithShoalContext(LitElement) {
  static override styles = csvImportDialogStyles;

  /** Whether the dialog is shown. Opening it after an import has ended starts afresh. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** The kinds of record a file may hold here (the customers list offers customers and contacts; the deals list, deals). */
  @property({ attribute: false })
  kinds: readonly ImportKind[] = ['customers', 'contacts'];

  @state() private step: Step = 'choose';
  /** What the chosen file holds. */
  @state() private kind: ImportKind = 'customers';
  @state() private file: File | undefined;
  @state() private job: JobProgress | undefined;
  @state() private error: UploadError | undefined;
  /** How the import ended, in words. */
  @state() private message = '';
  /** What the polite live region says: progress in coarse steps, then the outcome. */
  @state() private announcement = '';

  @query('dialog') private dialog!: HTMLDialogElement;

  /** The last quarter of the rows announced, so screen readers hear 25%, 50%, 75%, not every row. */
  #announcedQuarter = -1;

  /** The import's progress: its `job` events (also those before the POST answers), else asking the server. */
  readonly #jobs = new JobWatcher(this, {
    kind: 'import',
    live: () => this.live,
    fetch: (id, signal) => this.api!.importJob(id, signal),
    isStale: (news, shown) => (news.phase === shown.phase && news.done < shown.done) || (shown.phase === 'importing' && news.phase === 'reading'),
    onNews: (progress) => this.#onNews(progress),
    onPollError: (error, shown) => {
      // The server no longer knows the import (it restarted): waiting longer would never end.
      if (!(error instanceof ApiError && error.status === 404)) return false;
      this.#onNews({ ...shown, state: 'failed', error: `Shoal lost track of this import, so it may have stopped part-way. Check the ${KINDS[this.kind].one} list before importing the file again.` });
      return true;
    },
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Opened again after an import ended: start afresh.
    if (changed.has('open') && this.open && (this.step === 'done' || this.step === 'failed')) this.#reset();
    // The kind chosen is always one this list offers.
    if (changed.has('kinds') && !this.kinds.includes(this.kind) && this.kinds[0]) this.kind = this.kinds[0];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.dialog.showModal();
      this.renderRoot.querySelector<HTMLInputElement>('#csv-file')?.focus();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  get #busy(): boolean {
    return this.step === 'uploading' || this.step === 'running';
  }

  #emit<T>(type: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent<T | undefined>(type, { detail, bubbles: true, composed: true }));
  }

  #reset(): void {
    this.step = 'choose';
    this.file = undefined;
    this.job = undefined;
    this.error = undefined;
    this.message = '';
    this.announcement = '';
  }

  #close(): void {
    closeModal(this, this.#busy);
  }

  /** The browser closed the dialog by itself (a second Escape cannot be refused): keep it in step. */
  #onClosed(): void {
    if (!this.open) return;
    if (this.#busy) this.dialog.showModal();
    else this.#close();
  }

  #chooseAnother(): void {
    this.#reset();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#csv-file')?.focus());
  }

  #onFile(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0];
    this.error = undefined;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.api || this.#busy || this.step !== 'choose') return;
    const file = this.file;
    if (!file) return this.#refuse({ message: 'Choose a CSV file to import first.', fields: [] });
    if (file.size === 0) return this.#refuse({ message: `That file is empty. Choose a CSV file with a header row and at least one ${KINDS[this.kind].one}.`, fields: [] });
    if (file.size > MAX_BYTES) return this.#refuse(uploadError(new ApiError(413, { type: 'about:blank', title: 'Too big', status: 413, detail: '' })));

    this.step = 'uploading';
    this.error = undefined;
    this.job = undefined;
    this.#jobs.starting();
    this.#announcedQuarter = -1;
    this.announcement = `Sending ${file.name}…`;
    let job: JobProgress;
    try {
      job = await this.api.importCsv(this.kind, file);
    } catch (error) {
      this.#jobs.stop();
      this.step = 'choose';
      this.#refuse(uploadError(error));
      return;
    }
    this.step = 'running';
    this.job = job;
    this.#emit('shoal-import-start');
    this.#announce(job);
    this.#jobs.follow(job);
  }

  #refuse(error: UploadError): void {
    this.error = error;
    this.announcement = '';
    // The banner is an alert; the focus goes back to the file so another can be chosen.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#csv-file')?.focus());
  }

  /** News of the import: progress while it runs, then how it ended. */
  #onNews(progress: JobProgress): void {
    this.job = progress;
    if (progress.state === 'running') this.#announce(progress);
    else this.#finish(progress);
  }

  #finish(progress: JobProgress): void {
    const done = progress.state === 'done';
    this.step = done ? 'done' : 'failed';
    const message = done
      ? progress.result
        ? importSummary(progress.result, this.kind)
        : 'The import is done.'
      : (progress.error ?? `The import stopped part-way. The ${KINDS[this.kind].many} imported so far are kept.`);
    this.message = message;
    // A failure shows in an alert, which screen readers announce by itself.
    this.announcement = done ? message : '';
    this.#emit<ImportEndDetail>('shoal-import-end', { outcome: done ? 'done' : 'failed', message, job: progress });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('button.close')?.focus());
  }

  /** Says the progress in the live region at each new phase and each quarter of the rows. */
  #announce(progress: JobProgress): void {
    const quarter = progress.total > 0 ? Math.floor((progress.done / progress.total) * 4) : 0;
    const key = progress.phase === 'importing' ? quarter : -1;
    if (key === this.#announcedQuarter && this.announcement) return;
    this.#announcedQuarter = key;
    this.announcement = progressText(progress);
  }

  #columns() {
    const kind = KINDS[this.kind];
    const codes = (names: string[]) => names.map((n, i) => html`${i ? ', ' : ''}<code>${n}</code>`);
    return html`${this.kinds.length > 1
        ? html`<fieldset class="kind">
        <legend>The file holds</legend>
        ${this.kinds.map(
          (k) => html`<label class="choice"
            ><input type="radio" name="kind" value=${k} .checked=${this.kind === k} ?disabled=${this.step === 'uploading'} @change=${() => (this.kind = k)} /> ${KINDS[k].many[0]!.toUpperCase()}${KINDS[k].many.slice(1)}</label
          >`,
        )}
      </fieldset>`
        : nothing}
      <div class="columns" id="csv-columns">
        <p>The first row must name the columns. Each row after it becomes a new ${kind.one}.</p>
        <p><strong>Required:</strong> ${codes(kind.required)}</p>
        <p><strong>Optional:</strong> ${codes(kind.optional)}. ${kind.note}</p>
        <p>Other columns are ignored. ${kind.skipped ?? 'A row whose email is already in Shoal is not imported.'} Up to 5 MB.</p>
      </div>`;
  }

  #chooser() {
    const error = this.error;
    return html`${this.#columns()}
      <label for="csv-file">CSV file</label>
      <input
        id="csv-file"
        type="file"
        accept=".csv,text/csv"
        aria-describedby=${error ? 'csv-columns csv-error' : 'csv-columns'}
        aria-invalid=${error ? 'true' : 'false'}
        ?disabled=${this.step === 'uploading'}
        @change=${(e: Event) => this.#onFile(e)}
      />
      ${error
        ? html`<div class="banner error-banner upload-error" id="csv-error" role="alert">
            <p>${error.message}</p>
            ${error.fields.length
              ? html`<ul>
                  ${error.fields.map((f) => html`<li><code>${f.path}</code> ${f.message}</li>`)}
                </ul>`
              : nothing}
          </div>`
        : nothing}`;
  }

  #progress() {
    const job = this.job;
    const percent = job && job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
    return html`${this.file ? html`<p class="file-name">Importing <strong>${this.file.name}</strong></p>` : nothing}
      <div class="progress" data-step=${this.step}>
        <div class="label" id="csv-progress-label"><span class="text">${progressText(job)}</span> <span>${percent}%</span></div>
        <progress part="progress" aria-labelledby="csv-progress-label" max="100" .value=${percent}></progress>
      </div>
      <p class="hint">Keep this page open until the import is done. Your team sees the new ${KINDS[this.kind].many} as they arrive.</p>`;
  }

  #outcome() {
    const job = this.job;
    if (this.step === 'failed') {
      return html`<div class="banner error-banner" role="alert"><p class="failure">${this.message}</p></div>`;
    }
    const result = job?.result;
    if (!result) return html`<p class="summary">${this.message}</p>`;
    const rows = result.errors.flatMap((r) => (r.errors.length ? r.errors.map((e, i) => ({ row: r.row, first: i === 0, ...e })) : [{ row: r.row, first: true, path: '', message: 'could not be imported' }]));
    const listed = result.errors.length;
    return html`<p class="summary">${importSummary(result, this.kind)}</p>
      ${rows.length
        ? html`<div class="table-wrap">
              <table class="failed-rows">
                <caption>
                  Rows that could not be imported
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Field</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map((r) => html`<tr>
                    <td class="row">${r.row}</td>
                    <td class="field">${r.path}</td>
                    <td class="message">${r.message}</td>
                  </tr>`)}
                </tbody>
              </table>
            </div>
            ${result.failed > listed ? html`<p class="more">Showing the first ${plural(listed, 'row', 'rows')} of ${result.failed.toLocaleString('en-US')}.</p>` : nothing}
            <p class="hint">Row numbers are as your spreadsheet shows them: row 1 is the header. Fix these rows and import just them again.</p>`
        : nothing}`;
  }

  #actions() {
    if (this.step === 'done' || this.step === 'failed') {
      return html`${this.step === 'failed' ? html`<button type="button" class="again" @click=${() => this.#chooseAnother()}>Choose another file</button>` : nothing}
        <button type="button" class="primary close" @click=${() => this.#close()}>Close</button>`;
    }
    const busy = this.#busy;
    return html`${busy ? nothing : html`<button type="button" class="cancel" @click=${() => this.#close()}>Cancel</button>`}
      <button type="submit" class="primary import" aria-disabled=${busy ? 'true' : 'false'}>${busy ? 'Importing…' : 'Import'}</button>`;
  }

  protected override render() {
    const body = this.step === 'choose' || this.step === 'uploading' ? this.#chooser() : this.step === 'running' ? this.#progress() : this.#outcome();
    return html`<dialog
      aria-labelledby="csv-title"
      aria-busy=${this.#busy ? 'true' : 'false'}
      @cancel=${(e: Event) => {
        // Escape: close, unless an import runs (it would go on unseen).
        e.preventDefault();
        this.#close();
      }}
      @close=${() => this.#onClosed()}
    >
      <form novalidate @submit=${(e: Event) => void this.#submit(e)}>
        <div class="dialog-head"><h2 id="csv-title">Import ${KINDS[this.kind].many} from CSV</h2></div>
        <div class="dialog-body">
          ${this.step === 'uploading' ? html`<p class="file-name">Sending <strong>${this.file?.name}</strong>…</p>` : nothing} ${body}
          <div class="visually-hidden live" role="status" aria-live="polite">${this.announcement}</div>
        </div>
        <div class="dialog-actions">${this.#actions()}</div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shoal-csv-import-dialog': ShoalCsvImportDialog;
  }
  interface GlobalEventHandlersEventMap {
    'shoal-import-start': CustomEvent<undefined>;
    'shoal-import-end': CustomEvent<ImportEndDetail>;
  }
}
