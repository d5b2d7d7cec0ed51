import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, signedInBrowsers, screenshotPath } from '../support/browser.js';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
let ana: TestUser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  ana = await shoal.addUser('Ana Silva');
  const existing = await call(shoal.url, 'POST', '/api/customers', { name: 'Northwind Traders', email: 'orders@northwind.example' }, undefined, Customer);
  expect(existing.status).toBe(201);
});

afterEach(async () => {
  await sessions.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

const openAsAna = (viewport?: { width: number; height: number }): Promise<Page> => sessions.open(ana, viewport);

const row = (page: Page, text: string) => page.locator('shoal-customer-table tbody tr', { hasText: text });

const CSV = [
  'Name,Email,Phone,Industry,Tags',
  'Contoso Pharmaceuticals,hello@contoso.example,+1 425 555 0100,Healthcare,lead; priority',
  'Fabrikam Bikes,not an email,+1 206 555 0199,Retail,',
  'Tailspin Toys,sales@tailspin.example,,Retail,wholesale',
].join('\r\n');

describe('CSV import and export on the Customers view', () => {
  it('imports a file, lists the row it refused, and shows the new customers', async () => {
    const page = await openAsAna();
    await row(page, 'Northwind Traders').waitFor();

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import customers from CSV' });
    await dialog.waitFor();
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await dialog.getByRole('button', { name: 'Import' }).click();

    const summary = dialog.locator('.summary');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.textContent()).toBe('Imported 2 customers. 1 row could not be imported.');
    const failed = dialog.locator('table.failed-rows tbody tr');
    expect(await failed.count()).toBe(1);
    expect((await failed.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['3', 'email', expect.stringMatching(/email/i)]);

    // The table behind the dialog shows the two new customers.
    await row(page, 'Contoso Pharmaceuticals').waitFor();
    await row(page, 'Tailspin Toys').waitFor();
    expect(await row(page, 'Fabrikam Bikes').count()).toBe(0);
    expect(await page.locator('shoal-customers-view .range').textContent()).toContain('of 3');

    await page.screenshot({ path: screenshotPath('csv-import.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('refuses a file without the required columns and names them', async () => {
    const page = await openAsAna({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import customers from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from('Company,Phone\nAcme,555\n') });
    await dialog.getByRole('button', { name: 'Import' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('name');
    expect(text).toContain('email');
    await page.screenshot({ path: screenshotPath('csv-import-error-phone.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('exports the customers of the current search as a CSV file', async () => {
    const page = await openAsAna();
    await row(page, 'Tailspin Toys').waitFor();
    await page.getByLabel('Search customers').fill('retail');
    await page.getByLabel('Search customers').press('Enter');
    await page.locator('shoal-customers-view .subtitle', { hasText: 'matching “retail”' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('id,name,email,phone,address,website,industry,ownerId,tags,createdAt,updatedAt');
    expect(csv).toContain('Tailspin Toys');
    expect(csv).not.toContain('Northwind Traders');
  });
});

describe('CSV import and export on the Deals list', () => {
  it('imports deals (a stage by name, a refused bare "Closed" named in the dialog), then exports the filtered list', async () => {
    const page = await openAsAna();
    await page.goto(new URL('/deals', shoal.url).href);
    await page.getByRole('heading', { name: 'Deals', exact: true, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import deals from CSV' });
    await dialog.waitFor();
    const file = ['customerEmail,name,stage,amount', 'orders@northwind.example,Northwind fleet,Negotiation,"12,500.50"', 'orders@northwind.example,Northwind spares,Closed,300'].join('\n');
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await dialog.getByRole('button', { name: 'Import' }).click();
    const summary = dialog.locator('.summary');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.textContent()).toBe('Imported 1 deal. 1 row could not be imported.');
    const failed = dialog.locator('table.failed-rows tbody tr');
    expect((await failed.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['3', 'stage', expect.stringMatching(/Closed Won.*Closed Lost/)]);
    await page.screenshot({ path: screenshotPath('deals-csv-import.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('shoal-deal-table tbody tr', { hasText: 'Northwind fleet' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^opportunities-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0]!.startsWith('id,customerId,contactId,pipelineId,name,stage,amount,')).toBe(true);
    expect(csv).toContain('Northwind fleet,negotiation,12500.5,USD,75');
  });

  it('fits the deals list head with its CSV buttons on a phone', async () => {
    const page = await openAsAna({ width: 390, height: 844 });
    await page.goto(new URL('/deals', shoal.url).href);
    await page.getByRole('link', { name: 'Export CSV' }).waitFor();
    await page.getByRole('button', { name: 'Import CSV' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('deals-csv-phone.png') });
  });
});

describe('CSV export on a customer’s timeline', () => {
  it('downloads the customer’s interactions only, and fits a phone', async () => {
    const customer = async (name: string, email: string) => (await call(shoal.url, 'POST', '/api/customers', { name, email }, undefined, Customer)).body.id;
    const harbor = await customer('Harbor Freight Co', 'desk@harbor.example');
    const other = await customer('Inland Rail', 'desk@inland.example');
    for (const [customerId, subject] of [
      [harbor, 'Harbor renewal call'],
      [other, 'Inland pricing call'],
    ] as const) {
      expect((await call(shoal.url, 'POST', '/api/interactions', { customerId, type: 'call', date: '2026-03-02T10:00:00.000Z', subject })).status).toBe(201);
    }
    for (const viewport of [undefined, { width: 390, height: 844 }]) {
      const page = await openAsAna(viewport);
      await page.goto(new URL(`/customers/${harbor}`, shoal.url).href);
      const timeline = page.locator('shoal-interaction-timeline');
      await timeline.getByText('Harbor renewal call').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), timeline.getByRole('link', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^interactions-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
      expect(csv.split(/\r?\n/)[0]).toContain('customerId');
      expect(csv).toContain('Harbor renewal call');
      expect(csv).not.toContain('Inland pricing call');
      if (viewport) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await timeline.screenshot({ path: screenshotPath('customer-timeline-csv-phone.png') });
      }
      await page.close();
    }
  });
});
