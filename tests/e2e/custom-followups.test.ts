import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE_ID } from '../../shared/stage.js';
import { clientDir, launchBrowser, screenshotPath, signedInBrowsers } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { FieldDefinition } from '../../shared/field.js';
import { Interaction } from '../../shared/interaction.js';
import { PipelineDefinition } from '../../shared/pipeline.js';
import { Task } from '../../shared/task.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

/** Issue 14's follow-ups in real browsers: custom fields in the interaction form and the task dialog, and a pipeline saved over another admin's change. */

let shoal: TestShoal;
let browser: Browser;
let rep: TestUser;
let second: TestUser;
let customerId = '';
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  rep = await shoal.addUser('Rita Reyes');
  second = await shoal.addUser('Sam Admin', 'admin');
  customerId = (await call(shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example', ownerId: rep.id }, undefined, Customer)).body.id;
});

afterEach(async () => {
  await sessions.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

describe('custom fields in the follow-up forms', () => {
  it('an interaction field an admin adds is in the rep’s form, required held, and saved with the call; a task field in the task dialog', async () => {
    const outcome = await call(shoal.url, 'POST', '/api/fields', {
      entity: 'interaction',
      key: 'outcome',
      label: 'Outcome',
      type: 'select',
      required: true,
      options: [
        { key: 'reached', label: 'Reached' },
        { key: 'voicemail', label: 'Voicemail' },
      ],
    }, undefined, FieldDefinition);
    expect(outcome.status).toBe(201);
    expect((await call(shoal.url, 'POST', '/api/fields', { entity: 'task', key: 'effort', label: 'Effort (hours)', type: 'number' }, undefined, FieldDefinition)).status).toBe(201);

    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const rita = await sessions.open(rep, viewport);
      await rita.goto(`${shoal.url}/customers/${customerId}`);
      await rita.getByRole('button', { name: 'Log a call' }).click();
      const form = rita.getByRole('form', { name: 'Log a call' });
      await form.getByLabel('Subject').fill(`Fitting session ${viewport.width}`);
      await form.getByRole('button', { name: 'Log call' }).click();
      await form.getByText('Outcome is required.').waitFor();
      await form.screenshot({ path: screenshotPath(`interaction-custom-${viewport.width}.png`) });
      await form.getByLabel('Outcome').selectOption('reached');
      await form.getByRole('button', { name: 'Log call' }).click();
      await form.waitFor({ state: 'hidden' });
      // The entry on the timeline shows it.
      await rita.locator('shoal-interaction-timeline li.entry', { hasText: `Fitting session ${viewport.width}` }).locator('.custom', { hasText: 'Outcome: Reached' }).waitFor();
      if (viewport.width === 1280) await rita.locator('shoal-interaction-timeline').screenshot({ path: screenshotPath('timeline-custom-1280.png') });

      await rita.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
      await rita.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
      await rita.keyboard.press('n');
      const dialog = rita.getByRole('dialog', { name: 'Add a task' });
      await dialog.getByLabel('Title').fill(`Send the fitting quote ${viewport.width}`);
      await dialog.getByLabel('Effort (hours)').fill('1.5');
      await rita.screenshot({ path: screenshotPath(`task-dialog-custom-${viewport.width}.png`) });
      await dialog.getByRole('button', { name: 'Add task' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }

    const calls = (await call(shoal.url, 'GET', `/api/interactions?customerId=${customerId}&sort=date`, undefined, undefined, z.array(Interaction))).body;
    expect(calls.map((c) => [c.subject, c.custom])).toEqual(
      expect.arrayContaining([
        ['Fitting session 1280', { outcome: 'reached' }],
        ['Fitting session 390', { outcome: 'reached' }],
      ]),
    );
    const tasks = (await call(shoal.url, 'GET', `/api/tasks?assigneeId=${rep.id}`, undefined, undefined, z.array(Task))).body;
    expect(tasks.filter((t) => t.title.startsWith('Send the fitting quote')).map((t) => t.custom)).toEqual([{ effort: 1.5 }, { effort: 1.5 }]);
  });
});

describe('pipeline settings and another admin’s change', () => {
  it('a save over a change another admin saved meanwhile is refused (If-Match) and shows their version', async () => {
    const ada = await sessions.open(shoal.admin, { width: 1280, height: 800 });
    const sam = await sessions.open(second, { width: 1280, height: 800 });
    for (const page of [ada, sam]) {
      await page.goto(`${shoal.url}/settings/pipelines`);
      await page.locator('shoal-pipeline-editor li[data-key="proposal"] input.stage-name').waitFor();
    }
    // Both rename the Proposal stage; Ada saves first.
    await sam.locator('shoal-pipeline-editor li[data-key="proposal"] input.stage-name').fill('Quote sent');
    await ada.locator('shoal-pipeline-editor li[data-key="proposal"] input.stage-name').fill('Offer out');
    await ada.getByRole('button', { name: 'Save pipeline' }).click();
    await ada.getByText('Saved the pipeline').waitFor();
    await sam.locator('shoal-pipeline-editor .changed-elsewhere').waitFor();

    // Sam saves anyway: the server refuses (412), and Sam sees Ada's version.
    await sam.getByRole('button', { name: 'Save pipeline' }).click();
    await sam.locator('shoal-pipeline-editor .refused', { hasText: 'Someone else changed this pipeline' }).waitFor();
    expect(await sam.locator('shoal-pipeline-editor li[data-key="proposal"] input.stage-name').inputValue()).toBe('Offer out');
    await sam.screenshot({ path: screenshotPath('settings-pipeline-refused-1280.png') });
    const stored = (await call(shoal.url, 'GET', `/api/pipelines/${DEFAULT_PIPELINE_ID}`, undefined, undefined, PipelineDefinition)).body;
    expect(stored.stages.find((s) => s.key === 'proposal')!.name).toBe('Offer out');

    // Made again on Ada's version, Sam's save goes through.
    await sam.locator('shoal-pipeline-editor li[data-key="proposal"] input.stage-name').fill('Quote sent');
    await sam.getByRole('button', { name: 'Save pipeline' }).click();
    await sam.getByText('Saved the pipeline').waitFor();
    expect((await call(shoal.url, 'GET', `/api/pipelines/${DEFAULT_PIPELINE_ID}`, undefined, undefined, PipelineDefinition)).body.stages.find((s) => s.key === 'proposal')!.name).toBe('Quote sent');
  });

  it('the dashboard’s interaction history offers Export and Import CSV', async () => {
    const rita = await sessions.open(rep, { width: 1280, height: 800 });
    await rita.goto(`${shoal.url}/dashboard`);
    const history = rita.locator('shoal-interaction-history');
    await history.getByRole('button', { name: 'Import CSV' }).waitFor();
    const href = await history.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/interactions\/export\?/);
    const exported = await rita.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(exported.split('\n')[0]).toContain('outcome');
    expect(exported).toContain('Fitting session 1280');
    await history.screenshot({ path: screenshotPath('interaction-history-csv-1280.png') });
  });
});
