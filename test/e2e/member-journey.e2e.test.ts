import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationLines as axeOn } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { type RunningServer, runCli, startServer } from '../support/server.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const MODERATOR = { email: 'mod@example.org', password: 'moderating all day long' };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'a long enough member password';

let server: RunningServer;
let smtp: TestSmtpServer;
let browser: Browser;
let films: string[] = [];
const contexts: BrowserContext[] = [];

/** A phone-sized page; axe-core goes in as an inline script, which the site's CSP refuses, so the CSP is bypassed. */
async function newPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled, bypassCSP: true });
  contexts.push(context);
  return context.newPage();
}

/**
 * axe-core needs script. With JavaScript off, the page's HTML as the browser got it (some are answers to a POST, so
 * they cannot be asked for again) is checked in a scripted page on the same origin, so its stylesheet applies.
 */
async function axeViolations(page: Page, js: boolean): Promise<string[]> {
  if (js) return axeOn(page);
  const html = await page.content();
  const checker = await newPage(true);
  await checker.goto(`${server.origin}/healthz`);
  await checker.setContent(html, { waitUntil: 'load' });
  return axeOn(checker);
}

/** Checks the page as the member sees it: axe-core finds nothing, and nothing is wider than the phone. */
async function checkPage(page: Page, js: boolean): Promise<void> {
  expect(await axeViolations(page, js), page.url()).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), page.url()).toBeLessThanOrEqual(PHONE.width);
}

const submit = (page: Page, name: RegExp | string) =>
  Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).first().click()]);

/** The link in the confirmation mail sent to `email`, once the server's outbox worker has sent it. */
async function confirmationLink(email: string): Promise<string> {
  const until = Date.now() + 30_000;
  for (;;) {
    const mail = smtp.arrivals.find((a) => a.envelope.to.some((to) => to.toLowerCase() === email));
    const link = mail && new RegExp(`${server.origin}/join/confirm/[A-Za-z0-9_-]+`).exec(mail.mail.text ?? '')?.[0];
    if (link) return link;
    if (Date.now() > until) throw new Error(`no confirmation mail for ${email}; ${smtp.arrivals.length} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(hasChromium())('the member journey in Chromium at 390 px', () => {
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Reelhouse <noreply@reelhouse.test>' } });
    browser = await launchChromium();
    const listed = (await (await fetch(`${server.origin}/api/v1/films?limit=2`)).json()) as {
      items: Array<{ slug: string }>;
    };
    films = listed.items.map((f) => f.slug);
    expect(films).toHaveLength(2);
    const created = await runCli(
      server,
      ['create-admin', '--email', MODERATOR.email, '--password-stdin'],
      `${MODERATOR.password}\n`,
    );
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  for (const js of [true, false]) {
    it(`joins, confirms, reviews, keeps a watchlist and a diary, and shows them on the profile (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const film = films[js ? 0 : 1]!;
      const handle = `journey-${js ? 'on' : 'off'}`;
      const email = `${handle}@example.org`;
      const name = `Journey ${js ? 'On' : 'Off'}`;
      const page = await newPage(js);

      // Join, and confirm from the mail.
      await page.goto(`${server.origin}/join`);
      await checkPage(page, js);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByLabel('Display name').fill(name);
      await page.getByLabel('Handle').fill(handle);
      await submit(page, 'Join');
      expect(await page.locator('h1').innerText()).toBe('Check your inbox');
      await checkPage(page, js);
      await page.goto(await confirmationLink(email));
      await checkPage(page, js);
      await submit(page, 'Confirm my address');
      expect(new URL(page.url()).pathname).toBe('/settings');
      expect(await page.locator('main').innerText()).toContain('Your address is confirmed');
      await checkPage(page, js);

      // A review with a whole-review spoiler flag and an inline spoiler: held, as a first review is.
      await page.goto(`${server.origin}/film/${film}`);
      await checkPage(page, js);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: 'Write or edit your review' }).click(),
      ]);
      await page.getByLabel('Your review').fill('A *slow burn* worth it. ||The last shot answers the first.||');
      await page.getByLabel(/gives the plot away/).check();
      await checkPage(page, js);
      await submit(page, /publish review/i);
      expect(await page.locator('.flash').innerText()).toContain('awaiting moderation');

      const moderator = await newPage(js);
      await moderator.goto(`${server.origin}/admin/login`);
      await moderator.getByLabel('Email').fill(MODERATOR.email);
      await moderator.getByLabel('Password').fill(MODERATOR.password);
      await submit(moderator, /log in/i);
      await moderator.goto(`${server.origin}/admin/reviews`);
      await submit(moderator, new RegExp(`Approve: review \\d+ by ${name}`));

      // The watchlist, with the island (JavaScript on) or the plain form (off).
      await page.goto(`${server.origin}/film/${film}`);
      const button = page.locator('[data-watchlist-button]');
      if (js) {
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/v1/me/watchlist/') && r.request().method() === 'PUT'),
          button.click(),
        ]);
        await page.waitForFunction(
          () => document.querySelector('[data-watchlist-button]')?.textContent === 'On your watchlist',
        );
      } else {
        await Promise.all([page.waitForNavigation(), button.click()]);
        expect(await page.locator('.flash').innerText()).toContain('is on your watchlist');
      }
      await expect(button.textContent()).resolves.toBe('On your watchlist');
      await checkPage(page, js);

      // A viewing in the diary, with a rating.
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Log a viewing' }).click()]);
      await checkPage(page, js);
      await page.getByLabel('Your rating').selectOption('4');
      await page.getByLabel('Note (optional)').fill(`Watched with the lights off (${handle}).`);
      await submit(page, 'Add to my diary');
      expect(await page.locator('.flash').innerText()).toContain('is in your diary');

      // The profile: the viewing in the diary and the stats, the review behind its spoiler disclosure.
      await page.goto(`${server.origin}/u/${handle}`);
      const main = page.locator('main');
      await expect(main.innerText()).resolves.toContain(`Watched with the lights off (${handle}).`);
      expect(await main.locator('.profile__stats dd').first().innerText()).toBe('1');
      const review = main.locator('.review', { hasText: 'This review contains spoilers' });
      expect(await review.count()).toBe(1);
      expect(await review.getByText('worth it').isVisible()).toBe(false);
      await review.locator('summary').click();
      expect(await review.getByText('worth it').isVisible()).toBe(true);
      expect(await review.getByText('The last shot').isVisible()).toBe(false);
      await checkPage(page, js);
      await page.goto(`${server.origin}/me/watchlist`);
      expect(await page.locator(`main a[href="/film/${film}"]`).count()).toBeGreaterThan(0);
      await checkPage(page, js);
    }, 180_000);
  }
});
