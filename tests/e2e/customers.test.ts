import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, signedInBrowsers, onlineAvatar, root, screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { call } from '../support/call.js';
import { startShoal, type TestShoal, type TestUser } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;
const sessions = signedInBrowsers(() => ({ browser, url: shoal.url }));
const team = {} as Record<'Ana Silva' | 'Ben Ortiz' | 'Dana Park', TestUser>;

beforeAll(async () => {
  shoal = await startShoal({ clientDir });
  browser = await launchBrowser();
  // The admin adds the reps through the API; each then signs in on the real sign-in page.
  for (const name of ['Ana Silva', 'Ben Ortiz', 'Dana Park'] as const) team[name] = await shoal.addUser(name);
});

// Each test's browsers close after it, so nobody lingers in the next test's presence.
afterEach(async () => {
  await sessions.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

/** A rep in their own browser profile: opens Shoal, signs in, waits until live. */
const openAs = (name: keyof typeof team, viewport?: { width: number; height: number }): Promise<Page> => sessions.open(team[name], viewport);

/** REST calls as a rep's script, with their token. */
const as = (name: keyof typeof team) => ({ authorization: `Bearer ${team[name].token}` });

const row = (page: Page, text: string) => page.locator('shoal-customer-table tbody tr', { hasText: text });

describe('Customers view, two reps at once', () => {
  it('shows what one rep creates and edits in the other rep’s browser, live, with who did it', async () => {
    const ben = await openAs('Ben Ortiz');
    const ana = await openAs('Ana Silva');
    await ben.getByText('No customers yet').waitFor();
    // Marks Ben's page: it must still be there at the end (no reload).
    await ben.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 42));
    await ben.getByText('Ana Silva is also here').waitFor();

    // Ana creates a customer through the form.
    await ana.getByRole('button', { name: 'New customer' }).click();
    const form = ana.getByRole('dialog', { name: 'New customer' });
    await form.getByLabel('Company name').fill('Northwind Traders');
    await form.getByLabel('Email').fill('orders@northwind.example');
    await form.getByLabel('Phone').fill('+1 206 555 0147');
    await form.getByLabel('Industry').fill('Wholesale');
    await form.getByLabel('Tags').fill('wholesale, priority');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await form.waitFor({ state: 'hidden' });
    await row(ana, 'Northwind Traders').waitFor();

    // Ben sees it appear, marked as Ana's.
    const benRow = row(ben, 'Northwind Traders');
    await benRow.waitFor();
    expect(await benRow.textContent()).toContain('added by Ana Silva');
    expect(await benRow.textContent()).toContain('orders@northwind.example');
    expect(await ben.locator('shoal-customers-view .range').textContent()).toContain('of 1');

    // The same email again is refused, and the form says so next to the field.
    await ana.getByRole('button', { name: 'New customer' }).click();
    await form.getByLabel('Company name').fill('Northwind Again');
    await form.getByLabel('Email').fill('ORDERS@northwind.example');
    await form.getByRole('button', { name: 'Create customer' }).click();
    const emailError = form.locator('[data-field="email"] .error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toContain('Email is already used by another customer');
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });

    // Ana edits it; Ben's row changes in place, highlighted, naming Ana.
    await ana.getByRole('button', { name: 'Edit Northwind Traders' }).click();
    const edit = ana.getByRole('dialog', { name: 'Edit Northwind Traders' });
    await edit.getByLabel('Email').fill('purchasing@northwind.example');
    await edit.getByLabel('Industry').fill('Food distribution');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });

    const edited = row(ben, 'purchasing@northwind.example');
    await edited.waitFor();
    expect(await edited.textContent()).toContain('edited by Ana Silva');
    expect(await edited.textContent()).toContain('Food distribution');
    expect(await edited.getAttribute('class')).toContain('highlight');
    expect(await row(ben, 'orders@northwind.example').count()).toBe(0);
    // Ana's own view does not flag her own change as someone else's.
    expect(await row(ana, 'purchasing@northwind.example').textContent()).not.toContain('edited by');

    // Ana deletes it after confirming; it disappears from Ben's table and Ben is told who.
    await ana.getByRole('button', { name: 'Delete Northwind Traders' }).click();
    const confirm = ana.getByRole('dialog', { name: 'Delete Northwind Traders?' });
    await confirm.getByRole('button', { name: 'Delete customer' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row(ben, 'Northwind Traders').waitFor({ state: 'detached' });
    await ben.getByText('Ana Silva deleted Northwind Traders').waitFor();

    expect(await ben.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark)).toBe(42);

    // Each sees the other online in the header.
    await onlineAvatar(ana, 'Ben Ortiz').waitFor();
    await onlineAvatar(ben, 'Ana Silva').waitFor();
    expect(await onlineAvatar(ana, 'Ana Silva').count(), 'the signed-in rep is not listed as online to themselves').toBe(0);

    // Ben signs out from his menu; Ana no longer sees him, here or online.
    await ben.getByRole('button', { name: 'Ben Ortiz', exact: true }).click();
    await ben.getByRole('menuitem', { name: 'Sign out' }).click();
    await ben.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
    await ben.getByText("You're signed out.").waitFor();
    await ana.getByText('Ben Ortiz is also here').waitFor({ state: 'detached' });
    await onlineAvatar(ana, 'Ben Ortiz').waitFor({ state: 'detached' });
    expect((await ben.context().request.get(`${shoal.url}/api/customers`)).status(), 'the session is over on the server too').toBe(401);
    await ben.context().close();
    await ana.context().close();
  });

  it('warns a rep whose colleague saved the same field first, and overwrites only when asked', async () => {
    const { body: created } = await call(shoal.url, 'POST', '/api/customers', { name: 'Osprey Outfitters', email: 'buyers@osprey.example', phone: '+1 208 555 0111' }, undefined, Customer);
    const ana = await openAs('Ana Silva');
    const ben = await openAs('Ben Ortiz');
    await row(ana, 'Osprey Outfitters').waitFor();
    await row(ben, 'Osprey Outfitters').waitFor();

    // Both open the same customer; Ben saves a new email first.
    await ana.getByRole('button', { name: 'Edit Osprey Outfitters' }).click();
    const anaForm = ana.getByRole('dialog', { name: 'Edit Osprey Outfitters' });
    await ben.getByRole('button', { name: 'Edit Osprey Outfitters' }).click();
    const benForm = ben.getByRole('dialog', { name: 'Edit Osprey Outfitters' });
    await benForm.getByLabel('Email').fill('orders@osprey.example');
    await benForm.getByRole('button', { name: 'Save changes' }).click();
    await benForm.waitFor({ state: 'hidden' });

    // Ana is told while still editing, then saves her own email: a warning, not an overwrite.
    await anaForm.getByText('Ben Ortiz just saved changes to this customer').waitFor();
    await anaForm.getByLabel('Email').fill('purchasing@osprey.example');
    await anaForm.getByRole('button', { name: 'Save changes' }).click();
    const warning = anaForm.getByRole('alert').filter({ hasText: 'saved this customer while you were editing' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Ben Ortiz saved this customer');
    expect(await warning.textContent()).toContain('orders@osprey.example');
    expect(await warning.textContent()).toContain('purchasing@osprey.example');
    const stored = await call(shoal.url, 'GET', `/api/customers/${created.id}`, undefined, undefined, Customer);
    expect(stored.body.email).toBe('orders@osprey.example');
    mkdirSync(path.join(root, 'tests', 'e2e', 'screenshots'), { recursive: true });
    await ana.screenshot({ path: path.join(root, 'tests', 'e2e', 'screenshots', 'conflict.png') });

    // Ana chooses to overwrite; Ben sees her value arrive, with her name.
    await warning.getByRole('button', { name: 'Overwrite with mine' }).click();
    await anaForm.waitFor({ state: 'hidden' });
    const benRow = row(ben, 'purchasing@osprey.example');
    await benRow.waitFor();
    expect(await benRow.textContent()).toContain('edited by Ana Silva');
    expect((await call(shoal.url, 'GET', `/api/customers/${created.id}`, undefined, undefined, Customer)).body.email).toBe('purchasing@osprey.example');

    await call(shoal.url, 'DELETE', `/api/customers/${created.id}`);
    await row(ana, 'Osprey Outfitters').waitFor({ state: 'detached' });
    await ana.context().close();
    await ben.context().close();
  });

  it('renders a realistic customer list (screenshot for docs/screenshots/customers.png)', async () => {
    const dana = as('Dana Park');
    const customers = [
      { name: 'Acme Logistics', email: 'ops@acmelogistics.com', phone: '+1 415 555 0132', website: 'acmelogistics.com', industry: 'Logistics', tags: ['enterprise', 'west'] },
      { name: 'Brightline Dental Group', email: 'office@brightlinedental.com', phone: '+1 312 555 0188', website: 'brightlinedental.com', industry: 'Healthcare', tags: ['smb'] },
      { name: 'Cobalt Analytics', email: 'hello@cobaltanalytics.io', phone: '+44 20 7946 0321', website: 'cobaltanalytics.io', industry: 'Software', tags: ['saas', 'trial'] },
      { name: 'Delmar Construction', email: 'bids@delmarbuild.com', phone: '+1 619 555 0117', industry: 'Construction', tags: ['enterprise'] },
      { name: 'Evergreen Grocers', email: 'purchasing@evergreengrocers.com', phone: '+1 503 555 0164', website: 'evergreengrocers.com', industry: 'Retail', tags: ['retail', 'renewal'] },
      { name: 'Fjord Maritime AS', email: 'post@fjordmaritime.no', phone: '+47 22 55 01 23', website: 'fjordmaritime.no', industry: 'Shipping', tags: ['emea'] },
      { name: 'Granite Peak Insurance', email: 'partners@granitepeak.com', phone: '+1 303 555 0199', industry: 'Insurance', tags: ['enterprise', 'priority'] },
      { name: 'Harbor & Finch Legal', email: 'admin@harborfinch.law', phone: '+1 617 555 0150', website: 'harborfinch.law', industry: 'Legal services' },
      { name: 'Iris Biotech', email: 'procurement@irisbio.com', phone: '+1 858 555 0176', website: 'irisbio.com', industry: 'Biotechnology', tags: ['pilot'] },
      { name: 'Juniper Hotels', email: 'sales@juniperhotels.com', phone: '+1 702 555 0123', website: 'juniperhotels.com', industry: 'Hospitality', tags: ['chain', 'west', 'renewal', 'vip'] },
      { name: 'Keystone Manufacturing', email: 'supply@keystonemfg.com', phone: '+1 412 555 0145', industry: 'Manufacturing', tags: ['enterprise'] },
      { name: 'Lumen Solar Co', email: 'info@lumensolar.co', phone: '+1 512 555 0108', website: 'lumensolar.co', industry: 'Energy', tags: ['smb', 'trial'] },
    ];
    for (const customer of customers) {
      const { status } = await call(shoal.url, 'POST', '/api/customers', customer, dana);
      expect(status).toBe(201);
    }

    const ana = await openAs('Ana Silva', { width: 1440, height: 900 });
    await openAs('Dana Park');
    await row(ana, 'Lumen Solar Co').waitFor();
    expect(await ana.locator('shoal-customer-table tbody tr').count()).toBe(12);
    expect(await ana.locator('shoal-customers-view .range').textContent()).toContain('Showing 1–12 of 12');

    // Sorting by a header re-orders the list.
    await ana.getByRole('button', { name: 'Name', exact: true }).click();
    await ana.locator('shoal-customer-table tbody tr').first().filter({ hasText: 'Lumen Solar Co' }).waitFor();
    await ana.getByRole('button', { name: 'Name', exact: true }).click();
    await ana.locator('shoal-customer-table tbody tr').first().filter({ hasText: 'Acme Logistics' }).waitFor();

    // Searching narrows it down.
    await ana.getByLabel('Search customers').fill('enterprise');
    await ana.locator('shoal-customers-view .range').filter({ hasText: 'of 4' }).waitFor();
    await ana.getByLabel('Search customers').fill('');
    await ana.locator('shoal-customers-view .range').filter({ hasText: 'of 12' }).waitFor();

    // Dana changes one through the API: Ana sees it flash with Dana's name.
    const { body: list } = await call(shoal.url, 'GET', '/api/customers?q=granite', undefined, undefined, z.array(Customer));
    await call(shoal.url, 'PATCH', `/api/customers/${list[0]!.id}`, { phone: '+1 303 555 0100', tags: ['enterprise', 'priority', 'renewal'] }, dana, Customer);
    await row(ana, 'edited by Dana Park').waitFor();
    await ana.locator('shoal-customers-view .avatars[aria-label="Dana Park is also here"]').waitFor();
    await onlineAvatar(ana, 'Dana Park').waitFor();

    await ana.getByRole('heading', { name: 'Customers', level: 1 }).click();
    await ana.screenshot({ path: screenshotPath('customers.png'), fullPage: true });

    const phone = await openAs('Ana Silva', { width: 390, height: 844 });
    await row(phone, 'Acme Logistics').waitFor();
    await phone.screenshot({ path: screenshotPath('customers-phone.png') });
  });

  it('keeps every row’s Delete button in view, not cut off by the table, at 1280 and 1440 px and on a phone', async () => {
    const dana = as('Dana Park');
    for (const customer of [
      { name: 'Quillfeather Stationery Wholesale', email: 'accounts.receivable.department@quillfeather-stationery.example', website: 'quillfeather-stationery-wholesale.example', industry: 'Wholesale distribution', tags: ['enterprise', 'priority', 'renewal', 'west'] },
      { name: 'Ravenscroft Architecture', email: 'new.business.enquiries@ravenscroft-architecture.example', phone: '+44 20 7946 0999', industry: 'Architecture', tags: ['emea', 'pilot'] },
    ]) {
      const { status } = await call(shoal.url, 'POST', '/api/customers', customer, dana);
      expect(status).toBe(201);
    }
    for (const viewport of [
      { width: 1280, height: 860 },
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await openAs('Ana Silva', viewport);
      await row(page, 'Quillfeather Stationery Wholesale').waitFor();
      const buttons = page.locator('shoal-customer-table tbody tr button.delete');
      const count = await buttons.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const button = buttons.nth(i);
        // Inside the window, and what the window shows at its middle (not clipped by the table's scrolling, nor covered).
        const seen = await button.evaluate((el) => {
          // The page scrolls the row to the middle of the window; the table itself is left as it is (scrolled to its start).
          const row = el.closest('tr')!.getBoundingClientRect();
          window.scrollBy(0, row.top + row.height / 2 - innerHeight / 2);
          const box = el.getBoundingClientRect();
          const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
          let hit: Element | null = document.elementFromPoint(x, y);
          while (hit?.shadowRoot) {
            const inner = hit.shadowRoot.elementFromPoint(x, y);
            if (!inner || inner === hit) break;
            hit = inner;
          }
          return { left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: innerWidth, height: innerHeight, shown: !!hit && el.contains(hit) };
        });
        const label = `Delete of row ${i + 1} at ${viewport.width} px`;
        expect(seen.left, label).toBeGreaterThanOrEqual(0);
        expect(seen.right, label).toBeLessThanOrEqual(seen.width);
        expect(seen.top, label).toBeGreaterThanOrEqual(0);
        expect(seen.bottom, label).toBeLessThanOrEqual(seen.height);
        expect(seen.shown, `${label} is what shows at its place`).toBe(true);
      }
      await page.locator('shoal-customer-table').evaluate((el) => el.scrollIntoView());
      await page.screenshot({ path: screenshotPath(`customers-delete-${viewport.width}.png`) });
    }
  });
});
