import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-csv-import-dialog.js';
import type { ImportEndDetail, ShoalCsvImportDialog } from '../../client/src/components/shoal-csv-import-dialog.js';
import type { JobProgress } from '../../shared/events.js';
import { recordEvents } from './fixtures.js';
import { FakeLive, routedApi, type Route } from './routed-api.js';
import { json, problem, unreachable, type Call } from './scripted-api.js';

const JOB_ID = '3b9e0c4f-1d2a-4e6b-8f70-5a1c2d3e4f50';
const CSV = 'name,email,tags\nAcme,ops@acme.example,lead; big\nGlobex,not-an-email,\nInitech,it@initech.example,\n';
const EVENTS = ['shoal-import-start', 'shoal-import-end', 'shoal-close'];
const job = (overrides: Partial<JobProgress> = {}): JobProgress => ({ id: JOB_ID, kind: 'import', state: 'running', phase: 'reading', done: 0, total: 0, ...overrides });

/** The dialog, open, with a fake server (the import POST answers `post`) and a fake live connection. */
async function dialog(post: () => Response = json(202, job()), more: Route[] = []) {
  const server = routedApi([{ method: 'POST', path: /^\/customers\/import$/, answers: [post] }, ...more], { csrfToken: 'csrf-123' });
  const live = new FakeLive();
  const el = await fixture<ShoalCsvImportDialog>(html`<shoal-csv-import-dialog .api=${server.api} .live=${live.client} open></shoal-csv-import-dialog>`);
  const seen = recordEvents(el, EVENTS);
  return { el, live, seen, ...server };
}

