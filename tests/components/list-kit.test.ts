import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-customers-view.js';
import type { ShoalCustomersView } from '../../client/src/components/shoal-customers-view.js';
import type { ShoalCustomerForm } from '../../client/src/components/shoal-customer-form.js';
import type { ShoalBulkBar } from '../../client/src/lists/shoal-bulk-bar.js';
import type { ShoalColumnChooser } from '../../client/src/lists/shoal-column-chooser.js';
import type { ShoalFilterBuilder } from '../../client/src/lists/shoal-filter-builder.js';
import '../../client/src/lists/shoal-record-list.js';
import type { ShoalRecordList } from '../../client/src/lists/shoal-record-list.js';
import type { ShoalSavedViews } from '../../client/src/lists/shoal-saved-views.js';
import type { Customer } from '../../shared/customer.js';
import { Customer as CustomerSchema } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { Opportunity } from '../../shared/opportunity.js';
import { User } from '../../shared/user.js';
import { customer, inside } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json } from './scripted-api.js';
import { ManualTimers } from './manual-timers.js';

const user = (id: string, name: string, role: 'admin' | 'rep' = 'rep'): User =>
  User.parse({ id: id.padStart(24, '0'), name, email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`, role, color: '#0b6e99', active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' });
const ana = user('a1', 'Ana Silva');
const dana = user('d1', 'Dana Park', 'admin');

const tier = FieldDefinition.parse({
  id: 'f1'.padStart(24, '0'),
  entity: 'customer',
  key: 'tier',
  label: 'Tier',
  type: 'select',
  options: [
    { key: 'gold', label: 'Gold', color: '#c9a227' },
    { key: 'silver', label: 'Silver' },
  ],
  required: false,
  version: 1,
  createdAt: '2026-01-06T10:00:00.000Z',
  updatedAt: '2026-01-06T10:00:00.000Z',
});

/** A list answer with its total and, when given, the next page's cursor. */
const page = (items: unknown[], total = items.length, next?: string) => () =>
  new Response(JSON.stringify(items), {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-total-count': String(total), ...(next ? { link: `</api/customers?cursor=${next}>; rel="next"` } : {}) },
  });

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await el.updateComplete;
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const acme = CustomerSchema.parse(customer({ name: 'Acme Ltd', email: 'ops@acme.example', ownerId: ana.id, tags: ['vip'] }));
const globex = CustomerSchema.parse(customer({ name: 'Globex', email: 'hello@globex.example', ownerId: dana.id }));
const initech = CustomerSchema.parse(customer({ name: 'Initech', email: 'hi@initech.example' }));

let start = '';
beforeEach(() => {
  start = location.href;
});
afterEach(() => {
  // Each test starts from an address without list state.
  history.replaceState(null, '', start.replace(/[?&](q|sort|cols|page|cursor|view|ownerId|tag|stage|custom\.[^=]+)=[^&]*/g, ''));
});

async function customersView(items: Customer[] = [acme, globex, initech], fields: FieldDefinition[] = [], first = page(items)) {
  const server = routedApi([
    { method: 'GET', path: /^\/customers(\?|$)/, answers: [first] },
    { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
    { method: 'GET', path: /^\/fields$/, answers: [json(200, fields)] },
    { method: 'GET', path: /^\/views\?entity=customer$/, answers: [json(200, [])] },
  ]);
  const live = new FakeLive();
  const el = await fixture<ShoalCustomersView>(html`<shoal-customers-view .api=${server.api} .live=${live.client} .user=${ana}></shoal-customers-view>`);
  await until(el, () => el.shadowRoot!.querySelector('shoal-customer-table')?.shadowRoot?.querySelector('tbody tr[data-id]'), 'the first page');
  return { el, live, ...server };
}

const table = (el: ShoalCustomersView) => inside<HTMLElement>(el, 'shoal-customer-table')!;
const listCalls = (calls: { method: string; url: string }[]) => calls.filter((c) => c.method === 'GET' && /\/api\/customers(\?|$)/.test(c.url)).map((c) => new URL(c.url, location.origin).searchParams);

describe('customers list: owner, filters and the address', function () {
  this.timeout(20_000);
  it('shows each customer’s owner by name', async () => {
    const { el } = await customersView();
    await until(el, () => inside(table(el), 'tbody tr td.col-ownerId')?.textContent?.includes('Ana Silva'), 'the owner');
    const owners = [...table(el).shadowRoot!.querySelectorAll('tbody td.col-ownerId')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim());
    expect(owners[0]).to.contain('Ana Silva');
    expect(owners[1]).to.contain('Dana Park');
    expect(owners[2]).to.contain('none');
    await expect(el).to.be.accessible();
  });

  it('filters by owner and tag through the filter builder, keeps them in the address, and back restores the list before', async () => {
    const { el, calls } = await customersView();
    const builder = inside<ShoalFilterBuilder>(el, 'shoal-filter-builder')!;
    inside<HTMLButtonElement>(builder, 'button.add')!.click();
    await until(builder, () => inside(builder, 'form.panel'), 'the panel');
    const field = inside<HTMLSelectElement>(builder, '#filter-field')!;
    expect([...field.options].map((o) => o.value)).to.deep.equal(['ownerId', 'tag']);
    const value = inside<HTMLSelectElement>(builder, '#filter-value')!;
    value.value = dana.id;
    value.dispatchEvent(new Event('change'));
    inside<HTMLButtonElement>(builder, 'button.apply')!.click();
    await until(el, () => listCalls(calls).some((q) => q.get('ownerId') === dana.id), 'the owner filter call');
    expect(new URLSearchParams(location.search).get('ownerId')).to.equal(dana.id);
    await until(builder, () => inside(builder, 'li.chip')?.textContent?.includes('Owner: Dana Park'), 'the chip');

    // "Mine" is the signed-in user, kept as "me" in the address.
    inside<HTMLButtonElement>(builder, 'button.mine')!.click();
    await until(el, () => listCalls(calls).at(-1)?.get('ownerId') === ana.id, 'the mine call');
    expect(new URLSearchParams(location.search).get('ownerId')).to.equal('me');

    // Back: the owner filter again (the list follows the address).
    history.back();
    await until(el, () => listCalls(calls).at(-1)?.get('ownerId') === dana.id, 'the list before, after back');
    expect(inside<HTMLButtonElement>(builder, 'button.mine')!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('reads search, filters, sort and page from the address it opens at', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}&q=acme&tag=vip&sort=-updatedAt`);
    const { calls } = await customersView();
    const first = listCalls(calls)[0]!;
    expect(first.get('q')).to.equal('acme');
    expect(first.get('tag')).to.equal('vip');
    expect(first.get('sort')).to.equal('-updatedAt');
  });

  it('pages with Next and Previous, and each page is a history entry', async () => {
    const { el, calls } = await customersView([acme], [], page([acme], 30, 'c2'));
    inside<HTMLButtonElement>(el, 'button.next')!.click();
    await until(el, () => listCalls(calls).at(-1)?.get('cursor') === 'c2', 'page 2');
    expect(new URLSearchParams(location.search).get('page')).to.equal('2');
    inside<HTMLButtonElement>(el, 'button.previous')!.click();
    await until(el, () => !new URLSearchParams(location.search).has('page'), 'page 1 again');
  });
});

