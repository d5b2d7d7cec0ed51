import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { bodyOf, call } from '../support/call.js';
import { repsInBrowsers } from '../support/e2e-team.js';

const e2e = repsInBrowsers(['Ana Silva', 'Ben Ortiz'] as const);
const { team, sessions, as } = e2e;
const dealPage = (page: Page) => page.locator('shoal-deal-page');

describe('deal page', () => {
  it('opens from the customer page, edits a field, and shows a colleague’s stage move live in its history', async () => {
    const { body: osprey } = await call(e2e.shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example' }, as('Ana Silva'), Customer);
    const created = await call(e2e.shoal.url, 'POST', '/api/opportunities', { customerId: osprey.id, name: 'Spring catalogue', stage: 'qualification', amount: 18500, ownerId: team['Ana Silva'].id }, as('Ana Silva'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const deal = bodyOf(created, Opportunity);
    const task = await call(e2e.shoal.url, 'POST', '/api/tasks', { title: 'Send the price list', type: 'email', dueAt: '2026-12-10', opportunityId: deal.id, customerId: osprey.id }, as('Ana Silva'));
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    bodyOf(task, Task);
    const logged = await call(e2e.shoal.url, 'POST', '/api/interactions', { customerId: osprey.id, type: 'call', date: new Date().toISOString(), subject: 'Catalogue sizes' }, as('Ana Silva'));
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    bodyOf(logged, Interaction);

    const ana = await sessions.open(team['Ana Silva']);
    await ana.locator('shoal-customer-table a.name', { hasText: 'Osprey Outfitters' }).click();
    await ana.locator('shoal-opportunity-list a.deal-name', { hasText: 'Spring catalogue' }).click();
    await dealPage(ana).getByRole('heading', { name: 'Spring catalogue', level: 1 }).waitFor();
    expect(new URL(ana.url()).pathname).toBe(`/deals/${deal.id}`);
    await expect.poll(() => ana.evaluate(() => document.title)).toBe('Spring catalogue · Shoal');
    await dealPage(ana).locator('shoal-customer-tasks', { hasText: 'Send the price list' }).waitFor();
    await dealPage(ana).locator('shoal-interaction-timeline', { hasText: 'Catalogue sizes' }).waitFor();

    // Ana changes the amount in place.
    await dealPage(ana).getByRole('button', { name: 'Edit amount' }).click();
    await dealPage(ana).locator('#edit-amount').fill('21,000');
    await dealPage(ana).locator('#edit-amount').press('Enter');
    await dealPage(ana).locator('[data-field="amount"]', { hasText: '$21,000' }).waitFor();

    // Ben moves it on the board (by API here): Ana's history gains the stage, live.
    const { body: current } = await call(e2e.shoal.url, 'GET', `/api/opportunities/${deal.id}`, undefined, as('Ben Ortiz'), Opportunity);
    const moved = await call(e2e.shoal.url, 'PATCH', `/api/opportunities/${deal.id}`, { stage: 'proposal' }, { ...as('Ben Ortiz'), 'if-match': `"${current.version}"` });
    expect(moved.status).toBe(200);
    await dealPage(ana).locator('.spans li[data-stage="proposal"]', { hasText: 'Moved here by Ben Ortiz' }).waitFor();
    await dealPage(ana).locator('.spans li[data-stage="qualification"]').waitFor();
    await dealPage(ana).locator('.subtitle', { hasText: 'Proposal' }).waitFor();

    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await ana.setViewportSize({ width, height });
      await ana.screenshot({ path: screenshotPath(`deal-page-${width}.png`), fullPage: width < 500 });
    }

    // The crumb goes back to the customer.
    await dealPage(ana).locator('.crumbs a').click();
    await ana.locator('shoal-customer-page').getByRole('heading', { name: 'Osprey Outfitters', level: 1 }).waitFor();
  });
});
