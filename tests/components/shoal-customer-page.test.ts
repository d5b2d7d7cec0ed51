import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-customer-page.js';
import type { ShoalCustomerPage } from '../../client/src/components/shoal-customer-page.js';
import type { Contact } from '../../shared/contact.js';
import type { Customer } from '../../shared/customer.js';
import type { PresenceEntry } from '../../shared/events.js';
import type { Interaction } from '../../shared/interaction.js';
import type { Opportunity } from '../../shared/opportunity.js';
import { DEFAULT_STAGES } from '../../shared/stage.js';
import type { User } from '../../shared/user.js';
import { customer, recordEvents } from './fixtures.js';
import { FakeLive, routedApi } from './routed-api.js';
import { json, problem, unreachable } from './scripted-api.js';
import { roomOf } from '../../shared/rooms.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');
const ID = hex(0xc0ffee);
const stamp = '2026-01-05T10:00:00.000Z';

const user = (n: number, name: string, color: string): User => ({
  id: hex(n),
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@shoal.example`,
  role: 'rep',
  color,
  active: true,
  version: 1,
  createdAt: stamp,
  updatedAt: stamp,
});
const ana = user(0xa1, 'Ana Silva', '#0b6e99');
const dana = user(0xd1, 'Dana Park', '#7c3aed');
const danaActor = { id: dana.id, name: dana.name };

const harbor: Customer = customer({
  id: ID,
  name: 'Harbor Freight Co',
  email: 'ap@harbor.example',
  phone: '+1 206 555 0142',
  industry: 'Logistics',
  website: 'harbor.example',
  ownerId: ana.id,
  tags: ['priority'],
  version: 3,
});

const ann: Contact = { id: hex(0xc1), customerId: ID, name: 'Ann Lee', email: 'ann@harbor.example', position: 'CFO', version: 1, createdAt: stamp, updatedAt: stamp };

const deal: Opportunity = {
  id: hex(0xde1),
  customerId: ID,
  name: 'Annual licence',
  stage: 'proposal',
  amount: 48000,
  currency: 'USD',
  probability: 50,
  expectedCloseDate: '2026-12-31',
  ownerId: dana.id,
  rank: 'a0',
  version: 1,
  createdAt: stamp,
  updatedAt: stamp,
};

const interaction = (n: number, type: Interaction['type'], date: string, rest: Partial<Interaction> = {}): Interaction => ({
  id: hex(0x100 + n),
  customerId: ID,
  type,
  date,
  userId: dana.id,
  version: 1,
  createdAt: date,
  updatedAt: date,
  ...rest,
});
const call = interaction(1, 'call', '2026-01-20T15:00:00.000Z', { subject: 'Pricing questions', notes: 'Wants a 3-year term.', durationMinutes: 25 });
const email = interaction(2, 'email', '2026-01-10T09:00:00.000Z', { subject: 'Sent proposal', userId: ana.id });

/** The page with a fake server that knows this customer, and a fake live connection. */
async function page(overrides: { customer?: () => Response; contacts?: Contact[] } = {}) {
  const server = routedApi([
    { method: 'GET', path: new RegExp(`^/customers/${ID}$`), answers: [overrides.customer ?? json(200, harbor)] },
    { method: 'GET', path: /^\/users$/, answers: [json(200, [ana, dana])] },
    { method: 'GET', path: /^\/stages$/, answers: [json(200, DEFAULT_STAGES)] },
    { method: 'GET', path: /^\/contacts\?/, answers: [json(200, overrides.contacts ?? [ann])] },
    { method: 'GET', path: /^\/opportunities\?/, answers: [json(200, [deal])] },
    { method: 'GET', path: /^\/interactions\?/, answers: [json(200, [call, email])] },
  ]);
  const live = new FakeLive();
  const el = await fixture<ShoalCustomerPage>(html`<shoal-customer-page .api=${server.api} .live=${live.client} .user=${ana} .customerId=${ID}></shoal-customer-page>`);
  return { el, live, ...server };
}

/** Waits (briefly) until `check` holds, letting fetches answer and components render. */
async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what = 'the page to settle'): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);
const section = (el: ShoalCustomerPage, tag: 'shoal-contact-list' | 'shoal-opportunity-list' | 'shoal-interaction-timeline') => $(el, tag)!;
const text = (node: Element | null | undefined) => (node?.shadowRoot ?? node)?.textContent?.replace(/\s+/g, ' ') ?? '';

async function loaded(): Promise<Awaited<ReturnType<typeof page>>> {
  const p = await page();
  await until(p.el, () => $(p.el, 'h1')?.textContent?.includes('Harbor') && text(section(p.el, 'shoal-interaction-timeline')).includes('Pricing questions'));
  await until(p.el, () => text(section(p.el, 'shoal-opportunity-list')).includes('Annual licence') && text(section(p.el, 'shoal-contact-list')).includes('Ann Lee'));
  return p;
}

async function editField(el: ShoalCustomerPage, field: string): Promise<HTMLInputElement> {
  $<HTMLButtonElement>(el, `button[data-edit="${field}"]`)!.focus();
  await sendKeys({ press: 'Enter' });
  await until(el, () => el.shadowRoot!.activeElement?.id === `edit-${field}`, `the ${field} editor`);
  return $<HTMLInputElement>(el, `#edit-${field}`)!;
}

describe('shoal-customer-page', () => {
  it('shows the customer, its contacts, deals and timeline, and passes an accessibility check', async () => {
    const { el } = await loaded();
    expect($(el, 'h1')!.textContent).to.equal('Harbor Freight Co');
    expect(text($(el, '[data-field="phone"]'))).to.contain('+1 206 555 0142');
    expect(text($(el, '[data-field="ownerId"]'))).to.contain('Ana Silva');
    expect($<HTMLAnchorElement>(el, '.crumbs a')!.getAttribute('href')).to.equal('/customers');

    const contacts = section(el, 'shoal-contact-list');
    expect(text(contacts)).to.contain('Ann Lee').and.contain('CFO').and.contain('ann@harbor.example');

    const deals = section(el, 'shoal-opportunity-list');
    const row = $(deals, `tr[data-id="${deal.id}"]`)!;
    expect(text(row)).to.contain('$48,000').and.contain('50%').and.contain('Dec 31, 2026').and.contain('Dana Park');
    expect($<HTMLSelectElement>(deals, 'select[data-deal]')!.value).to.equal('proposal');

    const timeline = section(el, 'shoal-interaction-timeline');
    const entries = [...timeline.shadowRoot!.querySelectorAll('li.entry')];
    expect(entries.map((e) => e.getAttribute('data-type'))).to.deep.equal(['call', 'email']);
    expect(text(entries[0])).to.contain('Pricing questions').and.contain('Dana Park').and.contain('25 min').and.contain('Wants a 3-year term.');
    expect(entries[0]!.querySelector('.type-icon.call svg'), 'an icon per type').to.exist;
    expect(text(entries[1])).to.contain('Ana Silva');
    await expect(el).to.be.accessible();
  });

  it('edits a field from the keyboard and saves it with If-Match; Escape cancels', async () => {
    const { el, calls, route } = await loaded();
    const saved = { ...harbor, phone: '+1 206 555 0199', version: 4 };
    route('PATCH', new RegExp(`^/customers/${ID}$`), json(200, saved));

    const input = await editField(el, 'phone');
    expect(input.value).to.equal('+1 206 555 0142');
    await sendKeys({ type: '+1 206 555 0199' });
    await sendKeys({ press: 'Enter' });
    await until(el, () => !$(el, '#edit-phone'), 'the editor to close');

    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers['if-match']).to.equal('"3"');
    expect(patch.headers['x-csrf-token']).to.equal('csrf-of-this-session');
    expect(patch.body).to.deep.equal({ phone: '+1 206 555 0199' });
    expect(text($(el, '[data-field="phone"]'))).to.contain('+1 206 555 0199');
    expect(el.shadowRoot!.activeElement, 'focus goes back to the edit button').to.equal($(el, 'button[data-edit="phone"]'));

    await editField(el, 'industry');
    await sendKeys({ type: 'Shipping' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '#edit-industry')).to.equal(null);
    expect(text($(el, '[data-field="industry"]'))).to.contain('Logistics');
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(1);
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'button[data-edit="industry"]'));
  });

  it('says when a colleague changes the field being edited, and lets the rep keep theirs or take the colleague’s', async () => {
    const { el, live, calls, route } = await loaded();
    route('PATCH', new RegExp(`^/customers/${ID}$`), json(200, { ...harbor, phone: '+1 206 555 0111', version: 5 }));
    const input = await editField(el, 'phone');
    await sendKeys({ type: '+1 206 555 0111' });

    const theirs = { ...harbor, phone: '+1 206 555 0100', version: 4 };
    live.change({ entity: 'customer', op: 'updated', id: ID, data: theirs, version: 4, fields: ['phone'], actor: danaActor });
    await el.updateComplete;
    const notice = $(el, '[data-conflict="phone"]')!;
    expect(notice, 'a notice, not a silent overwrite').to.exist;
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(text(notice)).to.contain('Dana Park changed the phone to').and.contain('+1 206 555 0100').and.contain('Keep yours');
    expect(input.value, 'what the rep typed is still there').to.equal('+1 206 555 0111');
    await expect(el).to.be.accessible();

    notice.querySelector<HTMLButtonElement>('button.keep')!.click();
    await el.updateComplete;
    expect($(el, '[data-conflict="phone"]')).to.equal(null);
    $<HTMLButtonElement>(el, '[data-editor="phone"] button.save')!.click();
    await until(el, () => calls.some((c) => c.method === 'PATCH'), 'the save');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers['if-match'], 'kept knowingly: based on the colleague’s version').to.equal('"4"');
    expect(patch.body).to.deep.equal({ phone: '+1 206 555 0111' });

    // A change to a field nobody here is editing just shows, flagged with who made it.
    await until(el, () => !$(el, '#edit-phone'));
    await editField(el, 'industry');
    await sendKeys({ type: 'Freight' });
    live.change({ entity: 'customer', op: 'updated', id: ID, data: { ...harbor, phone: '+1 206 555 0111', industry: 'Shipping', website: 'harborfreight.example', version: 6 }, version: 6, fields: ['industry', 'website'], actor: danaActor });
    await el.updateComplete;
    expect(text($(el, '[data-field="website"]'))).to.contain('harborfreight.example').and.contain('by Dana Park');
    $(el, '[data-conflict="industry"]')!.querySelector<HTMLButtonElement>('button.take')!.click();
    await el.updateComplete;
    expect($(el, '#edit-industry')).to.equal(null);
    expect(text($(el, '[data-field="industry"]'))).to.contain('Shipping');
  });

  it('shows the same choice when the save is refused because a colleague saved first (412)', async () => {
    const { el, calls, route } = await loaded();
    const theirs = { ...harbor, email: 'billing@harbor.example', version: 5 };
    route(
      'PATCH',
      new RegExp(`^/customers/${ID}$`),
      problem(412, { title: 'The record changed since you read it', current: theirs, conflicts: ['email'] }),
      json(200, { ...theirs, email: 'accounts@harbor.example', version: 6 }),
    );
    const input = await editField(el, 'email');
    input.select();
    await sendKeys({ type: 'accounts@harbor.example' });
    await sendKeys({ press: 'Enter' });
    await until(el, () => $(el, '[data-conflict="email"]'), 'the 412 notice');
    const notice = $(el, '[data-conflict="email"]')!;
    expect(text(notice)).to.contain('changed the email to').and.contain('billing@harbor.example').and.contain('before you saved');
    expect($<HTMLInputElement>(el, '#edit-email')!.value).to.equal('accounts@harbor.example');
    await expect(el).to.be.accessible();

    notice.querySelector<HTMLButtonElement>('button.keep')!.click();
    await until(el, () => !$(el, '#edit-email'), 'the overwrite');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.headers['if-match'])).to.deep.equal(['"3"', '"5"']);
    expect(text($(el, '[data-field="email"]'))).to.contain('accounts@harbor.example');
  });

  it('names a refused value next to its field (409)', async () => {
    const { el, route } = await loaded();
    route('PATCH', new RegExp(`^/customers/${ID}$`), problem(409, { errors: [{ path: 'email', message: 'is already used by another customer' }] }));
    const input = await editField(el, 'email');
    input.select();
    await sendKeys({ type: 'ops@acme.example' });
    await sendKeys({ press: 'Enter' });
    await until(el, () => $(el, '#edit-email-error'), 'the field error');
    expect($(el, '#edit-email-error')!.textContent).to.contain('Email is already used by another customer.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('edit-email-error');
  });

  it('tells the room where the rep is and what they edit, and shows who else is here', async () => {
    const { el, live } = await loaded();
    expect(live.presence.at(-1)).to.deep.equal({ view: 'customer', recordId: ID });
    await editField(el, 'phone');
    expect(live.presence.at(-1)).to.deep.equal({ view: 'customer', recordId: ID, editing: 'phone' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(live.presence.at(-1)).to.deep.equal({ view: 'customer', recordId: ID });

    const entry = (socketId: string, who: User, editing?: string): PresenceEntry => ({
      socketId,
      actor: { id: who.id, name: who.name },
      color: who.color,
      view: 'customer',
      recordId: ID,
      ...(editing ? { editing } : {}),
    });
    live.room(roomOf({ kind: 'presence', view: 'customer', recordId: ID }), [entry('s1', ana), entry('s2', dana, 'email')]);
    await el.updateComplete;
    const viewers = $(el, '.viewers')!;
    expect(viewers.getAttribute('aria-label')).to.equal('Also viewing: Dana Park (editing email)');
    expect(viewers.querySelectorAll('li')).to.have.length(1);
    expect(text($(el, '[data-field="email"]'))).to.contain('Dana Park is editing');
    await expect(el).to.be.accessible();
  });

  it('says who deleted the customer, and restores it', async () => {
    const { el, live, calls, route } = await loaded();
    live.change({ entity: 'customer', op: 'deleted', id: ID, data: { ...harbor, removed: { contacts: 1, opportunities: 1, interactions: 2 } }, version: 4, actor: danaActor });
    await el.updateComplete;
    const notice = $(el, '.deleted')!;
    expect(text(notice)).to.contain('Deleted by Dana Park').and.contain('1 contact, 1 deal and 2 logged interactions');
    expect($(el, 'shoal-contact-list'), 'its records are gone with it').to.equal(null);
    await expect(el).to.be.accessible();

    route('POST', new RegExp(`^/customers/${ID}/restore$`), json(200, { ...harbor, version: 5 }));
    notice.querySelector<HTMLButtonElement>('button.restore')!.click();
    await until(el, () => $(el, 'shoal-contact-list') && text(section(el, 'shoal-contact-list')).includes('Ann Lee'), 'the restored page');
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith(`/customers/${ID}/restore`))).to.equal(true);
    expect($(el, '.deleted')).to.equal(null);
  });

  it('says so in plain words when the customer cannot be loaded', async () => {
    const missing = await page({ customer: problem(404, { title: 'Not found', detail: 'No customer with that id.' }) });
    await until(missing.el, () => $(missing.el, '.page-state'));
    expect(text($(missing.el, '.page-state'))).to.contain('This customer is not here').and.contain('Back to customers');

    const offline = await page({ customer: unreachable() });
    await until(offline.el, () => $(offline.el, '.page-state'));
    expect(text($(offline.el, '.page-state'))).to.contain("We couldn't load this customer").and.contain("can't reach the server");
    expect($(offline.el, 'button.retry')).to.exist;
    await expect(offline.el).to.be.accessible();
  });

  it('goes back to Customers through shoal-navigate on a plain click', async () => {
    const { el } = await loaded();
    const seen = recordEvents(el, ['shoal-navigate']);
    $<HTMLAnchorElement>(el, '.crumbs a')!.click();
    expect(seen).to.have.length(1);
    expect(seen[0]!.detail).to.deep.equal({ path: '/customers' });
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect(seen[0]!.defaultPrevented).to.equal(false);
  });
});

