import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-interaction-timeline.js';
import type { ShoalInteractionTimeline } from '../../client/src/components/shoal-interaction-timeline.js';
import '../../client/src/shell/shoal-toasts.js';
import type { ShoalToasts } from '../../client/src/shell/shoal-toasts.js';
import type { LiveClient } from '../../client/src/live.js';
import { Interaction } from '../../shared/interaction.js';
import type { User } from '../../shared/user.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem } from './scripted-api.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');
const CUSTOMER = hex(0xc0ffee);
const stamp = '2026-01-05T10:00:00.000Z';
const user = (n: number, name: string): User => ({
  id: hex(n),
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`,
  role: 'rep',
  color: '#0b6e99',
  active: true,
  version: 1,
  createdAt: stamp,
  updatedAt: stamp,
});
const ana = user(0xa1, 'Ana Silva');
const dana = user(0xd1, 'Dana Park');
const danaActor = { id: dana.id, name: dana.name };

/** An interaction as the API answers it, checked against the shared schema. */
const interaction = (n: number, rest: Partial<Interaction> = {}): Interaction =>
  Interaction.parse({
    id: hex(0x1000 + n),
    customerId: CUSTOMER,
    type: 'call',
    date: '2026-01-20T15:00:00.000Z',
    subject: 'Pricing questions',
    notes: 'Wants a 3-year term.',
    durationMinutes: 25,
    userId: ana.id,
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
    ...rest,
  });

const call = interaction(1);
const email = interaction(2, { type: 'email', date: '2026-01-10T09:00:00.000Z', subject: 'Sent proposal', notes: undefined, durationMinutes: undefined });

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);
const text = (node: Element | null | undefined) => (node?.shadowRoot ?? node)?.textContent?.replace(/\s+/g, ' ') ?? '';
const entry = (el: Element, id: string) => $(el, `li.entry[data-id="${id}"]`);

async function timeline() {
  const { api, calls, route } = routedApi([{ method: 'GET', path: /^\/interactions\?/, answers: [json(200, [call, email])] }]);
  const live = new FakeLive();
  const wrap = await fixture<HTMLDivElement>(html`<div>
    <shoal-interaction-timeline customer-id=${CUSTOMER} .api=${api} .live=${live as unknown as LiveClient} .team=${[ana, dana]} .user=${ana}></shoal-interaction-timeline>
    <shoal-toasts></shoal-toasts>
  </div>`);
  const el = wrap.querySelector<ShoalInteractionTimeline>('shoal-interaction-timeline')!;
  const toasts = wrap.querySelector<ShoalToasts>('shoal-toasts')!;
  await until(el, () => entry(el, call.id), 'the timeline');
  return { el, toasts, live, calls, route };
}

async function openEdit(el: ShoalInteractionTimeline, id: string) {
  entry(el, id)!.querySelector<HTMLButtonElement>('button.edit')!.click();
  await until(el, () => entry(el, id)?.querySelector('shoal-interaction-form')?.shadowRoot?.activeElement?.id === 'log-subject', 'the edit form');
  return entry(el, id)!.querySelector('shoal-interaction-form')!;
}

describe('shoal-interaction-timeline: editing and deleting', () => {
  it('edits an entry in place: the form holds its values, Save sends only the changed field with If-Match', async function () {
    // The first accessibility check loads axe, slow on a busy machine.
    this.timeout(20_000);
    const { el, calls, route } = await timeline();
    const form = await openEdit(el, call.id);
    expect($<HTMLInputElement>(form, '#log-subject')!.value).to.equal('Pricing questions');
    expect($<HTMLInputElement>(form, '#log-durationMinutes')!.value).to.equal('25');
    expect($<HTMLTextAreaElement>(form, '#log-notes')!.value).to.equal('Wants a 3-year term.');
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(form, '#log-subject')!.select();
    await sendKeys({ type: 'Pricing and terms' });
    route('PATCH', new RegExp(`^/interactions/${call.id}$`), json(200, { ...call, subject: 'Pricing and terms', version: 2 }));
    $<HTMLButtonElement>(form, 'button[type="submit"]')!.click();
    await until(el, () => !entry(el, call.id)?.querySelector('shoal-interaction-form') && text(entry(el, call.id)).includes('Pricing and terms'), 'the saved entry');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).to.deep.equal({ subject: 'Pricing and terms' });
    expect(patch.headers['If-Match'] ?? patch.headers['if-match']).to.equal('"1"');
    expect(el.shadowRoot!.activeElement?.classList.contains('edit'), 'the focus is back on Edit').to.equal(true);
  });

  it('a 412 names what the colleague changed; Keep yours saves again on their version', async () => {
    const { el, calls, route } = await timeline();
    const form = await openEdit(el, call.id);
    $<HTMLInputElement>(form, '#log-subject')!.select();
    await sendKeys({ type: 'Mine' });
    const theirs = { ...call, subject: 'Theirs', version: 2 };
    route(
      'PATCH',
      new RegExp(`^/interactions/${call.id}$`),
      problem(412, { title: 'The record changed since you read it', current: theirs, conflicts: ['subject'] }),
      json(200, { ...theirs, subject: 'Mine', version: 3 }),
    );
    $<HTMLButtonElement>(form, 'button[type="submit"]')!.click();
    await until(form, () => $(form, '.conflict'), 'the conflict notice');
    expect(text($(form, '.conflict'))).to.contain('changed the subject before you saved. Keep yours, or take theirs?');
    $<HTMLButtonElement>(form, '.conflict button.keep')!.click();
    await until(el, () => text(entry(el, call.id)).includes('Mine') && !entry(el, call.id)?.querySelector('shoal-interaction-form'), 'the second save');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches).to.have.length(2);
    expect(patches[1]!.headers['If-Match'] ?? patches[1]!.headers['if-match']).to.equal('"2"');
  });

  it('a colleague’s live change: other fields are taken quietly, the same field asks; Take theirs puts their text in', async () => {
    const { el, live } = await timeline();
    const form = await openEdit(el, call.id);
    $<HTMLTextAreaElement>(form, '#log-notes')!.focus();
    await sendKeys({ type: ' And a discount.' });
    const danas = { ...call, subject: 'Renewal pricing', notes: 'Dana’s notes.', version: 2 };
    live.change({ entity: 'interaction', op: 'updated', id: call.id, data: danas, version: 2, actor: danaActor });
    await until(form, () => $(form, '.conflict'), 'the live conflict');
    expect(text($(form, '.conflict'))).to.contain('Dana Park changed the notes while you were editing');
    expect($<HTMLInputElement>(form, '#log-subject')!.value, 'the subject only Dana changed is hers').to.equal('Renewal pricing');
    $<HTMLButtonElement>(form, '.conflict button.take')!.click();
    await until(form, () => !$(form, '.conflict'), 'the notice to go');
    expect($<HTMLTextAreaElement>(form, '#log-notes')!.value).to.equal('Dana’s notes.');
  });

  it('deletes an entry at its version, and Undo in the app’s toast logs it again with the same fields', async () => {
    const { el, toasts, live, calls, route } = await timeline();
    route('DELETE', new RegExp(`^/interactions/${call.id}$`), () => new Response(null, { status: 204 }));
    entry(el, call.id)!.querySelector<HTMLButtonElement>('button.delete')!.click();
    await until(el, () => !entry(el, call.id), 'the entry to go');
    const del = calls.find((c) => c.method === 'DELETE')!;
    expect(del.headers['If-Match'] ?? del.headers['if-match']).to.equal('"1"');
    live.change({ entity: 'interaction', op: 'deleted', id: call.id, data: call, version: 2, actor: { id: ana.id, name: ana.name } });
    await until(el, () => text($(el, '#timeline-title')) === 'Activity (1)', 'the count to drop');
    await until(toasts, () => text(toasts).includes('Deleted the call “Pricing questions”'), 'the toast');

    const back = interaction(9, { subject: call.subject });
    route('POST', /^\/interactions$/, json(201, back));
    $<HTMLButtonElement>(toasts, '.toast-action')!.click();
    await until(el, () => entry(el, back.id), 'the entry back');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).to.deep.equal({ customerId: CUSTOMER, type: 'call', date: call.date, subject: call.subject, notes: call.notes, durationMinutes: 25 });
    expect(text($(el, '#timeline-title'))).to.equal('Activity (2)');
    await until(toasts, () => text(toasts).includes('Brought back the call “Pricing questions”'), 'the second toast');
  });

  it('a refused delete (412) says so on the entry and keeps it', async () => {
    const { el, route } = await timeline();
    route('DELETE', new RegExp(`^/interactions/${email.id}$`), problem(412, { title: 'The record changed since you read it', current: { ...email, version: 2 } }));
    entry(el, email.id)!.querySelector<HTMLButtonElement>('button.delete')!.click();
    await until(el, () => entry(el, email.id)?.querySelector('.error'), 'the error');
    expect(text(entry(el, email.id)!.querySelector('.error'))).to.contain('Not deleted: someone changed the email “Sent proposal” since you opened it');
  });
});

describe('shoal-interaction-timeline: CSV export', () => {
  it('links Export CSV to the interactions’ export of this customer only, and offers none while nothing is logged', async function () {
    this.timeout(20_000);
    const { el } = await timeline();
    const link = $<HTMLAnchorElement>(el, '.section-head a.export')!;
    expect(link.textContent).to.equal('Export CSV');
    const url = new URL(link.href);
    expect(url.pathname).to.equal('/api/interactions/export');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ customerId: CUSTOMER });
    expect(link.hasAttribute('download')).to.equal(true);
    expect(link.title).to.equal("Download this customer's interactions as a CSV file");
    expect($(el, 'button.import'), 'no import here: a file names its customers').to.equal(null);
    await expect(el).to.be.accessible();

    const { api } = routedApi([{ method: 'GET', path: /^\/interactions\?/, answers: [json(200, [])] }]);
    const empty = await fixture<ShoalInteractionTimeline>(html`<shoal-interaction-timeline customer-id=${CUSTOMER} .api=${api} .live=${new FakeLive() as unknown as LiveClient} .team=${[ana]} .user=${ana}></shoal-interaction-timeline>`);
    await until(empty, () => text(empty.shadowRoot!.querySelector('.state')).includes('Nothing logged yet'), 'the empty timeline');
    expect($(empty, 'a.export')).to.equal(null);
  });
});
