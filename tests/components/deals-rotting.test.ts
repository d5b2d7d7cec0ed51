import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/lists/shoal-record-list.js';
import type { ShoalRecordList } from '../../client/src/lists/shoal-record-list.js';
import type { ShoalFilterBuilder } from '../../client/src/lists/shoal-filter-builder.js';
import { customer, inside, listPage, until } from './fixtures.js';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { User } from '../../shared/user.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json } from './scripted-api.js';

/** Rotting in the deals table: the board's mark (deals/rotting.ts) beside the deal's name, live, and a filter. */

const stamp = '2026-01-05T10:00:00.000Z';
const ana = User.parse({ id: 'a1'.padStart(24, '0'), name: 'Ana Silva', email: 'ana@shoal.example', role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const acme = Customer.parse(customer({ name: 'Acme Ltd', email: 'ops@acme.example' }));
const deal = (n: number, name: string, stage: string, rotting: boolean) =>
  Opportunity.parse({ id: (0xb0 + n).toString(16).padStart(24, '0'), customerId: acme.id, name, stage, amount: 1000 * n, currency: 'USD', probability: 20, ownerId: ana.id, rank: `a${n}`, rotting, version: 1, createdAt: stamp, updatedAt: stamp });
const stale = deal(1, 'Fleet renewal', 'proposal', true);
const fresh = deal(2, 'Harbor cranes', 'proposal', false);
const shoal = { id: 'shoal', name: 'Shoal' };

afterEach(() => history.replaceState(null, '', location.pathname));

describe('rotting in the deals table', function () {
  this.timeout(20_000);

  it('marks a rotting deal beside its name, as the board says it, and follows the mark live', async () => {
    const server = routedApi([
      { method: 'GET', path: /^\/opportunities\?/, answers: [listPage([stale, fresh])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [() => new Response(JSON.stringify(acme), { status: 200, headers: { 'content-type': 'application/json', etag: '"1"' } })] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, [{ key: 'proposal', name: 'Proposal', probability: 50, kind: 'open', rotDays: 14 }, { key: 'won', name: 'Closed Won', probability: 100, kind: 'won' }])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="opportunity" .api=${server.api} .live=${live.client} .user=${ana}></shoal-record-list>`);
    const table = () => inside<HTMLElement>(el, 'shoal-deal-table')!;
    const row = (d: Opportunity) => table()?.shadowRoot?.querySelector<HTMLElement>(`tbody tr[data-id="${d.id}"]`);
    const mark = (d: Opportunity) => row(d)?.querySelector<HTMLElement>('th .chip.rotting') ?? null;
    await until(el, () => row(stale) && row(fresh), 'the deals');
    await until(el, () => mark(stale)?.title === 'Rotting: no activity for more than 14 days', 'the mark with its stage’s rotDays');
    expect(mark(stale)!.textContent).to.contain('Rotting').and.contain('no activity for more than 14 days');
    expect(mark(fresh)).to.equal(null);

    // Shoal marks and unmarks deals as time passes: the rows follow, no reload, and no note names "Shoal" as an editor.
    const lists = () => server.calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/opportunities?')).length;
    const before = lists();
    live.change({ entity: 'opportunity', op: 'updated', id: fresh.id, data: { ...fresh, rotting: true, version: 2 }, version: 2, fields: ['rotting'], actor: shoal });
    live.change({ entity: 'opportunity', op: 'updated', id: stale.id, data: { ...stale, rotting: false, version: 2 }, version: 2, fields: ['rotting'], actor: shoal });
    await until(el, () => mark(fresh) && !mark(stale), 'the marks to follow');
    expect(row(fresh)!.textContent).to.contain('now rotting');
    expect(row(stale)!.textContent).to.contain('no longer rotting');
    expect(el.shadowRoot!.textContent, 'no note of who changed deals').to.not.contain('Shoal changed');
    expect(lists(), 'no reload').to.equal(before);

    // A deal in a closed stage is not marked, whatever it carries (as on the board).
    live.change({ entity: 'opportunity', op: 'updated', id: fresh.id, data: { ...fresh, stage: 'won', rotting: true, version: 3 }, version: 3, fields: ['stage'], actor: { id: ana.id, name: ana.name } });
    await until(el, () => !mark(fresh), 'no mark in a won stage');
    await expect(el).to.be.accessible();
  });

  it('under "Rotting: yes", lets in a deal Shoal marks and lets out one it unmarks, live', async () => {
    history.replaceState(null, '', `${location.pathname}?rotting=true`);
    const marked = { ...fresh, rotting: true, version: 2 };
    const server = routedApi([
      // The page as the server has it before the marks, then after the first one (both rotting), then after the second.
      { method: 'GET', path: /^\/opportunities\?/, answers: [listPage([stale]), listPage([stale, marked]), listPage([marked])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [json(200, acme)] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, [{ key: 'proposal', name: 'Proposal', probability: 50, kind: 'open', rotDays: 14 }])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="opportunity" .api=${server.api} .live=${live.client} .user=${ana}></shoal-record-list>`);
    const row = (d: Opportunity) => inside<HTMLElement>(el, 'shoal-deal-table')?.shadowRoot?.querySelector<HTMLElement>(`tbody tr[data-id="${d.id}"]`) ?? null;
    await until(el, () => row(stale), 'the rotting deal');
    expect(row(fresh)).to.equal(null);
    expect(server.calls.find((c) => c.url.startsWith('/api/opportunities?'))!.url).to.contain('rotting=true');

    // Shoal marks Harbor cranes: the page is asked for again and shows it.
    live.change({ entity: 'opportunity', op: 'updated', id: fresh.id, data: marked, version: 2, fields: ['rotting'], actor: shoal });
    await until(el, () => row(fresh), 'the newly rotting deal');
    expect(row(stale)).to.not.equal(null);

    // A call ends Fleet renewal's rotting: its row leaves at once.
    live.change({ entity: 'opportunity', op: 'updated', id: stale.id, data: { ...stale, rotting: false, version: 2 }, version: 2, fields: ['rotting'], actor: shoal });
    await until(el, () => !row(stale), 'the deal no longer rotting to leave');
    expect(row(fresh)).to.not.equal(null);
    await until(el, () => server.calls.filter((c) => c.url.startsWith('/api/opportunities?')).length === 3, 'the page asked for again');
    expect(row(stale), 'not back after the reload').to.equal(null);
  });

  it('offers "Rotting" in the filter builder and asks the server for rotting deals only', async () => {
    const server = routedApi([
      { method: 'GET', path: /^\/opportunities\?/, answers: [listPage([stale, fresh])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [json(200, acme)] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, [{ key: 'proposal', name: 'Proposal', probability: 50, kind: 'open', rotDays: 14 }])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
    ]);
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="opportunity" .api=${server.api} .live=${new FakeLive().client} .user=${ana}></shoal-record-list>`);
    const builder = () => inside<ShoalFilterBuilder>(el, 'shoal-filter-builder')!;
    await until(el, () => builder()?.fields.some((f) => f.param === 'rotting'), 'the rotting filter');
    // Through the builder as a rep uses it: Add filter, Rotting, Yes.
    await until(el, () => builder().shadowRoot!.querySelector('button.add'), 'the add button');
    builder().shadowRoot!.querySelector<HTMLButtonElement>('button.add')!.click();
    await until(el, () => builder().shadowRoot!.querySelector('#filter-field'), 'the field choice');
    const choice = builder().shadowRoot!.querySelector<HTMLSelectElement>('#filter-field')!;
    choice.value = 'rotting';
    choice.dispatchEvent(new Event('change'));
    await until(el, () => builder().shadowRoot!.querySelector('#filter-value'), 'the value choice');
    expect(builder().shadowRoot!.querySelector<HTMLSelectElement>('#filter-value')!.value).to.equal('true');
    builder().shadowRoot!.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await until(el, () => server.calls.some((c) => c.url.startsWith('/api/opportunities?') && c.url.includes('rotting=true')), 'the filtered list');
    expect(location.search).to.contain('rotting=true');
    await until(el, () => builder().shadowRoot!.textContent!.includes('Rotting: yes'), 'the chip');
  });
});
