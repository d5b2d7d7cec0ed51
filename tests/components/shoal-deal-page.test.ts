import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/deals/shoal-deal-page.js';
import type { ShoalDealPage } from '../../client/src/deals/shoal-deal-page.js';
import type { Customer } from '../../shared/customer.js';
import type { Opportunity, StageChange } from '../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import type { User } from '../../shared/user.js';
import { customer, recordEvents } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem } from './scripted-api.js';
import type { PresenceEntry } from '../../shared/events.js';
import { roomOf } from '../../shared/rooms.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');
const ID = hex(0xde1);
const CUSTOMER = hex(0xc0ffee);
const stamp = '2026-11-01T10:00:00.000Z';
const user = (n: number, name: string): User => ({ id: hex(n), name, email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`, role: 'rep', color: '#0b6e99', active: true, version: 1, createdAt: stamp, updatedAt: stamp });
const ana = user(0xa1, 'Ana Silva');
const dana = user(0xd1, 'Dana Park');
const danaActor = { id: dana.id, name: dana.name };

const harbor: Customer = customer({ id: CUSTOMER, name: 'Harbor Freight Co' });
const deal: Opportunity = {
  id: ID,
  customerId: CUSTOMER,
  name: 'Annual licence',
  stage: 'proposal',
  amount: 48000,
  currency: 'USD',
  probability: 50,
  expectedCloseDate: '2026-12-31',
  ownerId: dana.id,
  rank: 'a0',
  version: 3,
  createdAt: stamp,
  updatedAt: stamp,
};
const history: StageChange[] = [
  { from: null, to: 'prospecting', actor: danaActor, at: stamp },
  { from: 'prospecting', to: 'proposal', actor: danaActor, at: '2026-11-04T10:00:00.000Z' },
];

async function page() {
  const server = routedApi([
    { method: 'GET', path: new RegExp(`^/opportunities/${ID}$`), answers: [json(200, deal)] },
    { method: 'GET', path: new RegExp(`^/opportunities/${ID}/history$`), answers: [json(200, history)] },
    { method: 'GET', path: new RegExp(`^/customers/${CUSTOMER}$`), answers: [json(200, harbor)] },
    { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
    { method: 'GET', path: /^\/stages$/, answers: [json(200, DEFAULT_STAGES)] },
    { method: 'GET', path: /^\/tasks\?/, answers: [json(200, [])] },
    { method: 'GET', path: /^\/interactions\?/, answers: [json(200, [])] },
  ]);
  const live = new FakeLive();
  const el = await fixture<ShoalDealPage>(html`<shoal-deal-page .api=${server.api} .live=${live.client} .user=${ana} .dealId=${ID}></shoal-deal-page>`);
  await until(el, () => $(el, 'h1')?.textContent?.includes('Annual licence') && history$(el, '.spans li') && text($(el, '.crumbs')).includes('Harbor'));
  return { el, live, ...server };
}

async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what = 'the page to settle'): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);
/** In the page's stage history (its own component). */
const history$ = (root: Element, selector: string) => {
  const history = $(root, 'shoal-stage-history');
  return history ? $(history, selector) : null;
};
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ') ?? '';

async function editField(el: ShoalDealPage, field: string): Promise<HTMLElement> {
  $<HTMLButtonElement>(el, `button[data-edit="${field}"]`)!.focus();
  await sendKeys({ press: 'Enter' });
  await until(el, () => el.shadowRoot!.activeElement?.id === `edit-${field}`, `the ${field} editor`);
  return $<HTMLElement>(el, `#edit-${field}`)!;
}

describe('shoal-deal-page', () => {
  it('shows the deal, its customer, fields, stage history with time in stage, tasks and interactions, accessibly', async function () {
    // The first test of the file loads the page's code and axe: slow on a busy machine.
    this.timeout(20_000);
    const { el, live } = await page();
    expect(text($(el, '.subtitle'))).to.contain('$48,000').and.contain('Proposal').and.contain('Harbor Freight Co');
    expect(text($(el, '[data-field="ownerId"]'))).to.contain('Dana Park');
    const spans = [...$(el, 'shoal-stage-history')!.shadowRoot!.querySelectorAll('.spans li')].map((li) => li.getAttribute('data-stage'));
    expect(spans).to.deep.equal(['proposal', 'prospecting']);
    expect(text(history$(el, '.spans li[data-stage="prospecting"]'))).to.contain('3 days').and.contain('Created here by Dana Park');
    expect(text(history$(el, '.spans li[data-stage="proposal"]'))).to.contain('Moved here by Dana Park');
    expect(text(history$(el, '.spans li[data-stage="proposal"]'))).to.contain('so far');
    expect($<HTMLElement & { opportunityId: string }>(el, 'shoal-customer-tasks')!.opportunityId).to.equal(ID);
    expect($<HTMLElement & { customerId: string }>(el, 'shoal-interaction-timeline')!.customerId).to.equal(CUSTOMER);
    expect(live.presence.at(-1)).to.deep.equal({ view: 'deal', recordId: ID });
    await expect(el).to.be.accessible();
  });

  it('changes the stage only on Save: ArrowDown on the closed list saves nothing', async () => {
    const { el, calls, route } = await page();
    const select = (await editField(el, 'stage')) as HTMLSelectElement;
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(select.value).to.equal('negotiation');
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(0);
    route('PATCH', new RegExp(`^/opportunities/${ID}$`), json(200, { ...deal, stage: 'negotiation', version: 4 }));
    $<HTMLButtonElement>(el, 'form[data-editor="stage"] button.save')!.click();
    await until(el, () => !$(el, '#edit-stage'), 'the save');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).to.deep.equal({ stage: 'negotiation' });
    expect(patch.headers['if-match']).to.equal('"3"');
  });

  it('warns when a colleague changes the field being edited, and after a 412 keeps yours by saving on their version', async () => {
    const { el, live, route, calls } = await page();
    const amount = (await editField(el, 'amount')) as HTMLInputElement;
    amount.value = '50,000';
    amount.dispatchEvent(new Event('input'));
    live.change({ entity: 'opportunity', op: 'updated', id: ID, data: { ...deal, amount: 52000, version: 4 }, version: 4, fields: ['amount'], actor: danaActor });
    await until(el, () => $(el, '[data-conflict="amount"]'), 'the conflict notice');
    expect(text($(el, '[data-conflict="amount"]'))).to.contain('Dana Park changed the amount to').and.contain('$52,000');
    $(el, '[data-conflict="amount"] button.take')!.click();
    await until(el, () => !$(el, '#edit-amount'));
    expect(text($(el, '[data-field="amount"]'))).to.contain('$52,000');

    // A save refused because Dana saved first: keep mine saves again on her version.
    const probability = (await editField(el, 'probability')) as HTMLInputElement;
    probability.value = '70';
    probability.dispatchEvent(new Event('input'));
    const theirs = { ...deal, amount: 52000, probability: 60, version: 5 };
    route('PATCH', new RegExp(`^/opportunities/${ID}$`), problem(412, { title: 'The record changed since you read it', current: theirs }), json(200, { ...theirs, probability: 70, version: 6 }));
    $<HTMLButtonElement>(el, 'form[data-editor="probability"] button.save')!.click();
    await until(el, () => $(el, '[data-conflict="probability"]'), 'the 412 notice');
    expect(text($(el, '[data-conflict="probability"]'))).to.contain('before you saved');
    $(el, '[data-conflict="probability"] button.keep')!.click();
    await until(el, () => !$(el, '#edit-probability'), 'the second save');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((p) => p.headers['if-match'])).to.deep.equal(['"4"', '"5"']);
    expect(text($(el, '[data-field="probability"]'))).to.contain('70%');
  });

  it('handed another deal (a link from this one), drops the old one’s viewers and open editor, and says the new one in presence', async () => {
    const { el, live, route } = await page();
    const OTHER = hex(0xde2);
    route('GET', new RegExp(`^/opportunities/${OTHER}$`), json(200, { ...deal, id: OTHER, name: 'Spare parts', version: 1 }));
    route('GET', new RegExp(`^/opportunities/${OTHER}/history$`), json(200, []));
    const viewing: PresenceEntry = { socketId: 's2', actor: danaActor, color: dana.color, view: 'deal', recordId: ID, editing: 'amount' };
    live.room(roomOf({ kind: 'presence', view: 'deal', recordId: ID }), [viewing]);
    await until(el, () => $(el, '.viewers'), 'Dana among the viewers');
    await editField(el, 'name');
    expect(live.presence.at(-1)).to.deep.equal({ view: 'deal', recordId: ID, editing: 'name' });

    el.dealId = OTHER;
    await until(el, () => $(el, 'h1')?.textContent?.includes('Spare parts'), 'the other deal');
    expect($(el, '.viewers'), 'Dana was on the other deal').to.equal(null);
    expect($(el, '#edit-name'), 'the old deal’s editor is closed').to.equal(null);
    expect(live.presence.at(-1)).to.deep.equal({ view: 'deal', recordId: OTHER });
    // Dana's list for the old deal's room, arriving late, is not this page's.
    live.room(roomOf({ kind: 'presence', view: 'deal', recordId: ID }), [viewing]);
    await el.updateComplete;
    expect($(el, '.viewers')).to.equal(null);
  });

  it('refuses an amount it cannot read, naming the field', async () => {
    const { el, calls } = await page();
    const amount = (await editField(el, 'amount')) as HTMLInputElement;
    amount.value = 'lots';
    amount.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, 'form[data-editor="amount"] button.save')!.click();
    await until(el, () => $(el, '#edit-amount-error'));
    expect(text($(el, '#edit-amount-error'))).to.contain('must be an amount');
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(0);
  });

  it('says when the deal is not there, and links its customer from the crumbs', async () => {
    const { el } = await page();
    const seen = recordEvents(el, ['shoal-navigate']);
    $<HTMLAnchorElement>(el, '.crumbs a')!.click();
    expect(seen.map((e) => e.detail)).to.deep.equal([{ path: `/customers/${CUSTOMER}` }]);

    const server = routedApi([
      { method: 'GET', path: /^\/opportunities\/\w+$/, answers: [problem(404, { title: 'Not found' })] },
      { method: 'GET', path: /^\/stages$/, answers: [json(200, DEFAULT_STAGES)] },
      { method: 'GET', path: /^\/users$/, answers: [json(200, [ana])] },
    ]);
    const missing = await fixture<ShoalDealPage>(html`<shoal-deal-page .api=${server.api} .live=${new FakeLive().client} .user=${ana} .dealId=${hex(0xbad)}></shoal-deal-page>`);
    await until(missing, () => $(missing, '.page-state'));
    expect(text($(missing, 'h1'))).to.equal('This deal is not here');
  });
  it('deletes the deal after asking, leaves for its customer, and Undo creates it again with the same fields and gives it back its tasks', async () => {
    const { el, calls, route } = await page();
    const toasts: { text: string; action?: { run: () => void } }[] = [];
    const paths: string[] = [];
    const onToast = (e: Event) => toasts.push((e as CustomEvent).detail);
    const onNavigate = (e: Event) => paths.push((e as CustomEvent<{ path: string }>).detail.path);
    window.addEventListener('shoal-toast', onToast);
    el.addEventListener('shoal-navigate', onNavigate);
    try {
      const remover = $(el, 'shoal-deal-delete')!;
      await (remover as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      $<HTMLButtonElement>(remover, 'button.delete-deal')!.click();
      const dialog = $(remover, 'shoal-confirm-dialog')!;
      await until(el, () => (dialog as unknown as { open: boolean }).open, 'the question');
      expect(text(dialog)).to.contain('Annual licence').and.contain('$48,000').and.contain('Proposal').and.contain('Its tasks');
      expect(calls.some((c) => c.method === 'DELETE'), 'nothing deleted before confirming').to.equal(false);
      await expect(remover).to.be.accessible();

      route('DELETE', new RegExp(`^/opportunities/${ID}$`), () => new Response(null, { status: 204 }));
      $<HTMLButtonElement>(dialog, 'button.confirm')!.click();
      await until(el, () => paths.length > 0, 'leaving the page');
      expect(paths).to.deep.equal([`/customers/${CUSTOMER}`]);
      const removed = calls.find((c) => c.method === 'DELETE')!;
      expect(Object.entries(removed.headers).find(([k]) => k.toLowerCase() === 'if-match')?.[1]).to.equal('"3"');
      expect(toasts[0]!.text).to.equal('Deleted Annual licence');

      const back: Opportunity = { ...deal, id: hex(0xde2), version: 1 };
      const followUp = { id: hex(0x7a5), title: 'Send the contract', type: 'todo', dueAt: '2026-12-01', assigneeId: dana.id, customerId: CUSTOMER, opportunityId: ID, done: false, version: 2, createdAt: stamp, updatedAt: stamp };
      route('POST', /^\/opportunities$/, json(201, back));
      route('GET', new RegExp(`^/tasks\\?opportunityId=${ID}`), json(200, [followUp]));
      route('PATCH', new RegExp(`^/tasks/${followUp.id}$`), json(200, { ...followUp, opportunityId: back.id, version: 3 }));
      toasts[0]!.action!.run();
      await until(el, () => toasts.length > 1, 'the second toast');
      expect(toasts.at(-1)!.text).to.equal('Brought back Annual licence');
      const again = calls.find((c) => c.method === 'POST' && c.url.endsWith('/opportunities'))!;
      expect(again.body).to.deep.equal({ customerId: CUSTOMER, name: 'Annual licence', stage: 'proposal', amount: 48000, currency: 'USD', probability: 50, expectedCloseDate: '2026-12-31', ownerId: dana.id });
      const relink = calls.find((c) => c.method === 'PATCH' && c.url.endsWith(`/tasks/${followUp.id}`))!;
      expect(relink.body).to.deep.equal({ opportunityId: back.id });
      expect(Object.entries(relink.headers).find(([k]) => k.toLowerCase() === 'if-match')?.[1]).to.equal('"2"');
    } finally {
      window.removeEventListener('shoal-toast', onToast);
    }
  });
});
