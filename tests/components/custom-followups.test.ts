import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-interaction-timeline.js';
import type { ShoalInteractionTimeline } from '../../client/src/components/shoal-interaction-timeline.js';
import '../../client/src/interactions/shoal-interaction-form.js';
import type { ShoalInteractionForm } from '../../client/src/interactions/shoal-interaction-form.js';
import '../../client/src/tasks/shoal-task-dialog.js';
import type { ShoalTaskDialog } from '../../client/src/tasks/shoal-task-dialog.js';
import { Interaction } from '../../shared/interaction.js';
import type { Task } from '../../shared/task.js';
import { User } from '../../shared/user.js';
import { choose, fieldDef, recordEvents, retype } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem } from './scripted-api.js';

/** Custom fields in the follow-up forms (the task dialog, the interaction form): the shared form rules, the definitions from the store, live. */

const stamp = '2026-01-05T10:00:00.000Z';
const ben = User.parse({ id: 'b1'.padStart(24, '0'), name: 'Ben Ortiz', email: 'ben@shoal.example', role: 'rep', color: '#db2777', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const actor = { id: ben.id, name: ben.name };

const root = (el: Element) => el.shadowRoot!;
const box = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[data-field="${name}"]`);
const control = <T extends HTMLElement = HTMLInputElement>(el: Element, key: string) => box(el, `custom.${key}`)!.querySelector<T>('input, select, textarea')!;

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
  throw new Error(`never came: ${what}`);
}

describe('custom fields in the task dialog', () => {
  const effort = fieldDef({ entity: 'task', key: 'effort', label: 'Effort (hours)', type: 'number' });
  const channel = fieldDef({ entity: 'task', key: 'channel', label: 'Channel', type: 'select', required: true, options: [{ key: 'phone', label: 'Phone' }, { key: 'visit', label: 'Visit' }] });
  const task: Task = { id: 't1'.padStart(24, '0'), title: 'Call Fjord', type: 'call', dueAt: '2099-03-02', assigneeId: ben.id, done: false, active: true, version: 4, createdAt: stamp, updatedAt: stamp, custom: { effort: 2 } } as Task;

  it('holds a create while a required field is empty, then sends the values with their types', async () => {
    const saved = { ...task, id: 't2'.padStart(24, '0'), custom: { effort: 1.5, channel: 'visit' }, version: 1 };
    const { api, calls } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [effort, channel])] },
      { method: 'POST', path: /^\/tasks$/, answers: [json(201, saved)] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalTaskDialog>(html`<shoal-task-dialog .api=${api} .live=${live.client} .user=${ben} .team=${[ben]} open></shoal-task-dialog>`);
    await until(el, () => box(el, 'custom.channel'), 'the definitions');
    expect(box(el, 'custom.channel')!.querySelector('label .required'), 'the required mark').to.exist;
    const title = root(el).querySelector<HTMLInputElement>('#task-title')!;
    title.value = 'Visit Fjord';
    title.dispatchEvent(new Event('input'));
    await retype(control(el, 'effort'), '1.5');
    root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(el, () => box(el, 'custom.channel')!.querySelector('.error'), 'the required error');
    expect(calls.filter((c) => c.method === 'POST'), 'held here').to.have.length(0);
    expect(box(el, 'custom.channel')!.querySelector('.error')!.textContent).to.contain('Channel is required');
    await until(el, () => root(el).activeElement === control(el, 'channel'), 'the focus on the field');

    choose(control<HTMLSelectElement>(el, 'channel'), 'visit');
    await el.updateComplete;
    expect(box(el, 'custom.channel')!.querySelector('.error'), 'typing clears its error').to.equal(null);
    const events = recordEvents(el, ['shoal-task-saved']);
    root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(el, () => events.length, 'the save');
    expect(calls.find((c) => c.method === 'POST')!.body).to.deep.include({ title: 'Visit Fjord', custom: { effort: 1.5, channel: 'visit' } });
    await expect(el).to.be.accessible();
  });

  it('sends only the keys changed in a PATCH, passes a required field the task never had, shows a 422 on custom.<key> at its control, and shows a definition added while open', async () => {
    const { api, calls } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [effort, channel])] },
      {
        method: 'PATCH',
        path: new RegExp(`^/tasks/${task.id}$`),
        answers: [problem(422, { title: 'Invalid', errors: [{ path: 'custom.effort', message: 'must be at most 1000' }] }), json(200, { ...task, custom: { effort: 12 }, version: 5 })],
      },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalTaskDialog>(html`<shoal-task-dialog .api=${api} .live=${live.client} .user=${ben} .team=${[ben]} .task=${task} open></shoal-task-dialog>`);
    await until(el, () => box(el, 'custom.effort'), 'the definitions');
    expect(control(el, 'effort').value, 'the task’s value').to.equal('2');

    // An admin adds a field while the dialog is open: it gets a control at once.
    const site = fieldDef({ entity: 'task', key: 'site', label: 'Site', type: 'text' });
    live.change({ entity: 'field', op: 'created', id: site.id, data: site, version: 1, actor });
    await until(el, () => box(el, 'custom.site'), 'the new definition');

    await retype(control(el, 'effort'), '2000');
    root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(el, () => box(el, 'custom.effort')!.querySelector('.error'), 'the 422 at the field');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches[0]!.body, 'only the key changed: not the required channel the task never had, nor the new field').to.deep.equal({ custom: { effort: 2000 } });
    expect(patches[0]!.headers['if-match']).to.equal('"4"');
    expect(box(el, 'custom.effort')!.querySelector('.error')!.textContent).to.contain('Effort (hours) must be at most 1000');
    expect(root(el).querySelector('.error-banner'), 'beside the field, not in a banner').to.equal(null);
    await until(el, () => root(el).activeElement === control(el, 'effort'), 'the focus on the field');

    await retype(control(el, 'effort'), '12');
    const events = recordEvents(el, ['shoal-task-saved']);
    root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(el, () => events.length, 'the save');
    expect(calls.filter((c) => c.method === 'PATCH')[1]!.body).to.deep.equal({ custom: { effort: 12 } });
    await expect(el).to.be.accessible();
  });
});

describe('custom fields in the interaction form', () => {
  const CUSTOMER = 'c1'.padStart(24, '0');
  const outcome = fieldDef({ entity: 'interaction', key: 'outcome', label: 'Outcome', type: 'select', required: true, options: [{ key: 'reached', label: 'Reached' }, { key: 'voicemail', label: 'Voicemail' }] });
  const competitor = fieldDef({ entity: 'interaction', key: 'competitor', label: 'Competitor named', type: 'text' });
  const call = Interaction.parse({ id: 'e1'.padStart(24, '0'), customerId: CUSTOMER, type: 'call', date: '2026-01-20T15:00:00.000Z', subject: 'Pricing', userId: ben.id, version: 3, createdAt: stamp, updatedAt: stamp, custom: { outcome: 'voicemail', competitor: 'Acme' } });
  const submit = (el: ShoalInteractionForm) => root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

  it('holds a log while a required field is empty, then sends the custom values', async () => {
    const created = { ...call, id: 'e2'.padStart(24, '0'), version: 1, custom: { outcome: 'reached' } };
    const { api, calls } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [outcome, competitor])] },
      { method: 'POST', path: /^\/interactions$/, answers: [json(201, created)] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalInteractionForm>(html`<shoal-interaction-form .api=${api} .live=${live.client} .team=${[ben]} customer-id=${CUSTOMER}></shoal-interaction-form>`);
    await until(el, () => box(el, 'custom.outcome'), 'the definitions');
    expect(box(el, 'custom.outcome')!.querySelector('label .required'), 'the required mark').to.exist;
    submit(el);
    await until(el, () => box(el, 'custom.outcome')!.querySelector('.error'), 'the required error');
    expect(calls.filter((c) => c.method === 'POST'), 'held here').to.have.length(0);
    expect(box(el, 'custom.outcome')!.querySelector('.error')!.textContent).to.contain('Outcome is required');
    await until(el, () => root(el).activeElement === control(el, 'outcome'), 'the focus on the field');
    choose(control<HTMLSelectElement>(el, 'outcome'), 'reached');
    const events = recordEvents(el, ['shoal-interaction-saved']);
    submit(el);
    await until(el, () => events.length, 'the save');
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body.custom, 'only the keys that hold something').to.deep.equal({ outcome: 'reached' });
    await expect(el).to.be.accessible();
  });

  it('an edit sends only the keys changed, takes a key only a colleague changed, shows a 422 on custom.<key> at its control and a 412 on one by its label', async () => {
    const { api, calls, route } = routedApi([
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [outcome, competitor])] },
      { method: 'PATCH', path: new RegExp(`^/interactions/${call.id}$`), answers: [problem(422, { title: 'Invalid', errors: [{ path: 'custom.competitor', message: 'is too long' }] })] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalInteractionForm>(html`<shoal-interaction-form .api=${api} .live=${live.client} .team=${[ben]} customer-id=${CUSTOMER} .interaction=${call}></shoal-interaction-form>`);
    await until(el, () => box(el, 'custom.outcome'), 'the definitions');
    expect(control<HTMLSelectElement>(el, 'outcome').value).to.equal('voicemail');
    await retype(control(el, 'competitor'), 'Globex');

    // A colleague saves the outcome meanwhile (the store's record reaches the form): the rep left it as it was, so it becomes theirs.
    el.interaction = { ...call, version: 4, custom: { outcome: 'reached', competitor: 'Acme' } };
    await until(el, () => control<HTMLSelectElement>(el, 'outcome').value === 'reached', 'their outcome');
    expect(root(el).querySelector('.conflict'), 'no conflict: different keys').to.equal(null);

    submit(el);
    await until(el, () => box(el, 'custom.competitor')!.querySelector('.error'), 'the 422 at the field');
    const patches = () => calls.filter((c) => c.method === 'PATCH');
    expect(patches()[0]!.body, 'only the rep’s key, on their version').to.deep.equal({ custom: { competitor: 'Globex' } });
    expect(patches()[0]!.headers['if-match']).to.equal('"4"');
    expect(box(el, 'custom.competitor')!.querySelector('.error')!.textContent).to.contain('Competitor named is too long');
    expect(root(el).querySelector('.error-banner'), 'beside the field, not in a banner').to.equal(null);

    // Someone changed the same key before the rep saved: a 412 names it by its label; Keep yours saves again on their version.
    const theirs = { ...call, version: 5, custom: { outcome: 'reached', competitor: 'Initech' } };
    const saved = { ...theirs, version: 6, custom: { outcome: 'reached', competitor: 'Globex' } };
    route('PATCH', new RegExp(`^/interactions/${call.id}$`), problem(412, { title: 'Changed', current: theirs, conflicts: ['custom.competitor'] }), json(200, saved));
    await retype(control(el, 'competitor'), 'Globex');
    submit(el);
    await until(el, () => root(el).querySelector('.conflict'), 'the conflict notice');
    expect(root(el).querySelector('.conflict')!.textContent).to.contain('changed the Competitor named before you saved');
    await expect(el).to.be.accessible();
    const events = recordEvents(el, ['shoal-interaction-saved']);
    root(el).querySelector<HTMLButtonElement>('.conflict button.keep')!.click();
    await until(el, () => events.length, 'the second save');
    expect(patches().at(-1)!.body).to.deep.equal({ custom: { competitor: 'Globex' } });
    expect(patches().at(-1)!.headers['if-match']).to.equal('"5"');
  });
});

describe('custom values on the customer’s timeline', () => {
  it('shows each entry’s custom values by their labels, and a definition an admin adds while the page is open', async () => {
    const CUSTOMER = 'c1'.padStart(24, '0');
    const outcome = fieldDef({ entity: 'interaction', key: 'outcome', label: 'Outcome', type: 'select', options: [{ key: 'reached', label: 'Reached' }, { key: 'voicemail', label: 'Voicemail' }] });
    const call = Interaction.parse({ id: 'e3'.padStart(24, '0'), customerId: CUSTOMER, type: 'call', date: '2026-01-20T15:00:00.000Z', subject: 'Pricing', userId: ben.id, version: 1, createdAt: stamp, updatedAt: stamp, custom: { outcome: 'voicemail', competitor: 'Acme' } });
    const { api } = routedApi([
      { method: 'GET', path: /^\/interactions\?/, answers: [json(200, [call])] },
      { method: 'GET', path: /^\/fields$/, answers: [json(200, [outcome])] },
    ]);
    const live = new FakeLive();
    const el = await fixture<ShoalInteractionTimeline>(html`<shoal-interaction-timeline customer-id=${CUSTOMER} .api=${api} .live=${live.client} .team=${[ben]} .user=${ben}></shoal-interaction-timeline>`);
    const value = (key: string) => root(el).querySelector<HTMLElement>(`li[data-id="${call.id}"] .custom[data-field="custom.${key}"]`);
    await until(el, () => value('outcome'), 'the outcome on the entry');
    expect(value('outcome')!.textContent).to.equal('Outcome: Voicemail');
    expect(value('competitor'), 'no definition, not shown').to.equal(null);
    const competitor = fieldDef({ entity: 'interaction', key: 'competitor', label: 'Competitor named', type: 'text' });
    live.change({ entity: 'field', op: 'created', id: competitor.id, data: competitor, version: 1, actor });
    await until(el, () => value('competitor'), 'the new field on the entry');
    expect(value('competitor')!.textContent).to.equal('Competitor named: Acme');
    await expect(el).to.be.accessible();
  });
});
