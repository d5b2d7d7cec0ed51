import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { Customer } from '../../shared/customer.js';
import { Opportunity } from '../../shared/opportunity.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
let rep: TestUser;
let dealId: string;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  rep = await shoal.addUser('Rita Reyes');
  const customer = await call(shoal.url, 'POST', '/api/customers', { name: 'Harbor Freight Co', email: 'ops@harbor.example', ownerId: rep.id }, undefined, Customer);
  expect(customer.status).toBe(201);
  const deal = await call(shoal.url, 'POST', '/api/opportunities', { customerId: customer.body.id, name: 'Harbor renewal', amount: 12000, stage: 'negotiation', ownerId: rep.id }, undefined, Opportunity);
  expect(deal.status).toBe(201);
  dealId = deal.body.id;
});

afterAll(async () => {
  await sessions.closeAll();
  await browser?.close();
  await shoal?.close();
});

const column = (page: Page, stage: string) => page.locator(`shoal-pipeline-board section.column[data-stage="${stage}"]`);

describe('settings: an admin shapes custom fields and pipelines, seen live in a rep’s browser', () => {
  it('adds a select field and a stage, removes a stage moving its deal; the rep’s open list and board follow without a reload', async () => {
    const admin = await sessions.open(shoal.admin, { width: 1280, height: 860 });
    const board = await sessions.open(rep, { width: 1280, height: 860 });
    const list = await sessions.open(rep, { width: 1280, height: 860 });
    // Rita: the board in one browser, the customers list in the other; marks say no reload happened.
    await board.getByRole('link', { name: 'Pipeline' }).click();
    await column(board, 'negotiation').locator(`shoal-pipeline-card[data-id="${dealId}"]`).waitFor();
    for (const page of [board, list]) await page.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));
    expect(await list.getByRole('link', { name: 'Settings' }).count(), 'reps have no Settings link').toBe(0);

    // The admin adds a select field to customers.
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('heading', { name: 'Custom fields', level: 2, exact: true }).waitFor();
    await admin.getByText('No custom fields on customers yet').waitFor();
    await admin.screenshot({ path: screenshotPath('settings-fields-empty-1280.png') });
    await admin.getByRole('button', { name: 'Add a customer field' }).click();
    const form = admin.getByRole('dialog', { name: 'Add a customer field' });
    await form.getByLabel('Label').fill('Account tier');
    expect(await form.getByLabel('Key').inputValue()).toBe('account_tier');
    await form.getByLabel('Type').selectOption('select');
    await form.getByLabel('Label of option 1').fill('Gold');
    await form.getByRole('button', { name: 'Add an option' }).click();
    await form.getByLabel('Label of option 2').fill('Silver');
    await admin.screenshot({ path: screenshotPath('settings-field-form-1280.png') });
    await form.getByRole('button', { name: 'Add field' }).click();
    await form.waitFor({ state: 'hidden' });
    await admin.locator('shoal-field-settings tr[data-key="account_tier"]', { hasText: 'Silver' }).waitFor();
    await admin.screenshot({ path: screenshotPath('settings-fields-1280.png') });

    // Rita's open list offers it as a column, live.
    await list.getByRole('button', { name: 'Columns' }).click();
    await list.getByRole('dialog', { name: 'Columns' }).getByLabel('Account tier').waitFor();

    // A second field with the same key: the API's 409 shows under the key.
    await admin.getByRole('button', { name: 'Add a customer field' }).click();
    await form.getByLabel('Label').fill('Tier');
    await form.getByLabel('Key').fill('account_tier');
    await form.getByRole('button', { name: 'Add field' }).click();
    await form.getByText('Key is already used by another field of this kind of record.').waitFor();
    await admin.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });

    // The admin adds a stage to the default pipeline, moves it up with the keyboard, and saves.
    await admin.getByRole('link', { name: 'Pipelines' }).click();
    await admin.getByLabel('Pipeline name').waitFor();
    expect(await admin.getByLabel('Pipeline name').inputValue()).not.toBe('');
    await admin.getByRole('button', { name: 'Add a stage' }).click();
    await admin.keyboard.type('Demo booked');
    const up = admin.getByRole('button', { name: 'Move Demo booked up' });
    await up.focus();
    await admin.keyboard.press('Enter');
    await admin.getByText('Demo booked moved to place 4 of 7.').waitFor();
    await admin.getByRole('button', { name: 'Save pipeline' }).click();
    await admin.getByText('Saved the pipeline').waitFor();

    // Rita's board shows the new column, live, in place.
    await column(board, 'demo_booked').waitFor();
    const order = await board.locator('shoal-pipeline-board section.column').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.stage));
    expect(order).toEqual(['prospecting', 'qualification', 'proposal', 'demo_booked', 'negotiation', 'won', 'lost']);

    // The admin removes Negotiation, which holds Rita's deal: unanswered, the API's 422 says so beside the question.
    await admin.getByRole('button', { name: 'Remove Negotiation' }).click();
    const where = admin.getByLabel('Move the 1 deal of Negotiation to');
    await where.waitFor();
    await admin.getByRole('button', { name: 'Save pipeline' }).click();
    await admin.getByText('must say where the 1 deal of the stage negotiation go').waitFor();
    await admin.screenshot({ path: screenshotPath('settings-pipelines-1280.png'), fullPage: true });
    await where.selectOption('demo_booked');
    await admin.getByRole('button', { name: 'Save pipeline' }).click();
    await admin.getByText('Saved the pipeline').waitFor();

    // Rita's board: the column is gone and the deal is in Demo booked.
    await column(board, 'demo_booked').locator(`shoal-pipeline-card[data-id="${dealId}"]`).waitFor();
    await column(board, 'negotiation').waitFor({ state: 'detached' });
    // The card says who moved it; its growing in (a transition) settles before the picture.
    const card = column(board, 'demo_booked').locator(`shoal-pipeline-card[data-id="${dealId}"]`);
    await card.getByText('Moved by Test Admin').waitFor();
    await card.evaluate(async (el) => {
      let last = -1;
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const height = el.getBoundingClientRect().height;
        if (height === last) return;
        last = height;
      }
    });
    await board.screenshot({ path: screenshotPath('settings-board-after-1280.png') });
    const deal = await call(shoal.url, 'GET', `/api/opportunities/${dealId}`, undefined, undefined, Opportunity);
    expect(deal.body.stage).toBe('demo_booked');
    for (const page of [board, list]) expect(await page.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(7);

    // At phone width.
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: screenshotPath('settings-pipelines-390.png'), fullPage: true });
    await admin.getByRole('link', { name: 'Custom fields' }).click();
    await admin.locator('shoal-field-settings tr[data-key="account_tier"]').waitFor();
    await admin.screenshot({ path: screenshotPath('settings-fields-390.png'), fullPage: true });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth), 'nothing wider than the phone').toBe(390);

    // A rep who opens the address is told the settings are for admins.
    await list.goto(new URL('/settings/pipelines', shoal.url).href);
    await list.getByText('Only admins can change the settings').waitFor();
    expect(await list.locator('shoal-pipeline-settings').count()).toBe(0);
  });
});
