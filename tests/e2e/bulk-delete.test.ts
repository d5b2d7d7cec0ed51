import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResult } from '../../shared/batch.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { clientDir, launchBrowser, signedInBrowsers } from '../support/browser.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/**
 * Bulk delete with Undo (issue 14, SPEC section 12), in two browsers on a real server: the rep
 * deletes selected customers and presses Undo (they are restored, and come and go for the
 * admin too); selected deals leave the list at once, stay off it while Undo waits (the page
 * loading again does not bring them back), and are deleted only when Undo is not pressed (here:
 * the rep leaves the page).
 */

let shoal: TestShoal;
let browser: Browser;
let rep: TestUser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
let dockId = '';

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  rep = await shoal.addUser('Rita Reyes');
  const create = [1, 2, 3].map((n) => ({ name: `Dock Works ${n}`, email: `dock${n}@works.example`, ownerId: rep.id }));
  const made = await call(shoal.url, 'POST', '/api/customers/batch', { create }, undefined, BatchResult);
  expect(made.status).toBe(200);
  dockId = made.body.create[0]!.id!;
  const deals = ['Crane lease', 'Berth rental', 'Tug service'].map((name) => ({ customerId: dockId, name, stage: 'proposal', amount: 5_000, ownerId: rep.id }));
  expect((await call(shoal.url, 'POST', '/api/opportunities/batch', { create: deals }, undefined, BatchResult)).status).toBe(200);
});

afterAll(async () => {
  await sessions.closeAll();
  await browser?.close();
  await shoal?.close();
});

const customerRow = (page: Page, name: string) => page.locator('shoal-customer-table tbody tr', { hasText: name });
const dealRow = (page: Page, name: string) => page.locator('shoal-deal-table tbody tr', { hasText: name });

describe('bulk delete with Undo', () => {
  it('deletes selected customers and brings them back with Undo, seen live by the admin', async () => {
    const rita = await sessions.open(rep, { width: 1440, height: 900 });
    const admin = await sessions.open(shoal.admin, { width: 1440, height: 900 });
    for (const page of [rita, admin]) await customerRow(page, 'Dock Works 3').waitFor();

    // Two rows ticked.
    await customerRow(rita, 'Dock Works 1').getByRole('checkbox').click();
    await customerRow(rita, 'Dock Works 2').getByRole('checkbox').click();
    await rita.getByLabel('Change', { exact: true }).selectOption('delete');
    await rita.getByRole('button', { name: 'Delete 2 customers' }).click();
    await rita.getByText('Deleted 2 customers').waitFor();
    for (const page of [rita, admin]) {
      await customerRow(page, 'Dock Works 1').waitFor({ state: 'detached' });
      await customerRow(page, 'Dock Works 2').waitFor({ state: 'detached' });
    }
    expect(await customerRow(admin, 'Dock Works 3').count()).toBe(1);
    expect((await call(shoal.url, 'GET', `/api/customers/${dockId}`)).status).toBe(404);

    await rita.locator('.toast', { hasText: 'Deleted 2 customers' }).getByRole('button', { name: 'Undo' }).click();
    await rita.getByText('Restored 2 customers').waitFor();
    for (const page of [rita, admin]) {
      await customerRow(page, 'Dock Works 1').waitFor();
      await customerRow(page, 'Dock Works 2').waitFor();
    }
    const back = await call(shoal.url, 'GET', `/api/customers/${dockId}`, undefined, undefined, Customer);
    expect(back.body.name).toBe('Dock Works 1');
  });

  it('takes selected deals off the list at once; Undo keeps them, and a delete left to run goes when the rep leaves the page', async () => {
    const rita = await sessions.open(rep, { width: 1440, height: 900 });
    const admin = await sessions.open(shoal.admin, { width: 1440, height: 900 });
    for (const page of [rita, admin]) {
      await page.goto(new URL('/deals', shoal.url).href);
      await dealRow(page, 'Tug service').waitFor();
    }

    // Two deals, Delete, then Undo: they come back and stay.
    await dealRow(rita, 'Crane lease').getByRole('checkbox').click();
    await dealRow(rita, 'Berth rental').getByRole('checkbox').click();
    await rita.getByLabel('Change', { exact: true }).selectOption('delete');
    await rita.getByRole('button', { name: 'Delete 2 deals' }).click();
    await dealRow(rita, 'Crane lease').waitFor({ state: 'detached' });
    await dealRow(rita, 'Berth rental').waitFor({ state: 'detached' });
    // A colleague adds a deal: the page loads again and shows it, and the two waiting for Undo stay off it.
    expect((await call(shoal.url, 'POST', '/api/opportunities', { customerId: dockId, name: 'Pilot boat', stage: 'proposal', amount: 900 })).status).toBe(201);
    await dealRow(rita, 'Pilot boat').waitFor();
    expect(await dealRow(rita, 'Crane lease').count()).toBe(0);
    expect(await dealRow(rita, 'Berth rental').count()).toBe(0);
    await rita.locator('.toast', { hasText: 'Deleted 2 deals' }).getByRole('button', { name: 'Undo' }).click();
    await dealRow(rita, 'Crane lease').waitFor();
    await dealRow(rita, 'Berth rental').waitFor();

    // One deal, Delete, and the rep goes to the board before Undo runs out: it is deleted then.
    await dealRow(rita, 'Tug service').getByRole('checkbox').click();
    await rita.getByLabel('Change', { exact: true }).selectOption('delete');
    await rita.getByRole('button', { name: 'Delete 1 deal' }).click();
    await dealRow(rita, 'Tug service').waitFor({ state: 'detached' });
    await rita.getByRole('link', { name: 'Board view' }).click();
    await dealRow(admin, 'Tug service').waitFor({ state: 'detached' });

    // The undone ones were never deleted: the admin's table still has them after the later delete reached it.
    expect(await dealRow(admin, 'Crane lease').count()).toBe(1);
    expect(await dealRow(admin, 'Berth rental').count()).toBe(1);
    const left = await call(shoal.url, 'GET', `/api/opportunities?customerId=${dockId}`, undefined, undefined, z.array(Opportunity));
    expect(left.body.map((d) => d.name).sort()).toEqual(['Berth rental', 'Crane lease', 'Pilot boat']);
  });
});
