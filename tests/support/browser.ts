import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The built web client the end-to-end tests serve. */
export const clientDir = path.join(root, 'client', 'dist');

/**
 * Where a test's screenshot goes: tests/e2e/screenshots (git-ignored) on an ordinary run, the
 * reviewed ones in docs/screenshots with UPDATE_SCREENSHOTS=1, so a test run changes no
 * tracked file.
 */
export function screenshotPath(name: string): string {
  const dir = path.join(root, ...(process.env.UPDATE_SCREENSHOTS ? ['docs', 'screenshots'] : ['tests', 'e2e', 'screenshots']));
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** Flags Debian's Chromium needs here (see TOOLCHAIN.md). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium through playwright-core. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
}

/** Someone who can sign in. */
export interface Credentials {
  email: string;
  password: string;
}

/**
 * A fresh browser profile (its own cookies) with Shoal open (a bare server address opens Customers); page errors are printed with
 * `label`. The caller closes the context (or lets `browser.close()` do it).
 */
export async function openShoal(browser: Browser, url: string, label: string, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, reducedMotion: 'no-preference' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${label}] page error:`, error));
  // The tests start on Customers: at `/` a rep lands on My work (client/src/shell/routes.ts).
  await page.goto(new URL(url).pathname === '/' ? new URL('/customers', url).href : url);
  return { context, page };
}

/**
 * Signed-in browser profiles for a test file: `open(who)` opens Shoal in a fresh profile and
 * signs in on the real sign-in page; `closeAll()` (after each test) closes them, so nobody
 * lingers in the next test's presence.
 */
export function signedInBrowsers(target: () => { browser: Browser; url: string }) {
  const contexts: BrowserContext[] = [];
  return {
    async open(who: Credentials & { name: string }, viewport = { width: 1280, height: 860 }): Promise<Page> {
      const { browser, url } = target();
      const { context, page } = await openShoal(browser, url, who.name, viewport);
      contexts.push(context);
      await page.getByRole('heading', { name: 'Sign in to Shoal' }).waitFor();
      await signIn(page, who);
      return page;
    },
    async closeAll(): Promise<void> {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    },
  };
}

/** Fills in and sends the real sign-in form. */
export async function submitSignIn(page: Page, who: Credentials): Promise<void> {
  const form = page.locator('shoal-login-form');
  await form.getByLabel('Email').fill(who.email);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the real sign-in page and waits until the Customers view is live. */
export async function signIn(page: Page, who: Credentials): Promise<void> {
  await submitSignIn(page, who);
  await waitUntilLive(page);
}

/** Waits for the Customers view and the live indicator. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  await page.locator('shoal-connection-status [data-state="live"]').waitFor();
}

/** The "online now" avatar of `name` in the header. */
export const onlineAvatar = (page: Page, name: string) => page.locator(`shoal-online-users li[title="${name}"]`);
