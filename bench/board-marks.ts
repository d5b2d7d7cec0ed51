import type { Page } from 'playwright-core';

/** What a page's console line starts with when it reports one of the board's User Timing marks. */
const PREFIX = '[shoal-mark] ';

/** A mark as the page reported it. */
export interface HeardMark {
  /** Its `startTime` in the page (ms from the navigation's start). */
  at: number;
  /** When the driving process heard it (`performance.now()` here). */
  heard: number;
}

/**
 * Hears the board's User Timing marks (`shoal:*`) from the page's console, so timing a load
 * asks the page nothing while it renders: a PerformanceObserver added before any script of each
 * document logs every mark, and `next(name)` resolves with the next one of that name. (Polling
 * with `waitForFunction` or a locator runs the driver's script in the page on every frame of
 * the window it times.)
 */
export async function hearMarks(page: Page): Promise<{ next: (name: string) => Promise<HeardMark> }> {
  await page.addInitScript(`new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name.startsWith('shoal:')) console.log(${JSON.stringify(PREFIX)} + entry.name + ' ' + entry.startTime);
  }).observe({ type: 'mark' });`);
  const waiting = new Map<string, ((mark: HeardMark) => void)[]>();
  page.on('console', (message) => {
    const text = message.text();
    if (!text.startsWith(PREFIX)) return;
    const heard = performance.now();
    const [name, at] = text.slice(PREFIX.length).split(' ');
    for (const resolve of waiting.get(name!)?.splice(0) ?? []) resolve({ at: Number(at), heard });
  });
  return {
    next: (name) =>
      new Promise((resolve) => {
        const list = waiting.get(name) ?? [];
        list.push(resolve);
        waiting.set(name, list);
      }),
  };
}