/** Waits (briefly, or up to `ms`) until `check` holds. */
async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await el.updateComplete;
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const $ = <T extends Element = HTMLElement>(el: ShoalCsvImportDialog, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = (el: ShoalCsvImportDialog, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const fileInput = (el: ShoalCsvImportDialog) => $<HTMLInputElement>(el, 'input[type="file"]')!;
const importButton = (el: ShoalCsvImportDialog) => $<HTMLButtonElement>(el, 'button.import')!;
const bar = (el: ShoalCsvImportDialog) => $<HTMLProgressElement>(el, 'progress');
const label = (el: ShoalCsvImportDialog) => text($(el, '#csv-progress-label'));
const live = (el: ShoalCsvImportDialog) => text($(el, '[aria-live="polite"]'));
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.url === '/api/customers/import');
const ends = (seen: CustomEvent[]) => seen.filter((e) => e.type === 'shoal-import-end').map((e) => e.detail as ImportEndDetail);

/** Chooses a file in the file input, as the browser's file picker does. */
function choose(el: ShoalCsvImportDialog, content: string, name = 'customers.csv'): void {
  const transfer = new DataTransfer();
  transfer.items.add(new File([content], name, { type: 'text/csv' }));
  fileInput(el).files = transfer.files;
  fileInput(el).dispatchEvent(new Event('change', { bubbles: true }));
}

/** Chooses the file, clicks Import and waits until the import runs. */
async function start(el: ShoalCsvImportDialog): Promise<void> {
  choose(el, CSV);
  importButton(el).click();
  await until(el, () => $(el, '.progress[data-step="running"]'), 'the import to run');
}

describe('shoal-csv-import-dialog', () => {
  it('explains the columns, labels the file input, takes the focus, and is accessible', async () => {
    const { el, calls } = await dialog();
    const dialogEl = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialogEl.open).to.equal(true);
    expect(el.shadowRoot!.activeElement, 'the focus moves into the dialog').to.equal(fileInput(el));
    expect(fileInput(el).getAttribute('accept')).to.equal('.csv,text/csv');
    expect(text($(el, `label[for="${fileInput(el).id}"]`))).to.equal('CSV file');
    const columns = text($(el, `#${fileInput(el).getAttribute('aria-describedby')}`));
    expect(columns).to.contain('Required: name, email');
    expect(columns).to.contain('Optional: phone, address, website, industry, tags');
    expect(text(importButton(el))).to.equal('Import');
    await expect(el).to.be.accessible();

    importButton(el).click();
    await el.updateComplete;
    expect(text($(el, '[role="alert"]'))).to.equal('Choose a CSV file to import first.');
    expect(calls, 'nothing is sent without a file').to.have.length(0);
  });

  it('posts the chosen file as text/csv with the CSRF token', async () => {
    const { el, calls, seen } = await dialog();
    await start(el);
    expect(posts(calls)).to.have.length(1);
    const [call] = posts(calls);
    expect(call!.headers['content-type']).to.equal('text/csv');
    expect(call!.headers['x-csrf-token']).to.equal('csrf-123');
    expect(call!.body, 'the file goes as it is').to.equal(CSV);
    expect(seen.map((e) => e.type)).to.deep.equal(['shoal-import-start']);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect(text($(el, '.file-name'))).to.equal('Importing customers.csv');

    // A second click while importing sends nothing more.
    importButton(el).click();
    await el.updateComplete;
    expect(posts(calls)).to.have.length(1);
  });

  it('imports contacts when the file holds contacts: their columns, their endpoint, their words', async () => {
    const server = routedApi([{ method: 'POST', path: /^\/contacts\/import$/, answers: [json(202, job())] }], { csrfToken: 'csrf-123' });
    const socket = new FakeLive();
    const el = await fixture<ShoalCsvImportDialog>(html`<shoal-csv-import-dialog .api=${server.api} .live=${socket.client} open></shoal-csv-import-dialog>`);
    const contacts = $$(el, 'input[name="kind"]').find((r) => (r as HTMLInputElement).value === 'contacts') as HTMLInputElement;
    expect(text(contacts.closest('label'))).to.equal('Contacts');
    contacts.click();
    await el.updateComplete;
    expect(text($(el, '#csv-title'))).to.equal('Import contacts from CSV');
    expect(text($(el, '#csv-columns'))).to.contain('Required: name, email, customerEmail').and.contain('Optional: phone, position');
    await expect(el).to.be.accessible();
    choose(el, 'customerEmail,name,email\nops@acme.example,Ann,ann@acme.example\n', 'contacts.csv');
    importButton(el).click();
    await until(el, () => $(el, '.progress[data-step="running"]'), 'the import to run');
    expect(server.calls.filter((c) => c.method === 'POST').map((c) => c.url)).to.deep.equal(['/api/contacts/import']);
    socket.job(job({ state: 'done', phase: 'done', done: 1, total: 1, result: { created: 1, failed: 0, errors: [] } }));
    await until(el, () => $(el, '.summary'), 'the summary');
    expect(text($(el, '.summary'))).to.equal('Imported 1 contact.');
  });

  it('shows the progress the job events report, in the bar, its label and the live region', async () => {
    const { el, live: socket } = await dialog();
    await start(el);
    expect(label(el)).to.equal('Reading the file… 0%');
    expect(bar(el)!.getAttribute('aria-labelledby')).to.equal('csv-progress-label');

    socket.job(job({ phase: 'importing', done: 120, total: 480 }));
    await el.updateComplete;
    expect(label(el)).to.equal('Imported 120 of 480 rows 25%');
    expect(bar(el)!.value).to.equal(25);
    expect(live(el)).to.equal('Imported 120 of 480 rows');

    socket.job(job({ phase: 'importing', done: 130, total: 480 }));
    await el.updateComplete;
    expect(label(el)).to.equal('Imported 130 of 480 rows 27%');
    expect(live(el), 'screen readers hear quarters, not every row').to.equal('Imported 120 of 480 rows');

    // Someone else's job, a demo-data job, or older news changes nothing.
    socket.job(job({ id: 'another-import', phase: 'importing', done: 400, total: 480 }));
    socket.job(job({ kind: 'demo-data', phase: 'importing', done: 400, total: 480 }));
    socket.job(job({ phase: 'importing', done: 60, total: 480 }));
    await el.updateComplete;
    expect(label(el)).to.equal('Imported 130 of 480 rows 27%');
    await expect(el).to.be.accessible();

    // While it runs, Escape does not close it.
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(true);
    expect($(el, 'button.cancel'), 'no way to close while importing').to.equal(null);
  });

  it('sums up the import and lists the rows that failed, then closes', async () => {
    const { el, live: socket, seen } = await dialog();
    await start(el);
    const finished = job({
      state: 'done',
      phase: 'importing',
      done: 50,
      total: 50,
      result: {
        created: 48,
        failed: 2,
        errors: [
          { row: 3, errors: [{ path: 'email', message: 'must be a valid email address' }] },
          { row: 17, errors: [{ path: 'email', message: 'is already used by another customer' }, { path: 'website', message: 'must be a web address' }] },
        ],
      },
    });
    socket.job(finished);
    await el.updateComplete;
    expect(text($(el, '.summary'))).to.equal('Imported 48 customers. 2 rows could not be imported.');
    expect(live(el)).to.equal('Imported 48 customers. 2 rows could not be imported.');
    expect(bar(el), 'the bar gives way to the summary').to.equal(null);
    expect(text($(el, 'table caption'))).to.equal('Rows that could not be imported');
    expect($$(el, 'thead th').map(text)).to.deep.equal(['Row', 'Field', 'Problem']);
    expect($$(el, 'tbody tr').map((tr) => [...tr.children].map(text))).to.deep.equal([
      ['3', 'email', 'must be a valid email address'],
      ['17', 'email', 'is already used by another customer'],
      ['17', 'website', 'must be a web address'],
    ]);
    expect(ends(seen)).to.deep.equal([{ outcome: 'done', message: 'Imported 48 customers. 2 rows could not be imported.', job: finished }]);
    const close = $<HTMLButtonElement>(el, 'button.close')!;
    await until(el, () => el.shadowRoot!.activeElement === close, 'the focus on Close');
    await expect(el).to.be.accessible();

    close.click();
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    expect(seen.map((e) => e.type)).to.deep.equal(['shoal-import-start', 'shoal-import-end', 'shoal-close']);

    // Opened again, it starts afresh.
    el.open = true;
    await el.updateComplete;
    expect(fileInput(el)).to.exist;
    expect($(el, '.summary')).to.equal(null);
  });

  it('names the missing columns of a 422', async () => {
    const { el, seen } = await dialog(
      problem(422, {
        title: 'Unprocessable',
        detail: 'The file lacks columns Shoal needs.',
        errors: [
          { path: 'name', message: 'is a required column' },
          { path: 'email', message: 'is a required column' },
        ],
      }),
    );
    choose(el, 'company,mail\nAcme,ops@acme.example\n');
    importButton(el).click();
    await until(el, () => $(el, '.upload-error'), 'the error');
    const alert = $(el, '.upload-error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(text(alert.querySelector('p'))).to.equal('The file lacks columns Shoal needs.');
    expect([...alert.querySelectorAll('li')].map(text)).to.deep.equal(['name is a required column', 'email is a required column']);
    expect(fileInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(fileInput(el).getAttribute('aria-describedby')).to.contain('csv-error');
    expect(text(importButton(el)), 'another file can be tried').to.equal('Import');
    expect(seen, 'nothing started').to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('explains a file too big, not CSV, or a server out of reach', async () => {
    const big = await dialog(problem(413, { title: 'Payload Too Large', detail: 'request entity too large' }));
    choose(big.el, CSV);
    importButton(big.el).click();
    await until(big.el, () => $(big.el, '.upload-error'), 'the 413 error');
    expect(text($(big.el, '.upload-error'))).to.equal('The file is larger than 5 MB. Split it into smaller files and import them one at a time.');

    const notCsv = await dialog(problem(415, { title: 'Unsupported Media Type' }));
    choose(notCsv.el, CSV, 'customers.xlsx');
    importButton(notCsv.el).click();
    await until(notCsv.el, () => $(notCsv.el, '.upload-error'), 'the 415 error');
    expect(text($(notCsv.el, '.upload-error'))).to.contain('Shoal can only import CSV files.');

    const offline = await dialog(unreachable());
    choose(offline.el, CSV);
    importButton(offline.el).click();
    await until(offline.el, () => $(offline.el, '.upload-error'), 'the network error');
    expect(text($(offline.el, '.upload-error'))).to.equal("Shoal can't reach the server right now. Check your connection and try again.");
  });

  it('says so when the import stops part-way, and lets the rep choose another file', async () => {
    const { el, live: socket, seen } = await dialog();
    await start(el);
    socket.job(job({ state: 'failed', phase: 'importing', done: 20, total: 50, error: 'The import stopped part-way: the database could not be reached. The 20 customers imported so far are kept.' }));
    await el.updateComplete;
    expect(text($(el, '[role="alert"]'))).to.equal('The import stopped part-way: the database could not be reached. The 20 customers imported so far are kept.');
    expect(ends(seen).map((d) => d.outcome)).to.deep.equal(['failed']);
    $<HTMLButtonElement>(el, 'button.again')!.click();
    await until(el, () => el.shadowRoot!.activeElement === fileInput(el), 'the file input to take the focus');
  });

  it('closes with Escape before an import starts', async () => {
    const { el, seen } = await dialog();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(seen.map((e) => e.type)).to.deep.equal(['shoal-close']);
  });

  it('takes the job events that arrive before the POST answers', async () => {
    const server = routedApi([]);
    const socket = new FakeLive();
    const el = await fixture<ShoalCsvImportDialog>(html`<shoal-csv-import-dialog .api=${server.api} .live=${socket.client} open></shoal-csv-import-dialog>`);
    server.route('POST', /^\/customers\/import$/, () => {
      socket.job(job({ phase: 'importing', done: 2, total: 3 }));
      return json(202, job())();
    });
    choose(el, CSV);
    importButton(el).click();
    await until(el, () => label(el) === 'Imported 2 of 3 rows 66%', 'the early progress');
  });

  it('asks GET /api/imports/:id every second when no job event arrives for 3 seconds', async function () {
    this.timeout(15_000);
    const { el, seen, calls } = await dialog(json(202, job()), [
      {
        method: 'GET',
        path: new RegExp(`^/imports/${JOB_ID}$`),
        answers: [json(200, job({ phase: 'importing', done: 1, total: 3 })), json(200, job({ state: 'done', phase: 'importing', done: 3, total: 3, result: { created: 3, failed: 0, errors: [] } }))],
      },
    ]);
    await start(el);
    await until(el, () => label(el) === 'Imported 1 of 3 rows 33%', 'the first poll', 6_000);
    await until(el, () => ends(seen).length === 1, 'the second poll', 3_000);
    expect(text($(el, '.summary'))).to.equal('Imported 3 customers.');
    expect($(el, 'table'), 'no table when every row was imported').to.equal(null);
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.url)).to.deep.equal([`/api/imports/${JOB_ID}`, `/api/imports/${JOB_ID}`]);
  });
});
