import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, openShoal, signIn, screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { JobProgress } from '../../shared/events.js';
import { Opportunity } from '../../shared/opportunity.js';
import { PipelineDefinition } from '../../shared/pipeline.js';
import { User } from '../../shared/user.js';
import { bodyOf, call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
let dana: TestUser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  shoal = await startShoal({ clientDir, demoSize: { reps: 5, customers: 40, contacts: 80, opportunities: 120, interactions: 400 } });
  browser = await launchBrowser();
  dana = await shoal.addUser('Dana Park');
  // A realistic year of a small team, through the demo-data job.
  const started = await call(shoal.url, 'POST', '/api/demo-data');
  expect(started.status).toBe(202);
  let state = 'running';
  const deadline = Date.now() + 90_000;
  while (state === 'running' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    state = (await call(shoal.url, 'GET', `/api/demo-data/${bodyOf(started, JobProgress).id}`, undefined, undefined, JobProgress)).body.state;
  }
  expect(state).toBe('done');
}, 120_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

/** Dana in her own browser, signed in, on the Dashboard (reached through the navigation). */
async function openDashboard(viewport = { width: 1280, height: 860 }, search = ''): Promise<Page> {
  const { context, page } = await openShoal(browser, shoal.url, 'Dana Park', viewport);
  contexts.push(context);
  await page.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
  await signIn(page, dana);
  if (search) {
    await page.goto(`${shoal.url}/dashboard${search}`);
  } else {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  }
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  await page.locator('shoal-dashboard-view shoal-figure-card[data-figure="interactions"]').waitFor();
  await page.locator('shoal-dashboard-view .live:not(.stale)').waitFor();
  return page;
}

/** The number a figure card shows ("1,234" → 1234). */
async function figure(page: Page, key: string): Promise<number> {
  const text = await page.locator(`shoal-figure-card[data-figure="${key}"] .value`).textContent();
  return Number((text ?? '').replace(/[^\d.-]/g, ''));
}

async function detail(page: Page, key: string): Promise<string> {
  return (await page.locator(`shoal-figure-card[data-figure="${key}"] .detail`).textContent()) ?? '';
}

