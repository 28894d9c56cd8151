import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationLines as axeViolations } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { signedInMemberOnServer } from '../support/members.js';
import { type RunningServer, startServer } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function memberPage(javaScriptEnabled: boolean) {
  const signedIn = await signedInMemberOnServer(server.databaseUrl);
  // bypassCSP: axe-core goes in as an inline script, which the site's policy rightly refuses.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled,
    bypassCSP: true,
  });
  contexts.push(context);
  await context.addCookies([{ ...signedIn.cookie, url: server.origin }]);
  return { page: await context.newPage(), handle: signedIn.member.handle };
}

describe.skipIf(!hasChromium())('watchlist, diary and profile in Chromium (e2e)', () => {
  let slugs: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const films = (await (await fetch(`${server.origin}/api/v1/films?limit=2`)).json()) as {
      films?: Array<{ slug: string }>;
      items?: Array<{ slug: string }>;
    };
    slugs = (films.films ?? films.items ?? []).map((f) => f.slug);
    expect(slugs.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('adds to the watchlist with JavaScript on, without a reload', async () => {
    const { page } = await memberPage(true);
    await page.goto(`${server.origin}/film/${slugs[0]}`);
    const button = page.locator('[data-watchlist-button]');
    await expect(button.textContent()).resolves.toBe('Add to watchlist');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/me/watchlist/') && r.request().method() === 'PUT'),
      button.click(),
    ]);
    await page.waitForFunction(
      () => document.querySelector('[data-watchlist-button]')?.textContent === 'On your watchlist',
    );
    await page.reload();
    await expect(page.locator('[data-watchlist-button]').getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('adds to the watchlist and logs a viewing with JavaScript off; the profile shows it', async () => {
    const { page, handle } = await memberPage(false);
    await page.goto(`${server.origin}/film/${slugs[1]}`);
    await page.locator('[data-watchlist-button]').click();
    await page.waitForURL(`${server.origin}/film/${slugs[1]}`);
    await expect(page.locator('.flash').textContent()).resolves.toContain('is on your watchlist');
    await expect(page.locator('[data-watchlist-button]').textContent()).resolves.toBe('On your watchlist');

    await page.getByRole('link', { name: 'Log a viewing' }).click();
    await page.getByLabel('Your rating').selectOption('4.5');
    await page.getByLabel('Note (optional)').fill('Seen on a rainy Sunday.');
    await page.getByRole('button', { name: 'Add to my diary' }).click();
    await page.waitForURL(`${server.origin}/film/${slugs[1]}`);
    await expect(page.locator('.flash').textContent()).resolves.toContain('is in your diary');

    await page.goto(`${server.origin}/u/${handle}`);
    const main = page.locator('main');
    await expect(main.textContent()).resolves.toContain('Seen on a rainy Sunday.');
    await expect(main.textContent()).resolves.toContain('4.5 stars');
  });

  it('has no axe-core violations on the log form, the profile and the diaries (390 px)', async () => {
    const { page, handle } = await memberPage(true);
    for (const pathname of [
      `/film/${slugs[0]}/log`,
      `/u/${handle}`,
      `/u/${handle}/diary`,
      '/me/diary',
      '/me/watchlist',
    ]) {
      await page.goto(server.origin + pathname);
      expect(await axeViolations(page), pathname).toEqual([]);
    }
  });
});
