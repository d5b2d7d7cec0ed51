import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-customer-table.js';
import type { ShoalCustomerTable, SortDetail } from '../../client/src/components/shoal-customer-table.js';
import { customer, recordEvents } from './fixtures.js';

const acme = customer({ id: 'a1', name: 'Acme Logistics', email: 'ops@acme.example', phone: '+1 415 555 0100', industry: 'Logistics', tags: ['enterprise', 'west'] });
const brightline = customer({ id: 'b2', name: 'Brightline Dental', email: 'hello@brightline.example', website: 'brightline.example' });
const cobalt = customer({ id: 'c3', name: 'Cobalt Analytics', email: 'team@cobalt.example' });

const EVENTS = ['shoal-sort', 'shoal-edit', 'shoal-delete', 'shoal-navigate'];

async function table(sort = 'name'): Promise<ShoalCustomerTable> {
  return fixture<ShoalCustomerTable>(html`<shoal-customer-table .customers=${[acme, brightline, cobalt]} sort=${sort}></shoal-customer-table>`);
}

const shadow = (el: ShoalCustomerTable) => el.shadowRoot!;
const sortButton = (el: ShoalCustomerTable, field: string) => shadow(el).querySelector<HTMLButtonElement>(`button.sort[data-sort="${field}"]`)!;
const header = (el: ShoalCustomerTable, field: string) => sortButton(el, field).closest('th')!;
const row = (el: ShoalCustomerTable, id: string) => shadow(el).querySelector<HTMLTableRowElement>(`tbody tr[data-id="${id.padStart(24, '0')}"]`)!;

