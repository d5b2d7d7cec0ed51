import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { z } from 'zod';
import { BatchResult } from '../../shared/batch.js';
import { Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
let rep: TestUser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
const COUNT = 500;

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  rep = await shoal.addUser('Rita Reyes');
  // 500 customers of Rita's, created in one batch by a script.
  const create = Array.from({ length: COUNT }, (_, i) => ({ name: `Harbor Account ${String(i + 1).padStart(3, '0')}`, email: `account${i + 1}@harbor.example`, ownerId: rep.id, tags: i % 2 ? ['west'] : ['east'] }));
  const res = await call(shoal.url, 'POST', '/api/customers/batch', { create }, undefined, BatchResult);
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await sessions.closeAll();
  await browser?.close();
  await shoal?.close();
});

const row = (page: Page, text: string) => page.locator('shoal-customer-table tbody tr', { hasText: text });

describe('lists: custom field, filter, saved view and bulk edit across two browsers', () => {
  it('offers an admin’s new field live, filters and saves a view by it, and changes the owner of 500 customers seen live by the admin', async () => {
    const admin = await sessions.open(shoal.admin, { width: 1440, height: 900 });
    const rita = await sessions.open(rep, { width: 1440, height: 900 });
    await rita.getByText(`Showing 1–25 of ${COUNT}`).waitFor();
    await admin.getByText(`Showing 1–25 of ${COUNT}`).waitFor();
    // Marks Rita's page: it must still be there at the end (no reload).
    await rita.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));

    // The admin adds a select field (through the API, as an admin's script would).
    const field = await call(shoal.url, 'POST', '/api/fields', {
      entity: 'customer',
      key: 'tier',
      label: 'Tier',
      type: 'select',
      options: [
        { key: 'gold', label: 'Gold', color: '#c9a227' },
        { key: 'silver', label: 'Silver', color: '#8a94a6' },
      ],
    }, undefined, FieldDefinition);
    expect(field.status).toBe(201);

    // Rita's open list offers it as a column without a reload.
    await rita.getByRole('button', { name: 'Columns' }).click();
    const chooser = rita.getByRole('dialog', { name: 'Columns' });
    await chooser.getByLabel('Tier').check();
    await rita.screenshot({ path: screenshotPath('lists-column-chooser-1440.png') });
    await chooser.getByRole('button', { name: 'Done' }).click();
    await rita.locator('shoal-customer-table thead th', { hasText: 'Tier' }).waitFor();

    // She fills it on one customer.
    await rita.getByRole('button', { name: 'Edit Harbor Account 001' }).click();
    const form = rita.getByRole('dialog', { name: 'Edit Harbor Account 001' });
    await form.getByLabel('Tier').selectOption('gold');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'hidden' });
    await row(rita, 'Harbor Account 001').locator('td.col-custom-tier', { hasText: 'Gold' }).waitFor();

    // She filters by it.
    await rita.getByRole('button', { name: 'Add filter' }).click();
    const panel = rita.getByRole('dialog', { name: 'Add a filter' });
    await panel.getByLabel('Field').selectOption('custom.tier');
    await panel.getByLabel('Is', { exact: true }).selectOption('gold');
    await panel.getByRole('button', { name: 'Apply filter' }).click();
    await rita.getByText('Showing 1–1 of 1').waitFor();
    expect(new URL(rita.url()).searchParams.get('custom.tier')).toBe('gold');
    await rita.getByRole('button', { name: 'Remove filter Tier: Gold' }).waitFor();

    // She saves the view, for the team.
    await rita.getByRole('button', { name: 'Save view' }).click();
    await rita.getByLabel('View name').fill('Gold accounts');
    await rita.getByLabel('Share with the team').check();
    await rita.getByRole('button', { name: 'Save', exact: true }).click();
    await rita.locator('shoal-saved-views button.view[aria-current="true"]', { hasText: 'Gold accounts' }).waitFor();
    await rita.screenshot({ path: screenshotPath('lists-customers-1440.png') });
    // The filter builder open over the list.
    await rita.getByRole('button', { name: 'Add filter' }).click();
    await rita.getByRole('dialog', { name: 'Add a filter' }).waitFor();
    await rita.screenshot({ path: screenshotPath('lists-filter-builder-1440.png') });
    await rita.keyboard.press('Escape');

    // Back to every customer: select all 500 matching and give them to the admin.
    await rita.locator('shoal-saved-views button.view', { hasText: 'All customers' }).click();
    await rita.getByText(`Showing 1–25 of ${COUNT}`).waitFor();
    await rita.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await rita.getByRole('button', { name: `Select all ${COUNT} customers matching` }).click();
    await rita.getByText(`${COUNT} customers selected (all matching)`).waitFor();
    await rita.getByLabel('Change', { exact: true }).selectOption('owner');
    await rita.getByLabel('New owner').selectOption({ label: 'Test Admin' });
    await rita.getByRole('button', { name: `Apply to ${COUNT} customers` }).click();
    // Progress while it runs, then the result.
    await rita.locator('shoal-bulk-bar progress').waitFor();
    await rita.getByText(`Changed the owner of ${COUNT} customers`).waitFor({ timeout: 180_000 });

    // The admin saw it live, in one note, and the rows now name them.
    await admin.getByText(`Rita Reyes changed ${COUNT} customers`).waitFor({ timeout: 60_000 });
    await row(admin, 'Harbor Account 002').locator('td.col-ownerId', { hasText: 'Test Admin' }).waitFor();
    await admin.screenshot({ path: screenshotPath('lists-bulk-seen-1440.png') });

    const all = await call(shoal.url, 'GET', `/api/customers?ownerId=${shoal.admin.id}&limit=1`);
    expect(all.headers.get('x-total-count')).toBe(String(COUNT));
    expect(await rita.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(7);

    // The address keeps the list: back returns to the saved view's filter.
    await rita.goBack();
    await rita.getByText('Showing 1–1 of 1').waitFor();

    // Phone width.
    await rita.setViewportSize({ width: 390, height: 844 });
    await rita.screenshot({ path: screenshotPath('lists-customers-390.png'), fullPage: false });
    // 500 customers written and broadcast on a shared machine: more than the default minute.
  }, 420_000);

  it('shows the deals table and the contacts list on the kit', async () => {
    const customers = await call(shoal.url, 'GET', '/api/customers?limit=2', undefined, undefined, z.array(Customer));
    const [a, b] = customers.body;
    await call(shoal.url, 'POST', '/api/opportunities/batch', {
      create: [
        { customerId: a!.id, name: 'Harbor fleet renewal', stage: 'proposal', amount: 48_000, ownerId: rep.id },
        { customerId: b!.id, name: 'Harbor pilot', stage: 'qualification', amount: 9_500.5 },
      ],
    }, undefined, BatchResult);
    await call(shoal.url, 'POST', '/api/contacts/batch', { create: [{ customerId: a!.id, name: 'Mara Quinn', email: 'mara@harbor.example', position: 'Buyer' }] }, undefined, BatchResult);
    const page = await sessions.open(rep, { width: 1440, height: 900 });
    await page.getByRole('link', { name: 'Deals' }).click();
    await page.locator('shoal-deal-table tbody tr', { hasText: 'Harbor fleet renewal' }).waitFor();
    await page.locator('shoal-deal-table tbody tr', { hasText: '$48,000' }).waitFor();
    await page.getByRole('button', { name: 'Mine' }).click();
    await page.getByText('Showing 1–1 of 1').waitFor();
    expect(new URL(page.url()).searchParams.get('ownerId')).toBe('me');
    await page.screenshot({ path: screenshotPath('lists-deals-1440.png') });
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.locator('shoal-contact-table tbody tr', { hasText: 'Mara Quinn' }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath('lists-contacts-390.png') });
  }, 120_000);
});
