import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDir, launchBrowser, onlineAvatar, openShoal, root, signIn, submitSignIn, waitUntilLive, screenshotPath } from '../support/browser.js';
import { z } from 'zod';
import { Customer } from '../../shared/customer.js';
import { ChangeEvent } from '../../shared/events.js';
import { ApiToken, User } from '../../shared/user.js';
import { bodyOf, call } from '../support/call.js';
import { startShoal, type TestShoal } from '../support/shoal.js';

let shoal: TestShoal;
let browser: Browser;

beforeAll(async () => {
  // A fresh Shoal: nobody has set it up yet.
  shoal = await startShoal({ clientDir, setup: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await shoal?.close();
});

const ada = { name: 'Ada Lovelace', email: 'ada@northwind.example', password: 'analytical engine 1843' };
const ben = { name: 'Ben Ortiz', email: 'ben@northwind.example', password: 'pipeline wizard 2026' };

const row = (page: Page, text: string) => page.locator('shoal-customer-table tbody tr', { hasText: text });
const member = (page: Page, name: string) => page.locator('shoal-team-page tbody tr', { hasText: name });

/** Calls the API as the signed-in browser does: its session cookie and CSRF token. */
async function asBrowser(page: Page, method: 'POST' | 'PATCH', url: string, data: unknown) {
  const request = page.context().request;
  const { csrfToken } = await (await request.get(`${shoal.url}/api/auth/me`)).json();
  const res = await request.fetch(`${shoal.url}${url}`, { method, data, headers: { 'x-csrf-token': csrfToken } });
  expect(res.status(), `${method} ${url}`).toBeLessThan(300);
  return res.json();
}

describe('accounts, from the first run to a team working together', () => {
  it('sets up the first admin, adds a rep, and both work live under their own names', async () => {
    // A opens a fresh Shoal: the first-run screen, with the password rule.
    const { page: a } = await openShoal(browser, shoal.url, 'Ada');
    await a.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    const setup = a.locator('shoal-setup-form');
    await setup.getByText('At least 10 characters').waitFor();
    await a.screenshot({ path: path.join(root, 'tests', 'e2e', 'screenshots', 'setup.png') });
    await setup.getByLabel('Your name').fill(ada.name);
    await setup.getByLabel('Email').fill(ada.email);
    await setup.getByLabel('Password').fill('too short');
    await setup.getByRole('button', { name: 'Create admin account' }).click();
    await setup.getByText('Password must be at least 10 characters.').waitFor();
    await setup.getByLabel('Password').fill(ada.password);
    await setup.getByRole('button', { name: 'Create admin account' }).click();
    await waitUntilLive(a);
    const setupState = await call(shoal.url, 'GET', '/api/setup');
    expect(bodyOf(setupState, z.object({ needed: z.boolean() }))).toEqual({ needed: false });
    expect(setupState.body).toEqual({ needed: false });

    // A goes to Team and adds Ben as a rep; a taken email is refused next to the field.
    await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    await a.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(a.url()).toBe(`${shoal.url}/team`);
    await member(a, ada.name).waitFor();
    await a.getByRole('button', { name: 'Add a team member' }).click();
    const add = a.getByRole('dialog', { name: 'Add a team member' });
    await add.getByLabel('Name').fill(ben.name);
    await add.getByLabel('Email').fill(ada.email.toUpperCase());
    await add.getByLabel('Initial password').fill(ben.password);
    await add.getByRole('button', { name: 'Add member' }).click();
    await add.locator('[data-field="email"] .error').filter({ hasText: 'Email is already used by another user' }).waitFor();
    await add.getByLabel('Email').fill(ben.email);
    expect(await add.getByLabel('Sales rep').isChecked()).toBe(true);
    await add.getByRole('button', { name: 'Add member' }).click();
    await add.waitFor({ state: 'hidden' });
    const benRow = member(a, ben.name);
    await benRow.waitFor();
    expect(await benRow.getByRole('combobox', { name: 'Role of Ben Ortiz' }).inputValue()).toBe('rep');
    expect(await benRow.textContent()).toContain('Active');

    // The only admin cannot demote herself, and is told why.
    await member(a, ada.name).getByRole('combobox', { name: 'Role of Ada Lovelace' }).selectOption('rep');
    await a.getByRole('dialog', { name: 'Make yourself a sales rep?' }).getByRole('button', { name: 'Change my role' }).click();
    await a.locator('.team-error').filter({ hasText: "the last admin can't be demoted" }).waitFor();
    expect(await member(a, ada.name).getByRole('combobox').inputValue()).toBe('admin');

    // B signs in as that rep on the sign-in page; a wrong password first.
    const { page: b } = await openShoal(browser, shoal.url, 'Ben');
    await b.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
    await b.getByRole('button', { name: 'Sign in' }).waitFor();
    await b.screenshot({ path: screenshotPath('login.png') });
    await signInFails(b, { email: ben.email, password: 'not the password' }, "That email and password don't match an active account");
    await signIn(b, ben);
    expect(await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).count(), 'reps have no Team page').toBe(0);

    // Each sees the other online; on the Team page A sees Ben as online too.
    await onlineAvatar(a, ben.name).waitFor();
    await onlineAvatar(b, ada.name).waitFor();
    await benRow.locator('.online-dot').waitFor();

    // A customer created by B shows B's name in A's Customers view, and A's edit shows A's in B's.
    await a.getByRole('link', { name: 'Customers' }).click();
    await a.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await b.getByRole('button', { name: 'New customer' }).click();
    const form = b.getByRole('dialog', { name: 'New customer' });
    await form.getByLabel('Company name').fill('Fjord Maritime AS');
    await form.getByLabel('Email').fill('post@fjordmaritime.example');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await form.waitFor({ state: 'hidden' });
    await row(a, 'Fjord Maritime AS').filter({ hasText: 'added by Ben Ortiz' }).waitFor();

    await a.getByRole('button', { name: 'Edit Fjord Maritime AS' }).click();
    const edit = a.getByRole('dialog', { name: 'Edit Fjord Maritime AS' });
    await edit.getByLabel('Industry').fill('Shipping');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await row(b, 'Shipping').filter({ hasText: 'edited by Ada Lovelace' }).waitFor();
    const { body: events } = await call(shoal.url, 'GET', '/api/events?after=0', undefined, { cookie: await cookieOf(a), authorization: '' }, z.array(ChangeEvent));
    const customerEvents = events.filter((e) => e.entity === 'customer').map((e) => e.actor.name);
    expect(customerEvents).toEqual([ben.name, ada.name]);

    // The team grows (through the API, as the browser would), and A manages it on the Team page.
    await asBrowser(a, 'POST', '/api/users', { name: 'Carmen Diaz', email: 'carmen@northwind.example', password: 'carmen password 1', role: 'admin' });
    await asBrowser(a, 'POST', '/api/users', { name: 'Dana Park', email: 'dana@northwind.example', password: 'dana password 12' });
    const eve = await asBrowser(a, 'POST', '/api/users', { name: 'Eve Turner', email: 'eve@northwind.example', password: 'eve password 123' });
    await asBrowser(a, 'PATCH', `/api/users/${eve.id}`, { active: false });
    await a.getByRole('link', { name: 'Team' }).click();
    await member(a, 'Eve Turner').filter({ hasText: 'Deactivated' }).waitFor();
    await member(a, 'Dana Park').getByRole('combobox', { name: 'Role of Dana Park' }).selectOption('admin');
    // A role change asks first (issue 12): nothing is saved until the admin confirms.
    await a.getByRole('dialog', { name: 'Make Dana Park an admin?' }).getByRole('button', { name: 'Make admin' }).click();
    await member(a, 'Dana Park').locator('select:not([disabled])').waitFor();
    await expect.poll(async () => (await call(shoal.url, 'GET', '/api/users', undefined, { cookie: await cookieOf(a), authorization: '' }, z.array(User))).body.find((u) => u.name === 'Dana Park')?.role).toBe('admin');

    // Deactivating B (after a confirmation) ends B's session: B is asked to sign in again,
    // over the page, and cannot while deactivated.
    await b.evaluate(() => ((window as unknown as { shoalMark: number }).shoalMark = 7));
    await member(a, ben.name).getByRole('button', { name: 'Deactivate Ben Ortiz' }).click();
    const confirm = a.getByRole('dialog', { name: 'Deactivate Ben Ortiz?' });
    // The dialog's explanation is slotted into it from the page.
    await a.locator('shoal-team-page shoal-confirm-dialog').getByText('signed out everywhere').waitFor();
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await member(a, ben.name).filter({ hasText: 'Deactivated' }).waitFor();
    const again = b.getByRole('dialog', { name: 'Your session has ended' });
    await again.waitFor();
    await onlineAvatar(a, ben.name).waitFor({ state: 'detached' });
    expect(await again.getByLabel('Email').inputValue()).toBe(ben.email);
    await again.getByLabel('Password').fill(ben.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByRole('alert').filter({ hasText: "don't match an active account" }).waitFor();
    await b.screenshot({ path: path.join(root, 'tests', 'e2e', 'screenshots', 'session-ended.png') });

    // A reactivates B and edits the customer meanwhile; B signs in over the same page and
    // catches up with what was missed.
    await member(a, ben.name).getByRole('button', { name: 'Reactivate Ben Ortiz' }).click();
    await a.getByRole('dialog', { name: 'Reactivate Ben Ortiz?' }).getByRole('button', { name: 'Reactivate' }).click();
    await member(a, ben.name).filter({ hasText: 'Active' }).getByRole('button', { name: 'Deactivate Ben Ortiz' }).waitFor();
    const { body: list } = await call(shoal.url, 'GET', '/api/customers?q=fjord', undefined, { cookie: await cookieOf(a), authorization: '' }, z.array(Customer));
    // (The industry, a column the customers list shows by default; the phone is a chosen column now.)
    await asBrowser(a, 'PATCH', `/api/customers/${list[0]!.id}`, { industry: 'Maritime logistics' });
    await again.getByLabel('Password').fill(ben.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitFor({ state: 'hidden' });
    await b.locator('shoal-connection-status [data-state="live"]').waitFor();
    await row(b, 'Maritime logistics').filter({ hasText: 'edited by Ada Lovelace' }).waitFor();
    expect(await b.evaluate(() => (window as unknown as { shoalMark?: number }).shoalMark), 'the same page, not a reload').toBe(7);
    await onlineAvatar(a, ben.name).waitFor();
    await member(a, ben.name).locator('.online-dot').waitFor();
    await a.getByRole('heading', { name: 'Team', level: 1 }).click();
    await a.screenshot({ path: screenshotPath('team.png'), fullPage: true });
  });

  it('lets a person create, copy and revoke personal API tokens on their profile', async () => {
    const { page: a } = await openShoal(browser, `${shoal.url}/profile`, 'Ada');
    // Signing in on /profile lands on the profile page.
    await submitSignIn(a, ada);
    await a.getByRole('heading', { name: 'Your profile' }).waitFor();
    const profile = a.locator('shoal-profile-page');
    expect(await profile.locator('dd.email').textContent()).toBe(ada.email);
    expect(await profile.locator('dd.role').textContent()).toBe('Admin');

    // Through the user menu too, by keyboard.
    await a.getByRole('link', { name: 'Customers' }).click();
    await a.getByRole('button', { name: 'Ada Lovelace', exact: true }).focus();
    await a.keyboard.press('ArrowDown');
    await a.keyboard.press('Enter');
    await a.getByRole('heading', { name: 'Your profile' }).waitFor();

    for (const name of ['Nightly import', 'Zapier']) {
      await profile.getByLabel('Token name').fill(name);
      await profile.getByRole('button', { name: 'Create token' }).click();
      await profile.getByRole('heading', { name: `Copy your new token “${name}” now` }).waitFor();
      if (name === 'Nightly import') {
        const secret = await profile.getByLabel('Token', { exact: true }).inputValue();
        // The token works for scripts, as the curl example says.
        expect((await call(shoal.url, 'GET', '/api/customers', undefined, { authorization: `Bearer ${secret}` })).status).toBe(200);
        expect(await profile.getByLabel('Try it').inputValue()).toBe(`curl -H "Authorization: Bearer ${secret}" ${shoal.url}/api/customers`);
        await profile.getByRole('button', { name: "I've stored it, hide the token" }).click();
        await profile.locator('#token-secret').waitFor({ state: 'detached' });
        expect(await profile.innerHTML()).not.toContain(secret);
      }
    }
    await profile.locator('tbody tr', { hasText: 'Nightly import' }).waitFor();
    await profile.getByRole('heading', { name: 'Your profile' }).click();
    await a.screenshot({ path: screenshotPath('profile.png'), fullPage: true });

    // Revoking asks first, then the token stops working.
    const tokens = (await call(shoal.url, 'GET', '/api/tokens', undefined, { cookie: await cookieOf(a), authorization: '' }, z.array(ApiToken))).body;
    expect(tokens.map((t) => t.name).sort()).toEqual(['Nightly import', 'Zapier']);
    await profile.getByRole('button', { name: 'Revoke Zapier' }).click();
    await a.getByRole('dialog', { name: 'Revoke “Zapier”?' }).getByRole('button', { name: 'Revoke token' }).click();
    await profile.locator('tbody tr', { hasText: 'Zapier' }).waitFor({ state: 'detached' });
    await profile.getByRole('heading', { name: /Copy your new token/ }).waitFor({ state: 'detached' });
    const after = (await call(shoal.url, 'GET', '/api/tokens', undefined, { cookie: await cookieOf(a), authorization: '' }, z.array(ApiToken))).body;
    expect(after.map((t) => t.name)).toEqual(['Nightly import']);
  });
});

/** Submits the sign-in form and waits for its error. */
async function signInFails(page: Page, who: { email: string; password: string }, message: string): Promise<void> {
  const form = page.locator('shoal-login-form');
  await form.getByLabel('Email').fill(who.email);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await form.getByRole('alert').filter({ hasText: message }).waitFor();
}

/** The session cookie of a signed-in page, as a Cookie header. */
async function cookieOf(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
