import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
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
const titles = (el: ShoalCustomerTasks) => [...shadow(el).querySelectorAll('ul[aria-label="Open tasks"] li .title')].map((t) => t.textContent!.trim());

describe('shoal-customer-tasks', () => {
  it('lists the customer’s open tasks live, completes one (it moves to Done recently, unticking reopens it) and adds one', async () => {
    const call = task('Call about renewal', { type: 'call', dueAt: '2099-01-05', assigneeId: ada.id });
    const quote = task('Send quote', { type: 'todo' });
    const { api, calls, route } = routedApi([
      { method: 'GET', path: /^\/tasks\?customerId=0+c1&done=false/, answers: [json(200, [quote, call])] },
      { method: 'GET', path: /^\/tasks\?customerId=0+c1&done=true/, answers: [json(200, [])] },
    ]);
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

    // `x` on the focused task completes it: it moves to Done recently, with who did it; unticking reopens it.
    route('PATCH', /^\/tasks\//, json(200, { ...quote, done: true, version: 2, completedBy: ben.id, completedAt: new Date().toISOString() }), json(200, { ...quote, version: 3 }));
    shadow(el).querySelector<HTMLInputElement>(`li[data-id="${quote.id}"] input`)!.focus();
    await sendKeys({ press: 'x' });
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', body: { done: true } });
    const row = shadow(el).querySelector(`ul[aria-labelledby="done-title"] li[data-id="${quote.id}"]`)!;
    expect(row.classList.contains('done')).to.equal(true);
    expect(row.textContent).to.contain('done by me');
    row.querySelector<HTMLInputElement>('input')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', body: { done: false } });
    expect(titles(el)).to.deep.equal(['Demo', 'Call about renewal', 'Send quote']);

    const added = task('Book site visit', { dueAt: '2099-02-01' });
    route('POST', /^\/tasks$/, json(201, added));
    const input = shadow(el).querySelector<HTMLInputElement>('input[name="title"]')!;
    input.value = 'Book site visit';
    input.dispatchEvent(new Event('input'));
    const day = shadow(el).querySelector<HTMLInputElement>('input[type="date"]')!;
    day.value = '2099-02-01';
    day.dispatchEvent(new Event('input'));
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'POST', body: { title: 'Book site visit', type: 'todo', dueAt: '2099-02-01', done: false, customerId } });
    expect(titles(el)).to.include('Book site visit');
  });

  it('on a deal’s page: only the deal’s tasks; new ones carry the deal; a call completes with the log step', async () => {
    const dealId = '0000000000000000000000d1';
    const onDeal = task('Negotiate terms', { type: 'call', opportunityId: dealId });
    const { api, calls, route } = routedApi([
      { method: 'GET', path: /^\/tasks\?opportunityId=0+d1&done=false/, answers: [json(200, [onDeal])] },
      { method: 'GET', path: /^\/tasks\?opportunityId=0+d1&done=true/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/contacts\?/, answers: [json(200, [])] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalCustomerTasks>(html`<shoal-customer-tasks .customerId=${customerId} .opportunityId=${dealId} .api=${api} .live=${live.client} .user=${ben} .team=${[ada, ben]}></shoal-customer-tasks>`);
    await settle(el);
    expect(titles(el)).to.deep.equal(['Negotiate terms']);
    live.change({ entity: 'task', op: 'created', id: task('Customer only', {}).id, version: 1, data: task('Customer only', {}), actor: { id: ada.id, name: ada.name } } as never);
    await settle(el);
    expect(titles(el), 'a task of the customer but not of this deal').to.deep.equal(['Negotiate terms']);
    expect(shadow(el).querySelector('form')!.getAttribute('aria-label')).to.equal('Add a task for this deal');

    route('POST', /^\/tasks$/, json(201, task('Send contract', { opportunityId: dealId })));
    const input = shadow(el).querySelector<HTMLInputElement>('input[name="title"]')!;
    input.value = 'Send contract';
    input.dispatchEvent(new Event('input'));
    await settle(el);
    shadow(el).querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    await settle(el);
    expect((calls.at(-1)!.body as Record<string, unknown>)).to.deep.include({ customerId, opportunityId: dealId });

    // "More…" opens the task dialog with the customer and deal filled in.
    shadow(el).querySelector<HTMLButtonElement>('button.more')!.click();
    await settle(el);
    const dialog = shadow(el).querySelector('shoal-task-dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.preset).to.deep.include({ customerId, opportunityId: dealId });
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.cancel')!.click();
    await settle(el);

    shadow(el).querySelector<HTMLInputElement>(`li[data-id="${onDeal.id}"] input`)!.click();
    await settle(el);
    const step = shadow(el).querySelector('shoal-complete-task-dialog')!;
    expect(step.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(0);
  });

  it('`n` anywhere on the page opens the task dialog for this customer or deal; not while typing, nor with a dialog open', async () => {
    const dealId = '0000000000000000000000d1';
    const { api } = routedApi([
      { method: 'GET', path: /^\/tasks\?opportunityId=0+d1&done=/, answers: [json(200, [])] },
      { method: 'GET', path: /^\/contacts\?/, answers: [json(200, [])] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalCustomerTasks>(html`<shoal-customer-tasks .customerId=${customerId} .opportunityId=${dealId} .api=${api} .live=${live.client} .user=${ben} .team=${[ada, ben]}></shoal-customer-tasks>`);
    await settle(el);
    const dialog = shadow(el).querySelector('shoal-task-dialog')!;
    // Typing an `n` in the one-line form is typing.
    const input = shadow(el).querySelector<HTMLInputElement>('input[name="title"]')!;
    input.focus();
    await sendKeys({ press: 'n' });
    await settle(el);
    expect(dialog.open).to.equal(false);
    expect(input.value).to.equal('n');
    // Anywhere else on the page: the dialog, with the customer and the deal filled in.
    input.blur();
    document.body.focus();
    await sendKeys({ press: 'n' });
    await settle(el);
    expect(dialog.open).to.equal(true);
    expect(dialog.preset).to.deep.include({ customerId, opportunityId: dealId });
    expect(dialog.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    // An `n` typed in the dialog is the dialog's: the page's shortcut waits.
    const title = dialog.shadowRoot!.querySelector<HTMLInputElement>('#task-title')!;
    title.focus();
    await sendKeys({ press: 'n' });
    await settle(el);
    expect(title.value).to.equal('n');
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.cancel')!.click();
    await settle(el);
    expect(dialog.open).to.equal(false);
    // Gone from the page: `n` does nothing more.
    el.remove();
    document.body.focus();
    await sendKeys({ press: 'n' });
    expect(dialog.open).to.equal(false);
  });
  it('deletes a task at the version shown, with Undo in the app’s toast that adds it again with the same fields', async () => {
    const quote = task('Send quote', { id: '0000000000000000000000e1', type: 'email', dueAt: '2099-01-12', notes: 'The three-year price.', opportunityId: '0000000000000000000000d1', version: 4 });
    const { api, calls, route } = routedApi([
      { method: 'GET', path: /^\/tasks\?customerId=0+c1&done=false/, answers: [json(200, [quote])] },
      { method: 'GET', path: /^\/tasks\?customerId=0+c1&done=true/, answers: [json(200, [])] },
    ]);
    const live = new FakeLive();
    const toasts: { text: string; action?: { run: () => void } }[] = [];
    const onToast = (e: Event) => toasts.push((e as CustomEvent).detail);
    window.addEventListener('shoal-toast', onToast);
    try {
      const el = await fixture<ShoalCustomerTasks>(html`<shoal-customer-tasks .customerId=${customerId} .api=${api} .live=${live.client} .user=${ben} .team=${[ada, ben]}></shoal-customer-tasks>`);
      await settle(el);
      route('DELETE', /^\/tasks\//, () => new Response(null, { status: 204 }));
      shadow(el).querySelector<HTMLButtonElement>(`li[data-id="${quote.id}"] button.remove`)!.click();
      await settle(el);
      const removed = calls.find((c) => c.method === 'DELETE')!;
      expect(removed.url).to.match(new RegExp(`/tasks/${quote.id}$`));
      expect(Object.entries(removed.headers).find(([k]) => k.toLowerCase() === 'if-match')?.[1]).to.equal('"4"');
      expect(titles(el)).to.deep.equal([]);
      expect(shadow(el).activeElement?.getAttribute('name'), 'the focus goes to the add field').to.equal('title');
      expect(toasts[0]!.text).to.equal('Deleted the task “Send quote”');

      const back = { ...quote, id: 'b'.repeat(24), version: 1 };
      route('POST', /^\/tasks$/, json(201, back));
      toasts[0]!.action!.run();
      await settle(el);
      const again = calls.filter((c) => c.method === 'POST').at(-1)!;
      expect(again.body).to.deep.equal({ title: 'Send quote', type: 'email', dueAt: '2099-01-12', assigneeId: ben.id, customerId, opportunityId: quote.opportunityId, notes: 'The three-year price.', done: false });
      expect(Object.keys(again.headers).map((k) => k.toLowerCase())).to.include('idempotency-key');
      expect(titles(el)).to.deep.equal(['Send quote']);
      expect(toasts.at(-1)!.text).to.equal('Brought back the task “Send quote”');
    } finally {
      window.removeEventListener('shoal-toast', onToast);
    }
  });
});
