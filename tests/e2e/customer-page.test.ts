import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, signedInBrowsers, screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { JobProgress } from '../../shared/events.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { bodyOf, call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
const team = {} as Record<'Ana Silva' | 'Ben Ortiz', TestUser>;

beforeAll(async () => {
  // A small demo company, so the screenshots show a customer with a real history.
  shoal = await startShoal({ clientDir, demoSize: { reps: 5, customers: 20, contacts: 60, opportunities: 40, interactions: 150 } });
  const job = await call(shoal.url, 'POST', '/api/demo-data');
  expect(job.status).toBe(202);
  let state = 'running';
  for (let i = 0; i < 900 && state === 'running'; i++) {
    state = (await call(shoal.url, 'GET', `/api/demo-data/${bodyOf(job, JobProgress).id}`, undefined, undefined, JobProgress)).body.state;
    if (state === 'running') await new Promise((r) => setTimeout(r, 100));
  }
  expect(state).toBe('done');
  browser = await launchBrowser();
  for (const name of ['Ana Silva', 'Ben Ortiz'] as const) team[name] = await shoal.addUser(name);
});

afterEach(async () => {
  await sessions.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

/** A rep in their own browser profile, signed in on the Customers view. */
const openAs = (name: keyof typeof team, viewport?: { width: number; height: number }): Promise<Page> => sessions.open(team[name], viewport);

const as = (name: keyof typeof team) => ({ authorization: `Bearer ${team[name].token}` });
const customerPage = (page: Page) => page.locator('shoal-customer-page');
const timelineEntry = (page: Page, text: string) => page.locator('shoal-interaction-timeline li.entry', { hasText: text });
const viewer = (page: Page, name: string) => page.locator(`shoal-customer-page .viewers li[title="${name}"]`);

describe('Customer page, two reps at once', () => {
  it('shows a call one rep logs in the other rep’s timeline live, and who else is viewing', async () => {
    const { body: osprey } = await call(shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example', phone: '+1 208 555 0111', industry: 'Retail' }, as('Ben Ortiz'), Customer);
    await call(shoal.url, 'POST', '/api/contacts', { customerId: osprey.id, name: 'Olivia Reyes', email: 'olivia@osprey.example', position: 'Head of purchasing' }, undefined, Contact);
    await call(shoal.url, 'POST', '/api/opportunities', { customerId: osprey.id, name: 'Spring catalogue', stage: 'proposal', amount: 18500 }, undefined, Opportunity);

    // Both open the customer from the Customers table, by its name.
    const ana = await openAs('Ana Silva');
    const ben = await openAs('Ben Ortiz');
    for (const page of [ana, ben]) {
      await page.locator('shoal-customer-table a.name', { hasText: 'Osprey Outfitters' }).click();
      await customerPage(page).getByRole('heading', { name: 'Osprey Outfitters', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/customers/${osprey.id}`);
    }
    await ben.locator('shoal-opportunity-list', { hasText: 'Spring catalogue' }).waitFor();
    await ben.locator('shoal-contact-list', { hasText: 'Olivia Reyes' }).waitFor();
    // Marks Ben's page: it must still be there at the end (no reload).
    await ben.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));

    // Each sees the other among the viewers.
    await viewer(ben, 'Ana Silva').waitFor();
    await viewer(ana, 'Ben Ortiz').waitFor();

    // Ana logs a call through the form.
    await ana.getByRole('button', { name: 'Log a call' }).click();
    const form = ana.getByRole('form', { name: 'Log a call' });
    await form.getByLabel('Subject').fill('Pricing follow-up');
    await form.getByLabel('Duration (minutes)').fill('20');
    await form.getByLabel('Notes').fill('They want volume pricing for 400 units.');
    await form.getByRole('button', { name: 'Log call' }).click();
    await form.waitFor({ state: 'hidden' });
    await timelineEntry(ana, 'Pricing follow-up').waitFor();

    // Ben sees it arrive, with who logged it, without a reload.
    const entry = timelineEntry(ben, 'Pricing follow-up');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('logged by Ana Silva');
    expect(await entry.textContent()).toContain('20 min');
    expect(await entry.textContent()).toContain('They want volume pricing for 400 units.');
    const stored = await call(shoal.url, 'GET', `/api/interactions?customerId=${osprey.id}`, undefined, undefined, z.array(Interaction));
    expect(stored.body).toHaveLength(1);
    expect(stored.body[0]).toMatchObject({ type: 'call', subject: 'Pricing follow-up', durationMinutes: 20, userId: team['Ana Silva'].id });

    // Ben edits the phone; Ana's page says so. Ana saves another phone first: Ben is asked, not overwritten.
    await ben.getByRole('button', { name: 'Edit phone' }).click();
    await ben.locator('#edit-phone').fill('+1 208 555 0199');
    await ana.locator('shoal-customer-page [data-field="phone"]', { hasText: 'Ben Ortiz is editing' }).waitFor();
    await ana.getByRole('button', { name: 'Edit phone' }).click();
    await ana.locator('#edit-phone').fill('+1 208 555 0150');
    await ana.locator('#edit-phone').press('Enter');
    await ana.locator('shoal-customer-page [data-field="phone"]', { hasText: '+1 208 555 0150' }).waitFor();
    const notice = ben.getByRole('alert').filter({ hasText: 'Ana Silva changed the phone to' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('+1 208 555 0150');
    expect(await ben.locator('#edit-phone').inputValue()).toBe('+1 208 555 0199');
    await notice.getByRole('button', { name: 'Take theirs' }).click();
    await ben.locator('#edit-phone').waitFor({ state: 'detached' });
    expect(await ben.locator('shoal-customer-page [data-field="phone"]').textContent()).toContain('+1 208 555 0150');

    expect(await ben.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(7);

    // Ana goes back to Customers; Ben no longer sees her on the page.
    await ana.getByRole('link', { name: 'Customers' }).first().click();
    await ana.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await viewer(ben, 'Ana Silva').waitFor({ state: 'detached' });
  });
});

describe('Customer page with demo data', () => {
  it('renders a customer with contacts, deals and a rich timeline (screenshots for docs/screenshots)', async () => {
    // The demo customer with the longest history that also has contacts and deals.
    const { body: interactions } = await call(shoal.url, 'GET', '/api/interactions?limit=200', undefined, undefined, z.array(Interaction));
    const counts = new Map<string, number>();
    for (const i of interactions) counts.set(i.customerId, (counts.get(i.customerId) ?? 0) + 1);
    let chosen: { id: string; name: string } | undefined;
    for (const [id] of [...counts].sort((a, b) => b[1] - a[1])) {
      const contacts = await call(shoal.url, 'GET', `/api/contacts?customerId=${id}`, undefined, undefined, z.array(Contact));
      const deals = await call(shoal.url, 'GET', `/api/opportunities?customerId=${id}`, undefined, undefined, z.array(Opportunity));
      if (contacts.body.length >= 2 && deals.body.length >= 2) {
        chosen = (await call(shoal.url, 'GET', `/api/customers/${id}`, undefined, undefined, Customer)).body;
        break;
      }
    }
    expect(chosen, 'a demo customer with contacts and deals').toBeDefined();
    const id = chosen!.id;

    const ana = await openAs('Ana Silva', { width: 1440, height: 900 });
    const ben = await openAs('Ben Ortiz');
    await ana.goto(`${shoal.url}/customers/${id}`);
    await ben.goto(`${shoal.url}/customers/${id}`);
    for (const page of [ana, ben]) await customerPage(page).getByRole('heading', { name: chosen!.name, level: 1 }).waitFor();
    await ana.locator('shoal-interaction-timeline li.entry').nth(4).waitFor();
    await ana.locator('shoal-opportunity-list tr.deal').first().waitFor();
    await viewer(ana, 'Ben Ortiz').waitFor();

    // Ben is editing the website, and logs a meeting: Ana sees both, live.
    await ben.getByRole('button', { name: 'Edit website' }).click();
    await ana.locator('shoal-customer-page [data-field="website"]', { hasText: 'Ben Ortiz is editing' }).waitFor();
    await call(shoal.url, 'POST', '/api/interactions', {
      customerId: id,
      type: 'meeting',
      date: new Date().toISOString(),
      subject: 'Quarterly review',
      notes: 'Walked through usage and the renewal timeline. Next: pricing for two more teams.',
      durationMinutes: 45,
    }, as('Ben Ortiz'), Interaction);
    await timelineEntry(ana, 'Quarterly review').filter({ hasText: 'logged by Ben Ortiz' }).waitFor();

    await ana.mouse.move(0, 0);
    // Let the new entry finish sliding in (its highlight stays a few seconds more).
    await ana.waitForTimeout(700);
    await ana.screenshot({ path: screenshotPath('customer-page.png'), fullPage: true });

    const phone = await openAs('Ana Silva', { width: 390, height: 844 });
    await phone.goto(`${shoal.url}/customers/${id}`);
    await customerPage(phone).getByRole('heading', { name: chosen!.name, level: 1 }).waitFor();
    await phone.locator('shoal-interaction-timeline li.entry').nth(2).waitFor();
    await phone.locator('shoal-contact-list li.contact').first().waitFor();
    await phone.screenshot({ path: screenshotPath('customer-page-phone.png') });
  });
});
