// Ratings, likes and comments as visitors use them: the compiled server (npm run build first) over a fresh SQLite
// file with the demo catalog, in Debian's Chromium, with JavaScript on and off, and several browsers at once.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { ROOT, type RunningServer, runCli, startServer } from '../support/server.js';

const PAYLOADS = fs
  .readFileSync(path.join(ROOT, 'test', 'fixtures', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

let server: RunningServer;
let browser: Browser;
let films: string[] = [];
let adminToken = '';
const contexts: BrowserContext[] = [];

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  return context.newPage();
}

const summary = (page: Page) => page.locator('[data-rating-summary]').innerText();
const yours = (page: Page) => page.locator('[data-rating-yours]').innerText();

/** Click a star: with JavaScript the island submits it; without, the visitor presses the Rate button. */
async function rate(page: Page, stars: string, js: boolean) {
  const star = page.locator(`label[for="stars-${stars.replace('.', '-')}"]`);
  if (js) {
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/rating') && r.request().method() === 'PUT'),
      star.click(),
    ]);
  } else {
    await star.click();
    await Promise.all([page.waitForNavigation(), page.locator('.rating__form button[type="submit"]').click()]);
  }
}

async function adminApi(method: string, url: string) {
  return fetch(server.origin + url, { method, headers: { authorization: `Bearer ${adminToken}` } });
}