describe('Dashboard', () => {
  it('renders a full dashboard with demo data (docs/screenshots/dashboard.png and dashboard-phone.png)', async () => {
    const page = await openDashboard({ width: 1440, height: 900 }, '?period=last90');
    await page.locator('shoal-dashboard-chart.over-time canvas').waitFor();
    await page.locator('shoal-interaction-history li[data-id]').first().waitFor();
    await page.locator('shoal-dashboard-view .top li').first().waitFor();
    // Let the bars finish growing.
    await page.waitForTimeout(1_000);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).click();
    await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true });

    const phone = await openDashboard({ width: 390, height: 844 }, '?period=last90');
    await phone.locator('shoal-dashboard-chart.by-stage canvas').waitFor();
    await phone.waitForTimeout(1_000);
    await phone.screenshot({ path: screenshotPath('dashboard-phone.png') });
  });

  it('updates the figures on screen when a REST client changes something, without a reload or a refetch storm', async () => {
    const page = await openDashboard();
    await page.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));
    let dashboardRequests = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/dashboard') dashboardRequests++;
    });

    // A script logs a call: the Interactions figure and the history change by themselves.
    const before = await figure(page, 'interactions');
    const { body: customers } = await call(shoal.url, 'GET', '/api/customers?limit=1&sort=name', undefined, undefined, z.array(Customer));
    const logged = await call(shoal.url, 'POST', '/api/interactions', { customerId: customers[0]!.id, type: 'call', date: new Date().toISOString(), subject: 'Live dashboard check', durationMinutes: 15 });
    expect(logged.status).toBe(201);
    await page.locator('shoal-figure-card[data-figure="interactions"] .value').filter({ hasText: new Intl.NumberFormat('en-US').format(before + 1) }).waitFor({ timeout: 5_000 });
    await page.locator('shoal-interaction-history li', { hasText: 'Live dashboard check' }).waitFor({ timeout: 5_000 });

    // The admin's script moves an open deal to won: the won figures follow.
    const wonBefore = Number((await detail(page, 'wonValue')).replace(/[^\d]/g, ''));
    const { body: open } = await call(shoal.url, 'GET', '/api/opportunities?stage=negotiation&limit=1', undefined, undefined, z.array(Opportunity));
    const moved = await call(shoal.url, 'POST', `/api/opportunities/${open[0]!.id}/move`, { stage: 'won' });
    expect(moved.status).toBe(200);
    await page.locator('shoal-figure-card[data-figure="wonValue"] .detail').filter({ hasText: `${wonBefore + 1} deal` }).waitFor({ timeout: 5_000 });

    // A burst of 20 changes brings a handful of refetches, not 20.
    const requestsBefore = dashboardRequests;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(shoal.url, 'POST', '/api/interactions', { customerId: customers[0]!.id, type: 'note', date: new Date().toISOString(), subject: `Burst ${i}` })),
    );
    await page.locator('shoal-figure-card[data-figure="interactions"] .value').filter({ hasText: new Intl.NumberFormat('en-US').format(before + 21) }).waitFor({ timeout: 5_000 });
    expect(dashboardRequests - requestsBefore).toBeGreaterThanOrEqual(1);
    // A later change is the barrier: updates go out in seq order, so once the page shows it, every
    // refetch the burst caused has been made, and at least one refetch more was the later change's.
    expect((await call(shoal.url, 'POST', '/api/interactions', { customerId: customers[0]!.id, type: 'note', date: new Date().toISOString(), subject: 'After the burst' }, undefined, Interaction)).status).toBe(201);
    await page.locator('shoal-figure-card[data-figure="interactions"] .value').filter({ hasText: new Intl.NumberFormat('en-US').format(before + 22) }).waitFor({ timeout: 5_000 });
    expect(dashboardRequests - requestsBefore - 1, 'the burst’s refetches').toBeLessThanOrEqual(5);

    expect(await page.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark), 'the page was not reloaded').toBe(7);
  });

  it('filters by owner and period, keeps them in the address, and opens a top customer', async () => {
    const page = await openDashboard();
    const { body: users } = await call(shoal.url, 'GET', '/api/users', undefined, undefined, z.array(User));
    const rep = users.find((u) => u.role === 'rep' && u.name !== 'Dana Park')!;
    const everyone = await figure(page, 'openDeals');
    const asked = page.waitForRequest((r) => new URL(r.url()).searchParams.get('ownerId') === rep.id);
    await page.getByLabel('Owner').selectOption(rep.id);
    await asked;
    await page.locator('shoal-dashboard-view .content:not(.outdated)').waitFor();
    expect(await figure(page, 'openDeals')).toBeLessThanOrEqual(everyone);
    await page.getByLabel('Period', { exact: true }).selectOption('last12m');
    await page.locator('shoal-dashboard-view .content:not(.outdated)').waitFor();
    expect(new URL(page.url()).searchParams.get('owner')).toBe(rep.id);
    expect(new URL(page.url()).searchParams.get('period')).toBe('last12m');

    const first = page.locator('shoal-dashboard-view .top li a').first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/customers\/[0-9a-f]{24}$/);
    expect(name.length).toBeGreaterThan(0);
  });

  it('filters by pipeline once there are several, the figures counting that pipeline’s deals only', async () => {
    const stages = [
      { key: 'asked', name: 'Asked', probability: 20, kind: 'open' },
      { key: 'booked', name: 'Booked', probability: 100, kind: 'won' },
      { key: 'declined', name: 'Declined', probability: 0, kind: 'lost' },
    ];
    const service = await call(shoal.url, 'POST', '/api/pipelines', { name: 'Service', stages }, undefined, PipelineDefinition);
    expect(service.status).toBe(201);
    const { body: customers } = await call(shoal.url, 'GET', '/api/customers?limit=1', undefined, undefined, z.array(Customer));
    expect((await call(shoal.url, 'POST', '/api/opportunities', { customerId: customers[0]!.id, pipelineId: service.body.id, name: 'Annual service', stage: 'asked', amount: 1_000 })).status).toBe(201);
    const page = await openDashboard();
    const everyone = await figure(page, 'openDeals');
    const asked = page.waitForRequest((r) => new URL(r.url()).searchParams.get('pipelineId') === service.body.id);
    await page.getByLabel('Pipeline').selectOption({ label: 'Service' });
    await asked;
    await page.locator('shoal-dashboard-view .content:not(.outdated)').waitFor();
    expect(await figure(page, 'openDeals')).toBe(1);
    expect(everyone).toBeGreaterThan(1);
    expect(new URL(page.url()).searchParams.get('pipeline')).toBe(service.body.id);
  });

});
