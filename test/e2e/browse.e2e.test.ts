// A reader's path through the real site: the compiled server (dist/cli.js serve, so `npm run build` first) over a
// fresh SQLite file with the demo catalog, driven in Debian's Chromium. Checks the browse flow, axe-core, layout at
// phone and desktop widths in light and dark mode (screenshots in test-results/ to look at), that no request leaves
// the site's origin, and the 404 page.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AxeViolation, axeViolations } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { ROOT, type RunningServer, startServer } from '../support/server.js';

const SCREENSHOTS = path.join(ROOT, 'test-results');
const WIDTHS = [390, 1280] as const;
type Scheme = 'light' | 'dark';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Requests to any origin but the server's, and script errors (a CSP violation lands here too), in this test. */
const foreignRequests: string[] = [];
const pageErrors: string[] = [];

/** A fresh page of the given width and colour scheme, watched for foreign requests and errors. */
async function openPage(width: number, scheme: Scheme = 'light', options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    if (new URL(url).origin !== server.origin) foreignRequests.push(`${page.url()} → ${url}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${page.url()}: console.error: ${message.text()}`);
  });
  return page;
}

/** page.goto that says what became of the server when the request fails. */
async function visit(page: Page, pathname: string) {
  try {
    return await page.goto(server.origin + pathname);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${server.state()}`);
  }
}

function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id}: ${v.help}\n${v.targets
          .slice(0, 5)
          .map((target, i) => `    ${target}\n      ${v.summaries[i]!.replace(/\n/g, '\n      ')}`)
          .join('\n')}${v.targets.length > 5 ? `\n    … and ${v.targets.length - 5} more` : ''}`,
    )
    .join('\n');
}

/** An element's text with whitespace collapsed, as a reader sees it (CSS-generated separators aside). */
const normalize = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const textOf = async (locator: Locator) => normalize(await locator.textContent());
const textsOf = async (locator: Locator) => (await locator.allTextContents()).map(normalize);
const cardTitles = (page: Page) => textsOf(page.locator('.film-grid .film-card__title'));

/** The pages the axe and layout checks visit; the film is whichever heads page 2 of the category today. */
const categoryPath = '/category/english-movies';
let filmPath = '';

async function firstFilmPath(pathname: string): Promise<string> {
  const html = await (await fetch(server.origin + pathname)).text();
  const found = /<a href="(\/film\/[^"?#]+)"/.exec(html)?.[1];
  if (!found) throw new Error(`no film link on ${pathname}`);
  return found;
}

const chromiumOk = hasChromium();

describe.skipIf(!chromiumOk)('browsing the catalog in Chromium (e2e)', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    filmPath = await firstFilmPath(`${categoryPath}?page=2`);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  beforeEach(() => {
    foreignRequests.length = 0;
    pageErrors.length = 0;
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('home → English Movies → page 2 → a film → back through the breadcrumb', async () => {
    const page = await openPage(1280);
    await visit(page, '/');
    expect(await page.locator('h1').count()).toBe(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'English Movies' }).click();
    await page.waitForURL(/\/category\/english-movies$/);
    expect(await textOf(page.locator('h1'))).toBe('English Movies');
    const firstPage = await cardTitles(page);
    expect(firstPage).toHaveLength(24);
    const pager = page.getByRole('navigation', { name: 'Pages' });
    expect(await pager.isVisible()).toBe(true);

    await pager.getByRole('link', { name: 'Page 2', exact: true }).click();
    await page.waitForURL(/[?&]page=2\b/);
    expect(await textOf(page.locator('h1'))).toBe('English Movies');
    const secondPage = await cardTitles(page);
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((title) => firstPage.includes(title))).toEqual([]);
    expect(await textOf(pager.locator('[aria-current="page"]'))).toMatch(/2$/);

    const card = page.locator('.film-grid .film-card__title a').first();
    const title = await textOf(card);
    await card.click();
    await page.waitForURL(/\/film\/[^/?]+$/);
    expect(new URL(page.url()).pathname).toBe(filmPath);

    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await textsOf(crumbs.locator('li'))).toEqual(['Home', 'English Movies', title]);
    // The separators are drawn by CSS between the items: "Home / English Movies / <title>".
    const separator = await crumbs
      .locator('li')
      .nth(1)
      .evaluate((li) => getComputedStyle(li, '::before').content);
    expect(separator).toBe('"/"');
    expect(await textOf(crumbs.locator('[aria-current="page"]'))).toBe(title);

    expect(await page.locator('h1').count()).toBe(1);
    expect((await textOf(page.locator('h1'))).startsWith(title)).toBe(true);
    const synopsis = page.getByRole('region', { name: 'Synopsis' }).locator('p').first();
    expect((await textOf(synopsis)).length).toBeGreaterThan(40);

    await crumbs.getByRole('link', { name: 'English Movies' }).click();
    await page.waitForURL(/\/category\/english-movies$/);
    expect(await textOf(page.locator('h1'))).toBe('English Movies');
    expect(await cardTitles(page)).toEqual(firstPage);

    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('home, category and film pages have no axe-core violations, in light and dark mode', async () => {
    const failures: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      // The site's CSP (rightly) refuses the injected axe script; only this context bypasses it.
      const page = await openPage(1280, scheme, { bypassCSP: true });
      for (const [name, pathname] of [
        ['home', '/'],
        ['category', categoryPath],
        ['film', filmPath],
      ] as const) {
        await visit(page, pathname);
        // Dark mode changes colours only: its pass checks contrast, the light pass everything.
        const violations = await axeViolations(page, scheme === 'dark' ? { only: ['color-contrast'] } : {});
        if (violations.length) failures.push(describeViolations(`${name} (${scheme}) ${pathname}`, violations));
      }
    }
    expect(failures.join('\n'), 'axe-core violations').toBe('');
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 40_000);

  it('fits phone and desktop widths in light and dark mode (screenshots in test-results/)', async () => {
    const overflowing: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of WIDTHS) {
        const page = await openPage(width, scheme);
        for (const [name, pathname] of [
          ['home', '/'],
          ['category', categoryPath],
          ['film', filmPath],
        ] as const) {
          await visit(page, pathname);
          // Nothing may be wider than the viewport: a phone would scroll sideways.
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          if (scrollWidth > clientWidth) overflowing.push(`${name} at ${width}px (${scheme}): ${scrollWidth}px wide`);
          const suffix = scheme === 'dark' ? '-dark' : '';
          await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}${suffix}.png`), fullPage: true });
        }
      }
    }
    expect(overflowing).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('an unknown film is a 404 page with one heading and no stack trace', async () => {
    const page = await openPage(390);
    const response = await visit(page, '/film/no-such-film');
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await textOf(page.locator('h1'))).not.toBe('');
    // A stack trace would show frames ("    at fn (file:line:col)") or file paths.
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|dist\/cli\.js|\.[jt]sx?:\d+:\d+|Error: /);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'not-found-390.png'), fullPage: true });
    expect(foreignRequests).toEqual([]);
  });
});
