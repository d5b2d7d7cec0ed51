import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE_ID, DEFAULT_STAGES } from '../../shared/stage.js';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { PipelineDefinition } from '../../shared/pipeline.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/**
 * Rotting as time passes (issue 13, SPEC section 12), in real browsers: the server's clock moves
 * (no waiting for days, no fixed sleeps), Shoal's check marks the quiet deal, and an open deals
 * table and an open board show it live; the next activity unmarks it; the table filters by it,
 * and a filtered table lets in a deal as it starts rotting and lets out one as it stops.
 */

const DAY = 24 * 60 * 60 * 1000;
let now = Date.now();
let shoal: TestShoal;
let browser: Browser;
let rep: TestUser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));

beforeAll(async () => {
  shoal = await startShoal({ clientDir, clock: () => new Date(now) });
  browser = await launchBrowser();
  rep = await shoal.addUser('Rita Reyes');
  // Proposals rot after 3 days without a change, an interaction or a task.
  const stages = DEFAULT_STAGES.map((s) => (s.key === 'proposal' ? { ...s, rotDays: 3 } : s));
  expect((await call(shoal.url, 'PATCH', `/api/pipelines/${DEFAULT_PIPELINE_ID}`, { stages }, undefined, PipelineDefinition)).status).toBe(200);
});

afterAll(async () => {
  await sessions.closeAll();
  await browser?.close();
  await shoal?.close();
});

const row = (page: Page, name: string) => page.locator('shoal-deal-table tbody tr', { hasText: name });
const mark = (page: Page, name: string) => row(page, name).locator('.chip.rotting');

describe('rotting deals as the clock moves', () => {
  it('marks the quiet deal in an open deals table and on an open board, live; a call unmarks it; the table filters rotting deals', async () => {
    const customer = async (name: string) => (await call(shoal.url, 'POST', '/api/customers', { name, email: `${name.split(' ')[0]!.toLowerCase()}@rot.example` }, undefined, Customer)).body.id;
    const quietCo = await customer('Quiet Harbor');
    const busyCo = await customer('Busy Docks');
    for (const [customerId, name] of [
      [quietCo, 'Quiet cranes'],
      [busyCo, 'Busy berths'],
    ] as const) {
      expect((await call(shoal.url, 'POST', '/api/opportunities', { customerId, name, stage: 'proposal', amount: 12_000, ownerId: rep.id }, undefined, Opportunity)).status).toBe(201);
    }

    const rita = await sessions.open(rep, { width: 1280, height: 800 });
    await rita.goto(new URL('/deals', shoal.url).href);
    await row(rita, 'Quiet cranes').waitFor();
    await row(rita, 'Busy berths').waitFor();
    expect(await rita.locator('shoal-deal-table .chip.rotting').count()).toBe(0);
    const admin = await sessions.open(shoal.admin, { width: 1280, height: 800 });
    await admin.goto(new URL('/pipeline', shoal.url).href);
    const card = admin.locator('shoal-pipeline-card', { hasText: 'Quiet cranes' }).locator('.card');
    await card.waitFor();
    await rita.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));

    // Two days on, someone calls Busy Docks; two more days and Shoal's check (what its timer runs) finds Quiet Harbor's deal quiet for 4 days.
    now += 2 * DAY;
    expect((await call(shoal.url, 'POST', '/api/interactions', { customerId: busyCo, type: 'call', date: new Date(now).toISOString(), subject: 'Berth schedule' }, undefined, Interaction)).status).toBe(201);
    now += 2 * DAY;
    expect(await shoal.shoal.rotting.check()).toBe(1);

    await mark(rita, 'Quiet cranes').waitFor();
    expect(await mark(rita, 'Quiet cranes').getAttribute('title')).toBe('Rotting: no activity for more than 3 days');
    expect(await mark(rita, 'Busy berths').count()).toBe(0);
    await admin.locator('shoal-pipeline-card', { hasText: 'Quiet cranes' }).locator('.card.rotting').waitFor();
    expect(await rita.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark), 'no reload').toBe(7);
    await rita.screenshot({ path: screenshotPath('deals-rotting-1280.png') });

    // The table filters by it: Add filter, Rotting, Yes.
    await rita.getByRole('button', { name: 'Add filter' }).click();
    await rita.locator('#filter-field').selectOption('rotting');
    await rita.getByRole('button', { name: 'Apply filter' }).click();
    await rita.getByText('Rotting: yes').waitFor();
    await row(rita, 'Busy berths').waitFor({ state: 'detached' });
    await row(rita, 'Quiet cranes').waitFor();
    expect(new URL(rita.url()).searchParams.get('rotting')).toBe('true');

    // A phone opened on the same list shows the mark too.
    const phone = await sessions.open(rep, { width: 390, height: 844 });
    await phone.goto(new URL('/deals?rotting=true', shoal.url).href);
    await mark(phone, 'Quiet cranes').waitFor();
    await phone.screenshot({ path: screenshotPath('deals-rotting-390.png') });

    // Two more days and Busy Docks' deal goes quiet too: it enters the filtered table as Shoal marks it, no reload.
    now += 2 * DAY;
    expect(await shoal.shoal.rotting.check()).toBe(1);
    await mark(rita, 'Busy berths').waitFor();
    await mark(phone, 'Busy berths').waitFor();
    expect(await rita.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark), 'no reload').toBe(7);

    // The next activity ends it: a call with Quiet Harbor, and the mark goes from the board, its row from the filtered table.
    expect((await call(shoal.url, 'POST', '/api/interactions', { customerId: quietCo, type: 'call', date: new Date(now).toISOString(), subject: 'Crane delivery' }, undefined, Interaction)).status).toBe(201);
    await admin.locator('shoal-pipeline-card', { hasText: 'Quiet cranes' }).locator('.card:not(.rotting)').waitFor();
    await row(rita, 'Quiet cranes').waitFor({ state: 'detached' });
    await row(phone, 'Quiet cranes').waitFor({ state: 'detached' });
    expect(await row(rita, 'Busy berths').count()).toBe(1);
    expect(await rita.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark), 'no reload').toBe(7);
    const stored = await call(shoal.url, 'GET', '/api/opportunities?rotting=true', undefined, undefined, z.array(Opportunity));
    expect(stored.body.map((d) => d.name)).toEqual(['Busy berths']);
  });
});