describe.runIf(hasChromium())('ratings, likes and comments in Chromium', () => {
  beforeAll(async () => {
    server = await startServer({
      env: {
        // Many posts from one test address; the limits themselves have their own tests.
        WRITES_PER_VISITOR_PER_MINUTE: '100000',
        WRITES_PER_IP_PER_MINUTE: '100000',
        COMMENTS_PER_VISITOR_PER_MINUTE: '100000',
        COMMENTS_PER_IP_PER_MINUTE: '100000',
      },
    });
    browser = await launchChromium();
    const home = await (await fetch(`${server.origin}/`)).text();
    films = [...new Set([...home.matchAll(/href="\/film\/([^"#?/]+)"/g)].map((m) => m[1]!))].slice(0, 8);
    const created = await runCli(
      server,
      ['create-admin', '--email', 'mod@example.org', '--password-stdin'],
      'moderating all day long\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const token = await runCli(server, ['token', 'create', '--email', 'mod@example.org', '--name', 'e2e']);
    adminToken = token.stdout.trim();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  for (const js of [true, false]) {
    it(`rates, changes, adds a second voter and removes (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const film = films[js ? 0 : 1]!;
      const a = await newPage({ javaScriptEnabled: js });
      await a.goto(`${server.origin}/film/${film}`);
      expect(await summary(a)).toBe('Be the first one!');
      await rate(a, '4.5', js);
      await a.reload();
      expect(await summary(a)).toBe('4.5 / 5 (1 vote)');
      expect(await yours(a)).toBe('Your rating: 4.5 stars');
      expect(await a.locator('#stars-4-5').isChecked()).toBe(true);

      await rate(a, '3', js);
      await a.reload();
      expect(await summary(a)).toBe('3.0 / 5 (1 vote)');

      const b = await newPage({ javaScriptEnabled: js });
      await b.goto(`${server.origin}/film/${film}`);
      await rate(b, '5', js);
      await b.reload();
      expect(await summary(b)).toBe('4.0 / 5 (2 votes)');
      expect(await yours(b)).toBe('Your rating: 5 stars');

      await a.reload();
      if (js) {
        await Promise.all([
          a.waitForResponse((r) => r.url().endsWith('/rating') && r.request().method() === 'DELETE'),
          a.locator('[data-rating-remove] button').click(),
        ]);
      } else {
        await Promise.all([a.waitForNavigation(), a.locator('[data-rating-remove] button').click()]);
      }
      await a.reload();
      expect(await summary(a)).toBe('5.0 / 5 (1 vote)');
      expect(await yours(a)).toBe('');
    });

    it(`likes and unlikes, one like per visitor (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const film = films[js ? 2 : 3]!;
      const a = await newPage({ javaScriptEnabled: js });
      const b = await newPage({ javaScriptEnabled: js });
      const like = async (page: Page) => {
        if (js) {
          await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/like')),
            page.locator('[data-like-button]').click(),
          ]);
        } else {
          await Promise.all([page.waitForNavigation(), page.locator('[data-like-button]').click()]);
        }
      };
      await a.goto(`${server.origin}/film/${film}`);
      expect(await a.locator('[data-like-count]').innerText()).toBe('Be the first to like this');
      await like(a);
      await b.goto(`${server.origin}/film/${film}`);
      await like(b);
      await b.reload();
      expect(await b.locator('[data-like-count]').innerText()).toBe('2 people like this');
      expect(await b.locator('[data-like-button]').getAttribute('aria-pressed')).toBe('true');
      await like(b); // unlike
      await b.reload();
      expect(await b.locator('[data-like-count]').innerText()).toBe('1 person likes this');
      expect(await b.locator('[data-like-button]').getAttribute('aria-pressed')).toBe('false');
    });
  }

  for (const js of [true, false]) {
    it(`comments: awaiting moderation for the author only, approved for all, threaded reply, saved details (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const film = films[js ? 4 : 5]!;
      const author = await newPage({ javaScriptEnabled: js });
      const stranger = await newPage({ javaScriptEnabled: js });
      await author.goto(`${server.origin}/film/${film}`);
      const who = js ? 'Ana' : 'Bea';
      await author.fill('#comment-body', `First thoughts from ${who}: the score is wonderful.`);
      await author.fill('#comment-authorName', `${who} Lima`);
      await author.fill('#comment-authorEmail', `${who.toLowerCase()}@example.org`);
      await author.check('#comment-save');
      if (js) {
        await author.locator('.comment-form button[type="submit"]').click();
        await author.waitForSelector('.comment__pending');
      } else {
        await Promise.all([author.waitForNavigation(), author.locator('.comment-form button[type="submit"]').click()]);
      }
      await author.reload();
      expect(await author.locator('.comment__pending').innerText()).toBe('Your comment is awaiting moderation.');
      await stranger.goto(`${server.origin}/film/${film}`);
      expect(await stranger.locator('.comment').count()).toBe(0);

      // The moderator approves it in /admin/comments.
      const moderator = await newPage();
      await moderator.goto(`${server.origin}/admin/login`);
      await moderator.fill('#field-email', 'mod@example.org');
      await moderator.fill('#field-password', 'moderating all day long');
      await Promise.all([moderator.waitForNavigation(), moderator.locator('button:has-text("Log in")').click()]);
      await moderator.goto(`${server.origin}/admin/comments?status=pending`);
      const item = moderator.locator('.moderation-item', { hasText: `First thoughts from ${who}` });
      await Promise.all([
        moderator.waitForNavigation(),
        item.locator('button', { hasText: 'Approve' }).first().click(),
      ]);

      await stranger.reload();
      expect(await stranger.locator('.comment__body').first().innerText()).toContain(`First thoughts from ${who}`);
      await author.reload();
      expect(await author.locator('.comment__pending').count()).toBe(0);
      // The saved details refill the form.
      expect(await author.inputValue('#comment-authorName')).toBe(`${who} Lima`);
      expect(await author.inputValue('#comment-authorEmail')).toBe(`${who.toLowerCase()}@example.org`);

      // A threaded reply from the stranger.
      const first = stranger.locator('.comment').first();
      if (js) {
        await first.locator('[data-reply-to]').click();
      } else {
        await Promise.all([stranger.waitForNavigation(), first.locator('[data-reply-to]').click()]);
        expect(await stranger.locator('#reply-title').innerText()).toContain(`Reply to ${who} Lima`);
      }
      await stranger.fill('#comment-body', 'Agreed, and the photography too.');
      await stranger.fill('#comment-authorName', 'Carl');
      await stranger.fill('#comment-authorEmail', `carl-${who}@example.org`);
      if (js) {
        await stranger.locator('.comment-form button[type="submit"]').click();
        await stranger.waitForSelector('.comment-list--replies');
      } else {
        await Promise.all([
          stranger.waitForNavigation(),
          stranger.locator('.comment-form button[type="submit"]').click(),
        ]);
      }
      const pending = (await (await adminApi('GET', '/api/v1/admin/comments?status=pending')).json()) as {
        items: Array<{ id: number; body: string }>;
      };
      const reply = pending.items.find((c) => c.body === 'Agreed, and the photography too.')!;
      expect((await adminApi('POST', `/api/v1/admin/comments/${reply.id}/approve`)).status).toBe(200);
      const reader = await newPage({ javaScriptEnabled: js });
      await reader.goto(`${server.origin}/film/${film}`);
      expect(await reader.locator('.comment .comment-list--replies .comment__body').innerText()).toContain('Agreed');
    });
  }

  it(`renders ${PAYLOADS.length} XSS payloads posted through every field as inert text`, async () => {
    const session = await fetch(`${server.origin}/api/v1/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const cookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const targets = films.slice(6, 8);
    const posted: number[] = [];
    let refusedUrls = 0;
    for (const [i, payload] of PAYLOADS.entries()) {
      const film = targets[i % targets.length]!;
      const post = (authorUrl: string) =>
        fetch(`${server.origin}/api/v1/films/${film}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
          body: JSON.stringify({
            authorName: `${i} ${payload}`.slice(0, 100),
            authorEmail: `xss${i}@example.org`,
            authorUrl,
            body: `Payload ${i}: ${payload}`,
          }),
        });
      // The payload as the Website field: anything but an http(s) address is refused with a field error.
      let response = await post(payload);
      if (response.status === 400) {
        refusedUrls++;
        const error = (await response.json()) as { error: { fields?: Record<string, string> } };
        expect(Object.keys(error.error.fields ?? {})).toContain('authorUrl');
        // Then as the tail of a real address, trying to break out of the href attribute.
        response = await post(`https://fan.example/${encodeURI(payload).slice(0, 200)}"onmouseover="alert(${i})`);
      }
      expect(response.status, `payload ${i}`).toBe(201);
      posted.push(((await response.json()) as { id: number }).id);
    }
    expect(refusedUrls).toBeGreaterThan(40);
    for (const id of posted) expect((await adminApi('POST', `/api/v1/admin/comments/${id}/approve`)).status).toBe(200);

    for (const film of targets) {
      const page = await newPage();
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      await page.goto(`${server.origin}/film/${film}`);
      await page.waitForTimeout(300);
      // Hover and focus everything a payload might have hooked, to give event handlers every chance to fire.
      for (const comment of await page.locator('.comment').all()) await comment.hover();
      const report = await page.evaluate(() => {
        const inComments = [...document.querySelectorAll('.comments *')];
        return {
          comments: document.querySelectorAll('.comment').length,
          scripts: [...document.scripts].filter(
            (s) => !s.src.includes('/assets/islands.') && s.type !== 'application/ld+json',
          ).length,
          handlers: inComments
            .filter((el) => [...el.attributes].some((a) => a.name.startsWith('on')))
            .map((el) => el.outerHTML.slice(0, 80)),
          injected: inComments
            .filter((el) =>
              [
                'SCRIPT',
                'IMG',
                'SVG',
                'IFRAME',
                'OBJECT',
                'EMBED',
                'STYLE',
                'BASE',
                'META',
                'LINK',
                'VIDEO',
                'AUDIO',
                'MARQUEE',
                'DETAILS',
                'TABLE',
                'X',
                'MATH',
                'SELECT',
              ].includes(el.tagName.toUpperCase()),
            )
            .map((el) => el.tagName),
          badLinks: [...document.querySelectorAll('.comments a')]
            .map((a) => a.getAttribute('href') ?? '')
            .filter((href) => !/^(https?:\/\/|\/|#)/.test(href)),
          styled: inComments.filter((el) => el.hasAttribute('style')).length,
        };
      });
      expect(report.comments).toBeGreaterThan(25);
      expect(dialogs).toEqual([]);
      expect(report.scripts).toBe(0);
      expect(report.handlers).toEqual([]);
      expect(report.injected).toEqual([]);
      expect(report.badLinks).toEqual([]);
      expect(report.styled).toBe(0);
      // And the payloads are there, as text a reader can see.
      expect(await page.locator('.comments').innerText()).toMatch(/<script>alert\(|<img src=x onerror=alert\(/);
    }
  }, 120_000);
});
