import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { z } from 'zod';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

// SPEC section 6, "What a rep expects on every record": interactions edited live, a customer's
// delete undone from the toast, the confirmation naming what goes with it, "Recently deleted".
let shoal: TestShoal;
let browser: Browser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
const team = {} as Record<'Ana Silva' | 'Ben Ortiz', TestUser>;
const as = (name: keyof typeof team) => ({ authorization: `Bearer ${team[name].token}` });

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
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

const entry = (page: Page, text: string) => page.locator('shoal-interaction-timeline li.entry', { hasText: text });

describe('Record basics, two reps at once', () => {
  it('A edits an interaction and B sees it live; A deletes a customer, presses Undo, and B sees it back', async () => {
    const { body: heron } = await call(shoal.url, 'POST', '/api/customers', { name: 'Heron Supply', email: 'hello@heron.example' }, as('Ben Ortiz'), Customer);
    await call(shoal.url, 'POST', '/api/contacts', { customerId: heron.id, name: 'Hana Lee', email: 'hana@heron.example' }, undefined, Contact);
    await call(shoal.url, 'POST', '/api/opportunities', { customerId: heron.id, name: 'Heron renewal', stage: 'proposal', amount: 4200 }, undefined, Opportunity);
    await call(shoal.url, 'POST', '/api/interactions', { customerId: heron.id, type: 'call', date: new Date().toISOString(), subject: 'Intro call', notes: 'Asked for pricing.', durationMinutes: 20 }, as('Ana Silva'), Interaction);

    const ana = await sessions.open(team['Ana Silva']);
    const ben = await sessions.open(team['Ben Ortiz']);
    for (const page of [ana, ben]) {
      await page.locator('shoal-customer-table a.name', { hasText: 'Heron Supply' }).click();
      await entry(page, 'Intro call').waitFor();
    }

    // A edits the call in place; B's timeline shows the new subject, flagged as A's edit.
    await entry(ana, 'Intro call').getByRole('button', { name: 'Edit the call “Intro call”' }).click();
    const form = ana.locator('shoal-interaction-timeline shoal-interaction-form');
    await form.getByLabel('Subject').fill('Pricing call');
    await form.getByLabel('Notes').fill('Sent the price list.');
    await ana.screenshot({ path: screenshotPath('interaction-edit-1280.png') });
    await form.getByRole('button', { name: 'Save changes' }).click();
    await entry(ana, 'Pricing call').getByRole('button', { name: 'Edit the call “Pricing call”' }).waitFor();
    await entry(ben, 'Pricing call').filter({ hasText: 'Sent the price list.' }).filter({ hasText: 'edited by Ana Silva' }).waitFor();
    const stored = await call(shoal.url, 'GET', `/api/interactions?customerId=${heron.id}`, undefined, undefined, z.array(Interaction));
    expect(stored.body[0]).toMatchObject({ subject: 'Pricing call', notes: 'Sent the price list.', durationMinutes: 20, version: 2 });

    // Both back on Customers; A deletes Heron: the confirmation names what goes with it.
    for (const page of [ana, ben]) {
      await page.getByRole('link', { name: 'Customers' }).first().click();
      await page.locator('shoal-customer-table a.name', { hasText: 'Heron Supply' }).waitFor();
    }
    await ana.getByRole('button', { name: 'Delete Heron Supply' }).click();
    const confirm = ana.locator('shoal-confirm-dialog');
    await confirm.getByText('and its 1 contact, 1 deal and 1 interaction').waitFor();
    await ana.screenshot({ path: screenshotPath('customer-delete-confirm-1280.png') });
    await confirm.getByRole('button', { name: 'Delete customer' }).click();
    await ben.locator('shoal-customer-table a.name', { hasText: 'Heron Supply' }).waitFor({ state: 'detached' });

    // Undo in A's toast restores it, with its parts, for everyone.
    const toast = ana.locator('shoal-toasts .toast', { hasText: 'Deleted Heron Supply' });
    await ana.screenshot({ path: screenshotPath('customer-delete-undo-1280.png') });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await ana.locator('shoal-toasts .toast', { hasText: 'Restored Heron Supply' }).waitFor();
    await ben.locator('shoal-customer-table a.name', { hasText: 'Heron Supply' }).waitFor();
    expect((await call(shoal.url, 'GET', `/api/interactions?customerId=${heron.id}`)).headers.get('x-total-count')).toBe('1');
  });

  it('lists a deleted customer under Recently deleted and restores it from there (phone width)', async () => {
    const { body: kite } = await call(shoal.url, 'POST', '/api/customers', { name: 'Kite Works', email: 'hello@kite.example' }, undefined, Customer);
    await call(shoal.url, 'POST', '/api/interactions', { customerId: kite.id, type: 'note', date: new Date().toISOString(), subject: 'Met at the fair' }, undefined, Interaction);
    expect((await call(shoal.url, 'DELETE', `/api/customers/${kite.id}`, undefined, as('Ben Ortiz'))).status).toBe(204);

    const ana = await sessions.open(team['Ana Silva'], { width: 390, height: 844 });
    await ana.getByRole('button', { name: 'Recently deleted' }).click();
    const dialog = ana.locator('shoal-recently-deleted');
    const row = dialog.locator('li', { hasText: 'Kite Works' });
    await row.getByText('Deleted by Ben Ortiz').waitFor();
    await expect(row.textContent()).resolves.toContain('with 1 interaction');
    await ana.screenshot({ path: screenshotPath('recently-deleted-390.png') });
    await row.getByRole('button', { name: 'Restore Kite Works' }).click();
    await row.waitFor({ state: 'detached' });
    await dialog.getByText('No customer was deleted in the last 30 days.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await ana.locator('shoal-customer-table a.name', { hasText: 'Kite Works' }).waitFor();
  });
});
