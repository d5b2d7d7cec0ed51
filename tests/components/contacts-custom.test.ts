import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/lists/shoal-record-list.js';
import type { ShoalRecordList } from '../../client/src/lists/shoal-record-list.js';
import type { ShoalColumnChooser } from '../../client/src/lists/shoal-column-chooser.js';
import type { ShoalFilterBuilder } from '../../client/src/lists/shoal-filter-builder.js';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { User } from '../../shared/user.js';
import { customer, fieldDef, inside, listPage, until } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json } from './scripted-api.js';

/** The contacts list shows the contacts' custom fields as columns (the chooser), like the customers list, live. */

const stamp = '2026-01-05T10:00:00.000Z';
const ana = User.parse({ id: 'a1'.padStart(24, '0'), name: 'Ana Silva', email: 'ana@shoal.example', role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const acme = Customer.parse(customer({ name: 'Acme Ltd', email: 'ops@acme.example' }));
const role = fieldDef({ entity: 'contact', key: 'role', label: 'Buying role', type: 'select', options: [{ key: 'champion', label: 'Champion', color: '#15803d' }, { key: 'blocker', label: 'Blocker' }] });
const since = fieldDef({ entity: 'contact', key: 'since', label: 'Contact since', type: 'date' });
const contact = (n: number, name: string, custom: Record<string, unknown>) =>
  Contact.parse({ id: (0xe0 + n).toString(16).padStart(24, '0'), customerId: acme.id, name, email: `${name.split(' ')[0]!.toLowerCase()}@acme.example`, version: 1, createdAt: stamp, updatedAt: stamp, custom });
const ann = contact(1, 'Ann Lee', { role: 'champion', since: '2024-05-02' });
const bo = contact(2, 'Bo Chen', {});

afterEach(() => history.replaceState(null, '', location.pathname));

describe('custom fields in the contacts list', function () {
  this.timeout(20_000);

  it('offers each contact field as a column, shows its values, keeps the choice in the address, and takes a definition added live', async () => {
    const server = routedApi([
      { method: 'GET', path: /^\/contacts\?/, answers: [listPage([ann, bo])] },
      { method: 'GET', path: /^\/customers\/0+/, answers: [json(200, acme)] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [role])] },
      { method: 'GET', path: /^\/views\?/, answers: [json(200, [])] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalRecordList>(html`<shoal-record-list entity="contact" .api=${server.api} .live=${live.client} .user=${ana}></shoal-record-list>`);
    const table = () => inside<HTMLElement>(el, 'shoal-contact-table');
    const cell = (c: Contact, key: string) => table()?.shadowRoot?.querySelector<HTMLElement>(`tr[data-id="${c.id}"] td.col-custom-${key}`) ?? null;
    const chooser = () => inside<ShoalColumnChooser>(el, 'shoal-column-chooser')!;
    await until(el, () => table()?.shadowRoot?.querySelector(`tr[data-id="${ann.id}"]`), 'the contacts');
    await until(el, () => chooser()?.all.some((c) => c.key === 'custom.role'), 'the column offered');
    expect(inside<ShoalFilterBuilder>(el, 'shoal-filter-builder')!.fields.map((f) => f.param)).to.include('custom.role');

    inside<HTMLButtonElement>(chooser(), 'button.columns')!.click();
    await until(chooser(), () => inside(chooser(), 'input[data-column="custom.role"]'), 'the chooser open');
    inside<HTMLInputElement>(chooser(), 'input[data-column="custom.role"]')!.click();
    await until(el, () => cell(ann, 'role'), 'the Buying role column');
    expect(table()!.shadowRoot!.querySelector('thead th.col-custom-role')!.textContent).to.contain('Buying role');
    expect(cell(ann, 'role')!.textContent).to.contain('Champion');
    expect(cell(ann, 'role')!.querySelector('.dot'), 'the option’s colour').to.exist;
    expect(cell(bo, 'role')!.classList.contains('blank'), 'none: a dash').to.equal(true);
    expect(new URLSearchParams(location.search).get('cols')).to.contain('custom.role');

    // An admin adds a date field: offered without a reload; chosen, it shows the date formatted.
    live.change({ entity: 'field', op: 'created', id: since.id, data: since, version: 1, actor: { id: ana.id, name: ana.name } });
    await until(el, () => chooser().all.some((c) => c.key === 'custom.since'), 'the new column offered');
    await until(chooser(), () => inside(chooser(), 'input[data-column="custom.since"]'), 'the new column in the open chooser');
    inside<HTMLInputElement>(chooser(), 'input[data-column="custom.since"]')!.click();
    await until(el, () => cell(ann, 'since'), 'the Contact since column');
    expect(cell(ann, 'since')!.textContent).to.contain('May 2, 2024');

    // A colleague fills Bo's role: the row shows it live.
    live.change({ entity: 'contact', op: 'updated', id: bo.id, data: { ...bo, custom: { role: 'blocker' }, version: 2 }, version: 2, fields: ['custom.role'], actor: { id: 'd1'.padStart(24, '0'), name: 'Dana Park' } });
    await until(el, () => cell(bo, 'role')?.textContent?.includes('Blocker'), 'Bo’s role live');
    await expect(el).to.be.accessible();
  });
});
