import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-interaction-history.js';
import type { ShoalInteractionHistory } from '../../client/src/components/shoal-interaction-history.js';
import type { JobProgress } from '../../shared/events.js';
import { Interaction } from '../../shared/interaction.js';
import { User } from '../../shared/user.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json } from './scripted-api.js';
import { inside, listPage, until } from './fixtures.js';

/** CSV export and import where interactions are listed (the dashboard's interaction history), through the lists' CSV parts. */

const stamp = '2026-01-05T10:00:00.000Z';
const ana = User.parse({ id: 'a1'.padStart(24, '0'), name: 'Ana Silva', email: 'ana@shoal.example', role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const call = Interaction.parse({ id: 'e1'.padStart(24, '0'), customerId: 'c1'.padStart(24, '0'), type: 'call', date: '2026-01-20T15:00:00.000Z', subject: 'Pricing', userId: ana.id, version: 1, createdAt: stamp, updatedAt: stamp });
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-02-01T00:00:00.000Z';
const job = (overrides: Partial<JobProgress> = {}): JobProgress => ({ id: '3b9e0c4f-1d2a-4e6b-8f70-5a1c2d3e4f50', kind: 'import', state: 'running', phase: 'reading', done: 0, total: 0, ...overrides });

describe('CSV in the interaction history', function () {
  this.timeout(20_000);

  it('exports what the period and filters match, and imports a file of interactions with their columns explained', async () => {
    const server = routedApi([
      { method: 'GET', path: /^\/interactions\?/, answers: [listPage([call])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [json(200, {})] },
      { method: 'POST', path: /^\/interactions\/import$/, answers: [json(202, job())] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalInteractionHistory>(html`<shoal-interaction-history .api=${server.api} .live=${live.client} .users=${[ana]} from=${FROM} to=${TO}></shoal-interaction-history>`);
    const link = () => inside<HTMLAnchorElement>(el, '.csv-actions a.export')!;
    await until(el, () => link(), 'the export link');
    const query = () => Object.fromEntries(new URL(link().href).searchParams);
    expect(new URL(link().href).pathname).to.equal('/api/interactions/export');
    expect(query()).to.deep.equal({ from: FROM, to: TO });
    expect(link().hasAttribute('download')).to.equal(true);

    // The filters go with it.
    const type = inside<HTMLSelectElement>(el, '#type')!;
    type.value = 'call';
    type.dispatchEvent(new Event('change'));
    const rep = inside<HTMLSelectElement>(el, '#rep')!;
    rep.value = ana.id;
    rep.dispatchEvent(new Event('change'));
    await until(el, () => query().type === 'call' && query().userId === ana.id, 'the filters in the export');
    expect(link().title).to.equal('Download the interactions this list matches as a CSV file');
    await expect(el).to.be.accessible();

    // Import: the dialog for interactions, their columns, their endpoint; the list loads again when it is done.
    inside<HTMLButtonElement>(el, '.csv-actions button.import')!.click();
    const dialog = () => inside<HTMLElement>(el, 'shoal-csv-import-dialog');
    await until(el, () => dialog()?.shadowRoot?.querySelector('dialog[open]'), 'the import dialog');
    const root = dialog()!.shadowRoot!;
    expect(root.querySelector('#csv-title')!.textContent).to.equal('Import interactions from CSV');
    expect(root.querySelectorAll('input[name="kind"]'), 'interactions only: no choice of kind').to.have.length(0);
    expect(root.querySelector('#csv-columns')!.textContent).to.contain('type, date, customerEmail').and.contain('durationMinutes');
    const input = root.querySelector<HTMLInputElement>('#csv-file')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['customerEmail,type,date,subject\nbuyer@acme.test,call,2026-01-10T10:00:00Z,Intro\n'], 'calls.csv', { type: 'text/csv' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    root.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await until(el, () => server.calls.some((c) => c.method === 'POST' && c.url === '/api/interactions/import'), 'the file sent to the interactions import');
    const loads = () => server.calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/interactions?')).length;
    const before = loads();
    live.job(job({ state: 'done', phase: 'done', done: 1, total: 1, result: { created: 1, failed: 0, errors: [] } }));
    await until(el, () => inside(el, '.toasts')?.textContent?.includes('Imported 1 interaction.'), 'the note of the import');
    await until(el, () => loads() > before, 'the list loaded again');

    // Closed, the focus is back on the button that opened it.
    root.querySelector<HTMLButtonElement>('button.cancel, button.close, .dialog-actions button')!.click();
    await until(el, () => el.shadowRoot!.activeElement?.classList.contains('import'), 'the focus back on Import CSV');
  });
});
