// The phone-first layout in Debian's Chromium over the compiled server (`npm run build` first) and the demo catalog:
// no page scrolls sideways on the narrowest phone, the film page's synopsis starts in the first screen, the header
// stays short with any number of categories, the menu opens without JavaScript, and posters move nothing as they load.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { signedInMemberOnServer } from '../support/members.js';
import { type RunningServer, startServer } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let filmPath = '';

async function openPage(
  viewport: { width: number; height: number },
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, ...options });
  contexts.push(context);
  return context.newPage();
}

describe.skipIf(!hasChromium())('layout on phones and desktops (e2e)', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const html = await (await fetch(`${server.origin}/category/english-movies`)).text();
    filmPath = /<a href="(\/film\/[^"?#]+)"/.exec(html)?.[1] ?? '';
    if (!filmPath) throw new Error('no film link on the category page');
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('no page is wider than a 320 px viewport', async () => {
    const page = await openPage({ width: 320, height: 640 });
    const overflowing: string[] = [];
    for (const pathname of [
      '/',
      '/category/english-movies',
      filmPath,
      '/search?q=love',
      '/top-rated',
      '/genres',
      '/genre/drama',
      '/admin/login',
      '/no-such-page',
    ]) {
      await page.goto(server.origin + pathname);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) overflowing.push(`${pathname}: ${width}px`);
    }
    expect(overflowing).toEqual([]);
  }, 60_000);

  it('on a 390×844 phone the film page shows its synopsis in the first screen, under a short header', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto(server.origin + filmPath);
    const synopsis = page.getByRole('region', { name: 'Synopsis' }).locator('p').first();
    const box = await synopsis.boundingBox();
    expect(box, 'the synopsis is laid out').not.toBeNull();
    expect(box!.y).toBeLessThan(844 - 100);
    const header = await page.locator('.site-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(120);
  });

  it('the phone menu opens without JavaScript and lists the categories and Browse', async () => {
    const page = await openPage({ width: 390, height: 844 }, { javaScriptEnabled: false });
    await page.goto(`${server.origin}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Browse' }).isVisible()).resolves.toBe(false);
    await nav.getByText('Menu').click();
    await expect(nav.getByRole('link', { name: 'Browse' }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('link', { name: 'English Movies' }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('link', { name: 'Activity' }).isVisible()).resolves.toBe(true);
  });

  it('a signed-in member’s header stays short on a phone; their account menu opens without JavaScript', async () => {
    const { cookie } = await signedInMemberOnServer(server.databaseUrl, { displayName: 'A Fairly Long Member Name' });
    const page = await openPage({ width: 390, height: 844 }, { javaScriptEnabled: false });
    await page.context().addCookies([{ ...cookie, url: server.origin }]);
    await page.goto(server.origin + filmPath);
    // The account line is the phone header's third row: 144 px with the old "Settings" link, and no taller with
    // the account menu in its place.
    const header = await page.locator('.site-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(150);
    const account = page.getByRole('navigation', { name: 'Account' });
    await expect(account.getByRole('link', { name: 'Your lists' }).isVisible()).resolves.toBe(false);
    await account.getByText('Your account').click();
    await expect(account.getByRole('link', { name: 'Your lists' }).isVisible()).resolves.toBe(true);
    await expect(account.getByRole('link', { name: 'Diary' }).isVisible()).resolves.toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('posters shift nothing while the home and film pages load (CLS ≤ 0.02)', async () => {
    const page = await openPage({ width: 390, height: 844 });
    for (const pathname of ['/', filmPath]) {
      await page.goto(server.origin + pathname, { waitUntil: 'load' });
      const shift = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>)
                total += entry.value;
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(total), 300);
          }),
      );
      expect(shift, pathname).toBeLessThanOrEqual(0.02);
    }
  });
});
