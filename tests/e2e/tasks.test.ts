import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Task } from '../../shared/task.js';
import { call } from '../support/call.js';
import { repsInBrowsers } from '../support/e2e-team.js';

const e2e = repsInBrowsers(['Ana Silva', 'Ben Ortiz'] as const);
const { team, sessions, as } = e2e;
const bell = (page: Page, label: string | RegExp) => page.locator('shoal-inbox-bell').getByRole('button', { name: label, exact: true });
const pad = (n: number) => String(n).padStart(2, '0');
/** A moment as a datetime-local input takes it, to the second (the browser runs in this machine's time zone). */
const localDateTime = (t: Date) => `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
const myWork = (page: Page) => page.locator('shoal-my-work');
const goToMyWork = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
};

describe('tasks and the inbox, two reps at once', () => {
  it('A gives B a call; B’s bell counts it and its reminder live; B completes it and logs the call in one step; A sees both', async () => {
    const { body: fjord } = await call(e2e.shoal.url, 'POST', '/api/customers', { name: 'Fjord Maritime', email: 'ops@fjord.example' }, undefined, Customer);
    const ana = await sessions.open(team['Ana Silva']);
    const ben = await sessions.open(team['Ben Ortiz']);
    await goToMyWork(ben);
    await bell(ben, 'Notifications').waitFor();

    // A adds the task on her My work page, for Ben, on Fjord Maritime, with a reminder a few seconds out.
    await goToMyWork(ana);
    await ana.keyboard.press('n');
    const form = ana.getByRole('dialog', { name: 'Add a task' });
    await form.getByLabel('Title').fill('Call Fjord about the renewal');
    await form.getByLabel('Type').selectOption('call');
    await form.getByLabel('Assignee').selectOption({ label: 'Ben Ortiz' });
    await form.getByLabel('Customer (optional)').fill('Fjord Maritime');
    await form.getByLabel('Deal (optional)').waitFor();
    const remindAt = new Date(Date.now() + 8000);
    await form.getByLabel('Remind at (optional)').fill(localDateTime(remindAt));
    await form.getByRole('button', { name: 'Add task' }).click();
    await myWork(ana).locator('.toast', { hasText: 'for Ben Ortiz' }).waitFor();

    // B's bell counts it without a reload, and the task is on B's My work under Today.
    await bell(ben, /^Notifications, \d+ unread$/).waitFor();
    const row = myWork(ben).locator('section.today li', { hasText: 'Call Fjord about the renewal' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Fjord Maritime');

    // The reminder reaches B's bell when it is due, not before.
    await bell(ben, 'Notifications, 2 unread').waitFor({ timeout: 20_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(remindAt.getTime() - 1000);
    await bell(ben, 'Notifications, 2 unread').click();
    const panel = ben.getByRole('dialog', { name: 'Notifications' });
    await panel.locator('li.unread').nth(1).waitFor();
    expect(await panel.locator('li').count()).toBe(2);
    expect(await panel.locator('li').first().textContent()).toContain('Reminder');
    await ben.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const { body: tasks } = await call(e2e.shoal.url, 'GET', `/api/tasks?assigneeId=${team['Ben Ortiz'].id}`, undefined, as('Ben Ortiz'), z.array(Task));
    const task = tasks[0]!;

    // A opens the customer's page: the task is among its open tasks.
    await ana.goto(`${e2e.shoal.url}/customers/${fjord.id}`);
    const anaTasks = ana.locator('shoal-customer-tasks');
    await anaTasks.getByRole('list', { name: 'Open tasks' }).locator('li', { hasText: 'Call Fjord about the renewal' }).waitFor();

    // B completes it from the keyboard (x on the focused task) and logs the call in the same step, prefilled from the task.
    await row.getByRole('checkbox', { name: 'Complete Call Fjord about the renewal' }).focus();
    await ben.keyboard.press('x');
    const step = ben.getByRole('dialog', { name: 'Complete “Call Fjord about the renewal”' });
    await step.waitFor();
    expect(await step.getByLabel('Subject').inputValue()).toBe('Call Fjord about the renewal');
    expect(await step.getByLabel('Type').inputValue()).toBe('call');
    expect(await step.textContent()).toContain('Fjord Maritime');
    await step.getByLabel('Notes').fill('Renewing for two years');
    await step.getByRole('button', { name: 'Complete and log call' }).click();
    await myWork(ben).locator('section.done li', { hasText: 'Call Fjord about the renewal' }).waitFor();

    // A, without reloading, sees the task done (by Ben) and the call on the customer's timeline.
    await anaTasks.getByRole('list', { name: 'Done recently' }).locator('li', { hasText: 'done by Ben Ortiz' }).waitFor();
    expect(await anaTasks.getByRole('list', { name: 'Open tasks' }).count()).toBe(0);
    const entry = ana.locator('shoal-interaction-timeline li.entry', { hasText: 'Renewing for two years' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Call Fjord about the renewal');
    const done = await call(e2e.shoal.url, 'GET', `/api/tasks/${task.id}`, undefined, as('Ana Silva'), Task);
    expect(done.body).toMatchObject({ done: true, completedBy: team['Ben Ortiz'].id });
  });

  it('screenshots of My work, the inbox, the task dialog with the mention picker and the log step at laptop and phone width', async () => {
    const { body: osprey } = await call(e2e.shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example' }, undefined, Customer);
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const plan = [
      { title: 'Send the revised quote', type: 'email', dueAt: day(-2), customerId: osprey.id },
      {
        title: 'Prepare the demo for Osprey',
        type: 'meeting',
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        customerId: osprey.id,
        notes: `Bring the sizing chart; @[Ana Silva](user:${team['Ana Silva'].id}) joins`,
      },
      { title: 'Check the contract terms', type: 'todo', dueAt: day(0) },
      { title: 'Quarterly review deadline', type: 'deadline', dueAt: day(6) },
    ];
    for (const t of plan) expect((await call(e2e.shoal.url, 'POST', '/api/tasks', { ...t, assigneeId: team['Ben Ortiz'].id }, as('Ana Silva'))).status).toBe(201);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      const ben = await sessions.open(team['Ben Ortiz'], { width, height });
      await goToMyWork(ben);
      await myWork(ben).locator('section.overdue li', { hasText: 'Send the revised quote' }).waitFor();
      await ben.screenshot({ path: screenshotPath(`my-work-${width}.png`), fullPage: true });
      await ben.locator('shoal-inbox-bell button.bell').click();
      await ben.getByRole('dialog', { name: 'Notifications' }).locator('li').first().waitFor();
      await ben.screenshot({ path: screenshotPath(`inbox-${width}.png`) });
      await ben.keyboard.press('Escape');

      // The task dialog, its customer's deals and contacts offered, the mention picker open in the notes.
      await ben.keyboard.press('n');
      const form = ben.getByRole('dialog', { name: 'Add a task' });
      await form.getByLabel('Title').fill('Call Osprey about the spring order');
      await form.getByLabel('Type').selectOption('call');
      await form.getByLabel('Customer (optional)').fill('Osprey Outfitters');
      await form.getByLabel('Deal (optional)').waitFor();
      await form.getByLabel('Notes (optional)').pressSequentially('Ask @an');
      await form.getByRole('listbox', { name: 'Mention a teammate' }).getByRole('option', { name: /Ana Silva/ }).waitFor();
      await ben.screenshot({ path: screenshotPath(`task-dialog-${width}.png`) });
      await ben.keyboard.press('Escape');
      await form.getByRole('listbox', { name: 'Mention a teammate' }).waitFor({ state: 'hidden' });
      await ben.keyboard.press('Escape');
      await form.waitFor({ state: 'hidden' });

      // The one step that completes a meeting and logs it.
      await myWork(ben).getByRole('checkbox', { name: 'Complete Prepare the demo for Osprey' }).click();
      const step = ben.getByRole('dialog', { name: 'Complete “Prepare the demo for Osprey”' });
      await step.getByLabel('Notes').fill('Showed the spring range; they want samples by Friday.');
      await ben.screenshot({ path: screenshotPath(`complete-step-${width}.png`) });
      await sessions.closeAll();
    }
  });
});
