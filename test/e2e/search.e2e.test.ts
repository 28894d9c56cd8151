import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationLines } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { type RunningServer, startServer } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function openPage(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  // A CSP violation (an inline style set by the island, say) lands here as a console error.
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return page;
}

describe.skipIf(!hasChromium())('searching in Chromium (e2e)', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('suggests films while typing; arrow keys choose one and Enter opens it', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/`);
    const box = page.getByRole('combobox', { name: 'Search films' });
    await box.click();
    await box.pressSequentially('goodfel', { delay: 30 });
    const list = page.getByRole('listbox', { name: 'Suggested films' });
    await list.waitFor({ state: 'visible' });
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const first = list.getByRole('option').first();
    expect(await first.textContent()).toContain('Goodfellas');

    await box.press('ArrowDown');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    // Focus stays in the box while choosing.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search-q');

    await box.press('Escape');
    expect(await list.isVisible()).toBe(false);
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    await box.press('ArrowDown');
    await box.press('Enter');
    await page.waitForURL(/\/film\/goodfellas$/);
    expect(pageErrors).toEqual([]);
  });

  it('Enter without choosing a suggestion searches; the results page passes axe-core', async () => {
    // axe-core is injected as an inline script, which the Content-Security-Policy would refuse.
    const page = await openPage({ bypassCSP: true });
    await page.goto(`${server.origin}/`);
    const box = page.getByRole('combobox', { name: 'Search films' });
    await box.fill('godfathr');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=godfathr$/);
    expect(await page.locator('.search-result__title').first().textContent()).toBe('The Godfather');
    expect(await axeViolationLines(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('works as a plain form with JavaScript off, filters included', async () => {
    const page = await openPage({ javaScriptEnabled: false });
    await page.goto(`${server.origin}/`);
    const box = page.getByRole('searchbox', { name: 'Search films' });
    await box.fill('arsene lupin');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=arsene\+lupin$/);
    expect(await page.locator('.search-result__title').first().textContent()).toBe('Arsène Lupin Returns');
    await page.getByLabel('Decade').selectOption('1930');
    await page.getByLabel('Sort by').selectOption('year');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.waitForURL(/decade=1930&sort=year$/);
    expect(await page.locator('h1').textContent()).toBe('Search: “arsene lupin”');
    const meta = await page.locator('.search-result__meta').allTextContents();
    expect(meta.length).toBeGreaterThan(0);
    for (const line of meta) expect(line).toMatch(/^193\d/);
  });
});
