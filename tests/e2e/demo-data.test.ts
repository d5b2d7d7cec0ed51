import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/events.js';
import { clientDir, launchBrowser, openShoal, screenshotPath, signIn, waitUntilLive } from '../support/browser.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;

beforeAll(async () => {
  // A fresh Shoal with a small demo team, so the load takes seconds, not minutes.
  shoal = await startShoal({ clientDir, setup: false, demoSize: { reps: 2, customers: 12, contacts: 20, opportunities: 20, interactions: 40 } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

const ada = { name: 'Ada Lovelace', email: 'ada@northwind.example', password: 'analytical engine 1843' };
const ben = { name: 'Ben Ortiz', email: 'ben@northwind.example', password: 'pipeline wizard 2026' };

/** Records every `job` event the page's socket receives. */
function recordJobEvents(page: Page): JobProgress[] {
  const seen: JobProgress[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const match = /^42(\[.*\])$/s.exec(String(payload));
      const [name, progress] = match ? (JSON.parse(match[1]!) as [string, JobProgress]) : [];
      if (name === 'job' && progress) seen.push(progress);
    }),
  );
  return seen;
}

/** Notes each text the progress label shows, frame by frame, in `window.shoalProgress`. */
async function recordProgressLabels(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { shoalProgress: string[] }).shoalProgress = seen;
    const tick = () => {
      const offer = document.querySelector('shoal-app')?.shadowRoot?.querySelector('shoal-customers-view')?.shadowRoot?.querySelector('shoal-demo-data-offer');
      const text = offer?.shadowRoot?.querySelector('#demo-progress-label')?.textContent?.replace(/\s+/g, ' ').trim();
      if (text && seen.at(-1) !== text) seen.push(text);
      requestAnimationFrame(tick);
    };
    tick();
  });
}

describe('demo data, from the first-run screen', () => {
  it('lets the first admin load demo data and see the customers arrive without a reload; reps are pointed to an admin', async () => {
    const { page: a } = await openShoal(browser, shoal.url, 'Ada');
    const jobEvents = recordJobEvents(a);
    await a.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    const setup = a.locator('shoal-setup-form');
    await setup.getByLabel('Your name').fill(ada.name);
    await setup.getByLabel('Email').fill(ada.email);
    await setup.getByLabel('Password').fill(ada.password);
    await setup.getByRole('button', { name: 'Create admin account' }).click();
    await waitUntilLive(a);

    // A rep of this empty Shoal gets the ordinary empty state, with a hint to ask an admin.
    const request = a.context().request;
    const { csrfToken } = await (await request.get(`${shoal.url}/api/auth/me`)).json();
    const added = await request.post(`${shoal.url}/api/users`, { data: { ...ben, role: 'rep' }, headers: { 'x-csrf-token': csrfToken } });
    expect(added.status()).toBeLessThan(300);
    const { context: benContext, page: b } = await openShoal(browser, shoal.url, 'Ben');
    await b.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
    await signIn(b, ben);
    await b.getByText('No customers yet').waitFor();
    await b.getByText('Ask an admin to load the demo data').waitFor();
    expect(await b.getByRole('button', { name: 'Load demo data' }).count()).toBe(0);
    await benContext.close();

    // The admin is welcomed with both first steps.
    const offer = a.locator('shoal-demo-data-offer');
    await offer.getByRole('heading', { name: 'Welcome to Shoal' }).waitFor();
    await offer.getByRole('button', { name: 'Add your first customer' }).waitFor();
    await offer.getByText('Loads a team of 5 reps, 200 customers').waitFor();
    await a.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 12));
    await a.screenshot({ path: screenshotPath('demo-data-offer.png') });

    await recordProgressLabels(a);
    await offer.getByRole('button', { name: 'Load demo data' }).click();
    await offer.getByRole('progressbar').waitFor();
    // Mid-way if the load is slow enough to catch it there; the screenshot is for people to look at.
    await offer
      .locator('#demo-progress-label', { hasText: /Loading (contacts|deals|interactions)/ })
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await a.screenshot({ path: screenshotPath('demo-data-progress.png') });

    // The customers arrive in the list once the load is done, with a word of success.
    await a.locator('shoal-customers-view .range').filter({ hasText: 'Showing 1–12 of 12' }).waitFor({ timeout: 45_000 });
    expect(await a.locator('shoal-customer-table tbody tr').count()).toBe(12);
    await a.locator('shoal-customers-view .toast').filter({ hasText: 'Demo data loaded' }).waitFor();
    expect(await a.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark), 'the same page, not a reload').toBe(12);

    // The bar followed the job's progress as the socket reported it.
    expect(jobEvents.length).toBeGreaterThan(0);
    expect(jobEvents.at(-1)).toMatchObject({ kind: 'demo-data', state: 'done', done: 112, total: 112 });
    const labels = await a.evaluate(() => (window as unknown as { shoalProgress: string[] }).shoalProgress);
    expect(labels.some((l) => /^(Adding|Loading) .+… \d{1,2}%$/.test(l)), `labels shown: ${labels.join(' | ')}`).toBe(true);
    expect(labels.at(-1)).toBe('Done 100%');
  });
});
