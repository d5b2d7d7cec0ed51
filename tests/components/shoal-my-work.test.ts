import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/tasks/shoal-my-work.js';
import type { ShoalMyWork } from '../../client/src/tasks/shoal-my-work.js';
import type { Task } from '../../shared/task.js';
import type { User } from '../../shared/user.js';
import { customer } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, settle } from './scripted-api.js';

const stamp = { active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const ben: User = { ...stamp, id: '0000000000000000000000b1', name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777' };
const ada: User = { ...stamp, id: '0000000000000000000000a1', name: 'Ada Lovelace', email: 'ada@shoal.example', role: 'admin', color: '#2563eb' };
const fjord = customer({ id: 'c1', name: 'Fjord Maritime' });

const pad = (n: number) => String(n).padStart(2, '0');
const dayFromNow = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
let n = 0;
const task = (overrides: Partial<Task>): Task => ({
  id: (++n).toString(16).padStart(24, 'f'),
  title: `Task ${n}`,
  type: 'todo',
  dueAt: dayFromNow(0),
  assigneeId: ben.id,
  done: false,
  ...stamp,
  ...overrides,
});

const shadow = (el: ShoalMyWork) => el.shadowRoot!;
const group = (el: ShoalMyWork, name: string) => shadow(el).querySelector<HTMLElement>(`section.${name}`)!;
const titles = (el: ShoalMyWork, name: string) => [...group(el, name).querySelectorAll('.title')].map((t) => t.textContent);
const rowOf = (el: ShoalMyWork, t: Task) => shadow(el).querySelector<HTMLLIElement>(`li[data-id="${t.id}"]`)!;

function page(open: Task[], done: Task[]) {
  return routedApi([
    { method: 'GET', path: /^\/tasks\?.*done=false/, answers: [json(200, open)] },
    { method: 'GET', path: /^\/tasks\?.*done=true/, answers: [json(200, done)] },
    { method: 'GET', path: /^\/users$/, answers: [json(200, [ada, ben])] },
    { method: 'GET', path: /^\/customers\/0+c1$/, answers: [json(200, fjord)] },
  ]);
}

describe('shoal-my-work', () => {
  it('groups my tasks into overdue, today, upcoming and done, with type, customer and due date; completes one with Undo', async () => {
    const late = task({ title: 'Send the quote', type: 'email', dueAt: dayFromNow(-2), customerId: fjord.id });
    const now = task({ title: 'Prepare the demo', dueAt: dayFromNow(0) });
    const later = task({ title: 'Contract deadline', type: 'deadline', dueAt: dayFromNow(4) });
    const finished = task({ title: 'Intro call', type: 'call', done: true, completedAt: new Date().toISOString(), completedBy: ben.id });
    const { api, calls, route } = page([late, now, later], [finished]);
    const live = new FakeLive();
    const el = await fixture<ShoalMyWork>(html`<shoal-my-work .api=${api} .live=${live.client} .user=${ben}></shoal-my-work>`);
    await settle(el);
    expect(calls[0]!.url).to.contain(`assigneeId=${ben.id}`);
    expect(titles(el, 'overdue')).to.deep.equal(['Send the quote']);
    expect(titles(el, 'today')).to.deep.equal(['Prepare the demo']);
    expect(titles(el, 'upcoming')).to.deep.equal(['Contract deadline']);
    expect(titles(el, 'done')).to.deep.equal(['Intro call']);
    expect(rowOf(el, late).textContent).to.contain('Fjord Maritime');
    expect(rowOf(el, late).querySelector('.icon')!.getAttribute('aria-label')).to.equal('Email');
    await expect(el).to.be.accessible();

    // A task given to me in another tab arrives as a change event: the store has it, the page shows it.
    const handed = task({ title: 'Call back Oslo', dueAt: dayFromNow(0), assigneeId: ben.id });
    live.change({ entity: 'task', op: 'created', id: handed.id, version: 1, data: handed, actor: { id: ada.id, name: ada.name } } as never);
    await settle(el);
    expect(titles(el, 'today')).to.deep.equal(['Call back Oslo', 'Prepare the demo']);

    // `x` on the focused task completes it; Undo reopens it.
    route('PATCH', new RegExp(`^/tasks/${now.id}$`), json(200, { ...now, done: true, version: 2, completedAt: new Date().toISOString(), completedBy: ben.id }), json(200, { ...now, version: 3 }));
    rowOf(el, now).querySelector<HTMLInputElement>('input[type="checkbox"]')!.focus();
    await sendKeys({ press: 'x' });
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', body: { done: true } });
    expect(calls.at(-1)!.headers['if-match']).to.equal('"1"');
    expect(titles(el, 'done')).to.include('Prepare the demo');
    expect(shadow(el).querySelector('.toast')!.textContent).to.contain('Completed “Prepare the demo”.');
    shadow(el).querySelector<HTMLButtonElement>('.toast button.undo')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', body: { done: false } });
    expect(calls.at(-1)!.headers['if-match']).to.equal('"2"');
    expect(titles(el, 'today')).to.include('Prepare the demo');
  });

  it('completes a call and logs it on the customer’s timeline in one step, prefilled from the task; Undo takes both back', async () => {
    const ingrid = { id: '0000000000000000000000e1', name: 'Ingrid Berg', email: 'ingrid@fjord.example', customerId: fjord.id, ...stamp };
    const call = task({ title: 'Call Fjord about renewal', type: 'call', customerId: fjord.id, contactId: ingrid.id });
    const { api, calls, route } = page([call], []);
    route('GET', /^\/contacts\?customerId=0+c1/, json(200, [ingrid]));
    const el = await fixture<ShoalMyWork>(html`<shoal-my-work .api=${api} .user=${ben}></shoal-my-work>`);
    await settle(el);
    route('PATCH', /^\/tasks\//, json(200, { ...call, done: true, version: 2, completedAt: new Date().toISOString(), completedBy: ben.id }), json(200, { ...call, version: 3 }));
    const logged = { id: '0000000000000000000000f9', customerId: fjord.id, type: 'meeting', date: new Date().toISOString(), userId: ben.id, ...stamp };
    route('POST', /^\/interactions$/, json(201, logged));
    route('DELETE', /^\/interactions\//, () => new Response(null, { status: 204 }));
    rowOf(el, call).querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await settle(el);
    const step = shadow(el).querySelector('shoal-complete-task-dialog')!;
    await settle(step);
    const dialog = step.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(calls.filter((c) => c.method === 'PATCH'), 'nothing is sent before the step is confirmed').to.have.length(0);
    expect(dialog.textContent).to.contain('Fjord Maritime');
    expect(dialog.querySelector<HTMLSelectElement>('#complete-type')!.value).to.equal('call');
    expect(dialog.querySelector<HTMLInputElement>('#complete-subject')!.value).to.equal('Call Fjord about renewal');
    expect(dialog.querySelector<HTMLSelectElement>('#complete-contactId')!.value).to.equal(ingrid.id);
    expect(dialog.querySelector('button[type="submit"]')!.textContent).to.contain('Complete and log call');
    await expect(step).to.be.accessible();
    // It turned out to be a meeting.
    const type = dialog.querySelector<HTMLSelectElement>('#complete-type')!;
    type.value = 'meeting';
    type.dispatchEvent(new Event('change'));
    await settle(step);
    expect(dialog.querySelector('button[type="submit"]')!.textContent).to.contain('Complete and log meeting');
    expect(step.shadowRoot!.activeElement?.id).to.equal('complete-notes');
    await sendKeys({ type: 'Agreed to renew for two years' });
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).to.deep.equal({ done: true });
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/interactions')!;
    expect(post.body).to.deep.include({ customerId: fjord.id, contactId: ingrid.id, type: 'meeting', subject: 'Call Fjord about renewal', notes: 'Agreed to renew for two years' });
    expect(post.headers['idempotency-key']).to.be.a('string');
    expect(Math.abs(Date.parse((post.body as { date: string }).date) - Date.now())).to.be.below(120_000);
    expect(dialog.open).to.equal(false);
    expect(titles(el, 'done')).to.deep.equal(['Call Fjord about renewal']);
    expect(shadow(el).querySelector('.toast')!.textContent).to.contain('and logged the meeting');
    shadow(el).querySelector<HTMLButtonElement>('.toast button.undo')!.click();
    await settle(el);
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)!.body).to.deep.equal({ done: false });
    expect(calls.at(-1)).to.deep.include({ method: 'DELETE', url: `/api/interactions/${logged.id}` });
  });

  it('adds a task with `n` in the task dialog (me by default), and edits one from its title', async () => {
    const { api, calls, route } = page([], []);
    const el = await fixture<ShoalMyWork>(html`<shoal-my-work .api=${api} .user=${ben}></shoal-my-work>`);
    await settle(el);
    expect(shadow(el).textContent).to.contain('Nothing due today.');
    await sendKeys({ press: 'n' });
    await settle(el);
    const dialog = shadow(el).querySelector('shoal-task-dialog')!;
    await settle(dialog);
    const inner = dialog.shadowRoot!;
    expect(inner.querySelector('dialog')!.open).to.equal(true);
    expect(inner.activeElement?.id).to.equal('task-title');
    await sendKeys({ type: 'Book the site visit' });
    const type = inner.querySelector<HTMLSelectElement>('#task-type')!;
    type.value = 'meeting';
    type.dispatchEvent(new Event('change'));
    const time = inner.querySelector<HTMLInputElement>('#task-dueTime')!;
    time.value = '23:59';
    time.dispatchEvent(new Event('input'));
    await settle(dialog);
    expect(inner.querySelector<HTMLSelectElement>('#task-assigneeId')!.value).to.equal(ben.id);
    const day = dayFromNow(0);
    const created = task({ title: 'Book the site visit', type: 'meeting', dueAt: new Date(`${day}T23:59`).toISOString() });
    route('POST', /^\/tasks$/, json(201, created));
    inner.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).to.deep.equal({ title: 'Book the site visit', type: 'meeting', dueAt: new Date(`${day}T23:59`).toISOString(), done: false, assigneeId: ben.id });
    expect(post.headers['idempotency-key']).to.be.a('string');
    expect(inner.querySelector('dialog')!.open).to.equal(false);
    expect(titles(el, 'today')).to.deep.equal(['Book the site visit']);
    expect(shadow(el).querySelector('.toast')!.textContent).to.contain('Added “Book the site visit”.');
    await expect(el).to.be.accessible();

    // Its title opens it again to edit: only what changed is sent, with If-Match.
    rowOf(el, created).querySelector<HTMLButtonElement>('button.title')!.click();
    await settle(dialog);
    expect(inner.querySelector<HTMLInputElement>('#task-title')!.value).to.equal('Book the site visit');
    expect(inner.querySelector<HTMLInputElement>('#task-dueTime')!.value).to.equal('23:59');
    const title = inner.querySelector<HTMLInputElement>('#task-title')!;
    title.value = 'Book the site visit with Ada';
    title.dispatchEvent(new Event('input'));
    route('PATCH', /^\/tasks\//, json(200, { ...created, title: 'Book the site visit with Ada', version: 2 }));
    inner.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'PATCH', body: { title: 'Book the site visit with Ada' } });
    expect(calls.at(-1)!.headers['if-match']).to.equal('"1"');
    expect(titles(el, 'today')).to.deep.equal(['Book the site visit with Ada']);
    expect(shadow(el).activeElement?.classList.contains('title'), 'focus back on the task').to.equal(true);
  });
});