describe('shoal-customer-page sections', () => {
  it('adds a contact, naming a taken email next to its field, and removes one after confirming', async () => {
    const { el, calls, route } = await loaded();
    const contacts = section(el, 'shoal-contact-list');
    const created: Contact = { ...ann, id: hex(0xc2), name: 'Bo Chen', email: 'bo@harbor.example', position: undefined };
    route('POST', /^\/contacts$/, problem(409, { errors: [{ path: 'email', message: 'is already used by another contact' }] }), json(201, created));
    route('DELETE', new RegExp(`^/contacts/${ann.id}$`), () => new Response(null, { status: 204 }));

    $<HTMLButtonElement>(contacts, 'button.add')!.click();
    await until(contacts as ShoalCustomerPage, () => contacts.shadowRoot!.activeElement?.id === 'field-name', 'the contact form');
    await sendKeys({ type: 'Bo Chen' });
    $<HTMLInputElement>(contacts, '#field-email')!.focus();
    await sendKeys({ type: 'ann@harbor.example' });
    await sendKeys({ press: 'Enter' });
    await until(contacts as ShoalCustomerPage, () => $(contacts, '[data-field="email"] .error'), 'the email error');
    expect(text($(contacts, '[data-field="email"] .error'))).to.contain('Email is already used by another contact.');
    await expect(contacts).to.be.accessible();

    const email = $<HTMLInputElement>(contacts, '#field-email')!;
    email.select();
    await sendKeys({ type: 'bo@harbor.example' });
    await sendKeys({ press: 'Enter' });
    await until(contacts as ShoalCustomerPage, () => text(contacts).includes('bo@harbor.example') && !$(contacts, 'form'), 'the new contact');
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts[1]!.body).to.deep.equal({ customerId: ID, name: 'Bo Chen', email: 'bo@harbor.example' });

    $<HTMLButtonElement>(contacts, `button[data-remove="${ann.id}"]`)!.click();
    await (contacts as ShoalCustomerPage).updateComplete;
    const dialog = $(contacts, 'shoal-confirm-dialog')!;
    expect(text(dialog.shadowRoot!.querySelector('h2'))).to.contain('Remove Ann Lee?');
    expect(calls.some((c) => c.method === 'DELETE'), 'nothing removed before confirming').to.equal(false);
    const toasts: { text: string; action?: { run: () => void } }[] = [];
    const onToast = (e: Event) => toasts.push((e as CustomEvent).detail);
    window.addEventListener('shoal-toast', onToast);
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(contacts as ShoalCustomerPage, () => !text(contacts).includes('ann@harbor.example'), 'the removal');
    expect(calls.some((c) => c.method === 'DELETE' && c.url.endsWith(ann.id))).to.equal(true);

    // Undo in the app's toast adds the contact again with the same fields.
    expect(toasts[0]!.text).to.equal('Deleted Ann Lee');
    const back: Contact = { ...ann, id: hex(0xc3) };
    route('POST', /^\/contacts$/, json(201, back));
    toasts[0]!.action!.run();
    await until(contacts as ShoalCustomerPage, () => text(contacts).includes('ann@harbor.example'), 'the contact back');
    window.removeEventListener('shoal-toast', onToast);
    const again = calls.filter((c) => c.method === 'POST').at(-1)!;
    expect(again.body).to.deep.equal({ customerId: ID, name: ann.name, email: ann.email, ...(ann.phone ? { phone: ann.phone } : {}), ...(ann.position ? { position: ann.position } : {}) });
  });

  it('asks why when a deal moves to a lost stage, then saves the stage and the reason', async () => {
    const { el, calls, route } = await loaded();
    const deals = section(el, 'shoal-opportunity-list');
    route('PATCH', new RegExp(`^/opportunities/${deal.id}$`), json(200, { ...deal, stage: 'lost', probability: 0, lostReason: 'Price too high', closedAt: stamp, version: 2 }));
    const select = $<HTMLSelectElement>(deals, 'select[data-deal]')!;
    select.value = 'lost';
    select.dispatchEvent(new Event('change'));
    await (deals as ShoalCustomerPage).updateComplete;
    // The same dialog as the board's: the team's common reasons, or the rep's own words.
    const asker = $<HTMLElement>(deals, 'shoal-lost-reason-dialog')!;
    const dialog = asker.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(text(dialog)).to.contain('Why was Annual licence lost?').and.contain('It moves to Closed Lost');
    expect(asker.shadowRoot!.activeElement?.getAttribute('type'), 'the first reason has the focus').to.equal('radio');

    asker.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await (asker as ShoalCustomerPage).updateComplete;
    expect(text(dialog)).to.contain('Choose why the deal was lost.');
    expect(calls.some((c) => c.method === 'PATCH')).to.equal(false);

    [...asker.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.value === 'Price too high')!.click();
    asker.shadowRoot!.querySelector<HTMLButtonElement>('button.confirm')!.click();
    await until(deals as ShoalCustomerPage, () => text(deals).includes('Lost: Price too high'), 'the lost deal');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).to.deep.equal({ stage: 'lost', lostReason: 'Price too high' });
    expect(patch.headers['if-match']).to.equal('"1"');
    expect(dialog.open).to.equal(false);
  });

  it('shows a colleague’s stage move live, naming them', async () => {
    const { el, live } = await loaded();
    const deals = section(el, 'shoal-opportunity-list');
    live.change({ entity: 'opportunity', op: 'moved', id: deal.id, data: { ...deal, stage: 'negotiation', probability: 75, version: 2 }, version: 2, actor: danaActor });
    await (deals as ShoalCustomerPage).updateComplete;
    const row = $(deals, `tr[data-id="${deal.id}"]`)!;
    expect(row.classList.contains('flash')).to.equal(true);
    expect(text(row)).to.contain('moved to Negotiation by Dana Park').and.contain('75%');
    expect($<HTMLSelectElement>(deals, 'select[data-deal]')!.value).to.equal('negotiation');
    // Another customer's deal is not shown here.
    live.change({ entity: 'opportunity', op: 'created', id: hex(0xde2), data: { ...deal, id: hex(0xde2), customerId: hex(0xbad), name: 'Elsewhere' }, version: 1, actor: danaActor });
    await (deals as ShoalCustomerPage).updateComplete;
    expect(text(deals)).to.not.contain('Elsewhere');
  });

  it('logs a call through the form, and shows a colleague’s new entry live with their name', async () => {
    const { el, live, calls, route } = await loaded();
    const timeline = section(el, 'shoal-interaction-timeline');
    const logged = interaction(3, 'call', new Date().toISOString(), { subject: 'Renewal call', durationMinutes: 15, userId: ana.id });
    route('POST', /^\/interactions$/, json(201, logged));

    $<HTMLButtonElement>(timeline, 'button[data-type="call"]')!.click();
    await until(timeline as ShoalCustomerPage, () => $(timeline, 'shoal-interaction-form')?.shadowRoot?.activeElement?.id === 'log-subject', 'the log form');
    const form = $(timeline, 'shoal-interaction-form')!;
    expect($<HTMLInputElement>(form, '#log-date')!.value, 'the date defaults to now').to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await sendKeys({ type: 'Renewal call' });
    $<HTMLInputElement>(form, '#log-durationMinutes')!.focus();
    await sendKeys({ type: '15' });
    $<HTMLTextAreaElement>(form, '#log-notes')!.focus();
    await sendKeys({ type: 'Happy to renew.' });
    await expect(timeline).to.be.accessible();
    $<HTMLButtonElement>(form, 'form button[type="submit"]')!.click();
    await until(timeline as ShoalCustomerPage, () => !$(timeline, 'shoal-interaction-form') && text(timeline).includes('Renewal call'), 'the logged call');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).to.include({ customerId: ID, type: 'call', subject: 'Renewal call', notes: 'Happy to renew.', durationMinutes: 15 });
    expect(Date.parse((post.body as { date: string }).date)).to.be.closeTo(Date.now(), 120_000);

    const fromDana = interaction(4, 'meeting', new Date(Date.now() + 1000).toISOString(), { subject: 'On-site workshop' });
    live.change({ entity: 'interaction', op: 'created', id: fromDana.id, data: fromDana, version: 1, actor: danaActor });
    await (timeline as ShoalCustomerPage).updateComplete;
    const first = $(timeline, 'li.entry')!;
    expect(first.getAttribute('data-id')).to.equal(fromDana.id);
    expect(first.classList.contains('arrived')).to.equal(true);
    expect(text(first)).to.contain('On-site workshop').and.contain('logged by Dana Park');
  });

  it('saves a deal’s stage only on an explicit choice: ArrowDown on the closed list waits for Enter, Escape drops it', async () => {
    const { el, calls, route } = await loaded();
    const deals = section(el, 'shoal-opportunity-list');
    const select = $<HTMLSelectElement>(deals, 'select[data-deal]')!;
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    await (deals as ShoalCustomerPage).updateComplete;
    expect(select.value).to.equal('negotiation');
    expect(calls.some((c) => c.method === 'PATCH'), 'browsing saves nothing').to.equal(false);
    expect($(deals, 'button.save-stage')).to.exist;
    expect((deals as ShoalCustomerPage).shadowRoot!.activeElement, 'the focus stays on the list').to.equal(select);
    await sendKeys({ press: 'Escape' });
    await (deals as ShoalCustomerPage).updateComplete;
    expect(select.value).to.equal('proposal');
    expect($(deals, 'button.save-stage')).to.equal(null);

    route('PATCH', new RegExp(`^/opportunities/${deal.id}$`), json(200, { ...deal, stage: 'negotiation', probability: 75, version: 2 }));
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await until(deals as ShoalCustomerPage, () => calls.some((c) => c.method === 'PATCH'), 'the save');
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).to.deep.equal([{ stage: 'negotiation' }]);
  });

  it('reads section counts apart from their headings ("Deals (1)", not "Deals1")', async () => {
    const { el } = await loaded();
    expect(text($(section(el, 'shoal-opportunity-list'), '#deals-title'))).to.equal('Deals (1)');
    expect(text($(section(el, 'shoal-contact-list'), '#contacts-title'))).to.equal('Contacts (1)');
    expect(text($(section(el, 'shoal-interaction-timeline'), '#timeline-title'))).to.equal('Activity (2)');
  });
});
