import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Opportunity, Pipeline, StageChange } from '../../shared/opportunity.js';
import { clientDir, launchBrowser, openShoal, signIn, type Credentials, screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent, JobProgress } from '../../shared/events.js';
import { PipelineDefinition } from '../../shared/pipeline.js';
import { User } from '../../shared/user.js';
import { bodyOf, call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
let ana: TestUser;
let dana: Credentials;
const contexts: BrowserContext[] = [];

const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost'] as const;

beforeAll(async () => {
  shoal = await startShoal({ clientDir, demoSize: { reps: 5, customers: 20, contacts: 40, opportunities: 60, interactions: 50 } });
  browser = await launchBrowser();
  // The admin is a sales manager with a real name; the demo team's data comes through the API.
  expect((await call(shoal.url, 'PATCH', `/api/users/${shoal.admin.id}`, { name: 'Dana Park', color: '#2563eb' }, undefined, User)).status).toBe(200);
  dana = { email: shoal.admin.email, password: shoal.admin.password };
  const job = await call(shoal.url, 'POST', '/api/demo-data');
  expect(job.status).toBe(202);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { body } = await call(shoal.url, 'GET', `/api/demo-data/${bodyOf(job, JobProgress).id}`, undefined, undefined, JobProgress);
    if (body.state === 'done') break;
    if (body.state === 'failed' || Date.now() > deadline) throw new Error(`demo data: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  ana = await shoal.addUser('Ana Silva');
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

/** Opens Shoal in its own browser profile, signs in and goes to the Pipeline page by its link. */
async function openBoard(who: Credentials, label: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const { context, page } = await openShoal(browser, shoal.url, label, viewport);
  contexts.push(context);
  await page.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
  await signIn(page, who);
  await page.getByRole('link', { name: 'Pipeline' }).click();
  await page.getByRole('heading', { name: 'Pipeline', level: 1 }).waitFor();
  await page.locator('shoal-pipeline-board section.column[data-stage="prospecting"]').waitFor();
  return page;
}

const column = (page: Page, stage: string) => page.locator(`shoal-pipeline-board section.column[data-stage="${stage}"]`);
const card = (page: Page, id: string) => page.locator(`shoal-pipeline-board shoal-pipeline-card[data-id="${id}"]`);
const cardIn = (page: Page, stage: string, id: string) => column(page, stage).locator(`shoal-pipeline-card[data-id="${id}"]`);

/** The ids each column shows, in order. */
async function boardOf(page: Page): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const stage of STAGES) out[stage] = await column(page, stage).locator('shoal-pipeline-card').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id!));
  return out;
}

/** A column's count and total as its header shows them. */
async function statsOf(page: Page, stage: string): Promise<{ count: number; total: number }> {
  const stats = column(page, stage).locator('.stats');
  return { count: Number(await stats.getAttribute('data-count')), total: Number(await stats.getAttribute('data-total')) };
}

async function serverBoard(): Promise<Pipeline> {
  return (await call(shoal.url, 'GET', '/api/pipeline?limit=200', undefined, undefined, Pipeline)).body;
}

async function serverOrder(): Promise<Record<string, string[]>> {
  const board = await serverBoard();
  return Object.fromEntries(board.stages.map((s) => [s.key, s.opportunities.map((o) => o.id)]));
}

/** Two open stages side by side where the first has at least `min` deals. */
async function busyStage(min: number): Promise<{ from: Opportunity[]; source: string; target: string }> {
  const board = await serverBoard();
  for (let i = 0; i < 3; i++) {
    const stage = board.stages[i]!;
    if (stage.opportunities.length >= min) return { from: stage.opportunities, source: stage.key, target: board.stages[i + 1]!.key };
  }
  throw new Error('the demo data has no busy open stage');
}

/** Drags with real mouse events: press on the card, move in steps, release over the target. */
async function dragWithMouse(page: Page, id: string, to: { x: number; y: number }, release = true): Promise<void> {
  const from = (await card(page, id).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 4, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  if (release) await page.mouse.up();
}

/** The point just above the middle of a column's first card (the top of the column). */
async function topOf(page: Page, stage: string): Promise<{ x: number; y: number }> {
  const first = column(page, stage).locator('shoal-pipeline-card').first();
  const box = (await first.count()) ? (await first.boundingBox())! : (await column(page, stage).locator('.cards').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + 8 };
}

describe('Pipeline board, two reps at once', () => {
  it('shows a card Dana drags with the mouse in Ana’s browser, live, with the column totals changed', async () => {
    const danaPage = await openBoard(dana, 'Dana');
    const anaPage = await openBoard(ana, 'Ana');
    await anaPage.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));
    await anaPage.locator('shoal-pipeline-board .avatars[aria-label="Dana Park is also on the board"]').waitFor();

    const { from, source, target } = await busyStage(2);
    const moving = from[0]!;
    const before = { source: await statsOf(anaPage, source), target: await statsOf(anaPage, target) };

    await dragWithMouse(danaPage, moving.id, await topOf(danaPage, target));
    await cardIn(danaPage, target, moving.id).waitFor();

    // Ana sees it arrive at the top of the target column, saying who moved it, without a reload.
    const arrived = cardIn(anaPage, target, moving.id);
    await arrived.waitFor();
    expect(await arrived.evaluate((el) => (el as unknown as { note: string }).note)).toBe('Moved by Dana Park');
    await expect.poll(() => statsOf(anaPage, source)).toEqual({ count: before.source.count - 1, total: Math.round((before.source.total - moving.amount) * 100) / 100 });
    await expect.poll(() => statsOf(anaPage, target)).toEqual({ count: before.target.count + 1, total: Math.round((before.target.total + moving.amount) * 100) / 100 });
    expect(await anaPage.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(7);

    // One move on the server, at the top of the target column; both boards show the server's order.
    const server = await serverOrder();
    expect(server[target]![0]).toBe(moving.id);
    const history = (await call(shoal.url, 'GET', `/api/opportunities/${moving.id}/history`, undefined, undefined, z.array(StageChange))).body;
    expect(history.at(-1)).toMatchObject({ to: target, actor: { name: 'Dana Park' } });
    await expect.poll(() => boardOf(anaPage)).toEqual(server);
    await expect.poll(() => boardOf(danaPage)).toEqual(server);
  });

  it('shows a card Ana moves with the keyboard in Dana’s browser', async () => {
    const danaPage = await openBoard(dana, 'Dana');
    const anaPage = await openBoard(ana, 'Ana');
    const { from, source, target } = await busyStage(2);
    const moving = from[1]!;
    const mark = Number((await call(shoal.url, 'GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));

    // Ana focuses the card and presses ArrowRight: it moves to the next stage.
    await card(anaPage, moving.id).focus();
    await anaPage.keyboard.press('Shift+ArrowRight');
    await cardIn(anaPage, target, moving.id).waitFor();
    expect(await anaPage.locator('shoal-pipeline-board [role="status"].visually-hidden').textContent()).toContain(`Moved ${moving.name} to`);

    const arrived = cardIn(danaPage, target, moving.id);
    await arrived.waitFor();
    expect(await arrived.evaluate((el) => (el as unknown as { note: string }).note)).toBe('Moved by Ana Silva');
    expect(await cardIn(danaPage, source, moving.id).count()).toBe(0);

    // One key press, one move.
    const events = (await call(shoal.url, 'GET', `/api/events?after=${mark}`, undefined, undefined, z.array(ChangeEvent))).body.filter((e) => e.id === moving.id);
    expect(events.map((e) => [e.op, e.actor.name])).toEqual([['moved', 'Ana Silva']]);
    const server = await serverOrder();
    expect(server[target]).toContain(moving.id);
    await expect.poll(() => boardOf(danaPage)).toEqual(server);
    await expect.poll(() => boardOf(anaPage)).toEqual(server);
  });

  it('ends with the same order everywhere when two reps move the same card at the same moment', async () => {
    const danaPage = await openBoard(dana, 'Dana');
    const anaPage = await openBoard(ana, 'Ana');
    const { from } = await busyStage(3);
    const contested = from[1]!;
    const mark = Number((await call(shoal.url, 'GET', '/api/events?after=0&limit=1')).headers.get('x-latest-seq'));
    await card(danaPage, contested.id).focus();
    await card(anaPage, contested.id).focus();
    // Both press at once: Dana moves it up, Ana moves it to the next stage.
    await Promise.all([danaPage.keyboard.press('Shift+ArrowUp'), anaPage.keyboard.press('Shift+ArrowRight')]);

    // Wait until both boards agree with the server (nothing in flight any more).
    await expect
      .poll(async () => {
        const server = await serverOrder();
        const [a, d] = await Promise.all([boardOf(anaPage), boardOf(danaPage)]);
        return JSON.stringify(a) === JSON.stringify(server) && JSON.stringify(d) === JSON.stringify(server);
      }, { timeout: 10_000 })
      .toBe(true);
    // Whoever's move lost was told, on the card, who moved it at the same time.
    const notes = await Promise.all([danaPage, anaPage].map((page) => card(page, contested.id).evaluate((el) => (el as unknown as { note: string }).note)));
    const conflict = notes.filter((n) => n.includes('at the same time'));
    const events = (await call(shoal.url, 'GET', `/api/events?after=${mark}`, undefined, undefined, z.array(ChangeEvent))).body.filter((e) => e.id === contested.id && e.op === 'moved');
    // Two moves applied one after the other is not a conflict; one refused move is.
    if (events.length === 1) expect(conflict).toHaveLength(1);
  });

  it('catches up after losing its connection and ends identical to the others', async () => {
    const danaPage = await openBoard(dana, 'Dana');
    const anaPage = await openBoard(ana, 'Ana');
    await anaPage.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 9));
    await anaPage.context().setOffline(true);
    await anaPage.locator('shoal-connection-status [data-state="reconnecting"], shoal-connection-status [data-state="offline"]').first().waitFor();

    // While Ana is offline, Dana moves two deals and a script moves a third.
    const { from, source, target } = await busyStage(3);
    await dragWithMouse(danaPage, from[0]!.id, await topOf(danaPage, target));
    await cardIn(danaPage, target, from[0]!.id).waitFor();
    expect((await call(shoal.url, 'POST', `/api/opportunities/${from[1]!.id}/move`, { stage: 'won' })).status).toBe(200);
    await card(danaPage, from[2]!.id).focus();
    await danaPage.keyboard.press('Shift+ArrowRight');
    await cardIn(danaPage, target, from[2]!.id).waitFor();
    expect(await cardIn(anaPage, source, from[0]!.id).count(), 'Ana has not heard yet').toBe(1);

    await anaPage.context().setOffline(false);
    await anaPage.locator('shoal-connection-status [data-state="live"]').waitFor();
    const server = await serverOrder();
    await expect.poll(() => boardOf(anaPage), { timeout: 10_000 }).toEqual(server);
    await expect.poll(() => boardOf(danaPage)).toEqual(server);
    const sums = (await serverBoard()).stages.map((s) => ({ count: s.count, total: s.total }));
    expect(await Promise.all(STAGES.map((s) => statsOf(anaPage, s)))).toEqual(sums);
    expect(await anaPage.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(9);
  });

  it('renders the board for a sales team (docs/screenshots/pipeline.png and pipeline-phone.png)', async () => {
    const danaPage = await openBoard(dana, 'Dana');
    const anaPage = await openBoard(ana, 'Ana');
    const { from, target } = await busyStage(3);

    // Dana moves one deal (Ana sees "Moved by Dana Park") and is dragging another right now.
    await dragWithMouse(danaPage, from[0]!.id, await topOf(danaPage, target));
    await cardIn(anaPage, target, from[0]!.id).waitFor();
    const held = from[1]!;
    await dragWithMouse(danaPage, held.id, await topOf(danaPage, target), false);
    const outlined = card(anaPage, held.id).locator('.held-by');
    await outlined.waitFor();
    expect(await outlined.textContent()).toContain('Dana is moving this');

    await anaPage.waitForTimeout(500);
    await anaPage.screenshot({ path: screenshotPath('pipeline.png') });
    await danaPage.mouse.up();

    const phone = await openBoard(ana, 'Ana (phone)', { width: 390, height: 844 });
    await phone.locator('shoal-pipeline-board shoal-pipeline-card').first().waitFor();
    await phone.screenshot({ path: screenshotPath('pipeline-phone.png') });
  });
});

describe('Pipeline board: next steps and pipelines', () => {
  it('Ana plans a call on a deal with `n` on its page; Dana’s board shows it as the next step live; Dana switches pipeline and only its moves show', async () => {
    const customerId = (await call(shoal.url, 'POST', '/api/customers', { name: 'Fjord Maritime', email: 'ops@fjord.example' }, undefined, Customer)).body.id;
    const fresh = (await call(shoal.url, 'POST', '/api/opportunities', { customerId, name: 'Fjord fleet renewal', stage: 'prospecting', amount: 42_000 }, undefined, Opportunity)).body;
    const danaPage = await openBoard(dana, 'Dana', { width: 1280, height: 800 });
    const freshCard = card(danaPage, fresh.id);
    await freshCard.locator('.next.none', { hasText: 'No next step' }).waitFor();

    // Ana, on the deal's own page, presses `n` and plans a call due yesterday.
    const { context, page: anaPage } = await openShoal(browser, shoal.url, 'Ana', { width: 1280, height: 800 });
    contexts.push(context);
    await anaPage.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
    await signIn(anaPage, { email: ana.email, password: ana.password });
    await anaPage.goto(new URL(`/deals/${fresh.id}`, shoal.url).href);
    await anaPage.getByRole('heading', { name: 'Fjord fleet renewal', level: 1 }).waitFor();
    await anaPage.locator('shoal-customer-tasks', { hasText: 'No open tasks for this deal' }).waitFor();
    await anaPage.keyboard.press('n');
    const form = anaPage.getByRole('dialog', { name: 'Add a task' });
    await form.getByLabel('Title').fill('Call Fjord about the fleet');
    await form.getByLabel('Type').selectOption('call');
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    await form.getByLabel('Due', { exact: true }).fill(day);
    await form.getByRole('button', { name: 'Add task' }).click();
    await anaPage.locator('shoal-customer-tasks li', { hasText: 'Call Fjord about the fleet' }).waitFor();

    // Dana's board shows it without a reload, overdue.
    const next = freshCard.locator('.next', { hasText: 'Call Fjord about the fleet · Yesterday' });
    await next.waitFor();
    expect(await freshCard.locator('.badge.overdue').textContent()).toBe('Overdue');
    await freshCard.scrollIntoViewIfNeeded();
    await danaPage.screenshot({ path: screenshotPath('pipeline-next-steps-1280.png') });
    const phone = await openBoard(dana, 'Dana (phone)', { width: 390, height: 844 });
    await card(phone, fresh.id).locator('.next', { hasText: 'Call Fjord about the fleet' }).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: screenshotPath('pipeline-next-steps-390.png') });

    // An admin adds a second pipeline with a deal in it: Dana's board offers it without a reload.
    const partnerships = (
      await call(shoal.url, 'POST', '/api/pipelines', {
        name: 'Partnerships',
        stages: [
          { key: 'intro', name: 'Intro', probability: 10, kind: 'open', rotDays: 7 },
          { key: 'pilot', name: 'Pilot', probability: 50, kind: 'open' },
          { key: 'signed', name: 'Signed', probability: 100, kind: 'won' },
        ],
      }, undefined, PipelineDefinition)
    ).body;
    const reseller = (await call(shoal.url, 'POST', '/api/opportunities', { customerId, pipelineId: partnerships.id, name: 'Fjord reseller pilot', stage: 'intro', amount: 9_000 }, undefined, Opportunity)).body;
    const picker = danaPage.getByRole('combobox', { name: 'Pipeline', exact: true });
    await picker.locator('option', { hasText: 'Partnerships' }).waitFor({ state: 'attached' });
    await picker.selectOption({ label: 'Partnerships' });
    await cardIn(danaPage, 'intro', reseller.id).waitFor();
    expect(new URL(danaPage.url()).searchParams.get('pipeline')).toBe(partnerships.id);
    expect(await danaPage.locator('shoal-pipeline-board section.column h2').allTextContents()).toEqual(['Intro', 'Pilot', 'Signed']);

    // A move on the Sales pipeline stays out of this view; a move on this one shows (events come in order).
    expect((await call(shoal.url, 'POST', `/api/opportunities/${fresh.id}/move`, { stage: 'qualification' })).status).toBe(200);
    const authorization = { authorization: `Bearer ${ana.token}` };
    expect((await call(shoal.url, 'POST', `/api/opportunities/${reseller.id}/move`, { stage: 'pilot' }, authorization)).status).toBe(200);
    await cardIn(danaPage, 'pilot', reseller.id).waitFor();
    expect(await card(danaPage, fresh.id).count()).toBe(0);
    expect(await danaPage.locator('shoal-pipeline-board section.column').count()).toBe(3);

    // The address keeps the pipeline: a reload shows it again (and, still, the screenshot).
    await danaPage.reload();
    await cardIn(danaPage, 'pilot', reseller.id).waitFor();
    expect(await danaPage.getByRole('combobox', { name: 'Pipeline', exact: true }).inputValue()).toBe(partnerships.id);
    await danaPage.screenshot({ path: screenshotPath('pipeline-second-1280.png') });
  });
});

describe('Pipeline board: the first answer', () => {
  it('is asked for by the browser with the page, before any script, and the board takes that answer instead of asking again', async () => {
    // The page at /pipeline names the board's first request in its Link header (the other pages do not).
    const page = await fetch(`${shoal.url}/pipeline`);
    expect(page.headers.get('link')).toBe('</api/pipeline?limit=50>; rel=preload; as=fetch; crossorigin=anonymous');
    const pipelineId = 'abcdefabcdefabcdefabcdef';
    expect((await fetch(`${shoal.url}/pipeline?pipeline=${pipelineId}`)).headers.get('link')).toBe(`</api/pipeline?limit=50&pipelineId=${pipelineId}>; rel=preload; as=fetch; crossorigin=anonymous`);
    expect((await fetch(`${shoal.url}/customers`)).headers.get('link')).toBe(null);

    const board = await openBoard(ana, 'Ana');
    await board.goto(`${shoal.url}/pipeline`);
    await board.locator('shoal-pipeline-board shoal-pipeline-card').first().waitFor();
    const requests = (await board.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, start: e.startTime })))) as { name: string; start: number }[];
    const answers = requests.filter((r) => r.name === '/api/pipeline');
    const script = requests.find((r) => /^\/assets\/index-.*\.js$/.test(r.name));
    // One request for the board (the preload, taken by the board's fetch), started before the page's script was.
    expect(answers).toHaveLength(1);
    expect(script).toBeDefined();
    expect(answers[0]!.start).toBeLessThanOrEqual(script!.start);
  });
});
