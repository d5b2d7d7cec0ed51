import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { ShoalApi } from '../../client/src/api.js';
import '../../client/src/components/shoal-global-search.js';
import { DEBOUNCE_MS, type ShoalGlobalSearch } from '../../client/src/components/shoal-global-search.js';
import { money } from '../../client/src/format/money.js';
import type { Contact } from '../../shared/contact.js';
import type { Opportunity } from '../../shared/opportunity.js';
import { browserTimers } from '../../client/src/timers.js';
import { customer, recordEvents } from './fixtures.js';
import { ManualTimers } from './manual-timers.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');
const stamp = '2026-01-05T10:00:00.000Z';

const northwind = customer({ id: hex(0xc1), name: 'Northwind Traders', email: 'orders@northwind.example', industry: 'Wholesale' });
const nordic = customer({ id: hex(0xc2), name: 'Nordic Outfitters', email: 'hello@nordic.example' });
const olivia: Contact = { id: hex(0xd1), customerId: hex(0xc3), name: 'Olivia Norris', email: 'olivia@osprey.example', position: 'Head of purchasing', version: 1, createdAt: stamp, updatedAt: stamp };
const renewal: Opportunity = {
  id: hex(0xe1),
  customerId: hex(0xc4),
  name: 'Northern renewal',
  stage: 'proposal',
  amount: 18500,
  currency: 'USD',
  probability: 50,
  rank: 'a0',
  version: 1,
  createdAt: stamp,
  updatedAt: stamp,
};

/** A list answer as the API sends it: the page, and the number of matches in `X-Total-Count`. */
const list = (items: unknown[], total = items.length) => new Response(JSON.stringify(items), { headers: { 'content-type': 'application/json', 'x-total-count': String(total) } });
const problem = (status: number, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Error', status, detail }), { status, headers: { 'content-type': 'application/problem+json' } });

interface Call {
  path: string;
  q: string | null;
  limit: string | null;
  signal: AbortSignal | undefined;
}

type Answer = (call: Call) => Response | Promise<Response>;

/** Answers every search with these three groups. */
const answers =
  (groups: Record<'customers' | 'contacts' | 'opportunities', () => Response>): Answer =>
  ({ path }) =>
    groups[path.slice(1) as keyof typeof groups]();

const found = answers({
  customers: () => list([northwind, nordic], 12),
  contacts: () => list([olivia], 1),
  opportunities: () => list([renewal], 3),
});

/** The search with a fake server behind a real ShoalApi: every call is recorded. */
async function search(answer: Answer = found, timers?: ManualTimers) {
  const calls: Call[] = [];
  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), location.origin);
    const call = { path: url.pathname.replace(/^\/api/, ''), q: url.searchParams.get('q'), limit: url.searchParams.get('limit'), signal: init?.signal ?? undefined };
    calls.push(call);
    return answer(call);
  };
  const api = new ShoalApi({ fetch: fakeFetch as typeof fetch });
  const el = await fixture<ShoalGlobalSearch>(html`<shoal-global-search .api=${api} .timers=${timers ?? browserTimers}></shoal-global-search>`);
  const seen = recordEvents(el, ['shoal-navigate']);
  return { el, calls, seen };
}

