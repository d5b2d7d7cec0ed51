import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-customer-form.js';
import type { ShoalCustomerForm } from '../../client/src/components/shoal-customer-form.js';
import '../../client/src/components/shoal-new-deal-dialog.js';
import type { ShoalNewDealDialog } from '../../client/src/components/shoal-new-deal-dialog.js';
import { Opportunity } from '../../shared/opportunity.js';
import '../../client/src/components/shoal-contact-list.js';
import type { ShoalContactList } from '../../client/src/components/shoal-contact-list.js';
import { Contact } from '../../shared/contact.js';
import { FakeLive, routedApi } from './routed-api.js';
import { Customer as CustomerSchema, type Customer } from '../../shared/customer.js';
import { User } from '../../shared/user.js';
import { choose, customer, fieldDef, retype } from './fixtures.js';
import { json, problem, scriptedApi } from './scripted-api.js';

/** Custom fields in the dialog forms: one control per definition, required marked, only changed keys sent, errors per key. */

const stamp = '2026-01-05T10:00:00.000Z';
const dana = User.parse({ id: 'd1'.padStart(24, '0'), name: 'Dana Park', email: 'dana@shoal.example', role: 'rep', color: '#7c3aed', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const tier = fieldDef({ key: 'tier', label: 'Tier', type: 'select', required: true, options: [{ key: 'gold', label: 'Gold', color: '#c9a227' }, { key: 'silver', label: 'Silver' }] });
const arr = fieldDef({ key: 'arr', label: 'Annual revenue', type: 'money' });
const renewal = fieldDef({ key: 'renewal', label: 'Renewal', type: 'date' });
const FIELDS = [tier, arr, renewal];

const root = (el: Element) => el.shadowRoot!;
const box = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[data-field="${name}"]`)!;
const control = <T extends HTMLElement = HTMLInputElement>(el: Element, key: string) => box(el, `custom.${key}`).querySelector<T>('input, select, textarea')!;

async function settle(el: { updateComplete: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

describe('custom fields in the customer form', () => {
  it('marks a required field, holds a create while it is empty, then sends the values with their types', async function () {
    this.timeout(15_000);
    const created = CustomerSchema.parse(customer({ name: 'Northwind', email: 'buy@northwind.example', custom: { tier: 'gold', arr: 1200 } }));
    const { api, calls } = scriptedApi([json(201, created)], { csrfToken: 'csrf' });
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} .fields=${FIELDS} .users=${[dana]} open></shoal-customer-form>`);
    expect(box(el, 'custom.tier').querySelector('label .required'), 'the required mark').to.exist;
    expect(control(el, 'tier').getAttribute('aria-required')).to.equal('true');
    (root(el).querySelector('[name="name"]') as HTMLInputElement).value = 'Northwind';
    root(el).querySelector('[name="name"]')!.dispatchEvent(new Event('input'));
    (root(el).querySelector('[name="email"]') as HTMLInputElement).value = 'buy@northwind.example';
    root(el).querySelector('[name="email"]')!.dispatchEvent(new Event('input'));
    await retype(control(el, 'arr'), '1,200');
    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    expect(calls, 'nothing sent while a required field is empty').to.have.length(0);
    expect(box(el, 'custom.tier').querySelector('.error')!.textContent).to.contain('Tier is required');

    choose(control<HTMLSelectElement>(el, 'tier'), 'gold');
    await el.updateComplete;
    expect(box(el, 'custom.tier').querySelector('.error'), 'the error goes as the rep fixes it').to.equal(null);
    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    expect(calls[0]!.method).to.equal('POST');
    expect(calls[0]!.body).to.deep.equal({ name: 'Northwind', email: 'buy@northwind.example', custom: { tier: 'gold', arr: 1200 } });
    await expect(el).to.be.accessible();
  });

  it('sends only the custom keys changed (null clears one), shows a 422 on custom.<key> beside its control and names custom keys in a 412', async () => {
    const original: Customer = CustomerSchema.parse(customer({ name: 'Harbor', email: 'ap@harbor.example', version: 3, custom: { tier: 'gold', arr: 5000, renewal: '2026-09-30' } }));
    const theirs: Customer = { ...original, custom: { ...original.custom, arr: 7000 }, version: 4 };
    const { api, calls } = scriptedApi(
      [
        problem(422, { title: 'Invalid', errors: [{ path: 'custom.renewal', message: 'must be a date (YYYY-MM-DD)' }] }),
        problem(412, { title: 'Changed', current: theirs, conflicts: ['custom.arr'] }),
      ],
      { csrfToken: 'csrf' },
    );
    const el = await fixture<ShoalCustomerForm>(html`<shoal-customer-form .api=${api} .customer=${original} .fields=${FIELDS} .lastEditor=${'Dana Park'} open></shoal-customer-form>`);
    expect(control(el, 'arr').value).to.equal('5000');
    await retype(control(el, 'arr'), '6000');
    await retype(control(el, 'renewal'), '');
    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    expect(calls[0]!.method).to.equal('PATCH');
    expect(calls[0]!.headers['if-match']).to.equal('"3"');
    expect(calls[0]!.body, 'tier is untouched: not sent').to.deep.equal({ custom: { arr: 6000, renewal: null } });
    const error = box(el, 'custom.renewal').querySelector('.error')!;
    expect(error.textContent).to.contain('Renewal must be a date');
    expect(control(el, 'renewal').getAttribute('aria-describedby')).to.equal(error.id);

    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    const banner = root(el).querySelector('.conflict')!;
    expect(banner.textContent).to.contain('Annual revenue').and.contain('$7,000').and.contain('$6,000');
    await expect(el).to.be.accessible();
    banner.querySelector<HTMLButtonElement>('button.reload')!.click();
    await el.updateComplete;
    expect(control(el, 'arr').value, 'their value reloaded').to.equal('7000');
  });
});

