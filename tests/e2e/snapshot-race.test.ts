import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, signedInBrowsers } from '../support/browser.js';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/**
 * A change committed after a view loaded its snapshot and before its socket's first message
 * reaches the view, once. The window is made wide and certain by holding the socket's first
 * request (socket.io starts with an HTTP long-poll) until the change is committed.
 */
let shoal: TestShoal;
let browser: Browser;
let ana: TestUser;
let script: Record<string, string>;
let customerId: string;
const browsers = signedInBrowsers(() => ({ browser, url: shoal.url }));

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  ana = await shoal.addUser('Ana Silva');
  const ben = await shoal.addUser('Ben Okafor');
  script = { authorization: `Bearer ${ben.token}` };
  customerId = (await call(shoal.url, 'POST', '/api/customers', { name: 'Window Co', email: 'window@example.com', phone: '+1 555 0100' }, script, Customer)).body.id;
});

afterEach(async () => {
  await browsers.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

/** Holds the page's socket.io requests until `release()` (nothing else is held). */
async function holdSocket(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/socket\.io\//, async (route: Route) => {
    await released;
    await route.continue().catch(() => undefined);
  });
  return release;
}

const newDeal = async (name: string, stage = 'prospecting') =>
  (await call(shoal.url, 'POST', '/api/opportunities', { customerId, name, stage, amount: 2500 }, script, Opportunity)).body;

const card = (page: Page, id: string) => page.locator(`shoal-pipeline-board shoal-pipeline-card[data-id="${id}"]`);
const cardIn = (page: Page, stage: string, id: string) => page.locator(`shoal-pipeline-board section.column[data-stage="${stage}"] shoal-pipeline-card[data-id="${id}"]`);
const countOf = async (page: Page, stage: string) => Number(await page.locator(`shoal-pipeline-board section.column[data-stage="${stage}"] .stats`).getAttribute('data-count'));

describe('a change made while a view loads', () => {
  it('reaches the board once: the card moves, and the columns count it once', async () => {
    const deal = await newDeal('Moved in the window');
    const page = await browsers.open({ ...ana, name: 'Ana' });
    const release = await holdSocket(page);
    await page.goto(`${shoal.url}/pipeline`);
    await cardIn(page, 'prospecting', deal.id).waitFor();
    const before = { prospecting: await countOf(page, 'prospecting'), proposal: await countOf(page, 'proposal') };

    // Committed after the board's snapshot, before its socket is connected.
    const moved = await call(shoal.url, 'POST', `/api/opportunities/${deal.id}/move`, { stage: 'proposal' }, { ...script, 'if-match': `"${deal.version}"` }, Opportunity);
    expect(moved.status).toBe(200);
    release();
    await page.locator('shoal-connection-status [data-state="live"]').waitFor();
    await cardIn(page, 'proposal', deal.id).waitFor();

    // The sentinel: a later change, once shown, means nothing from before is still on its way.
    const sentinel = await newDeal('Sentinel', 'qualification');
    await cardIn(page, 'qualification', sentinel.id).waitFor();
    expect(await card(page, deal.id).count(), 'one card for the deal').toBe(1);
    expect(await countOf(page, 'prospecting')).toBe(before.prospecting - 1);
    expect(await countOf(page, 'proposal')).toBe(before.proposal + 1);
  });

  it("reaches the customer page once: the field shows the colleague's value, and a new contact shows once", async () => {
    const page = await browsers.open({ ...ana, name: 'Ana' });
    const release = await holdSocket(page);
    await page.goto(`${shoal.url}/customers/${customerId}`);
    const phone = page.locator('shoal-customer-page .row[data-field="phone"]');
    await phone.getByText('+1 555 0100').waitFor();
    await page.locator('shoal-contact-list h2').getByText('Contacts').waitFor();

    // Both committed after the page's snapshots, before its socket is connected.
    const customer = await call(shoal.url, 'GET', `/api/customers/${customerId}`, undefined, undefined, Customer);
    expect((await call(shoal.url, 'PATCH', `/api/customers/${customerId}`, { phone: '+1 555 0199' }, { ...script, 'if-match': customer.headers.get('etag')! })).status).toBe(200);
    const contact = await call(shoal.url, 'POST', '/api/contacts', { customerId, name: 'Rita Window', email: 'rita@window.example' }, script, Contact);
    expect(contact.status).toBe(201);
    release();
    await page.locator('shoal-connection-status [data-state="live"]').waitFor();
    await phone.getByText('+1 555 0199').waitFor();

    const sentinel = await call(shoal.url, 'POST', '/api/contacts', { customerId, name: 'Sam Sentinel', email: 'sam@window.example' }, script, Contact);
    expect(sentinel.status).toBe(201);
    const contacts = page.locator('shoal-contact-list');
    await contacts.getByText('Sam Sentinel').waitFor();
    expect(await contacts.getByText('Rita Window').count(), 'the contact made in the window, once').toBe(1);
  });
});