describe('custom fields in the customers list', function () {
  this.timeout(20_000);
  it('offers a definition an admin adds as a column and a filter, live, and shows its values', async () => {
    const withTier = { ...acme, custom: { tier: 'gold' } };
    const { el, live } = await customersView([withTier, globex]);
    const chooser = inside<ShoalColumnChooser>(el, 'shoal-column-chooser')!;
    expect(chooser.all.map((c) => c.key)).not.to.include('custom.tier');

    live.change({ entity: 'field', op: 'created', id: tier.id, data: tier, version: 1, actor: { id: dana.id, name: dana.name } });
    await until(el, () => chooser.all.some((c) => c.key === 'custom.tier'), 'the new column offered');
    const builder = inside<ShoalFilterBuilder>(el, 'shoal-filter-builder')!;
    expect(builder.fields.map((f) => f.param)).to.include('custom.tier');

    inside<HTMLButtonElement>(chooser, 'button.columns')!.click();
    await until(chooser, () => inside(chooser, 'input[data-column="custom.tier"]'), 'the chooser');
    inside<HTMLInputElement>(chooser, 'input[data-column="custom.tier"]')!.click();
    await until(el, () => inside(table(el), 'thead th.col-custom-tier'), 'the Tier column');
    expect(inside(table(el), `tr[data-id="${acme.id}"] td.col-custom-tier`)!.textContent).to.contain('Gold');
    expect(new URLSearchParams(location.search).get('cols')).to.contain('custom.tier');
    await expect(el).to.be.accessible();
  });

  it('puts the owner (default: the signed-in user) and the custom fields in the new-customer form', async () => {
    const { el, route, calls } = await customersView([acme], [tier]);
    route('POST', /^\/customers$/, json(201, { ...acme, id: 'f'.repeat(24), name: 'Hooli' }));
    inside<HTMLButtonElement>(el, 'button.new-customer')!.click();
    const form = inside<ShoalCustomerForm>(el, 'shoal-customer-form')!;
    await until(form, () => inside(form, 'dialog[open]'), 'the form');
    const owner = inside<HTMLSelectElement>(form, 'select[name="ownerId"]')!;
    expect(owner.value).to.equal(ana.id);
    owner.value = dana.id;
    owner.dispatchEvent(new Event('change'));
    const tierSelect = inside<HTMLSelectElement>(form, '#custom-tier')!;
    tierSelect.value = 'silver';
    tierSelect.dispatchEvent(new Event('change'));
    inside<HTMLInputElement>(form, '[name="name"]')!.focus();
    await sendKeys({ type: 'Hooli' });
    inside<HTMLInputElement>(form, '[name="email"]')!.focus();
    await sendKeys({ type: 'hi@hooli.example' });
    inside<HTMLButtonElement>(form, 'button.save')!.click();
    await until(el, () => calls.some((c) => c.method === 'POST'), `the create (${JSON.stringify((form as unknown as { values: unknown }).values)} ${form.shadowRoot!.querySelector('.banner')?.textContent})`);
    expect(calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ name: 'Hooli', email: 'hi@hooli.example', ownerId: dana.id, custom: { tier: 'silver' } });
  });
});

