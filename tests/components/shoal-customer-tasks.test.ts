import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/tasks/shoal-customer-tasks.js';
import type { ShoalCustomerTasks } from '../../client/src/tasks/shoal-customer-tasks.js';
import type { Task } from '../../shared/task.js';
import type { User } from '../../shared/user.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, settle } from './scripted-api.js';

const stamp = { active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const ben: User = { ...stamp, id: '0000000000000000000000b1', name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777' };
const ada: User = { ...stamp, id: '0000000000000000000000a1', name: 'Ada Lovelace', email: 'ada@shoal.example', role: 'admin', color: '#2563eb' };
const customerId = '0000000000000000000000c1';
const task = (id: string, overrides: Partial<Task>): Task => ({ id: id.padStart(24, 'f'), title: id, type: 'todo', dueAt: '2099-01-10', assigneeId: ben.id, customerId, done: false, ...stamp, ...overrides });

const shadow = (el: ShoalCustomerTasks) => el.shadowRoot!;
const titles = (el: ShoalCustomerTasks) => [...shadow(el).querySelectorAll('li .title')].map((t) => t.textContent!.split(' · ')[0]!.trim());

describe('shoal-customer-tasks', () => {
  it('lists the customer’s open tasks live, completes one and adds one', async () => {
    const call = task('Call about renewal', { type: 'call', dueAt: '2099-01-05', assigneeId: ada.id });
    const quote = task('Send quote', { type: 'email' });
    const { api, calls, route } = routedApi([{ method: 'GET', path: /^\/tasks\?customerId=0+c1&done=false/, answers: [json(200, [quote, call])] }]);
    const live = new FakeLive();
    const el = await fixture<ShoalCustomerTasks>(html`<shoal-customer-tasks .customerId=${customerId} .api=${api} .live=${live.client} .user=${ben} .team=${[ada, ben]}></shoal-customer-tasks>`);
    await settle(el);
    expect(titles(el)).to.deep.equal(['Call about renewal', 'Send quote']);
    expect(shadow(el).querySelector('li')!.textContent).to.contain('Ada Lovelace');
    await expect(el).to.be.accessible();

    // A task another rep adds for this customer arrives live; one for another customer does not show.
    live.change({ entity: 'task', op: 'created', id: task('Demo', {}).id, version: 1, data: task('Demo', { dueAt: '2099-01-01' }), actor: { id: ada.id, name: ada.name } } as never);
    live.change({ entity: 'task', op: 'created', id: task('Elsewhere', {}).id, version: 1, data: task('Elsewhere', { customerId: '0000000000000000000000c2' }), actor: { id: ada.id, name: ada.name } } as never);
    await settle(el);
    expect(titles(el)).to.deep.equal(['Demo', 'Call about renewal', 'Send quote']);

    route('PATCH', /^\/tasks\//, json(200, { ...quote, done: true, version: 2 }));
    shadow(el).querySelector<HTMLInputElement>(`li[data-id="${quote.id}"] input`)!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', body: { done: true } });
    expect(shadow(el).querySelector(`li[data-id="${quote.id}"]`)!.classList.contains('done'), 'stays, struck through').to.equal(true);

    const added = task('Book site visit', { dueAt: '2099-02-01' });
    route('POST', /^\/tasks$/, json(201, added));
    const input = shadow(el).querySelector<HTMLInputElement>('input[name="title"]')!;
    input.value = 'Book site visit';
    input.dispatchEvent(new Event('input'));
    const day = shadow(el).querySelector<HTMLInputElement>('input[type="date"]')!;
    day.value = '2099-02-01';
    day.dispatchEvent(new Event('input'));
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'POST', body: { title: 'Book site visit', type: 'todo', dueAt: '2099-02-01', done: false, customerId } });
    expect(titles(el)).to.include('Book site visit');
  });
});
