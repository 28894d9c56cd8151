// A WordPress movie blog moved into Reelhouse, checked in Debian's Chromium as a visitor of the old site would: the
// compiled server over a fresh SQLite file, the generated movie-blog export imported with the CLI, then the old
// permalink (it follows the 301) and the migrated film page compared with what the old site showed: the title, the
// breadcrumb Home / English Movies / film, the stars with the imported vote count, the review, threaded comments.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { type RunningServer, runCli, startServer } from '../support/server.js';
import { movieBlogWxr, SITE } from '../support/wxr-movie-blog.js';

let server: RunningServer;
let browser: Browser;
const pageErrors: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-wp-e2e-'));

async function open(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(url);
  return page;
}

/** What a reader sees of the film: title, breadcrumb, rating line, review note, the comment thread as nested text. */
async function whatTheReaderSees(page: Page) {
  return {
    title: (await page.locator('h1').first().innerText()).trim(),
    year: (await page.locator('.film__facts li').first().innerText()).trim(),
    breadcrumb: (await page.locator('nav.breadcrumb li').allInnerTexts()).map((t) => t.trim()),
    rating: (await page.locator('[data-rating-summary]').first().innerText()).replace(/\s+/g, ' ').trim(),
    imported: (await page.locator('.writeup__votes').innerText()).trim(),
    // Each comment's first line of text, and the texts of the replies nested inside it.
    thread: await page.locator('.comments > .comment-list > li.comment').evaluateAll((items) =>
      items.map((li) => ({
        text: li.querySelector('.comment__body')?.textContent?.trim() ?? '',
        replies: [...li.querySelectorAll(':scope .comment-list--replies .comment__body')].map((b) =>
          b.textContent?.trim(),
        ),
      })),
    ),
  };
}

describe.skipIf(!hasChromium())('a WordPress blog after the import, in Chromium (e2e)', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { IMPORT_DEMO: 'off' } }), launchChromium()]);
    const file = path.join(tmp, 'movie-blog.xml');
    fs.writeFileSync(file, movieBlogWxr());
    const imported = await runCli(server, [
      'import',
      file,
      '--format',
      'wxr',
      '--film-categories',
      'English Movies,Korean Movies',
      '--no-related',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the old permalink leads to the film page, which shows what the old site showed', async () => {
    const oldPath = new URL(`${SITE}/2014/02/inception-2010/`).pathname;
    const viaOld = await open(`${server.origin}${oldPath}`);
    expect(new URL(viaOld.url()).pathname).toBe('/film/inception');
    const direct = await open(`${server.origin}/film/inception`);
    const seen = await whatTheReaderSees(direct);
    expect(await whatTheReaderSees(viaOld)).toEqual(seen);

    // The old site's title was "Inception (2010)": the year is now a field, shown first in the facts line.
    expect(seen.title).toBe('Inception');
    expect(seen.year).toBe('2010');
    expect(seen.breadcrumb).toEqual(['Home', 'English Movies', 'Inception']);
    // Taqyeem: 10 voters gave 44 stars in all → 4.4 of 5, the count the old box showed.
    expect(seen.rating).toBe('4.4 / 5 (10 votes)');
    expect(seen.imported).toBe('10 votes imported from the previous site');
    // Only published comments show, threaded three deep as on the old site (the reply came first in the file).
    expect(seen.thread).toEqual([
      {
        text: expect.stringContaining('Loved it.'),
        replies: [expect.stringContaining('Agreed, great film!'), 'A third level.'],
      },
    ]);
    expect(await direct.locator('.writeup__body h2', { hasText: 'Our verdict' }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('the old About page and a category archive keep their addresses', async () => {
    const about = await open(`${server.origin}/about/`);
    expect((await about.locator('h1').innerText()).trim()).toBe('About us');
    const category = await open(`${server.origin}/category/asian-movies/korean-movies/`);
    expect(new URL(category.url()).pathname).toBe('/category/korean-movies');
    expect(
      await category
        .getByRole('link', { name: /Miracle in Cell No\. 7/ })
        .first()
        .isVisible(),
    ).toBe(true);
  });
});