describe('bulk edit in the customers list', function () {
  this.timeout(20_000);
  it('selects by click and shift-click, then all matching, and changes the owner in batches of at most 1,000', async () => {
    const shown = Array.from({ length: 3 }, (_, i) => CustomerSchema.parse(customer({ name: `Company ${i}`, email: `c${i}@x.example` })));
    const { el, calls, route } = await customersView(shown, [], page(shown, 1_200, 'n1'));
    const boxes = () => [...table(el).shadowRoot!.querySelectorAll<HTMLInputElement>('tbody td.pick input')];
    boxes()[0]!.click();
    boxes()[2]!.dispatchEvent(new MouseEvent('click', { shiftKey: true, bubbles: true }));
    await until(el, () => inside(el, 'shoal-bulk-bar'), 'the bulk bar');
    const bar = inside<ShoalBulkBar>(el, 'shoal-bulk-bar')!;
    expect(bar.count).to.equal(3);
    expect(boxes().every((b) => b.checked)).to.equal(true);
    expect(inside<HTMLInputElement>(table(el), 'thead input.pick-page')!.checked).to.equal(true);

    // Every match: fetched page by page, then sent in two batches.
    const all = Array.from({ length: 1_200 }, (_, i) => ({ ...shown[0]!, id: (i + 1).toString(16).padStart(24, '0'), version: 2 }));
    route('GET', /limit=200/, ...Array.from({ length: 6 }, (_, i) => page(all.slice(i * 200, i * 200 + 200), 1_200, i < 5 ? `p${i + 1}` : undefined)));
    route('POST', /^\/customers\/batch$/, json(200, { succeeded: 1000, failed: 0, create: [], update: [], delete: [] }));
    await until(bar, () => inside(bar, 'button.select-all'), 'Select all matching');
    expect(inside(bar, 'button.select-all')!.textContent).to.contain('Select all 1,200 customers matching');
    inside<HTMLButtonElement>(bar, 'button.select-all')!.click();
    await until(bar, () => bar.count === 1_200, 'all selected');
    const action = inside<HTMLSelectElement>(bar, '#bulk-action')!;
    action.value = 'owner';
    action.dispatchEvent(new Event('change'));
    await bar.updateComplete;
    const owner = inside<HTMLSelectElement>(bar, '#bulk-value')!;
    owner.value = dana.id;
    owner.dispatchEvent(new Event('change'));
    inside<HTMLButtonElement>(bar, 'button.apply')!.click();
    await until(el, () => el.shadowRoot!.querySelector('.toasts')?.textContent?.includes('Changed the owner of 1,200 customers'), 'the toast');
    const batches = calls.filter((c) => c.method === 'POST' && c.url.endsWith('/customers/batch')).map((c) => (c.body as { update: { id: string; ownerId: string; version: number }[] }).update);
    expect(batches.map((b) => b.length)).to.deep.equal([1000, 200]);
    expect(batches.flat().every((u) => u.ownerId === dana.id && u.version === 2)).to.equal(true);
    expect(new Set(batches.flat().map((u) => u.id)).size).to.equal(1_200);
  });

  it('tells the rep in one note when a colleague’s batch changed many customers', async () => {
    const { el, live } = await customersView();
    for (const c of [acme, globex, initech]) live.change({ entity: 'customer', op: 'updated', id: c.id, data: { ...c, ownerId: dana.id, version: 2 }, version: 2, actor: { id: dana.id, name: dana.name } });
    await until(el, () => el.shadowRoot!.querySelector('.toasts')?.textContent?.includes('Dana Park changed 3 customers'), 'one note');
    expect(el.shadowRoot!.querySelectorAll('.toast')).to.have.length(1);
  });
});

