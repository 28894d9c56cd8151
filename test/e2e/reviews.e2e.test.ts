import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { signedInMemberOnServer } from '../support/members.js';
import { PHONE, PhonePages, submit } from '../support/phone-pages.js';
import { type RunningServer, runCli, startServer } from '../support/server.js';

const MODERATOR = { email: 'mod@example.org', password: 'moderating all day long' };

let server: RunningServer;
let browser: Browser;
let films: string[] = [];

const pages = new PhonePages(
  () => browser,
  () => server.origin,
);
const newPage = (options: Parameters<PhonePages['newPage']>[0]) => pages.newPage(options);
const axeViolations = (page: Page, js: boolean) => pages.axeViolations(page, js);

describe.runIf(hasChromium())('reviews in Chromium at 390 px', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const home = await (await fetch(`${server.origin}/`)).text();
    films = [...new Set([...home.matchAll(/href="\/film\/([^"#?/]+)"/g)].map((m) => m[1]!))].slice(0, 2);
    const created = await runCli(
      server,
      ['create-admin', '--email', MODERATOR.email, '--password-stdin'],
      `${MODERATOR.password}\n`,
    );
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await pages.close();
    await browser?.close();
    await server?.stop();
  });

  for (const js of [true, false]) {
    it(`writes a review with spoilers, held then approved, hidden until clicked (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const film = films[js ? 0 : 1]!;
      const { cookie, member } = await signedInMemberOnServer(server.databaseUrl, { displayName: `Critic ${js}` });
      const writer = await newPage({ javaScriptEnabled: js, cookie });
      await writer.goto(`${server.origin}/film/${film}`);
      await Promise.all([
        writer.waitForNavigation(),
        writer.getByRole('link', { name: 'Write or edit your review' }).click(),
      ]);
      await writer.getByLabel('Your review').fill('A *quiet* triumph. ||The sled is called Rosebud.||');
      await writer.getByLabel(/gives the plot away/).check();
      expect(await axeViolations(writer, js)).toEqual([]);
      await submit(writer, /publish review/i);
      expect(await writer.locator('.flash').innerText()).toContain('awaiting moderation');
      // Held, it is on the film page for its author alone (the page is rendered for them, not cached).
      await writer.goto(`${server.origin}/film/${film}`);
      expect(await writer.locator('.review__pending').innerText()).toContain('only you can see it');
      expect(await axeViolations(writer, js)).toEqual([]);

      const moderator = await newPage({ javaScriptEnabled: js });
      await moderator.goto(`${server.origin}/admin/login`);
      await moderator.getByLabel('Email').fill(MODERATOR.email);
      await moderator.getByLabel('Password').fill(MODERATOR.password);
      await submit(moderator, /log in/i);
      await moderator.goto(`${server.origin}/admin/reviews`);
      expect(await axeViolations(moderator, js)).toEqual([]);
      await submit(moderator, new RegExp(`Approve: review \\d+ by Critic ${js}`));

      const reader = await newPage({ javaScriptEnabled: js });
      await reader.goto(`${server.origin}/film/${film}`);
      const review = reader.locator('.review', { hasText: `Critic ${js}` });
      await expect(review.locator('summary').innerText()).resolves.toBe('This review contains spoilers: show it');
      expect(await review.getByText('A quiet triumph').isVisible()).toBe(false);
      await review.locator('summary').click();
      expect(await review.getByText('triumph').isVisible()).toBe(true);
      // The inline spoiler stays hidden inside the opened review until its own box is ticked.
      expect(await review.getByText('Rosebud').isVisible()).toBe(false);
      await review.getByLabel('Spoiler').check();
      expect(await review.getByText('Rosebud').isVisible()).toBe(true);
      expect(await axeViolations(reader, js)).toEqual([]);

      await reader.goto(`${server.origin}/film/${film}/reviews/${member.handle}`);
      expect(await reader.locator('h1').innerText()).toContain(`Critic ${js} on`);
      expect(await axeViolations(reader, js)).toEqual([]);
      const scroll = await reader.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(PHONE.width);

      // A member sees one like button, the one that applies to them.
      const fanMember = await signedInMemberOnServer(server.databaseUrl, { displayName: `Fan ${js}` });
      const fan = await newPage({ javaScriptEnabled: js, cookie: fanMember.cookie });
      await fan.goto(`${server.origin}/film/${film}/reviews/${member.handle}`);
      expect(await fan.getByRole('button', { name: 'Take back my like' }).count()).toBe(0);
      await submit(fan, /^Like this review$/);
      expect(await fan.getByRole('button', { name: 'Like this review' }).count()).toBe(0);
      expect(await fan.getByRole('button', { name: 'Take back my like' }).count()).toBe(1);
      expect(await axeViolations(fan, js)).toEqual([]);
    }, 60_000);
  }
});
