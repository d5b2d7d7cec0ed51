import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-customers-view.js';
import type { ShoalCsvImportDialog } from '../../client/src/components/shoal-csv-import-dialog.js';
import type { ShoalCustomerTable } from '../../client/src/components/shoal-customer-table.js';
import type { ShoalCustomersView } from '../../client/src/components/shoal-customers-view.js';
import type { Customer } from '../../shared/customer.js';
import type { JobProgress } from '../../shared/events.js';
import type { User } from '../../shared/user.js';
import { customer } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json } from './scripted-api.js';

const ana: User = {
  id: '0000000000000000000000a1',
  name: 'Ana Silva',
  email: 'ana@shoal.example',
  role: 'rep',
  color: '#0b6e99',
  active: true,
  version: 1,
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
};

/** A customer list answer with its total. */
const page = (items: Customer[]) => () => new Response(JSON.stringify(items), { status: 200, headers: { 'content-type': 'application/json', 'x-total-count': String(items.length) } });

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await el.updateComplete;
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const acme = customer({ name: 'Acme Ltd', email: 'ops@acme.example' });
const globex = customer({ name: 'Globex', email: 'hello@globex.example' });

async function view() {
  const server = routedApi([{ method: 'GET', path: /^\/customers(\?|$)/, answers: [page([acme])] }]);
  const live = new FakeLive();
  const el = await fixture<ShoalCustomersView>(html`<shoal-customers-view .api=${server.api} .live=${live.client} .user=${ana}></shoal-customers-view>`);
  await until(el, () => el.shadowRoot!.querySelector('shoal-customer-table'), 'the first page');
  return { el, live, ...server };
}

const $ = <T extends Element = HTMLElement>(el: ShoalCustomersView, selector: string) => el.shadowRoot!.querySelector<T>(selector);

describe('shoal-customers-view CSV import and export', () => {
  it('links Export CSV to the export of the current search', async () => {
    const { el, calls } = await view();
    const link = $<HTMLAnchorElement>(el, 'a.export')!;
    expect(link.textContent!.trim()).to.equal('Export CSV');
    expect(link.hasAttribute('download')).to.equal(true);
    expect(link.getAttribute('href')).to.equal('/api/customers/export');

    $<HTMLInputElement>(el, '#search')!.focus();
    await sendKeys({ type: 'acme & co' });
    await sendKeys({ press: 'Enter' });
    await until(el, () => calls.some((c) => c.url.includes('q=acme')), 'the search');
    expect($<HTMLAnchorElement>(el, 'a.export')!.getAttribute('href')).to.equal('/api/customers/export?q=acme+%26+co');
    expect(new URL($<HTMLAnchorElement>(el, 'a.export')!.href).searchParams.get('q')).to.equal('acme & co');
  });

  it('opens the import dialog from Import CSV, and shows the imported customers when the import ends', async () => {
    const { el, live, calls, route } = await view();
    const button = $<HTMLButtonElement>(el, 'button.import')!;
    expect(button.textContent!.trim()).to.equal('Import CSV');
    button.click();
    // The dialog's code loads on first use.
    const dialog = $<ShoalCsvImportDialog>(el, 'shoal-csv-import-dialog')!;
    await waitUntil(() => dialog.open, 'the dialog opens');
    await dialog.updateComplete;
    expect(dialog.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!.open).to.equal(true);
    // A file of customers, or of their contacts.
    expect([...dialog.kinds]).to.deep.equal(['customers', 'contacts']);

    const job: JobProgress = { id: 'job-1', kind: 'import', state: 'running', phase: 'reading', done: 0, total: 0 };
    route('POST', /^\/customers\/import$/, json(202, job));
    const transfer = new DataTransfer();
    transfer.items.add(new File(['name,email\nGlobex,hello@globex.example\n'], 'new.csv', { type: 'text/csv' }));
    const input = dialog.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.import')!.click();
    await until(dialog, () => dialog.shadowRoot!.querySelector('.progress[data-step="running"]'), 'the import to run');

    const lists = () => calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/customers')).length;
    const before = lists();
    route('GET', /^\/customers(\?|$)/, page([acme, globex]));
    live.job({ ...job, state: 'done', phase: 'importing', done: 1, total: 1, result: { created: 1, failed: 0, errors: [] } });
    await until(el, () => lists() > before, 'the list to be fetched again');
    await until(el, () => $<ShoalCustomerTable>(el, 'shoal-customer-table')!.customers.some((c) => c.id === globex.id), 'the imported customer');
    expect($(el, '.toasts')!.textContent).to.contain('Imported 1 customer.');

    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.close')!.click();
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    await until(el, () => el.shadowRoot!.activeElement === button, 'the focus back on Import CSV');
  });
});
