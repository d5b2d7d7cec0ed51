import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
let rep: TestUser;
let admin: TestUser;

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  rep = await shoal.addUser('Ana Silva', 'rep');
  admin = await shoal.addUser('Dana Park', 'admin');
});

afterEach(async () => {
  await sessions.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

const titleOf = (page: Page) => page.evaluate(() => document.title);
const path = (page: Page) => new URL(page.url()).pathname;

describe('routes', () => {
  it('lands a rep on My work and an admin on Customers at /', async () => {
    const ana = await sessions.open(rep);
    await ana.goto(`${shoal.url}/`);
    await ana.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    expect(path(ana)).toBe('/my-work');
    await expect.poll(() => titleOf(ana)).toBe('My work · Shoal');
    expect(await ana.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).getAttribute('aria-current')).toBe('page');

    const dana = await sessions.open(admin);
    await dana.goto(`${shoal.url}/`);
    await dana.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect(path(dana)).toBe('/customers');
    await expect.poll(() => titleOf(dana)).toBe('Customers · Shoal');
    // The two search landmarks have names of their own.
    expect(await dana.getByRole('search', { name: 'Customers', exact: true }).count()).toBe(1);
    expect(await dana.getByRole('search', { name: 'All of Shoal' }).count()).toBe(1);
  });

  it('titles the customer page with the customer’s name, live', async () => {
    const { body: osprey } = await call(shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example' }, undefined, Customer);
    const ana = await sessions.open(rep);
    await ana.locator('shoal-customer-table a.name', { hasText: 'Osprey Outfitters' }).click();
    await ana.getByRole('heading', { name: 'Osprey Outfitters', level: 1 }).waitFor();
    await expect.poll(() => titleOf(ana)).toBe('Osprey Outfitters · Shoal');
    // A colleague renames it: the title follows.
    await call(shoal.url, 'PATCH', `/api/customers/${osprey.id}`, { name: 'Osprey Outdoor' }, undefined, Customer);
    await expect.poll(() => titleOf(ana)).toBe('Osprey Outdoor · Shoal');
    // Back goes to Customers, in the app.
    await ana.goBack();
    await ana.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await expect.poll(() => titleOf(ana)).toBe('Customers · Shoal');
  });

  it('shows a not-found page for an unknown address, with the way home', async () => {
    for (const [width, height, suffix] of [
      [1440, 900, '1440'],
      [390, 844, '390'],
    ] as const) {
      const ana = await sessions.open(rep, { width, height });
      await ana.goto(`${shoal.url}/deals-of-the-week`);
      const heading = ana.getByRole('heading', { name: 'Page not found', level: 1 });
      await heading.waitFor();
      await expect.poll(() => titleOf(ana)).toBe('Page not found · Shoal');
      await ana.locator('shoal-not-found code', { hasText: '/deals-of-the-week' }).waitFor();
      await ana.screenshot({ path: screenshotPath(`not-found-${suffix}.png`) });
      await ana.getByRole('link', { name: 'Go to My work' }).click();
      await ana.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
      expect(path(ana)).toBe('/my-work');
    }
    // A malformed record id is not found either.
    const ana = await sessions.open(rep);
    await ana.goto(`${shoal.url}/customers/not-an-id`);
    await ana.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
  });
});
