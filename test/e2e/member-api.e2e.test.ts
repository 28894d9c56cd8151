import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationLines as axeViolations } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { signedInMemberOnServer } from '../support/members.js';
import { type RunningServer, startServer } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
let films: string[] = [];
const contexts: BrowserContext[] = [];

/** A phone-sized page signed in as a new member (axe is injected, so the page's CSP is bypassed). */
async function memberPage(js: boolean): Promise<Page> {
  const signedIn = await signedInMemberOnServer(server.databaseUrl);
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: js,
    bypassCSP: true,
  });
  contexts.push(context);
  await context.addCookies([{ ...signedIn.cookie, url: server.origin }]);
  return context.newPage();
}

const split = (page: Page) => page.locator('[data-rating-split]').innerText();

describe.runIf(hasChromium())('members’ ratings and API tokens in Chromium', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const home = await (await fetch(`${server.origin}/`)).text();
    films = [...new Set([...home.matchAll(/href="\/film\/([^"#?/]+)"/g)].map((m) => m[1]!))].slice(0, 4);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  for (const js of [true, false]) {
    it(`a member rates and the split shows it; a token is made, used and revoked (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const page = await memberPage(js);
      const film = films[js ? 0 : 1]!;
      await page.goto(`${server.origin}/film/${film}`);
      const star = page.locator('label[for="stars-4-5"]');
      if (js) {
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/rating') && r.request().method() === 'PUT'),
          star.click(),
        ]);
      } else {
        await star.click();
        await Promise.all([page.waitForNavigation(), page.locator('.rating__form button[type="submit"]').click()]);
      }
      expect(await split(page)).toContain('Members 4.5 (1)');
      await page.reload();
      expect(await split(page)).toContain('Members 4.5 (1)');
      // axe runs in the page, so only with JavaScript on; the HTML is the same either way.
      if (js) expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${server.origin}/settings`);
      await Promise.all([page.waitForNavigation(), page.locator('a[href="/settings/tokens"]').click()]);
      await page.getByLabel('Token name').fill('phone <script>alert(1)</script>');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create token' }).click()]);
      const token = (await page.locator('[data-new-token]').innerText()).trim();
      expect(token).toMatch(/^rhm_/);
      expect(await page.locator('td', { hasText: 'phone <script>alert(1)</script>' }).count()).toBe(1);
      // Read only unless asked otherwise: the list says so, and a write with it is refused.
      expect(await page.locator('td', { hasText: 'Read only' }).count()).toBe(1);
      // axe runs in the page, so only with JavaScript on; the HTML is the same either way.
      if (js) expect(await axeViolations(page)).toEqual([]);

      const me = await fetch(`${server.origin}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { items: Array<{ film: string }> }).items.map((i) => i.film)).toEqual([film]);
      const write = await fetch(`${server.origin}/api/v1/me/ratings/${film}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(write.status).toBe(403);

      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Revoke/ }).click()]);
      expect(await page.locator('.notice').innerText()).toContain('The token is revoked');
      const after = await fetch(`${server.origin}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(after.status).toBe(401);
    });
  }
});
