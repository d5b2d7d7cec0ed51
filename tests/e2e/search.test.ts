import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, openShoal, screenshotPath, signIn } from '../support/browser.js';
import { Contact } from '../../shared/contact.js';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { bodyOf, call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
let ana: TestUser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  ana = await shoal.addUser('Ana Silva');
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

async function openAsAna(viewport = { width: 1280, height: 860 }): Promise<Page> {
  const { context, page } = await openShoal(browser, shoal.url, 'Ana Silva', viewport);
  contexts.push(context);
  await page.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
  await signIn(page, ana);
  return page;
}

const RECORDS = { '/api/customers': Customer, '/api/contacts': Contact, '/api/opportunities': Opportunity };

async function create(path: keyof typeof RECORDS, body: unknown): Promise<{ id: string }> {
  const res = await call(shoal.url, 'POST', path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return bodyOf(res, RECORDS[path]);
}

describe('Global search', () => {
  it('finds a customer, its contacts and deals from the header and opens it with the keyboard', async () => {
    const osprey = await create('/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example', industry: 'Retail' });
    const ospreyCoast = await create('/api/customers', { name: 'Osprey Coast Supply', email: 'hello@ospreycoast.example', industry: 'Wholesale' });
    await create('/api/customers', { name: 'Northwind Traders', email: 'orders@northwind.example' });
    await create('/api/contacts', { customerId: osprey.id, name: 'Olivia Reyes', email: 'olivia@osprey.example', position: 'Head of purchasing' });
    await create('/api/opportunities', { customerId: osprey.id, name: 'Osprey spring catalogue', stage: 'proposal', amount: 18500 });
    for (let i = 1; i <= 6; i++) await create('/api/opportunities', { customerId: ospreyCoast.id, name: `Osprey Coast order ${i}`, stage: 'qualification', amount: 2000 * i });

    const page = await openAsAna();
    // "/" from the page focuses the header's search.
    await page.locator('main').focus();
    await page.keyboard.press('/');
    const field = page.getByRole('combobox', { name: 'Search Shoal' });
    expect(await field.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.type('osprey');

    const results = page.getByRole('listbox', { name: 'Search results' });
    await results.getByRole('option', { name: /Osprey Outfitters/ }).waitFor();
    await results.getByRole('option', { name: /Olivia Reyes/ }).waitFor();
    expect(await results.getByRole('group', { name: 'Customers' }).getByRole('option').count()).toBe(2);
    expect(await results.getByRole('group', { name: 'Deals' }).getByRole('option').count()).toBe(5);
    expect(await results.textContent()).toContain('2 more deals');
    for (const detail of await results.getByRole('group', { name: 'Deals' }).locator('.detail').allTextContents()) expect(detail).toMatch(/^(Proposal|Qualification) · \$\d{1,2},000$/);
    expect(await field.getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: screenshotPath('global-search.png') });

    // The customers come in name order: Osprey Coast Supply, then Osprey Outfitters.
    const active = () => page.locator(`shoal-global-search [role="option"][aria-selected="true"] .name`).textContent();
    expect(await active()).toBe('Osprey Coast Supply');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('Osprey Outfitters');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Osprey Outfitters', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/${osprey.id}`);
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('aria-expanded')).toBe('false');
  });

  it('works at phone width: the search button opens the field over the header', async () => {
    const page = await openAsAna({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath('global-search-phone-closed.png'), clip: { x: 0, y: 0, width: 390, height: 160 } });
    await page.locator('shoal-global-search label.icon').click();
    await page.keyboard.type('olivia');
    const option = page.getByRole('option', { name: /Olivia Reyes/ });
    await option.waitFor();
    await page.screenshot({ path: screenshotPath('global-search-phone.png') });
    await option.click();
    await page.getByRole('heading', { name: 'Osprey Outfitters', level: 1 }).waitFor();
  });
});
