import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
const team = {} as Record<'Ana Silva' | 'Ben Ortiz', TestUser>;

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

const customField = (page: Page, key: string) => page.locator(`shoal-customer-page .row[data-field="custom.${key}"]`);

/** Opens the customer from the Customers table, by its name. */
async function openCustomer(page: Page, name: string): Promise<void> {
  await page.locator('shoal-customer-table a.name', { hasText: name }).click();
  await page.locator('shoal-customer-page').getByRole('heading', { name, level: 1 }).waitFor();
}

describe('custom fields on the customer page, two reps at once', () => {
  it('a rep fills a custom field and the other sees it live; a field an admin adds meanwhile appears on both pages', async () => {
    const tier = await call(shoal.url, 'POST', '/api/fields', {
      entity: 'customer',
      key: 'tier',
      label: 'Tier',
      type: 'select',
      options: [
        { key: 'gold', label: 'Gold', color: '#c9a227' },
        { key: 'silver', label: 'Silver', color: '#8a94a6' },
      ],
    }, undefined, FieldDefinition);
    expect(tier.status).toBe(201);
    await call(shoal.url, 'POST', '/api/fields', { entity: 'customer', key: 'arr', label: 'Annual revenue', type: 'money' }, undefined, FieldDefinition);
    await call(shoal.url, 'POST', '/api/fields', { entity: 'customer', key: 'portal', label: 'Customer portal', type: 'url' }, undefined, FieldDefinition);
    const { body: osprey } = await call(shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example', custom: { arr: 240000, portal: 'https://portal.osprey.example' } }, undefined, Customer);

    const ana = await sessions.open(team['Ana Silva']);
    const ben = await sessions.open(team['Ben Ortiz']);
    for (const page of [ana, ben]) await openCustomer(page, 'Osprey Outfitters');
    await customField(ben, 'arr').filter({ hasText: '$240,000' }).waitFor();
    // Marks Ben's page: it must still be there at the end (no reload).
    await ben.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));

    // Ana picks the tier.
    await ana.getByRole('button', { name: 'Edit tier' }).click();
    await ana.locator('#edit-custom-tier').selectOption('gold');
    await ana.locator('shoal-customer-page [data-editor="custom.tier"]').getByRole('button', { name: 'Save' }).click();
    await customField(ana, 'tier').locator('.value', { hasText: 'Gold' }).waitFor();

    // Ben sees it without a reload, with who changed it.
    await customField(ben, 'tier').filter({ hasText: 'Gold' }).waitFor();
    expect(await customField(ben, 'tier').textContent()).toContain('Ana Silva');

    // An admin adds a date field: both open pages show it; Ben fills it, Ana sees it formatted.
    const renewal = await call(shoal.url, 'POST', '/api/fields', { entity: 'customer', key: 'renewal', label: 'Renewal date', type: 'date', required: true }, undefined, FieldDefinition);
    expect(renewal.status).toBe(201);
    await customField(ana, 'renewal').waitFor();
    await ben.getByRole('button', { name: 'Edit renewal date' }).click();
    await ben.locator('#edit-custom-renewal').fill('2027-03-31');
    await ben.locator('#edit-custom-renewal').press('Enter');
    await customField(ana, 'renewal').filter({ hasText: 'Mar 31, 2027' }).waitFor();

    const stored = await call(shoal.url, 'GET', `/api/customers/${osprey.id}`, undefined, undefined, Customer);
    expect(stored.body.custom).toEqual({ tier: 'gold', arr: 240000, portal: 'https://portal.osprey.example', renewal: '2027-03-31' });
    expect(await ben.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(7);
    const link = customField(ben, 'portal').getByRole('link');
    expect(await link.getAttribute('rel')).toContain('noopener');

    // Screenshots: the About section with custom fields, one being edited.
    await ana.getByRole('button', { name: 'Edit annual revenue' }).click();
    await ana.locator('shoal-customer-page section.card', { hasText: 'About' }).screenshot({ path: screenshotPath('customer-custom-fields-1280.png') });
    const phone = await sessions.open(team['Ana Silva'], { width: 390, height: 844 });
    await openCustomer(phone, 'Osprey Outfitters');
    await customField(phone, 'renewal').filter({ hasText: 'Mar 31, 2027' }).waitFor();
    await customField(phone, 'tier').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: screenshotPath('customer-custom-fields-390.png') });
  });
});
