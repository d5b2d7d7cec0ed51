import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { Interaction } from '../../shared/interaction.js';
import { Opportunity } from '../../shared/opportunity.js';
import { Task } from '../../shared/task.js';
import { call } from '../support/call.js';
import { repsInBrowsers } from '../support/e2e-team.js';

const e2e = repsInBrowsers(['Ana Silva', 'Ben Ortiz'] as const);
const { team, sessions, as } = e2e;
const open = (name: keyof typeof team, viewport?: { width: number; height: number }) => sessions.open(team[name], viewport);
const toast = (page: Page, text: string) => page.locator('shoal-toasts .toast', { hasText: text });

describe('deleting a deal, a task or an interaction, and Undo', () => {
  it('A deletes a deal on its page and presses Undo: it is back for B too, with its task linked to it', async () => {
    const { body: heron } = await call(e2e.shoal.url, 'POST', '/api/customers', { name: 'Heron Supply', email: 'buy@heron.example' }, as('Ana Silva'), Customer);
    const { body: deal } = await call(e2e.shoal.url, 'POST', '/api/opportunities', { customerId: heron.id, name: 'Fleet renewal', stage: 'proposal', amount: 32000, ownerId: team['Ana Silva'].id }, as('Ana Silva'), Opportunity);
    await call(e2e.shoal.url, 'POST', '/api/tasks', { title: 'Send the contract', type: 'email', dueAt: '2026-12-10', customerId: heron.id, opportunityId: deal.id }, as('Ana Silva'), Task);

    const ben = await open('Ben Ortiz');
    await ben.goto(`${e2e.shoal.url}/customers/${heron.id}`);
    await ben.locator('shoal-opportunity-list').getByText('Fleet renewal').waitFor();
    const ana = await open('Ana Silva');
    await ana.goto(`${e2e.shoal.url}/deals/${deal.id}`);
    await ana.locator('shoal-deal-page h1', { hasText: 'Fleet renewal' }).waitFor();
    await ana.locator('shoal-customer-tasks').getByText('Send the contract').waitFor();

    await ana.getByRole('button', { name: 'Delete deal' }).click();
    const confirm = ana.getByRole('dialog', { name: 'Delete Fleet renewal?' });
    await confirm.getByRole('button', { name: 'Delete deal' }).waitFor();
    expect((await ana.locator('shoal-deal-delete p').first().textContent())!.replace(/\s+/g, ' ')).toMatch(/Fleet renewal \(\$32,000, Proposal\) will be removed/);
    await ana.screenshot({ path: screenshotPath('deal-delete-confirm-1280.png') });
    await confirm.getByRole('button', { name: 'Delete deal' }).click();
    // A lands on the customer's page; B's deal list loses it live.
    await ana.locator('shoal-customer-page h1', { hasText: 'Heron Supply' }).waitFor();
    await ben.locator('shoal-opportunity-list').getByText('Fleet renewal').waitFor({ state: 'detached' });
    expect((await call(e2e.shoal.url, 'GET', `/api/opportunities?customerId=${heron.id}`, undefined, undefined, z.array(Opportunity))).body).toHaveLength(0);

    await toast(ana, 'Deleted Fleet renewal').waitFor();
    await ana.screenshot({ path: screenshotPath('deal-delete-undo-1280.png') });
    await toast(ana, 'Deleted Fleet renewal').getByRole('button', { name: 'Undo' }).click();
    await toast(ana, 'Brought back Fleet renewal').waitFor();
    await ben.locator('shoal-opportunity-list').getByText('Fleet renewal').waitFor();
    const { body: deals } = await call(e2e.shoal.url, 'GET', `/api/opportunities?customerId=${heron.id}`, undefined, undefined, z.array(Opportunity));
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ name: 'Fleet renewal', stage: 'proposal', amount: 32000, ownerId: team['Ana Silva'].id });
    const { body: tasks } = await call(e2e.shoal.url, 'GET', `/api/tasks?customerId=${heron.id}`, undefined, undefined, z.array(Task));
    expect(tasks.map((t) => t.opportunityId), 'the task names the deal that came back').toEqual([deals[0]!.id]);

    // At phone width the deal page's Delete stays inside the head.
    const phone = await open('Ana Silva', { width: 390, height: 844 });
    await phone.goto(`${e2e.shoal.url}/deals/${deals[0]!.id}`);
    await phone.getByRole('button', { name: 'Delete deal' }).waitFor();
    const box = await phone.getByRole('button', { name: 'Delete deal' }).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: screenshotPath('deal-delete-390.png') });
  });

  it('A deletes a task from the customer page and presses Undo: B sees it go and come back', async () => {
    const { body: kite } = await call(e2e.shoal.url, 'POST', '/api/customers', { name: 'Kite Works', email: 'hello@kite.example' }, as('Ana Silva'), Customer);
    await call(e2e.shoal.url, 'POST', '/api/tasks', { title: 'Call about the order', type: 'call', dueAt: '2026-12-11', customerId: kite.id }, as('Ana Silva'), Task);
    const ben = await open('Ben Ortiz');
    await ben.goto(`${e2e.shoal.url}/customers/${kite.id}`);
    await ben.locator('shoal-customer-tasks').getByText('Call about the order').waitFor();
    const ana = await open('Ana Silva', { width: 390, height: 844 });
    await ana.goto(`${e2e.shoal.url}/customers/${kite.id}`);
    const tasks = ana.locator('shoal-customer-tasks');
    await tasks.getByText('Call about the order').waitFor();
    await tasks.getByRole('button', { name: 'Delete Call about the order' }).click();
    await ben.locator('shoal-customer-tasks').getByText('Call about the order').waitFor({ state: 'detached' });
    await toast(ana, 'Deleted the task “Call about the order”').waitFor();
    await ana.screenshot({ path: screenshotPath('task-delete-undo-390.png') });
    await toast(ana, 'Deleted the task').getByRole('button', { name: 'Undo' }).click();
    await ben.locator('shoal-customer-tasks').getByText('Call about the order').waitFor();
    const { body: back } = await call(e2e.shoal.url, 'GET', `/api/tasks?customerId=${kite.id}`, undefined, undefined, z.array(Task));
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ title: 'Call about the order', type: 'call', dueAt: '2026-12-11' });
  });

  it('A edits and deletes an interaction from the dashboard’s history; B’s customer page follows', async () => {
    const { body: wren } = await call(e2e.shoal.url, 'POST', '/api/customers', { name: 'Wren Analytics', email: 'ops@wren.example' }, as('Ana Silva'), Customer);
    await call(e2e.shoal.url, 'POST', '/api/interactions', { customerId: wren.id, type: 'meeting', date: new Date().toISOString(), subject: 'Kickoff', notes: 'Agreed on the scope.', durationMinutes: 45 }, as('Ana Silva'), Interaction);
    const ben = await open('Ben Ortiz');
    await ben.goto(`${e2e.shoal.url}/customers/${wren.id}`);
    const timeline = ben.locator('shoal-interaction-timeline');
    await timeline.locator('li.entry', { hasText: 'Kickoff' }).waitFor();

    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 860 }]) {
      const ana = await open('Ana Silva', viewport);
      await ana.goto(`${e2e.shoal.url}/dashboard`);
      const history = ana.locator('shoal-interaction-history');
      await history.getByRole('button', { name: 'Edit the meeting “Kickoff”' }).waitFor();
      await history.screenshot({ path: screenshotPath(`dashboard-history-${viewport.width}.png`) });
      await history.getByRole('button', { name: 'Edit the meeting “Kickoff”' }).click();
      const form = history.locator('shoal-interaction-form');
      await form.getByLabel('Subject').waitFor();
      await history.screenshot({ path: screenshotPath(`dashboard-history-edit-${viewport.width}.png`) });
      if (viewport.width === 390) {
        await form.getByRole('button', { name: 'Cancel' }).click();
        continue;
      }
      await form.getByLabel('Subject').fill('Kickoff and plan');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await history.getByRole('button', { name: 'Edit the meeting “Kickoff and plan”' }).waitFor();
      await timeline.locator('li.entry', { hasText: 'Kickoff and plan' }).waitFor();

      await history.getByRole('button', { name: 'Delete the meeting “Kickoff and plan”' }).click();
      await timeline.locator('li.entry', { hasText: 'Kickoff and plan' }).waitFor({ state: 'detached' });
      await toast(ana, 'Deleted the meeting “Kickoff and plan”').getByRole('button', { name: 'Undo' }).click();
      await timeline.locator('li.entry', { hasText: 'Kickoff and plan' }).waitFor();
      await history.getByRole('button', { name: 'Edit the meeting “Kickoff and plan”' }).waitFor();
    }
    const { body: stored } = await call(e2e.shoal.url, 'GET', `/api/interactions?customerId=${wren.id}`, undefined, undefined, z.array(Interaction));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ subject: 'Kickoff and plan', notes: 'Agreed on the scope.', durationMinutes: 45 });
  });
});