describe('shoal-customer-table', () => {
  it('renders one row per customer, in the given order, as an accessible table', async () => {
    const el = await table();
    await el.updateComplete;
    const names = [...shadow(el).querySelectorAll('tbody tr .name')].map((n) => n.textContent?.trim());
    expect(names).to.deep.equal(['Acme Logistics', 'Brightline Dental', 'Cobalt Analytics']);
    const columnHeaders = shadow(el).querySelectorAll('thead th');
    expect([...columnHeaders].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
    expect(row(el, 'a1').querySelector('th')!.getAttribute('scope')).to.equal('row');
    expect(row(el, 'a1').textContent).to.contain('ops@acme.example').and.contain('Logistics').and.contain('enterprise');
    expect(header(el, 'name').getAttribute('aria-sort')).to.equal('ascending');
    expect(header(el, 'email').getAttribute('aria-sort')).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('shows a sentence instead of rows when there are no customers', async () => {
    const el = await fixture<ShoalCustomerTable>(html`<shoal-customer-table .customers=${[]}></shoal-customer-table>`);
    expect(shadow(el).querySelector('tbody')!.textContent).to.contain('No customers to show');
    await expect(el).to.be.accessible();
  });

  it('fires shoal-sort with the field and direction when a header is clicked', async () => {
    const el = await table();
    const seen = recordEvents(el, ['shoal-sort']);
    sortButton(el, 'email').click();
    sortButton(el, 'email').click();
    sortButton(el, 'updatedAt').click();
    const details = seen.map((e) => e.detail as SortDetail);
    expect(details).to.deep.equal([
      { field: 'email', direction: 'asc', sort: 'email' },
      { field: 'email', direction: 'desc', sort: '-email' },
      // Dates sort newest first on the first click.
      { field: 'updatedAt', direction: 'desc', sort: '-updatedAt' },
    ]);
    expect(seen.every((e) => e.bubbles && e.composed)).to.equal(true);
    await el.updateComplete;
    expect(header(el, 'updatedAt').getAttribute('aria-sort')).to.equal('descending');
  });

  it('sorts from the keyboard: Tab reaches the headers, Enter and Space sort', async () => {
    const el = await table();
    const seen = recordEvents(el, ['shoal-sort']);
    sortButton(el, 'name').focus();
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(sortButton(el, 'email'));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await sendKeys({ press: 'Space' });
    expect(seen.map((e) => (e.detail as SortDetail).sort)).to.deep.equal(['email', '-email']);
    sortButton(el, 'name').focus();
    await sendKeys({ press: 'Enter' });
    expect((seen.at(-1)!.detail as SortDetail).sort).to.equal('name');
  });

  it('fires shoal-edit and shoal-delete with the customer id, by mouse and by keyboard', async () => {
    const el = await table();
    const seen = recordEvents(el, ['shoal-edit', 'shoal-delete']);
    row(el, 'b2').querySelector<HTMLButtonElement>('button.edit')!.click();
    row(el, 'c3').querySelector<HTMLButtonElement>('button.delete')!.click();
    row(el, 'a1').querySelector<HTMLButtonElement>('button.edit')!.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.getAttribute('aria-label')).to.equal('Delete Acme Logistics');
    await sendKeys({ press: 'Enter' });
    expect(seen.map((e) => [e.type, e.detail.id])).to.deep.equal([
      ['shoal-edit', brightline.id],
      ['shoal-delete', cobalt.id],
      ['shoal-edit', acme.id],
      ['shoal-delete', acme.id],
    ]);
    expect(seen.every((e) => e.bubbles && e.composed)).to.equal(true);
  });

  it('links each name to the customer’s page: a plain click fires shoal-navigate, other clicks are left to the browser', async () => {
    const el = await table();
    const seen = recordEvents(el, ['shoal-navigate']);
    const link = row(el, 'b2').querySelector<HTMLAnchorElement>('a.name')!;
    expect(link.getAttribute('href')).to.equal(`/customers/${brightline.id}`);
    expect(link.textContent).to.equal('Brightline Dental');

    const plain = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0 });
    link.dispatchEvent(plain);
    expect(plain.defaultPrevented, 'the app navigates instead of the browser').to.equal(true);
    expect(seen.map((e) => e.detail)).to.deep.equal([{ path: `/customers/${brightline.id}` }]);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);

    // Ctrl+click (a new tab) keeps the link's own behaviour (the test stops the real navigation).
    let leftToBrowser = false;
    el.addEventListener('click', (e) => {
      leftToBrowser = !e.defaultPrevented;
      e.preventDefault();
    });
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, ctrlKey: true }));
    expect(leftToBrowser).to.equal(true);
    expect(seen).to.have.length(1);

    // The keyboard reaches the link, and Enter opens it.
    link.focus();
    await sendKeys({ press: 'Enter' });
    expect(seen).to.have.length(2);
  });

  it('fires no event when its properties are set from outside', async () => {
    const el = await table();
    const seen = recordEvents(el, EVENTS);
    el.customers = [cobalt];
    el.sort = '-updatedAt';
    el.highlighted = [cobalt.id];
    el.notes = { [cobalt.id]: 'edited by Dana' };
    await el.updateComplete;
    el.customers = [];
    await el.updateComplete;
    expect(seen).to.have.length(0);
    expect(header(el, 'updatedAt').getAttribute('aria-sort')).to.equal('descending');
    expect(header(el, 'name').getAttribute('aria-sort')).to.equal('none');
  });

  it('highlights the rows it is told to, with their note, and no others', async () => {
    const el = await table();
    el.highlighted = [brightline.id];
    el.notes = { [brightline.id]: 'edited by Dana Park' };
    await el.updateComplete;
    expect(row(el, 'b2').classList.contains('highlight')).to.equal(true);
    expect(row(el, 'b2').textContent).to.contain('edited by Dana Park');
    expect(row(el, 'a1').classList.contains('highlight')).to.equal(false);
    expect(row(el, 'c3').classList.contains('highlight')).to.equal(false);
    el.highlighted = [];
    await el.updateComplete;
    expect(row(el, 'b2').classList.contains('highlight')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('updates a row in place when its customer changes', async () => {
    const el = await table();
    const before = row(el, 'b2');
    el.customers = [acme, { ...brightline, name: 'Brightline Dental Group', version: 2 }, cobalt];
    await el.updateComplete;
    expect(row(el, 'b2')).to.equal(before);
    expect(before.querySelector('.name')!.textContent).to.equal('Brightline Dental Group');
  });
});
