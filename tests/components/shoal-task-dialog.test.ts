import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/tasks/shoal-task-dialog.js';
import type { ShoalTaskDialog } from '../../client/src/tasks/shoal-task-dialog.js';
import type { Task } from '../../shared/task.js';
import type { User } from '../../shared/user.js';
import { customer, recordEvents } from './fixtures.js';
import { routedApi } from './routed-api.js';
import { json, problem, settle } from './scripted-api.js';

const stamp = { active: true, version: 1, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' };
const ben: User = { ...stamp, id: '0000000000000000000000b1', name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777' };
const ada: User = { ...stamp, id: '0000000000000000000000a1', name: 'Ada Lovelace', email: 'ada@shoal.example', role: 'admin', color: '#2563eb' };
const fjord = customer({ id: '0000000000000000000000c1', name: 'Fjord Maritime' });
const deal = { id: '0000000000000000000000d1', name: 'Fjord renewal 2027', customerId: fjord.id, stage: 'proposal', amount: 1000, ...stamp };
const contact = { id: '0000000000000000000000e1', name: 'Ingrid Berg', customerId: fjord.id, email: 'ingrid@fjord.example', ...stamp };

const inner = (el: ShoalTaskDialog) => el.shadowRoot!;
const field = <T extends HTMLElement>(el: ShoalTaskDialog, id: string) => inner(el).querySelector<T>(`#task-${id}`)!;
function set(el: ShoalTaskDialog, id: string, value: string, event = 'input'): void {
  const input = field<HTMLInputElement>(el, id);
  input.value = value;
  input.dispatchEvent(new Event(event));
}

function server() {
  return routedApi([
    { method: 'GET', path: /^\/customers\?/, answers: [json(200, [fjord])] },
    { method: 'GET', path: /^\/opportunities\?customerId=0+c1/, answers: [json(200, [deal])] },
    { method: 'GET', path: /^\/contacts\?customerId=0+c1/, answers: [json(200, [contact])] },
  ]);
}

describe('shoal-task-dialog', () => {
  it('adds a call for a teammate with a reminder, a customer, its deal and contact; says what is missing first', async () => {
    const { api, calls, route } = server();
    const el = await fixture<ShoalTaskDialog>(html`<shoal-task-dialog .api=${api} .user=${ben} .team=${[ada, ben]} open></shoal-task-dialog>`);
    const events = recordEvents(el, ['shoal-task-saved']);
    await settle(el);
    expect(inner(el).querySelector('dialog')!.open).to.equal(true);
    expect(field<HTMLSelectElement>(el, 'assigneeId').value, 'me by default').to.equal(ben.id);
    expect(inner(el).querySelector('#task-opportunityId'), 'no deal to choose before a customer').to.equal(null);

    // Nothing filled in: the form says what to do, next to the field, and sends nothing.
    set(el, 'dueAt', '');
    await settle(el);
    inner(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);
    expect(inner(el).querySelector('#task-title-error')!.textContent).to.contain('Title is required');
    expect(inner(el).querySelector('#task-dueAt-error')!.textContent).to.contain('Due needs a day');
    expect(field(el, 'title').getAttribute('aria-invalid')).to.equal('true');
    expect(inner(el).activeElement?.id).to.equal('task-title');
    await expect(el).to.be.accessible();

    set(el, 'title', 'Call Fjord about the renewal');
    set(el, 'type', 'call', 'change');
    set(el, 'assigneeId', ada.id, 'change');
    set(el, 'dueAt', '2099-03-02');
    set(el, 'dueTime', '10:00');
    set(el, 'remindAt', '2099-03-02T09:45');
    set(el, 'customerId', 'Fjord Maritime');
    await settle(el);
    expect(field<HTMLSelectElement>(el, 'opportunityId').textContent).to.contain('Fjord renewal 2027');
    set(el, 'opportunityId', deal.id, 'change');
    set(el, 'contactId', contact.id, 'change');
    set(el, 'notes', 'Ask about the second vessel');
    await settle(el);
    expect(inner(el).querySelector('#task-title-error')).to.equal(null);

    // The server refuses the deal: the message sits under Deal, in words a rep acts on.
    route('POST', /^\/tasks$/, problem(422, { title: 'Invalid', detail: 'The opportunityId does not refer to a record you can use.', errors: [{ path: 'opportunityId', message: 'is a deal of another customer' }] }));
    inner(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).to.deep.equal({
      title: 'Call Fjord about the renewal',
      type: 'call',
      dueAt: new Date('2099-03-02T10:00').toISOString(),
      remindAt: new Date('2099-03-02T09:45').toISOString(),
      done: false,
      assigneeId: ada.id,
      customerId: fjord.id,
      contactId: contact.id,
      opportunityId: deal.id,
      notes: 'Ask about the second vessel',
    });
    expect(inner(el).querySelector('#task-opportunityId-error')!.textContent).to.contain("Deal belongs to another customer: choose one of this customer's deals.");
    expect(inner(el).activeElement?.id).to.equal('task-opportunityId');
    expect(inner(el).querySelector('.banner'), 'no second, vaguer message').to.equal(null);

    // Sent again unchanged, it is the same request (the same idempotency key).
    const saved: Task = { id: 'f'.repeat(24), title: 'Call Fjord about the renewal', type: 'call', dueAt: '2099-03-02T09:00:00.000Z', assigneeId: ada.id, done: false, ...stamp };
    route('POST', /^\/tasks$/, json(201, saved));
    inner(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts[1]!.headers['idempotency-key']).to.equal(posts[0]!.headers['idempotency-key']);
    expect(events.map((e) => e.detail)).to.deep.equal([{ task: saved, created: true }]);
    expect(inner(el).querySelector('dialog')!.open).to.equal(false);
  });

  it('names a customer that is not one, and maps a mention of someone unknown to Notes', async () => {
    const { api, route } = server();
    const el = await fixture<ShoalTaskDialog>(html`<shoal-task-dialog .api=${api} .user=${ben} .team=${[ada, ben]} .preset=${{ customerId: fjord.id, customerName: 'Fjord Maritime', type: 'email' }} open></shoal-task-dialog>`);
    await settle(el);
    expect(field<HTMLInputElement>(el, 'customerId').value).to.equal('Fjord Maritime');
    expect(field<HTMLSelectElement>(el, 'type').value).to.equal('email');
    set(el, 'title', 'Send the quote');
    route('GET', /^\/customers\?/, json(200, []));
    set(el, 'customerId', 'Nobody Inc');
    await settle(el);
    inner(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    expect(inner(el).querySelector('#task-customerId-error')!.textContent).to.contain('“Nobody Inc” is not a customer');

    set(el, 'customerId', '');
    set(el, 'notes', '@[Ghost](user:0000000000000000000000ff) please check');
    await settle(el);
    route('POST', /^\/tasks$/, problem(422, { errors: [{ path: 'notes', message: 'mentions an unknown user (0000000000000000000000ff)' }] }));
    inner(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle(el);
    expect(inner(el).querySelector('#task-notes-error')!.textContent).to.contain('Notes mention someone who is not on the team');
  });
});
