import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-interaction-history.js';
import type { ShoalInteractionHistory } from '../../client/src/components/shoal-interaction-history.js';
import '../../client/src/shell/shoal-toasts.js';
import type { ShoalToasts } from '../../client/src/shell/shoal-toasts.js';
import { Interaction } from '../../shared/interaction.js';
import type { User } from '../../shared/user.js';
import { customer } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json } from './scripted-api.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');
const stamp = '2026-01-05T10:00:00.000Z';
const user = (n: number, name: string): User => ({ id: hex(n), name, email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`, role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const ana = user(0xa1, 'Ana Silva');
const dana = user(0xd1, 'Dana Park');
const harbor = customer({ id: hex(0xc1), name: 'Harbor Freight Co' });
const osprey = customer({ id: hex(0xc2), name: 'Osprey Outfitters' });

/** An interaction as the API answers it, checked against the shared schema. */
const interaction = (n: number, rest: Partial<Interaction> = {}): Interaction =>
  Interaction.parse({ id: hex(0x1000 + n), customerId: harbor.id, type: 'call', date: '2026-01-20T15:00:00.000Z', subject: 'Pricing questions', notes: 'Wants a 3-year term.', durationMinutes: 25, userId: ana.id, version: 1, createdAt: stamp, updatedAt: stamp, ...rest });

const call = interaction(1);
const meeting = interaction(2, { customerId: osprey.id, type: 'meeting', date: '2026-01-12T09:00:00.000Z', subject: 'Site visit', userId: dana.id, version: 3 });

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
const row = (el: ShoalInteractionHistory, id: string) => $(el, `li[data-id="${id}"]`);
const ifMatch = (headers: Record<string, string>) => Object.entries(headers).find(([k]) => k.toLowerCase() === 'if-match')?.[1];

async function history() {
  const server = routedApi([
    { method: 'GET', path: /^\/interactions\?/, answers: [json(200, [call, meeting])] },
    { method: 'GET', path: /^\/customers\?/, answers: [json(200, [harbor, osprey])] },
  ]);
  const live = new FakeLive();
  const wrap = await fixture<HTMLDivElement>(html`<div>
    <shoal-interaction-history .api=${server.api} .live=${live.client} .user=${ana} .users=${[ana, dana]}></shoal-interaction-history>
    <shoal-toasts></shoal-toasts>
  </div>`);
  const el = wrap.querySelector<ShoalInteractionHistory>('shoal-interaction-history')!;
  const toasts = wrap.querySelector<ShoalToasts>('shoal-toasts')!;
  await until(el, () => row(el, call.id) && text(row(el, meeting.id)).includes('Osprey'), 'the history');
  return { el, toasts, live, ...server };
}

describe('shoal-interaction-history (the dashboard’s)', () => {
  it('edits an interaction in place with the timeline’s form: only what changed, If-Match, the focus back on Edit', async () => {
    const { el, calls, route } = await history();
    await expect(el).to.be.accessible();
    row(el, meeting.id)!.querySelector<HTMLButtonElement>('button.edit')!.click();
    await until(el, () => row(el, meeting.id)?.querySelector('shoal-interaction-form'), 'the form');
    const form = row(el, meeting.id)!.querySelector('shoal-interaction-form')!;
    await until(form as unknown as ShoalInteractionHistory, () => $(form, '#log-subject'), 'the form’s fields');
    expect($<HTMLInputElement>(form, '#log-subject')!.value).to.equal('Site visit');
    $<HTMLInputElement>(form, '#log-subject')!.select();
    await sendKeys({ type: 'Site visit and demo' });
    route('PATCH', new RegExp(`^/interactions/${meeting.id}$`), json(200, { ...meeting, subject: 'Site visit and demo', version: 4 }));
    $<HTMLButtonElement>(form, 'button[type="submit"]')!.click();
    await until(el, () => text(row(el, meeting.id)).includes('Site visit and demo') && !row(el, meeting.id)?.querySelector('shoal-interaction-form'), 'the saved row');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).to.deep.equal({ subject: 'Site visit and demo' });
    expect(ifMatch(patch.headers)).to.equal('"3"');
    expect(el.shadowRoot!.activeElement?.classList.contains('edit'), 'the focus is back on Edit').to.equal(true);
    expect(text($(el, '[role="status"][aria-live="polite"]'))).to.contain('Meeting saved');
  });

  it('a colleague deleting the interaction being edited closes the form and says so', async () => {
    const { el, live } = await history();
    row(el, call.id)!.querySelector<HTMLButtonElement>('button.edit')!.click();
    await until(el, () => row(el, call.id)?.querySelector('shoal-interaction-form'), 'the form');
    live.change({ entity: 'interaction', op: 'deleted', id: call.id, data: call, version: 2, actor: { id: dana.id, name: dana.name } });
    await until(el, () => !row(el, call.id), 'the row to go');
    expect(text($(el, '[role="status"][aria-live="polite"]'))).to.contain('Dana Park deleted the interaction you were editing');
  });

  it('deletes an interaction at its version; Undo in the app’s toast logs it again; the total follows', async () => {
    const { el, toasts, live, calls, route } = await history();
    route('DELETE', new RegExp(`^/interactions/${call.id}$`), () => new Response(null, { status: 204 }));
    row(el, call.id)!.querySelector<HTMLButtonElement>('button.delete')!.click();
    await until(el, () => !row(el, call.id), 'the row to go');
    expect(ifMatch(calls.find((c) => c.method === 'DELETE')!.headers)).to.equal('"1"');
    expect(el.shadowRoot!.activeElement?.closest('li')?.getAttribute('data-id'), 'the focus on the row that took its place').to.equal(meeting.id);
    live.change({ entity: 'interaction', op: 'deleted', id: call.id, data: call, version: 2, actor: { id: ana.id, name: ana.name } });
    await until(el, () => text($(el, '.foot')).includes('Showing 1 of 1'), 'the total to drop');
    await until(toasts, () => text(toasts).includes('Deleted the call “Pricing questions”'), 'the toast');

    const back = interaction(9);
    route('POST', /^\/interactions$/, json(201, back));
    $<HTMLButtonElement>(toasts, '.toast-action')!.click();
    await until(el, () => row(el, back.id), 'the row back');
    expect(calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ customerId: harbor.id, type: 'call', date: call.date, subject: call.subject, notes: call.notes, durationMinutes: 25 });
    live.change({ entity: 'interaction', op: 'created', id: back.id, data: back, version: 1, actor: { id: ana.id, name: ana.name } });
    await until(el, () => text($(el, '.foot')).includes('Showing 2 of 2'), 'the total back');
  });
});
