import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-customer-page.js';
import type { ShoalCustomerPage } from '../../client/src/components/shoal-customer-page.js';
import { Customer as CustomerSchema, type Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import { User } from '../../shared/user.js';
import { customer } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem } from './scripted-api.js';

/** Custom fields on the customer page: shown formatted, edited one key at a time, conflicts per key, definitions live. */

const hex = (n: number) => n.toString(16).padStart(24, '0');
const ID = hex(0xc0ffee);
const stamp = '2026-01-05T10:00:00.000Z';
const user = (n: number, name: string) =>
  User.parse({ id: hex(n), name, email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`, role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const ana = user(0xa1, 'Ana Silva');
const dana = user(0xd1, 'Dana Park');
const danaActor = { id: dana.id, name: dana.name };

let n = 0;
const def = (d: Partial<FieldDefinition> & Pick<FieldDefinition, 'key' | 'label' | 'type'>) =>
  FieldDefinition.parse({ id: hex(0xf00 + ++n), entity: 'customer', required: false, version: 1, createdAt: `2026-01-06T10:00:0${n}.000Z`, updatedAt: stamp, ...d });
const tier = def({ key: 'tier', label: 'Tier', type: 'select', required: true, options: [{ key: 'gold', label: 'Gold', color: '#c9a227' }, { key: 'silver', label: 'Silver' }] });
const arr = def({ key: 'arr', label: 'Annual revenue', type: 'money' });
const renewal = def({ key: 'renewal', label: 'Renewal', type: 'date' });
const portal = def({ key: 'portal', label: 'Portal', type: 'url' });
const csm = def({ key: 'csm', label: 'Success manager', type: 'user' });
const regions = def({ key: 'regions', label: 'Regions', type: 'multiselect', options: [{ key: 'eu', label: 'Europe' }, { key: 'na', label: 'North America' }] });
const FIELDS = [tier, arr, renewal, portal, csm, regions];

const harbor: Customer = CustomerSchema.parse(
  customer({
    id: ID,
    name: 'Harbor Freight Co',
    email: 'ap@harbor.example',
    ownerId: ana.id,
    version: 3,
    custom: { tier: 'gold', arr: 125000, renewal: '2026-09-30', portal: 'https://portal.harbor.example/x', csm: dana.id, regions: ['eu', 'na'] },
  }),
);

async function page() {
  const server = routedApi([
    { method: 'GET', path: new RegExp(`^/customers/${ID}$`), answers: [json(200, harbor)] },
    { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
    { method: 'GET', path: /^\/fields$/, answers: [json(200, FIELDS)] },
    { method: 'GET', path: /^\/stages$/, answers: [json(200, DEFAULT_STAGES)] },
    { method: 'GET', path: /^\/contacts\?/, answers: [json(200, [])] },
    { method: 'GET', path: /^\/opportunities\?/, answers: [json(200, [])] },
    { method: 'GET', path: /^\/interactions\?/, answers: [json(200, [])] },
    { method: 'GET', path: /^\/tasks\?/, answers: [json(200, [])] },
  ]);
  const live = new FakeLive();
  const el = await fixture<ShoalCustomerPage>(html`<shoal-customer-page .api=${server.api} .live=${live.client} .user=${ana} .customerId=${ID}></shoal-customer-page>`);
  await until(el, () => $(el, '[data-field="custom.regions"]'), 'the custom fields');
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

async function edit(el: ShoalCustomerPage, key: string) {
  $<HTMLButtonElement>(el, `button[data-edit="custom.${key}"]`)!.click();
  await until(el, () => $(el, `[data-editor="custom.${key}"]`), `the ${key} editor`);
}

describe('shoal-customer-page custom fields', () => {
  it('shows each custom value with its formatter: option chip and colour, money, date, a safe link, a person, several options; required marked', async function () {
    this.timeout(15_000); // the first page of the file pays for loading every module
    const { el } = await page();
    const row = (key: string) => $(el, `[data-field="custom.${key}"]`)!;
    expect(text(row('tier'))).to.contain('Tier').and.contain('Gold').and.contain('(required)');
    expect(row('tier').querySelector<HTMLElement>('.chip .dot')!.style.background).to.equal('rgb(201, 162, 39)');
    expect(text(row('arr'))).to.contain('$125,000');
    expect(text(row('renewal'))).to.contain('Sep 30, 2026');
    const link = row('portal').querySelector<HTMLAnchorElement>('a')!;
    expect(link.href).to.equal('https://portal.harbor.example/x');
    expect(link.rel).to.contain('noopener');
    expect(text(row('csm'))).to.contain('Dana Park');
    expect([...row('regions').querySelectorAll('.chip')].map((c) => text(c))).to.deep.equal(['Europe', 'North America']);
    await expect(el).to.be.accessible();
  });

  it('saves one custom key with If-Match, sending only that key; Escape cancels', async () => {
    const { el, calls, route } = await page();
    route('PATCH', new RegExp(`^/customers/${ID}$`), json(200, { ...harbor, custom: { ...harbor.custom, tier: 'silver' }, version: 4 }));
    await edit(el, 'tier');
    expect(el.shadowRoot!.activeElement?.id, 'focus in the control').to.equal('edit-custom-tier');
    const select = $<HTMLSelectElement>(el, '#edit-custom-tier')!;
    select.value = 'silver';
    select.dispatchEvent(new Event('change'));
    $<HTMLButtonElement>(el, '[data-editor="custom.tier"] button.save')!.click();
    await until(el, () => !$(el, '[data-editor="custom.tier"]'), 'the editor to close');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers['if-match']).to.equal('"3"');
    expect(patch.body).to.deep.equal({ custom: { tier: 'silver' } });
    expect(text($(el, '[data-field="custom.tier"]'))).to.contain('Silver');

    await edit(el, 'arr');
    await sendKeys({ type: '9' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '[data-editor="custom.arr"]')).to.equal(null);
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(1);
  });

  it('clears an optional key with null, refuses to clear a required one here, and shows a 422 on custom.<key> beside its input', async () => {
    const { el, calls, route } = await page();
    await edit(el, 'tier');
    const select = $<HTMLSelectElement>(el, '#edit-custom-tier')!;
    select.value = '';
    select.dispatchEvent(new Event('change'));
    $<HTMLButtonElement>(el, '[data-editor="custom.tier"] button.save')!.click();
    await until(el, () => $(el, '[data-editor="custom.tier"] .error'), 'the required error');
    expect(text($(el, '[data-editor="custom.tier"] .error'))).to.contain('Tier is required');
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(0);

    route('PATCH', new RegExp(`^/customers/${ID}$`), problem(422, { title: 'Invalid', errors: [{ path: 'custom.renewal', message: 'must be a date (YYYY-MM-DD)' }] }));
    await edit(el, 'renewal');
    const date = $<HTMLInputElement>(el, '#edit-custom-renewal')!;
    date.value = '2027-01-15';
    date.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[data-editor="custom.renewal"] button.save')!.click();
    await until(el, () => $(el, '#edit-custom-renewal-error'), 'the 422 beside the input');
    expect(text($(el, '#edit-custom-renewal-error'))).to.contain('Renewal must be a date');
    expect($(el, '#edit-custom-renewal')!.getAttribute('aria-invalid')).to.equal('true');
    expect(calls.find((c) => c.method === 'PATCH')!.body).to.deep.equal({ custom: { renewal: '2027-01-15' } });

    route('PATCH', new RegExp(`^/customers/${ID}$`), json(200, { ...harbor, custom: { ...harbor.custom, portal: undefined }, version: 4 }));
    await edit(el, 'portal');
    const url = $<HTMLInputElement>(el, '#edit-custom-portal')!;
    url.value = '';
    url.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[data-editor="custom.portal"] button.save')!.click();
    await until(el, () => !$(el, '[data-editor="custom.portal"]'), 'the clear to save');
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)!.body).to.deep.equal({ custom: { portal: null } });
  });

  it('flags a colleague’s change of the custom key being edited (not of another key), and a 412 on it', async () => {
    const { el, live, calls, route } = await page();
    await edit(el, 'arr');
    await edit(el, 'renewal');
    const theirs = { ...harbor, custom: { ...harbor.custom, arr: 150000 }, version: 4 };
    live.change({ entity: 'customer', op: 'updated', id: ID, data: theirs, version: 4, fields: ['custom.arr'], actor: danaActor });
    await until(el, () => $(el, '[data-conflict="custom.arr"]'), 'the conflict notice');
    expect(text($(el, '[data-conflict="custom.arr"]'))).to.contain('Dana Park changed the annual revenue to').and.contain('$150,000');
    expect($(el, '[data-conflict="custom.renewal"]'), 'another key is its own field').to.equal(null);

    // The renewal edit began on version 3: the server says its key changed since (412).
    const current = { ...theirs, custom: { ...theirs.custom, renewal: '2026-10-31' }, version: 5 };
    route('PATCH', new RegExp(`^/customers/${ID}$`), problem(412, { title: 'Changed', current, conflicts: ['custom.renewal'] }));
    const date = $<HTMLInputElement>(el, '#edit-custom-renewal')!;
    date.value = '2027-03-01';
    date.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[data-editor="custom.renewal"] button.save')!.click();
    await until(el, () => $(el, '[data-conflict="custom.renewal"]'), 'the 412 notice');
    expect(calls.find((c) => c.method === 'PATCH')!.headers['if-match']).to.equal('"3"');
    expect(text($(el, '[data-conflict="custom.renewal"]'))).to.contain('Oct 31, 2026').and.contain('before you saved');
    await expect(el).to.be.accessible();
  });

  it('shows a definition an admin adds while the page is open, and drops one removed', async () => {
    const { el, live } = await page();
    const vip = def({ key: 'vip', label: 'VIP', type: 'checkbox' });
    live.change({ entity: 'field', op: 'created', id: vip.id, data: vip, version: 1, actor: danaActor });
    await until(el, () => $(el, '[data-field="custom.vip"]'), 'the new field');
    expect(text($(el, '[data-field="custom.vip"]'))).to.contain('VIP').and.contain('Not set');
    live.change({ entity: 'field', op: 'deleted', id: portal.id, data: null, version: 2, actor: danaActor });
    await until(el, () => !$(el, '[data-field="custom.portal"]'), 'the removed field to go');
  });
});
