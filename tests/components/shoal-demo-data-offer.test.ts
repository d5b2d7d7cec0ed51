import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../client/src/components/shoal-demo-data-offer.js';
import type { DemoDataEndDetail, ShoalDemoDataOffer } from '../../client/src/components/shoal-demo-data-offer.js';
import type { JobProgress } from '../../shared/events.js';
import { recordEvents } from './fixtures.js';
import { FakeLive, routedApi, type Route } from './routed-api.js';
import { json, problem } from './scripted-api.js';

const JOB_ID = '7d1f3c2a-5b7e-4d8a-9c61-2f0e8b4a6d13';
const EVENTS = ['shoal-add-customer', 'shoal-demo-data-start', 'shoal-demo-data-end'];
const job = (overrides: Partial<JobProgress> = {}): JobProgress => ({ id: JOB_ID, kind: 'demo-data', state: 'running', phase: 'starting', done: 0, total: 0, ...overrides });

/** The offer with a fake server (POST answers `post`) and a fake live connection. */
async function offer(post: () => Response = json(202, job()), more: Route[] = []) {
  const server = routedApi([{ method: 'POST', path: /^\/demo-data$/, answers: [post] }, ...more]);
  const live = new FakeLive();
  const el = await fixture<ShoalDemoDataOffer>(html`<shoal-demo-data-offer .api=${server.api} .live=${live.client}></shoal-demo-data-offer>`);
  const seen = recordEvents(el, EVENTS);
  return { el, live, seen, ...server };
}