/** Waits (up to `ms`) until `check` holds. */
async function until(el: ShoalGlobalSearch, check: () => unknown, what: string, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await el.updateComplete;
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const $ = <T extends Element = HTMLElement>(el: ShoalGlobalSearch, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const field = (el: ShoalGlobalSearch) => $<HTMLInputElement>(el, 'input')!;
const options = (el: ShoalGlobalSearch) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const optionNames = (el: ShoalGlobalSearch) => options(el).map((o) => o.querySelector('.name')!.textContent!.trim());
const activeName = (el: ShoalGlobalSearch) => {
  const id = field(el).getAttribute('aria-activedescendant');
  return id ? el.shadowRoot!.getElementById(id)?.querySelector('.name')?.textContent?.trim() : undefined;
};
const popupText = (el: ShoalGlobalSearch) => $(el, '.popup')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const liveText = (el: ShoalGlobalSearch) => $(el, '[role="status"]')!.textContent!.trim();

/** Types `text` into the focused field and waits for the results of the three calls. */
async function typeAndWait(el: ShoalGlobalSearch, text: string, calls: Call[]): Promise<void> {
  field(el).focus();
  const before = calls.length;
  await sendKeys({ type: text });
  await until(el, () => calls.length >= before + 3 && !$(el, '.note.busy') && liveText(el) !== '', 'the results');
}

describe('shoal-global-search', () => {
  // A laptop: the field shows in full (narrower windows fold it into a button, tested below).
  before(() => setViewport({ width: 1280, height: 800 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('is a labelled combobox with the / shortcut hint', async () => {
    const { el, calls } = await search();
    const input = field(el);
    expect(input.getAttribute('role')).to.equal('combobox');
    expect(input.labels![0]!.textContent!.trim()).to.equal('Search Shoal');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    expect(input.getAttribute('aria-keyshortcuts')).to.equal('/');
    expect(getComputedStyle($(el, '.hint')!).display, 'the hint shows while the field is idle').to.not.equal('none');
    expect($(el, '[role="search"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    expect(calls).to.have.length(0);
  });

  it('asks the three lists once typing pauses, with the term and 5 per group, never for one character', async () => {
    const clock = new ManualTimers();
    const { el, calls } = await search(found, clock);
    field(el).focus();
    await sendKeys({ type: 'n' });
    expect(clock.pending, 'one character waits for nothing').to.equal(0);
    clock.tick(10_000);
    await el.updateComplete;
    expect(calls, 'one character asks nothing').to.have.length(0);

    await sendKeys({ type: 'or' });
    clock.tick(DEBOUNCE_MS - 1);
    await el.updateComplete;
    expect(calls, 'nothing asked while typing has not paused').to.have.length(0);
    clock.tick(1);
    await until(el, () => options(el).length > 0, 'the results');
    expect(calls.map((c) => [c.path, c.q, c.limit])).to.have.deep.members([
      ['/customers', 'nor', '5'],
      ['/contacts', 'nor', '5'],
      ['/opportunities', 'nor', '5'],
    ]);
    expect(calls.every((c) => c.signal instanceof AbortSignal)).to.equal(true);
  });

  it('aborts the calls of a term that changed before they answered', async () => {
    const { el, calls } = await search((call) => {
      if (call.q === 'nor') return found(call);
      // The first term's calls never answer unless aborted.
      return new Promise<Response>((_resolve, reject) => call.signal!.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    });
    field(el).focus();
    await sendKeys({ type: 'no' });
    await until(el, () => calls.length === 3, 'the first calls');
    expect($(el, '.popup')!.textContent).to.contain('Searching…');
    await sendKeys({ type: 'r' });
    await until(el, () => options(el).length > 0, 'the results of the new term');
    expect(calls.filter((c) => c.q === 'no').map((c) => c.signal!.aborted)).to.deep.equal([true, true, true]);
    expect(calls.filter((c) => c.q === 'nor')).to.have.length(3);
    expect(popupText(el), 'an aborted search is no error').to.not.contain("didn't work");
  });

  it('shows the results grouped, with a second line, how many more match, and says how many came', async () => {
    const { el, calls } = await search();
    await typeAndWait(el, 'nor', calls);
    const groups = [...el.shadowRoot!.querySelectorAll('[role="listbox"] > [role="group"]')];
    const labelOf = (group: Element) => el.shadowRoot!.getElementById(group.getAttribute('aria-labelledby')!)!.textContent!.trim();
    expect(groups.map(labelOf)).to.deep.equal(['Customers', 'Contacts', 'Deals']);
    expect(optionNames(el)).to.deep.equal(['Northwind Traders', 'Nordic Outfitters', 'Olivia Norris', 'Northern renewal']);

    const details = options(el).map((o) => o.querySelector('.detail')?.textContent?.trim());
    expect(details).to.deep.equal(['orders@northwind.example · Wholesale', 'hello@nordic.example', 'Head of purchasing · olivia@osprey.example', `Proposal · ${money(18500, 'USD')}`]);
    expect(groups[0]!.querySelector('.more')!.textContent!.trim()).to.equal('10 more customers');
    expect(groups[1]!.querySelector('.more'), 'every contact is shown').to.equal(null);
    expect(groups[2]!.querySelector('.more')!.textContent!.trim()).to.equal('2 more deals');
    // The matched words are marked in the names.
    expect([...options(el)[0]!.querySelectorAll('mark')].map((m) => m.textContent)).to.deep.equal(['Nor']);

    expect(field(el).getAttribute('aria-expanded')).to.equal('true');
    expect(field(el).getAttribute('aria-controls')).to.equal($(el, '[role="listbox"]')!.id);
    expect(liveText(el)).to.equal('4 results');
    await expect(el).to.be.accessible();
  });

  it('moves through the results with the arrow keys across groups and opens the chosen customer with Enter', async () => {
    const { el, calls, seen } = await search();
    await typeAndWait(el, 'nor', calls);
    expect(activeName(el), 'the first result is highlighted').to.equal('Northwind Traders');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeName(el), 'from the customers into the contacts').to.equal('Olivia Norris');
    expect(options(el).filter((o) => o.getAttribute('aria-selected') === 'true')).to.have.length(1);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeName(el)).to.equal('Northern renewal');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeName(el), 'wraps to the first').to.equal('Northwind Traders');
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(activeName(el), 'and back to the last').to.equal('Northern renewal');
    expect(seen, 'moving chooses nothing').to.have.length(0);

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(seen.map((e) => e.detail)).to.deep.equal([{ path: `/deals/${renewal.id}` }]);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect($(el, '.popup'), 'the list closes').to.equal(null);
    expect(field(el).value, 'and the field is ready for the next search').to.equal('');
  });

  it('opens a contact’s customer, and a customer’s own page, with a click', async () => {
    const { el, calls, seen } = await search();
    await typeAndWait(el, 'nor', calls);
    options(el)[2]!.click();
    await typeAndWait(el, 'nor', calls);
    options(el)[0]!.click();
    expect(seen.map((e) => e.detail.path)).to.deep.equal([`/customers/${olivia.customerId}`, `/customers/${northwind.id}`]);
  });

  it('closes with Escape, clears with a second Escape, and closes on Tab and on a click outside', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div><button type="button">Elsewhere</button></div>`);
    const { el, calls, seen } = await search();
    await typeAndWait(el, 'nor', calls);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '.popup')).to.equal(null);
    expect(field(el).getAttribute('aria-expanded')).to.equal('false');
    expect(field(el).hasAttribute('aria-activedescendant')).to.equal(false);
    expect(field(el).value).to.equal('nor');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeName(el), 'ArrowDown opens the list again').to.equal('Northwind Traders');
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(field(el).value).to.equal('');
    expect(seen).to.have.length(0);

    // A button after the field, so Tab stays in the page: Tab off its end leaves the page, and a
    // page without the focus holds back the focus event of field.focus() until it has it again.
    const after = await fixture<HTMLButtonElement>(html`<button type="button">After</button>`);
    await typeAndWait(el, 'nor', calls);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(document.activeElement, 'Tab moves on to the next control').to.equal(after);
    expect($(el, '.popup'), 'Tab leaves and closes').to.equal(null);

    field(el).focus();
    await until(el, () => $(el, '.popup'), 'focus shows the results again');
    outer.querySelector('button')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect($(el, '.popup'), 'a click outside closes').to.equal(null);
  });

  it('focuses the field on "/" from anywhere but a text field', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div><button type="button">Elsewhere</button><input aria-label="Notes" /></div>`);
    const { el } = await search();
    outer.querySelector('button')!.focus();
    await sendKeys({ press: '/' });
    expect(el.shadowRoot!.activeElement).to.equal(field(el));
    expect(field(el).value, 'the / is not typed').to.equal('');

    const notes = outer.querySelector('input')!;
    notes.focus();
    await sendKeys({ press: '/' });
    expect(document.activeElement).to.equal(notes);
    expect(notes.value).to.equal('/');

    // In the field itself "/" is just a character.
    field(el).focus();
    await sendKeys({ type: 'a/b' });
    expect(field(el).value).to.equal('a/b');
  });

  it('says when nothing matches', async () => {
    const empty = answers({ customers: () => list([]), contacts: () => list([]), opportunities: () => list([]) });
    const { el, calls, seen } = await search(empty);
    await typeAndWait(el, 'zzyzx', calls);
    expect(popupText(el)).to.equal('No matches for “zzyzx”');
    expect(liveText(el)).to.equal('No matches for “zzyzx”');
    expect(field(el).getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ press: 'Enter' });
    expect(seen).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('says what went wrong in words a rep understands, and recovers on the next term', async () => {
    let down = true;
    const { el, calls } = await search((call) => {
      if (down && call.path === '/contacts') return problem(503, 'Database unavailable');
      return found(call);
    });
    await typeAndWait(el, 'nor', calls);
    expect(popupText(el)).to.contain("Search didn't work.").and.contain('Shoal is having trouble reaching its database');
    expect(liveText(el)).to.contain('Shoal is having trouble reaching its database');
    expect(options(el)).to.have.length(0);
    await expect(el).to.be.accessible();

    down = false;
    await typeAndWait(el, 't', calls);
    expect(optionNames(el)).to.include('Northwind Traders');
    expect(popupText(el)).to.not.contain("didn't work");
  });

  it('says when the server cannot be reached', async () => {
    const { el, calls } = await search(() => Promise.reject(new TypeError('Failed to fetch')));
    await typeAndWait(el, 'nor', calls);
    expect(popupText(el)).to.contain("Shoal can't reach the server right now");
  });

  it('shows names as text, never as markup', async () => {
    const sneaky = customer({ id: hex(0xc9), name: '<img src=x onerror="window.hacked=1">Nor', email: 'x@example.com' });
    const { el, calls } = await search(answers({ customers: () => list([sneaky]), contacts: () => list([]), opportunities: () => list([]) }));
    await typeAndWait(el, 'nor', calls);
    expect(options(el)[0]!.querySelector('img')).to.equal(null);
    expect(optionNames(el)[0]).to.equal('<img src=x onerror="window.hacked=1">Nor');
  });

  describe('at phone width', () => {
    after(() => setViewport({ width: 1280, height: 800 }));

    it('collapses to a search button that opens the field over the header', async () => {
      await setViewport({ width: 390, height: 800 });
      const { el, calls } = await search();
      const icon = $(el, 'label.icon')!;
      expect(icon.getBoundingClientRect().width).to.be.at.least(32);
      expect(field(el).getBoundingClientRect().width, 'the field is folded away').to.be.below(2);

      icon.click();
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(field(el));
      expect(field(el).getBoundingClientRect().width, 'the field opens across the screen').to.be.above(250);
      await typeAndWait(el, 'nor', calls);
      const popup = $(el, '.popup')!.getBoundingClientRect();
      expect(popup.left).to.be.at.least(0);
      expect(popup.right).to.be.at.most(390);
      expect(options(el)).to.have.length(4);
      await expect(el).to.be.accessible();

      $<HTMLButtonElement>(el, 'button.cancel')!.click();
      await el.updateComplete;
      expect(field(el).value).to.equal('');
      expect(field(el).getBoundingClientRect().width).to.be.below(2);
    });
  });
});