describe('saved views', function () {
  this.timeout(20_000);
  it('saves what the list shows and applies a view', async () => {
    const { el, calls, route } = await customersView();
    const views = inside<ShoalSavedViews>(el, 'shoal-saved-views')!;
    await until(views, () => inside(views, 'button.save-view'), 'the side list');
    inside<ShoalFilterBuilder>(el, 'shoal-filter-builder')!.dispatchEvent(new CustomEvent('shoal-filters-change', { detail: { filters: { 'custom.tier': 'gold' } } }));
    await el.updateComplete;
    const saved = { id: 'v'.padStart(24, '0'), entity: 'customer', name: 'Gold', filters: { 'custom.tier': 'gold' }, sort: 'name', shared: 'team', ownerId: ana.id };
    route('POST', /^\/views$/, json(201, saved));
    inside<HTMLButtonElement>(views, 'button.save-view')!.click();
    await until(views, () => inside(views, '#view-name'), 'the name field');
    inside<HTMLInputElement>(views, '#view-name')!.focus();
    await sendKeys({ type: 'Gold' });
    inside<HTMLInputElement>(views, 'label.inline input')!.click();
    inside<HTMLButtonElement>(views, 'button.save')!.click();
    await until(views, () => inside(views, 'button.view[aria-current="true"]')?.textContent?.includes('Gold'), 'the view, current');
    expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/views'))!.body).to.deep.equal({ entity: 'customer', name: 'Gold', filters: { 'custom.tier': 'gold' }, sort: 'name', columns: [], shared: 'team' });
    expect(new URLSearchParams(location.search).get('view')).to.equal(saved.id);

    // The plain list again, then the view: its filters come back.
    [...views.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.view')].find((b) => b.textContent!.includes('All customers'))!.click();
    await until(el, () => !new URLSearchParams(location.search).has('custom.tier'), 'the plain list');
    [...views.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.view')].find((b) => b.textContent!.includes('Gold'))!.click();
    await until(el, () => listCalls(calls).at(-1)?.get('custom.tier') === 'gold', 'the view’s filter');
    await expect(views).to.be.accessible();
  });
});

describe('deals table', function () {
  this.timeout(20_000);
  it('lists deals with customer, stage and amount, and filters by stage', async () => {
    const deal = Opportunity.parse({
      id: 'b1'.padStart(24, '0'),
      customerId: acme.id,
      name: 'Fleet renewal',
      stage: 'proposal',
      amount: 12_500.5,
      currency: 'USD',
      probability: 50,
      ownerId: ana.id,
      rank: 'a0',
      version: 1,
      createdAt: '2026-01-05T10:00:00.000Z',
      updatedAt: '2026-01-05T10:00:00.000Z',
    });
    const server = routedApi([
      { method: 'GET', path: /^\/opportunities\?/, answers: [page([deal])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [() => new Response(JSON.stringify(acme), { status: 200, headers: { 'content-type': 'application/json', etag: '"1"' } })] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, [{ key: 'proposal', name: 'Proposal', probability: 50, kind: 'open' }, { key: 'won', name: 'Closed Won', probability: 100, kind: 'won' }])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
    ]);
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="opportunity" .api=${server.api} .live=${new FakeLive().client} .user=${ana}></shoal-record-list>`);
    const dealTable = () => inside<HTMLElement>(el, 'shoal-deal-table');
    await until(el, () => dealTable()?.shadowRoot?.querySelector('tbody tr[data-id]')?.textContent?.includes('Acme Ltd'), 'the deal with its customer');
    const text = dealTable()!.shadowRoot!.querySelector('tbody tr')!.textContent!;
    expect(text).to.contain('Fleet renewal').and.contain('Proposal').and.contain('$12,500.50').and.contain('Ana Silva');
    const builder = inside<ShoalFilterBuilder>(el, 'shoal-filter-builder')!;
    builder.dispatchEvent(new CustomEvent('shoal-filters-change', { detail: { filters: { stage: 'won' } } }));
    await until(el, () => server.calls.some((c) => c.url.includes('stage=won')), 'the stage filter');
    expect(builder.fields.find((f) => f.param === 'stage')!.options!.map((o) => o.label)).to.deep.equal(['Proposal', 'Closed Won']);
    await expect(el).to.be.accessible();

    // Export CSV downloads what the list matches (its filters, no page); Import CSV takes deals.
    await until(el, () => inside<HTMLAnchorElement>(el, 'a.export')?.getAttribute('href')?.includes('stage=won'), 'the export link with the filter');
    const link = inside<HTMLAnchorElement>(el, 'a.export')!;
    expect(link.getAttribute('href')).to.equal('/api/opportunities/export?stage=won');
    expect(link.hasAttribute('download')).to.equal(true);
    expect(link.title).to.equal('Download the deals this list matches as a CSV file');
    inside<HTMLButtonElement>(el, 'button.import')!.click();
    const dialog = () => inside<HTMLElement>(el, 'shoal-csv-import-dialog');
    await until(el, () => dialog()?.shadowRoot?.querySelector('dialog[open]'), 'the import dialog');
    const root = dialog()!.shadowRoot!;
    expect(root.querySelector('#csv-title')!.textContent).to.equal('Import deals from CSV');
    expect(root.querySelectorAll('input[name="kind"]'), 'deals only: no choice of kind').to.have.length(0);
    expect(root.querySelector('#csv-columns')!.textContent).to.contain('stage').and.contain('amount').and.contain('customerEmail').and.contain('not just “Closed”');
    server.route('POST', /^\/opportunities\/import$/, json(202, { id: 'job-1', kind: 'import', state: 'running', phase: 'importing', done: 0, total: 1 }));
    const input = root.querySelector<HTMLInputElement>('#csv-file')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['customerEmail,name,stage,amount\nbuyer@acme.test,Fleet,Proposal,10\n'], 'deals.csv', { type: 'text/csv' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    root.querySelector<HTMLFormElement>('form')?.requestSubmit();
    await until(el, () => server.calls.some((c) => c.method === 'POST' && c.url === '/api/opportunities/import'), 'the file sent to the deals import');
  });
});

describe('a colleague’s change on the deals list', function () {
  this.timeout(20_000);
  const crane = Opportunity.parse({ id: 'c1'.padStart(24, '0'), customerId: acme.id, name: 'Crane lease', stage: 'proposal', amount: 1_000, currency: 'USD', probability: 50, ownerId: ana.id, rank: 'a1', version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' });

  it('flashes the row for 3 s and says who for 12 s after their last change, as the record pages do', async () => {
    const clock = new ManualTimers();
    const live = new FakeLive();
    const server = routedApi([
      { method: 'GET', path: /^\/opportunities\?/, answers: [page([crane])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [() => new Response(JSON.stringify(acme), { status: 200, headers: { 'content-type': 'application/json', etag: '"1"' } })] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, [{ key: 'proposal', name: 'Proposal', probability: 50, kind: 'open' }])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
    ]);
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="opportunity" .api=${server.api} .live=${live.client} .user=${ana} .timers=${clock}></shoal-record-list>`);
    const row = () => inside<HTMLElement>(el, 'shoal-deal-table')?.shadowRoot?.querySelector<HTMLElement>(`tbody tr[data-id="${crane.id}"]`) ?? null;
    const note = () => row()?.querySelector('.note')?.textContent?.trim();
    const flashing = () => row()!.classList.contains('highlight');
    const settle = async () => {
      await el.updateComplete;
      await inside<HTMLElement & { updateComplete: Promise<unknown> }>(el, 'shoal-deal-table')!.updateComplete;
    };
    await until(el, () => row(), 'the deal');
    const edit = (version: number) =>
      live.change({ entity: 'opportunity', op: 'updated', id: crane.id, data: { ...crane, amount: 1_000 + version, version }, version, fields: ['amount'], actor: { id: dana.id, name: dana.name } });

    edit(2);
    await until(el, () => note() === 'edited by Dana Park' && flashing(), 'the flash and the note');
    clock.tick(3_000);
    await settle();
    expect(flashing(), 'the flash is over after 3 s').to.equal(false);
    expect(note(), 'who changed it stays').to.equal('edited by Dana Park');

    // Dana changes it again at 6 s: her note stays 12 s from then, not from her first change.
    clock.tick(3_000);
    edit(3);
    await until(el, () => flashing(), 'the second flash');
    clock.tick(6_000);
    await settle();
    expect(note(), '12 s after the first change, 6 s after the second').to.equal('edited by Dana Park');
    clock.tick(6_000);
    await settle();
    expect(note(), 'gone 12 s after her last change').to.equal(undefined);
    expect(flashing()).to.equal(false);
    expect(clock.pending, 'no highlight wait left behind').to.equal(0);
  });
});

describe('bulk delete of deals with Undo (issue 14)', function () {
  this.timeout(20_000);
  const deal = (n: number, name: string) =>
    Opportunity.parse({ id: `b${n}`.padStart(24, '0'), customerId: acme.id, name, stage: 'proposal', amount: 1_000 * n, currency: 'USD', probability: 50, ownerId: ana.id, rank: `a${n}`, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' });
  const deals = [deal(1, 'Crane lease'), deal(2, 'Berth rental'), deal(3, 'Tug service')];

  /** The deals list on a clock the test moves, with Crane lease and Berth rental ticked and deleted. */
  async function deleteTwo() {
    const clock = new ManualTimers();
    const server = routedApi([
      { method: 'GET', path: /^\/opportunities\?/, answers: [page(deals)] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [() => new Response(JSON.stringify(acme), { status: 200, headers: { 'content-type': 'application/json', etag: '"1"' } })] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, [{ key: 'proposal', name: 'Proposal', probability: 50, kind: 'open' }])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
      { method: 'POST', path: /^\/opportunities\/batch$/, answers: [json(200, { succeeded: 2, failed: 0, create: [], update: [], delete: [{ index: 0, status: 204, id: deals[0]!.id }, { index: 1, status: 204, id: deals[1]!.id }] })] },
    ]);
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="opportunity" .api=${server.api} .live=${new FakeLive().client} .user=${ana} .timers=${clock}></shoal-record-list>`);
    const dealTable = () => inside<HTMLElement>(el, 'shoal-deal-table');
    const shown = () => [...(dealTable()?.shadowRoot?.querySelectorAll('tbody tr[data-id]') ?? [])].map((r) => r.getAttribute('data-id'));
    await until(el, () => shown().length === 3, 'the three deals');
    const box = (id: string) => dealTable()!.shadowRoot!.querySelector<HTMLInputElement>(`tbody tr[data-id="${id}"] td.pick input`)!;
    const deletes = () => server.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/opportunities/batch'));
    /** Ticks `ids`, deletes them through the bulk bar, and waits for them to leave the list and for the toast. */
    const deleteRows = async (ids: string[], toast: string) => {
      for (const id of ids) box(id).click();
      await until(el, () => inside<ShoalBulkBar>(el, 'shoal-bulk-bar')?.count === ids.length, 'the rows selected');
      const bar = inside<ShoalBulkBar>(el, 'shoal-bulk-bar')!;
      const action = inside<HTMLSelectElement>(bar, '#bulk-action')!;
      action.value = 'delete';
      action.dispatchEvent(new Event('change'));
      await bar.updateComplete;
      inside<HTMLButtonElement>(bar, 'button.apply')!.click();
      await until(el, () => ids.every((id) => !shown().includes(id)) && [...el.shadowRoot!.querySelectorAll('.toast')].some((t) => t.textContent!.includes(toast)), 'the rows off the list, and the toast');
    };
    await deleteRows([deals[0]!.id, deals[1]!.id], 'Deleted 2 deals');
    expect(deletes(), 'nothing sent while Undo waits').to.have.length(0);
    return { el, clock, shown, deletes, server, deleteRows };
  }

  it('stops the 10 s wait when Undo is pressed: nothing is sent when it would have run out', async () => {
    const { el, clock, shown, deletes, server, deleteRows } = await deleteTwo();
    const [crane, berth, tug] = deals.map((d) => d.id) as [string, string, string];
    const deleted = (id: string) => json(200, { succeeded: 1, failed: 0, create: [], update: [], delete: [{ index: 0, status: 204, id }] });
    const undoLast = () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.toast button')].filter((b) => b.textContent!.trim() === 'Undo').at(-1)!.click();
    undoLast();
    await until(el, () => shown().length === 3, 'the two back on the list');

    // Another delete waits for its own Undo while the undone one's 10 s run out: had that wait
    // gone on, it would send this one early.
    clock.tick(5_000);
    server.route('POST', /^\/opportunities\/batch$/, deleted(tug));
    await deleteRows([tug], 'Deleted 1 deal');
    clock.tick(5_001);
    undoLast();
    await until(el, () => shown().length === 3, 'Tug service back on the list');

    // A later delete left to run is the barrier: it is the only batch sent.
    server.route('POST', /^\/opportunities\/batch$/, deleted(crane));
    await deleteRows([crane], 'Deleted 1 deal');
    clock.tick(10_000);
    await until(el, () => deletes().length > 0, 'the later delete');
    expect(deletes().map((c) => c.body)).to.deep.equal([{ delete: [crane] }]);
    await until(el, () => shown().length === 2, 'the rest still listed');
    expect(shown()).to.deep.equal([berth, tug]);
  });

  it('sends the batch delete when 10 s pass without Undo', async () => {
    const { el, clock, shown, deletes } = await deleteTwo();
    clock.tick(9_999);
    expect(deletes(), 'not before the 10 s').to.have.length(0);
    clock.tick(1);
    await until(el, () => deletes().length === 1, 'the batch delete');
    expect(deletes()[0]!.body).to.deep.equal({ delete: [deals[0]!.id, deals[1]!.id] });
    await until(el, () => shown().length === 1, 'the deleted ones stay off');
  });
});
