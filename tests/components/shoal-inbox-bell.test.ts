import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/notifications/shoal-inbox-bell.js';
import type { ShoalInboxBell } from '../../client/src/notifications/shoal-inbox-bell.js';
import type { Notification } from '../../shared/notification.js';
import { recordEvents } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, settle } from './scripted-api.js';

const ada = { id: '0000000000000000000000a1', name: 'Ada Lovelace' };
const note = (id: string, overrides: Partial<Notification> = {}): Notification => ({
  id,
  type: 'assigned',
  entity: 'task',
  recordId: '0000000000000000000000f1',
  actor: ada,
  text: `Ada Lovelace gave you a task: Call ${id}`,
  createdAt: '2026-12-01T09:00:00.000Z',
  read: false,
  ...overrides,
});

const inbox = (items: Notification[], unread: number) => () =>
  new Response(JSON.stringify(items), { status: 200, headers: { 'content-type': 'application/json', 'x-unread-count': String(unread) } });

const shadow = (el: ShoalInboxBell) => el.shadowRoot!;
const bellOf = (el: ShoalInboxBell) => shadow(el).querySelector<HTMLButtonElement>('button.bell')!;
const rows = (el: ShoalInboxBell) => [...shadow(el).querySelectorAll<HTMLLIElement>('li')];

describe('shoal-inbox-bell', () => {
  it('counts unread live, lists newest first with the unread marked, and marks one and all read', async () => {
    const older = note('n1', { createdAt: '2026-12-01T08:00:00.000Z', read: true, text: 'Reminder: Send the quote', type: 'reminder' });
    const newer = note('n2');
    const { api, calls, route } = routedApi([{ method: 'GET', path: /^\/notifications\?/, answers: [inbox([newer, older], 1)] }]);
    const live = new FakeLive();
    const el = await fixture<ShoalInboxBell>(html`<shoal-inbox-bell .api=${api} .live=${live.client}></shoal-inbox-bell>`);
    await settle(el);
    expect(bellOf(el).getAttribute('aria-label')).to.equal('Notifications, 1 unread');
    expect(shadow(el).querySelector('.count')!.textContent).to.equal('1');

    // Another user gives this one a task: the bell counts it at once, before the panel was ever opened.
    live.notify(note('n3', { text: 'Ada Lovelace gave you a task: Call back', createdAt: '2026-12-01T10:00:00.000Z' }), 2);
    await settle(el);
    expect(bellOf(el).getAttribute('aria-label')).to.equal('Notifications, 2 unread');

    bellOf(el).click();
    await settle(el);
    expect(bellOf(el).getAttribute('aria-expanded')).to.equal('true');
    expect(rows(el).map((r) => r.dataset.id)).to.deep.equal(['n3', 'n2', 'n1']);
    expect(rows(el).map((r) => r.classList.contains('unread'))).to.deep.equal([true, true, false]);
    expect(rows(el)[0]!.textContent).to.contain('Unread:').and.contain('Assigned to you · Ada Lovelace');
    await expect(el).to.be.accessible();

    // Keyboard: Tab goes on into the panel (Mark all read, then the newest notification); Escape closes the panel and returns to the bell.
    bellOf(el).focus();
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(shadow(el).querySelector('button.all'));
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(rows(el)[0]!.querySelector('button.open'));
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(shadow(el).querySelector('.panel')).to.equal(null);
    expect(shadow(el).activeElement).to.equal(bellOf(el));
    bellOf(el).click();
    await settle(el);

    route('POST', /^\/notifications\/n2\/read$/, json(200, { ...newer, read: true }));
    rows(el)[1]!.querySelector<HTMLButtonElement>('button.read')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'POST', url: '/api/notifications/n2/read' });
    expect(rows(el)[1]!.classList.contains('unread')).to.equal(false);
    expect(bellOf(el).getAttribute('aria-label')).to.equal('Notifications, 1 unread');

    route('POST', /^\/notifications\/read-all$/, json(200, { unread: 0 }));
    shadow(el).querySelector<HTMLButtonElement>('button.all')!.click();
    await settle(el);
    expect(calls.at(-1)).to.deep.include({ method: 'POST', url: '/api/notifications/read-all' });
    expect(rows(el).some((r) => r.classList.contains('unread'))).to.equal(false);
    expect(bellOf(el).getAttribute('aria-label')).to.equal('Notifications');
    expect(shadow(el).querySelector('.count')).to.equal(null);

    // Read in another tab: that tab's count comes as an inbox event.
    live.inbox(4);
    await settle(el);
    expect(bellOf(el).getAttribute('aria-label')).to.equal('Notifications, 4 unread');
  });

  it('opens the record a notification is about, marking it read', async () => {
    const mention = note('m1', { type: 'mention', entity: 'interaction', recordId: '0000000000000000000000e1', text: 'Ada Lovelace mentioned you' });
    const deal = note('o1', { type: 'owner', entity: 'opportunity', recordId: '0000000000000000000000d1', text: 'Ada Lovelace made you owner of Renewal' });
    const { api, calls } = routedApi([
      { method: 'GET', path: /^\/notifications\?/, answers: [inbox([mention, deal], 2)] },
      { method: 'GET', path: /^\/interactions\/0+e1$/, answers: [json(200, { id: '0000000000000000000000e1', customerId: '0000000000000000000000c1' })] },
      { method: 'POST', path: /^\/notifications\/\w+\/read$/, answers: [json(200, {})] },
    ]);
    const el = await fixture<ShoalInboxBell>(html`<shoal-inbox-bell .api=${api}></shoal-inbox-bell>`);
    const navigations = recordEvents(el, ['shoal-navigate']);
    await settle(el);
    bellOf(el).click();
    await settle(el);
    rows(el)[0]!.querySelector<HTMLButtonElement>('button.open')!.click();
    await settle(el);
    expect(navigations.map((e) => e.detail)).to.deep.equal([{ path: '/customers/0000000000000000000000c1' }]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).to.include('POST /api/notifications/m1/read');
    expect(el.open, 'the panel closes').to.equal(false);

    bellOf(el).click();
    await settle(el);
    rows(el)[1]!.querySelector<HTMLButtonElement>('button.open')!.click();
    await settle(el);
    // A deal opens on its own page, with no lookup.
    expect(navigations.at(-1)!.detail).to.deep.equal({ path: '/deals/0000000000000000000000d1' });
  });

  it('shows loading, then the empty state; Escape closes it', async () => {
    let answer: (r: Response) => void = () => undefined;
    const pending = new Promise<Response>((resolve) => (answer = resolve));
    const { api } = routedApi([{ method: 'GET', path: /^\/notifications\?/, answers: [() => pending as unknown as Response] }]);
    const el = await fixture<ShoalInboxBell>(html`<shoal-inbox-bell .api=${api}></shoal-inbox-bell>`);
    bellOf(el).focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(shadow(el).querySelector('[role="status"]')!.textContent).to.contain('Loading notifications');
    answer(inbox([], 0)());
    await settle(el);
    expect(shadow(el).querySelector('.panel')!.textContent).to.contain("You're all caught up.");
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(shadow(el).querySelector('.panel')).to.equal(null);
    expect(shadow(el).activeElement).to.equal(bellOf(el));
  });
});