/** Waits (briefly, or up to `ms`) until `check` holds. */
async function until(el: { updateComplete: Promise<unknown> }, check: () => unknown, what: string, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await el.updateComplete;
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const $ = <T extends Element = HTMLElement>(el: ShoalDemoDataOffer, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const loadButton = (el: ShoalDemoDataOffer) => $<HTMLButtonElement>(el, 'button.load')!;
const bar = (el: ShoalDemoDataOffer) => $<HTMLProgressElement>(el, 'progress');
const label = (el: ShoalDemoDataOffer) => $(el, '#demo-progress-label')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const posts = (calls: { method: string; url: string }[]) => calls.filter((c) => c.method === 'POST' && c.url === '/api/demo-data');
const ends = (seen: CustomEvent[]) => seen.filter((e) => e.type === 'shoal-demo-data-end').map((e) => e.detail as DemoDataEndDetail);

describe('shoal-demo-data-offer', () => {
  it('offers both first steps, says what demo data loads, and is accessible', async () => {
    const { el, seen, calls } = await offer();
    expect($(el, 'h2')!.textContent).to.equal('Welcome to Shoal');
    expect($(el, 'button.add')!.textContent!.trim()).to.equal('Add your first customer');
    expect(loadButton(el).textContent!.trim()).to.equal('Load demo data');
    const what = $(el, `#${loadButton(el).getAttribute('aria-describedby')}`)!.textContent!;
    for (const part of ['5 reps', '200 customers', '600 contacts', '400 deals over the last 12 months', '3,000 interactions']) expect(what).to.contain(part);
    expect(bar(el), 'no progress before a load').to.equal(null);
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(el, 'button.add')!.click();
    expect(seen.map((e) => e.type)).to.deep.equal(['shoal-add-customer']);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect(calls, 'adding a customer loads nothing').to.have.length(0);
  });

  it('posts once, shows the progress the job events report, and asks for a refresh when done', async () => {
    const { el, live, seen, calls } = await offer();
    loadButton(el).click();
    loadButton(el).click();
    await el.updateComplete;
    expect(label(el), 'the bar shows at once').to.equal('Getting ready… 0%');
    await until(el, () => $(el, '.progress[data-step="running"]'), 'the job to start');
    expect(posts(calls), 'a second click while loading posts nothing').to.have.length(1);
    expect(seen.map((e) => e.type)).to.deep.equal(['shoal-demo-data-start']);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect(loadButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '#demo-progress-label')!.getAttribute('aria-live')).to.equal('polite');
    expect(bar(el)!.getAttribute('aria-labelledby')).to.equal('demo-progress-label');

    live.job(job({ phase: 'team', done: 5, total: 4205 }));
    await el.updateComplete;
    expect(label(el)).to.equal('Adding the team… 0%');
    live.job(job({ phase: 'deals', done: 1767, total: 4205 }));
    await el.updateComplete;
    expect(label(el)).to.equal('Loading deals… 42%');
    expect(bar(el)!.value).to.equal(42);
    // Someone else's job, or news older than what is shown, changes nothing.
    live.job(job({ id: 'another-job', phase: 'interactions', done: 4000, total: 4205 }));
    live.job(job({ phase: 'customers', done: 100, total: 4205 }));
    await el.updateComplete;
    expect(label(el)).to.equal('Loading deals… 42%');
    await expect(el).to.be.accessible();
    expect(ends(seen), 'nothing has ended yet').to.have.length(0);

    live.job(job({ state: 'done', phase: 'done', done: 4205, total: 4205 }));
    await el.updateComplete;
    expect(bar(el)!.value).to.equal(100);
    expect($(el, '[role="status"]')!.textContent).to.contain('Demo data loaded');
    expect(ends(seen)).to.deep.equal([{ outcome: 'done', message: $(el, '[role="status"]')!.textContent, job: job({ state: 'done', phase: 'done', done: 4205, total: 4205 }) }]);
    const end = seen.find((e) => e.type === 'shoal-demo-data-end')!;
    expect(end.bubbles && end.composed).to.equal(true);
    loadButton(el).click();
    await el.updateComplete;
    expect(posts(calls), 'loaded once is enough').to.have.length(1);
  });

  it('explains a 409 in plain words and lets the admin try again', async () => {
    const { el, seen, calls } = await offer(problem(409, { title: 'Conflict', detail: 'Demo data loads only into an empty Shoal (it already has customers).' }));
    loadButton(el).click();
    await until(el, () => $(el, '[role="alert"]'), 'the message');
    expect($(el, '[role="alert"]')!.textContent).to.equal('Shoal already has customers, so demo data was not loaded. Demo data only goes into an empty Shoal.');
    expect(bar(el)).to.equal(null);
    expect(loadButton(el).getAttribute('aria-disabled')).to.equal('false');
    expect(ends(seen).map((d) => d.outcome)).to.deep.equal(['refused']);
    await expect(el).to.be.accessible();

    // A load that is already running answers 409 with Retry-After.
    const again = await offer(problem(409, { title: 'Conflict', detail: 'Demo data is already loading.' }, { 'retry-after': '5' }));
    loadButton(again.el).click();
    await until(again.el, () => $(again.el, '[role="alert"]'), 'the message');
    expect($(again.el, '[role="alert"]')!.textContent).to.contain('Demo data is already loading');
    expect(posts(calls)).to.have.length(1);
    expect(posts(again.calls)).to.have.length(1);
  });

  it('says so when the load stops part-way', async () => {
    const { el, live, seen } = await offer();
    loadButton(el).click();
    await until(el, () => $(el, '.progress[data-step="running"]'), 'the job to start');
    live.job(job({ state: 'failed', phase: 'contacts', done: 300, total: 4205, error: 'Loading the demo data stopped part-way; what was loaded stays.' }));
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.equal('Loading the demo data stopped part-way; what was loaded stays.');
    expect(bar(el)).to.equal(null);
    expect(ends(seen).map((d) => d.outcome)).to.deep.equal(['failed']);
  });

  it('starts from the keyboard', async () => {
    const { el, calls } = await offer();
    loadButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await until(el, () => bar(el), 'the progress bar');
    expect(posts(calls)).to.have.length(1);
    expect(el.shadowRoot!.activeElement, 'the focus stays on the button').to.equal(loadButton(el));
    // Space on the (now busy) button starts nothing more.
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(posts(calls)).to.have.length(1);
  });

  it('takes the job events that arrive before the POST answers', async () => {
    const server = routedApi([]);
    const live = new FakeLive();
    const el = await fixture<ShoalDemoDataOffer>(html`<shoal-demo-data-offer .api=${server.api} .live=${live.client}></shoal-demo-data-offer>`);
    server.route('POST', /^\/demo-data$/, () => {
      // The server starts loading before its answer reaches the browser.
      live.job(job({ phase: 'customers', done: 600, total: 4205 }));
      return json(202, job())();
    });
    loadButton(el).click();
    await until(el, () => label(el) === 'Loading customers… 14%', 'the early progress');
  });

  it('asks the server every second when no job event arrives for 3 seconds', async function () {
    this.timeout(15_000);
    const { el, seen, calls } = await offer(json(202, job()), [
      { method: 'GET', path: new RegExp(`^/demo-data/${JOB_ID}$`), answers: [json(200, job({ phase: 'contacts', done: 800, total: 4205 })), json(200, job({ state: 'done', phase: 'done', done: 4205, total: 4205 }))] },
    ]);
    loadButton(el).click();
    await until(el, () => label(el) === 'Loading contacts… 19%', 'the first poll', 6_000);
    await until(el, () => ends(seen).length === 1, 'the second poll', 3_000);
    expect(ends(seen)[0]!.outcome).to.equal('done');
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.url)).to.deep.equal([`/api/demo-data/${JOB_ID}`, `/api/demo-data/${JOB_ID}`]);
  });
});
