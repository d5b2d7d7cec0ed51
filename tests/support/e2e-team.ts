import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { clientDir, launchBrowser, signedInBrowsers } from './browser.js';
import { startShoal, type TestShoal, type TestUser } from './shoal.js';

/**
 * An end-to-end file's usual setup: one Shoal serving the built client, one Chromium, and reps
 * named `names`, each able to sign in a browser of their own (`open`) or call the API (`as`).
 * Registers the file's hooks: browsers signed in by a test are closed after it, the rest after
 * the file.
 */
export function repsInBrowsers<N extends string>(names: readonly N[]) {
  let shoal: TestShoal | undefined;
  let browser: Browser | undefined;
  const team = {} as Record<N, TestUser>;
  const sessions = signedInBrowsers(() => ({ browser: browser!, url: shoal!.url }));
  beforeAll(async () => {
    shoal = await startShoal({ clientDir });
    browser = await launchBrowser();
    for (const name of names) team[name] = await shoal.addUser(name, 'rep');
  });
  afterEach(async () => {
    await sessions.closeAll();
  });
  afterAll(async () => {
    await browser?.close();
    await shoal?.close();
  });
  return {
    /** The running Shoal (set once the file's setup has run). */
    get shoal(): TestShoal {
      return shoal!;
    },
    team,
    sessions,
    /** A rep's bearer token as request headers. */
    as: (name: N) => ({ authorization: `Bearer ${team[name].token}` }),
  };
}
