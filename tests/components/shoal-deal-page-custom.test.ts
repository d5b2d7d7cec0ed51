import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/deals/shoal-deal-page.js';
import type { ShoalDealPage } from '../../client/src/deals/shoal-deal-page.js';
import { Customer as CustomerSchema } from '../../shared/customer.js';
import { Opportunity as OpportunitySchema, type Opportunity } from '../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import { User } from '../../shared/user.js';
import { customer, fieldDef } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem } from './scripted-api.js';

/** Custom fields on the deal page: the same rows, editor and conflict rule as the customer page's. */

const hex = (n: number) => n.toString(16).padStart(24, '0');
const ID = hex(0xde1);
const CUSTOMER = hex(0xc0ffee);
const stamp = '2026-11-01T10:00:00.000Z';
const user = (n: number, name: string) =>
  User.parse({ id: hex(n), name, email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`, role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const ana = user(0xa1, 'Ana Silva');
const dana = user(0xd1, 'Dana Park');
const danaActor = { id: dana.id, name: dana.name };
const source = fieldDef({ entity: 'opportunity', key: 'source', label: 'Lead source', type: 'select', required: true, options: [{ key: 'web', label: 'Website', color: '#2e90fa' }, { key: 'event', label: 'Event' }] });
const budget = fieldDef({ entity: 'opportunity', key: 'budget', label: 'Budget', type: 'money' });
const notForDeals = fieldDef({ entity: 'customer', key: 'tier', label: 'Tier', type: 'text' });

const deal: Opportunity = OpportunitySchema.parse({
  id: ID,
  customerId: CUSTOMER,
  name: 'Annual licence',
  stage: 'proposal',
  amount: 48000,
  currency: 'USD',
  probability: 50,
  ownerId: dana.id,
  rank: 'a0',
  version: 3,
  createdAt: stamp,
  updatedAt: stamp,
  custom: { source: 'web', budget: 50000 },
});

async function page() {
  const server = routedApi([
    { method: 'GET', path: new RegExp(`^/opportunities/${ID}$`), answers: [json(200, deal)] },
    { method: 'GET', path: new RegExp(`^/opportunities/${ID}/history$`), answers: [json(200, [])] },
    { method: 'GET', path: new RegExp(`^/customers/${CUSTOMER}$`), answers: [json(200, CustomerSchema.parse(customer({ id: CUSTOMER, name: 'Harbor Freight Co' })))] },
    { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
    { method: 'GET', path: /^\/fields$/, answers: [json(200, [source, budget, notForDeals])] },
    { method: 'GET', path: /^\/stages$/, answers: [json(200, DEFAULT_STAGES)] },
    { method: 'GET', path: /^\/tasks\?/, answers: [json(200, [])] },
    { method: 'GET', path: /^\/interactions\?/, answers: [json(200, [])] },
  ]);
  const live = new FakeLive();
  const el = await fixture<ShoalDealPage>(html`<shoal-deal-page .api=${server.api} .live=${live.client} .user=${ana} .dealId=${ID}></shoal-deal-page>`);
  await until(el, () => $(el, '.row[data-field="custom.budget"]'), 'the custom fields');
  return { el, live, ...server };
}

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string): Promise<void> {
  const end = Date.now() + 3000;
  for (;;) {
    await el.updateComplete;
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('shoal-deal-page custom fields', () => {
  it('shows the deals’ custom fields only, formatted, and saves one key alone; a 422 on it shows beside it; a colleague’s change of it is a conflict', async function () {
    this.timeout(20_000);
    const { el, live, calls, route } = await page();
    expect(text($(el, '.row[data-field="custom.source"]'))).to.contain('Lead source').and.contain('Website').and.contain('(required)');
    expect(text($(el, '.row[data-field="custom.budget"]'))).to.contain('$50,000');
    expect($(el, '[data-field="custom.tier"]'), 'a customer field is not a deal’s').to.equal(null);
    await expect(el).to.be.accessible();

    route('PATCH', new RegExp(`^/opportunities/${ID}$`), problem(422, { title: 'Invalid', errors: [{ path: 'custom.budget', message: 'must be at most 1,000,000,000,000' }] }), json(200, { ...deal, custom: { ...deal.custom, budget: 65000 }, version: 4 }));
    $<HTMLButtonElement>(el, 'button[data-edit="custom.budget"]')!.click();
    await until(el, () => el.shadowRoot!.activeElement?.id === 'edit-custom-budget', 'the budget editor');
    const input = $<HTMLInputElement>(el, '#edit-custom-budget')!;
    expect(input.value).to.equal('50000');
    input.value = '65,000';
    input.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[data-editor="custom.budget"] button.save')!.click();
    await until(el, () => $(el, '#edit-custom-budget-error'), 'the 422 beside the input');
    expect(text($(el, '#edit-custom-budget-error'))).to.contain('Budget must be at most');
    $<HTMLButtonElement>(el, '[data-editor="custom.budget"] button.save')!.click();
    await until(el, () => !$(el, '[data-editor="custom.budget"]'), 'the save');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((p) => p.body)).to.deep.equal([{ custom: { budget: 65000 } }, { custom: { budget: 65000 } }]);
    expect(patches[0]!.headers['if-match']).to.equal('"3"');
    expect(text($(el, '.row[data-field="custom.budget"]'))).to.contain('$65,000');

    $<HTMLButtonElement>(el, 'button[data-edit="custom.source"]')!.click();
    await until(el, () => $(el, '#edit-custom-source'), 'the source editor');
    live.change({ entity: 'opportunity', op: 'updated', id: ID, data: { ...deal, custom: { source: 'event', budget: 65000 }, version: 5 }, version: 5, fields: ['custom.source'], actor: danaActor });
    await until(el, () => $(el, '[data-conflict="custom.source"]'), 'the conflict notice');
    expect(text($(el, '[data-conflict="custom.source"]'))).to.contain('Dana Park changed the lead source to').and.contain('Event');
  });
});
