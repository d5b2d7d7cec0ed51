import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-customers-view.js';
import type { ShoalCustomersView } from '../../client/src/components/shoal-customers-view.js';
import type { ShoalRecentlyDeleted } from '../../client/src/records/shoal-recently-deleted.js';
import '../../client/src/shell/shoal-toasts.js';
import type { ShoalToasts } from '../../client/src/shell/shoal-toasts.js';
import { Customer, DeletedCustomer } from '../../shared/customer.js';
import type { User } from '../../shared/user.js';
import { customer } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem } from './scripted-api.js';

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
const acme = Customer.parse(customer({ name: 'Acme Ltd', email: 'ops@acme.example' }));
const gone = DeletedCustomer.parse({
  customer: customer({ id: 'b'.repeat(24), name: 'Gone Co', email: 'gone@example.com' }),
  deletedAt: new Date(Date.now() - 3_600_000).toISOString(),
  deletedBy: { id: 'd1', name: 'Dana Park' },
  restorableUntil: new Date(Date.now() + 29 * 86_400_000).toISOString(),
  removed: { contacts: 3, opportunities: 2, interactions: 14, tasks: 0 },
});

/** A list answer whose X-Total-Count says how many match in all. */
const total = (n: number, items: unknown[] = []) => () => new Response(JSON.stringify(items), { status: 200, headers: { 'content-type': 'application/json', 'x-total-count': String(n) } });

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const text = (node: Element | null | undefined) => (node?.shadowRoot ?? node)?.textContent?.replace(/\s+/g, ' ') ?? '';

async function view() {
  const server = routedApi([
    { method: 'GET', path: /^\/customers(\?|$)/, answers: [total(1, [acme])] },
    { method: 'GET', path: /^\/contacts\?/, answers: [total(3)] },
    { method: 'GET', path: /^\/opportunities\?/, answers: [total(2)] },
    { method: 'GET', path: /^\/interactions\?/, answers: [total(14)] },
    { method: 'GET', path: /^\/tasks\?/, answers: [total(0)] },
  ]);
  const live = new FakeLive();
  const wrap = await fixture<HTMLDivElement>(html`<div>
    <shoal-customers-view .api=${server.api} .live=${live.client} .user=${ana}></shoal-customers-view>
    <shoal-toasts></shoal-toasts>
  </div>`);
  const el = wrap.querySelector<ShoalCustomersView>('shoal-customers-view')!;
  const toasts = wrap.querySelector<ShoalToasts>('shoal-toasts')!;
  await until(el, () => el.shadowRoot!.querySelector('shoal-customer-table'), 'the first page');
  return { el, toasts, live, ...server };
}

describe('deleting a customer, Undo and Recently deleted', () => {
  it('the confirmation names what goes with it from the lists’ totals; Undo in the toast restores it', async () => {
    const { el, toasts, calls, route } = await view();
    el.shadowRoot!.querySelector('shoal-customer-table')!.dispatchEvent(new CustomEvent('shoal-delete', { detail: { id: acme.id }, bubbles: true, composed: true }));
    // The delete's own part (<shoal-customer-delete>) holds the confirmation.
    const remover = el.shadowRoot!.querySelector('shoal-customer-delete')!;
    await remover.updateComplete;
    const dialog = remover.shadowRoot!.querySelector('shoal-confirm-dialog')!;
    await until(el, () => dialog.textContent!.replace(/\s+/g, ' ').includes('and its 3 contacts, 2 deals and 14 interactions'), 'the counts');
    for (const kind of ['contacts', 'opportunities', 'interactions', 'tasks']) {
      const list = calls.find((c) => c.url.startsWith(`/api/${kind}?`))!;
      expect(new URL(list.url, location.href).searchParams.get('limit'), `${kind}: one record, the total from X-Total-Count`).to.equal('1');
    }
    route('DELETE', new RegExp(`^/customers/${acme.id}$`), () => new Response(null, { status: 204 }));
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(toasts, () => text(toasts).includes('Deleted Acme Ltd'), 'the toast');
    route('POST', new RegExp(`^/customers/${acme.id}/restore$`), json(200, { ...acme, version: acme.version + 2 }));
    toasts.shadowRoot!.querySelector<HTMLButtonElement>('.toast-action')!.click();
    await until(toasts, () => text(toasts).includes('Restored Acme Ltd'), 'the restore');
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith(`/customers/${acme.id}/restore`))).to.equal(true);
  });

  it('a delete refused because a colleague changed the customer shows their version and deletes only when confirmed again', async () => {
    const { el, toasts, calls, route } = await view();
    el.shadowRoot!.querySelector('shoal-customer-table')!.dispatchEvent(new CustomEvent('shoal-delete', { detail: { id: acme.id }, bubbles: true, composed: true }));
    const remover = el.shadowRoot!.querySelector('shoal-customer-delete')!;
    await remover.updateComplete;
    const dialog = remover.shadowRoot!.querySelector('shoal-confirm-dialog')!;
    await until(el, () => dialog.textContent!.includes('14 interactions'), 'the counts');
    const theirs = { ...acme, email: 'billing@acme.example', version: acme.version + 1 };
    route('DELETE', new RegExp(`^/customers/${acme.id}$`), problem(412, { current: theirs }));
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(remover, () => remover.shadowRoot!.querySelector('.delete-error'), 'the refusal');
    expect(text(remover.shadowRoot!.querySelector('.delete-error'))).to.contain('changed this customer since you opened it');
    expect(dialog.textContent).to.contain('billing@acme.example');
    expect(dialog.open, 'still asking').to.equal(true);
    route('DELETE', new RegExp(`^/customers/${acme.id}$`), () => new Response(null, { status: 204 }));
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(toasts, () => text(toasts).includes('Deleted Acme Ltd'), 'the toast');
    const deletes = calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => Object.entries(c.headers).find(([k]) => k.toLowerCase() === 'if-match')?.[1]), 'the second delete is on their version').to.deep.equal([`"${acme.version}"`, `"${theirs.version}"`]);
    expect(el.shadowRoot!.querySelector('shoal-customer-table')?.customers.map((c) => c.id) ?? []).to.not.include(acme.id);
  });

  it('Recently deleted lists who deleted what and when, and restores it', async () => {
    const { el, toasts, route } = await view();
    route('GET', /^\/customers\/deleted\?/, json(200, [gone]));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.recently-deleted')!.click();
    const list = el.shadowRoot!.querySelector<ShoalRecentlyDeleted>('shoal-recently-deleted')!;
    await until(list, () => list.shadowRoot!.querySelector('li'), 'the list');
    expect(text(list.shadowRoot!.querySelector('li'))).to.contain('Gone Co').and.contain('Deleted by Dana Park').and.contain('with 3 contacts, 2 deals and 14 interactions');
    await expect(list).to.be.accessible();
    route('POST', /^\/customers\/b{24}\/restore$/, json(200, gone.customer));
    list.shadowRoot!.querySelector<HTMLButtonElement>('button.restore')!.click();
    await until(list, () => text(list).includes('No customer was deleted in the last 30 days.'), 'the empty list');
    await until(toasts, () => text(toasts).includes('Restored Gone Co'), 'the toast');
  });
});