describe('custom fields in the new deal dialog', () => {
  const source = fieldDef({ entity: 'opportunity', key: 'source', label: 'Lead source', type: 'select', required: true, options: [{ key: 'web', label: 'Website' }, { key: 'event', label: 'Event' }] });
  const champion = fieldDef({ entity: 'opportunity', key: 'champion', label: 'Champion', type: 'user' });
  const customers = [{ id: 'c1'.padStart(24, '0'), name: 'Harbor Freight Co' }];

  it('holds the create on an empty required field, sends the custom values, and shows a 422 on custom.<key> beside it', async () => {
    const created = Opportunity.parse({ id: 'de1'.padStart(24, '0'), customerId: customers[0]!.id, name: 'Pilot', stage: 'proposal', amount: 9000, currency: 'USD', probability: 50, rank: 'a0', version: 1, createdAt: stamp, updatedAt: stamp, custom: { source: 'event', champion: dana.id } });
    const { api, calls } = scriptedApi([problem(422, { title: 'Invalid', errors: [{ path: 'custom.champion', message: 'is not a member of the team' }] }), json(201, created)], { csrfToken: 'csrf' });
    const el = await fixture<ShoalNewDealDialog>(
      html`<shoal-new-deal-dialog .api=${api} .stage=${{ key: 'proposal', name: 'Proposal' }} .customers=${customers} .owners=${[]} .fields=${[source]} .users=${[dana]} open></shoal-new-deal-dialog>`,
    );
    // A definition an admin adds while the dialog is open gets its control.
    el.fields = [source, champion];
    await el.updateComplete;
    expect(box(el, 'custom.champion')).to.exist;
    const set = (name: string, value: string) => {
      const input = root(el).querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
    };
    set('name', 'Pilot');
    set('customerId', customers[0]!.id);
    set('amount', '9,000');
    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    expect(calls).to.have.length(0);
    expect(box(el, 'custom.source').querySelector('.error')!.textContent).to.contain('Lead source is required');
    expect(root(el).activeElement, 'focus on the field to fix').to.equal(control(el, 'source'));

    choose(control<HTMLSelectElement>(el, 'source'), 'event');
    choose(control<HTMLSelectElement>(el, 'champion'), dana.id);
    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    expect(calls[0]!.body).to.deep.equal({ name: 'Pilot', customerId: customers[0]!.id, stage: 'proposal', amount: 9000, custom: { source: 'event', champion: dana.id } });
    expect(box(el, 'custom.champion').querySelector('.error')!.textContent).to.contain('Champion is not a member of the team');
    expect(root(el).querySelector('.error-banner'), 'no banner: the error is beside its field').to.equal(null);
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLButtonElement>('button.save')!.click();
    await settle(el);
    expect(calls).to.have.length(2);
    expect(el.open).to.equal(false);
  });
});

describe('custom fields in the contact form', () => {
  const CUSTOMER = 'c1'.padStart(24, '0');
  const role = fieldDef({ entity: 'contact', key: 'role', label: 'Buying role', type: 'select', options: [{ key: 'champion', label: 'Champion' }, { key: 'blocker', label: 'Blocker' }] });
  const linkedin = fieldDef({ entity: 'contact', key: 'linkedin', label: 'LinkedIn', type: 'url' });
  const ann = Contact.parse({ id: 'a11'.padStart(24, '0'), customerId: CUSTOMER, name: 'Ann Lee', email: 'ann@harbor.example', version: 2, createdAt: stamp, updatedAt: stamp, custom: { role: 'champion', linkedin: 'https://linkedin.example/ann' } });

  it('edits the contact’s custom values, sending only the keys changed, and shows a 422 on custom.<key> beside its control', async () => {
    const server = routedApi([
      { method: 'GET', path: /^\/contacts\?/, answers: [json(200, [ann])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [role, linkedin])] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [dana])] },
      {
        method: 'PATCH',
        path: new RegExp(`^/contacts/${ann.id}$`),
        answers: [problem(422, { title: 'Invalid', errors: [{ path: 'custom.linkedin', message: 'must be an http or https address' }] }), json(200, { ...ann, custom: { role: 'blocker', linkedin: 'https://linkedin.example/ann-lee' }, version: 3 })],
      },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalContactList>(html`<shoal-contact-list .api=${server.api} .live=${live.client} .customerId=${CUSTOMER}></shoal-contact-list>`);
    for (let i = 0; i < 100 && !root(el).querySelector(`button[data-edit="${ann.id}"]`); i++) await settle(el);
    root(el).querySelector<HTMLButtonElement>(`button[data-edit="${ann.id}"]`)!.click();
    for (let i = 0; i < 100 && !root(el).querySelector('[data-field="custom.role"]'); i++) await settle(el);
    expect(control<HTMLSelectElement>(el, 'role').value).to.equal('champion');
    choose(control<HTMLSelectElement>(el, 'role'), 'blocker');
    await retype(control(el, 'linkedin'), 'linkedin.example/ann-lee');
    root(el).querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    for (let i = 0; i < 100 && !box(el, 'custom.linkedin').querySelector('.error'); i++) await settle(el);
    const patches = server.calls.filter((c) => c.method === 'PATCH');
    expect(patches[0]!.body).to.deep.equal({ custom: { role: 'blocker', linkedin: 'linkedin.example/ann-lee' } });
    expect(patches[0]!.headers['if-match']).to.equal('"2"');
    expect(box(el, 'custom.linkedin').querySelector('.error')!.textContent).to.contain('LinkedIn must be an http or https address');
    expect(root(el).querySelector('.error-banner'), 'beside the field, not in a banner').to.equal(null);
    await expect(el).to.be.accessible();
  });
});
