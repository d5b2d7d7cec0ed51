import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { User } from '../../shared/user.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/**
 * Saving while offline, in real Chromium cut off from the network (playwright's setOffline):
 * a profile or team change waits and is saved when the connection returns; a password is not
 * kept for later, and the form says so and keeps what was typed. Then screenshots of the
 * dashboard and the team page at laptop and phone width.
 */
let shoal: TestShoal;
let browser: Browser;
let ben: TestUser;
const browsers = signedInBrowsers(() => ({ browser, url: shoal.url }));

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  ben = await shoal.addUser('Ben Ortiz');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browsers.closeAll();
  await browser?.close();
  await shoal?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name), fullPage: true });
const userOnServer = async (id: string) => (await call(shoal.url, 'GET', '/api/users', undefined, undefined, z.array(User))).body.find((u) => u.id === id)!;

describe('saving while offline', () => {
  it('keeps a profile change made offline and saves it when the connection returns; a password is plainly not changed', async () => {
    const page = await browsers.open(shoal.admin, { width: 1440, height: 900 });
    await page.goto(`${shoal.url}/profile`);
    const profile = page.locator('shoal-profile-page');
    await profile.getByRole('button', { name: 'Edit name and email' }).click();
    await profile.getByLabel('Name', { exact: true }).fill('Ada Offline');

    await page.context().setOffline(true);
    await profile.getByRole('button', { name: 'Save', exact: true }).click();
    await profile.getByText("You're offline, so this isn't saved yet.").waitFor();
    expect((await userOnServer(shoal.admin.id)).name).not.toBe('Ada Offline');

    // A new password is never kept for later: it says so and keeps what was typed.
    await profile.getByLabel('Current password').fill(shoal.admin.password);
    await profile.getByLabel('New password').fill('an offline passphrase');
    await profile.getByRole('button', { name: 'Change password' }).click();
    await profile.getByText("Your password was not saved: Shoal can't reach the server.").waitFor();
    expect(await profile.getByLabel('New password').inputValue()).toBe('an offline passphrase');

    await page.context().setOffline(false);
    await profile.getByText('Your profile is saved.').waitFor();
    expect((await userOnServer(shoal.admin.id)).name).toBe('Ada Offline');
    // The shell shows the new name too (the saved user went into the one store).
    await page.locator('shoal-user-menu', { hasText: 'Ada Offline' }).waitFor();
  });

  it('keeps a role change confirmed offline and saves it when the connection returns', async () => {
    const page = await browsers.open(shoal.admin, { width: 1440, height: 900 });
    await page.goto(`${shoal.url}/team`);
    const team = page.locator('shoal-team-page');
    const role = team.getByLabel(`Role of ${ben.name}`);
    await role.waitFor();
    await page.context().setOffline(true);
    await role.selectOption('admin');
    await page.getByRole('dialog', { name: `Make ${ben.name} an admin?` }).getByRole('button', { name: 'Make admin' }).click();
    await team.getByText(`You're offline, so the change to ${ben.name} isn't saved yet.`).waitFor();
    expect((await userOnServer(ben.id)).role).toBe('rep');
    await page.context().setOffline(false);
    await team.getByText(`${ben.name} is now an admin.`).waitFor();
    expect((await userOnServer(ben.id)).role).toBe('admin');
    expect(await role.inputValue()).toBe('admin');
  });

  it('shows the dashboard and the team page at laptop and phone width', async () => {
    // Large deals, so the figure cards carry long numbers (they must not break at 390 px).
    const { body: customer } = await call(shoal.url, 'POST', '/api/customers', { name: 'Northwind Freight', email: 'ops@northwind.example' }, undefined, Customer);
    for (const [name, stage, amount] of [
      ['Fleet renewal', 'proposal', 1_234_567.89],
      ['Warehouse rollout', 'negotiation', 2_450_000],
      ['Pilot', 'won', 987_654.32],
      ['Regional expansion', 'prospecting', 3_100_250.5],
    ] as const) {
      const res = await call(shoal.url, 'POST', '/api/opportunities', { customerId: customer.id, name, stage, amount, ownerId: shoal.admin.id }, undefined, Opportunity);
      expect(res.status).toBe(201);
    }
    for (const [width, height, label] of [
      [1440, 900, 'laptop'],
      [390, 844, 'phone'],
    ] as const) {
      const page = await browsers.open(shoal.admin, { width, height });
      await page.goto(`${shoal.url}/dashboard`);
      await page.locator('shoal-dashboard-view shoal-figure-card').first().waitFor();
      await page.locator('shoal-dashboard-view shoal-dashboard-chart').first().waitFor();
      await shot(page, `dashboard-${label}.png`);
      await page.goto(`${shoal.url}/team`);
      await page.locator('shoal-team-page tbody tr').nth(1).waitFor();
      // Nothing of the team is cut off: no row is wider than the page.
      const overflow = await page.locator('shoal-team-page').evaluate((el) => {
        const table = el.shadowRoot!.querySelector('.card')!;
        return table.scrollWidth - table.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, `team-${label}.png`);
    }
  });
});
