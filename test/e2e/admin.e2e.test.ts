import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { ROOT, type RunningServer, runCli, startServer } from '../support/server.js';

const ADMIN = { email: 'owner@example.org', password: 'correct horse battery staple' };
const MODERATOR = { email: 'mod@example.org', password: 'moderating all day long' };

let server: RunningServer;
/** The job page of the import test, for the accessibility sweep. */
let importJobPath = '/admin/import';
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const foreignRequests: string[] = [];

/** axe-core is injected as an inline script, which the site's CSP rightly refuses: its contexts bypass the CSP. */
async function newContext(scheme: 'light' | 'dark' = 'light', bypassCSP = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, bypassCSP });
  contexts.push(context);
  context.on('page', (page) => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== server.origin && !request.url().startsWith('data:'))
        foreignRequests.push(request.url());
    });
  });
  return context;
}

async function logIn(context: BrowserContext, who: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.origin}/admin/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /log in/i }).click()]);
  expect(new URL(page.url()).pathname).toBe('/admin');
  return page;
}

describe.runIf(hasChromium())('the admin in Chromium', () => {
  beforeAll(async () => {
    server = await startServer({ env: { IMPORT_DEMO: 'on' } });
    browser = await launchChromium();
    for (const [who, role] of [
      [ADMIN, 'admin'],
      [MODERATOR, 'moderator'],
    ] as const) {
      const created = await runCli(
        server,
        ['create-admin', '--email', who.email, '--role', role, '--password-stdin'],
        `${who.password}\n`,
      );
      expect(created.code, created.stderr).toBe(0);
    }
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('adds a film with a poster, shows it resized on its category page, renames it (301), deletes it (404)', async () => {
    const page = await logIn(await newContext(), ADMIN);
    await page.goto(`${server.origin}/admin/films/new`);
    await page.getByLabel(/^Title\b/).fill('The Harbour at Dawn');
    await page.getByLabel('Year').fill('2021');
    await page.getByLabel('Synopsis').fill('A ferry pilot keeps a small island connected to the world.');
    await page.getByRole('checkbox', { name: 'English Movies', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Drama', exact: true }).check();
    const poster = await sharp({ create: { width: 900, height: 1350, channels: 3, background: '#2a6f97' } })
      .jpeg()
      .toBuffer();
    await page
      .getByLabel('Upload a poster')
      .setInputFiles({ name: 'dawn.jpg', mimeType: 'image/jpeg', buffer: poster });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Add the film' }).click()]);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/films\/\d+$/);
    await expect.poll(() => page.locator('.flash').innerText()).toContain('/film/the-harbour-at-dawn');

    // On its category page (newest first), with the uploaded poster drawn from the resized WebP copies.
    await page.goto(`${server.origin}/category/english-movies?sort=newest`);
    const card = page.locator('.film-card', { hasText: 'The Harbour at Dawn' });
    const image = card.locator('img.poster-image');
    await expect
      .poll(() => image.getAttribute('srcset'))
      .toMatch(/-200\.webp 200w, .*-400\.webp 400w, .*-800\.webp 800w/);
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    const current = await image.evaluate((img: HTMLImageElement) => img.currentSrc);
    expect(current).toMatch(/\.webp$/);

    // Rename: the film moves to a new slug, the old one answers 301.
    await page.goto(`${server.origin}/admin/films?q=harbour+at+dawn`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'The Harbour at Dawn' }).click()]);
    await page.getByLabel(/^Title\b/).fill('The Harbour at Dusk');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save changes' }).click()]);
    const old = await fetch(`${server.origin}/film/the-harbour-at-dawn`, { redirect: 'manual' });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/film/the-harbour-at-dusk');
    const renamed = await page.goto(`${server.origin}/film/the-harbour-at-dawn`);
    expect(new URL(page.url()).pathname).toBe('/film/the-harbour-at-dusk');
    expect(renamed?.status()).toBe(200);

    // Delete, after a confirmation that says what goes with it.
    await page.goBack();
    await page.goto(`${server.origin}/admin/films?q=dusk`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'The Harbour at Dusk' }).click()]);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Delete this film/ }).click()]);
    await expect.poll(() => page.locator('.delete-list').innerText()).toContain('0 ratings');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: /Delete “The Harbour at Dusk”/ }).click(),
    ]);
    const gone = await page.goto(`${server.origin}/film/the-harbour-at-dusk`);
    expect(gone?.status()).toBe(404);
    expect((await fetch(`${server.origin}/film/the-harbour-at-dawn`, { redirect: 'manual' })).status).toBe(404);
  }, 60_000);

  it('keeps a moderator out of film editing (403), and logging out ends the session in every tab', async () => {
    const context = await newContext();
    const tab = await logIn(context, MODERATOR);
    const films = await tab.goto(`${server.origin}/admin/films`);
    expect(films?.status()).toBe(403);
    const other = await context.newPage();
    expect((await other.goto(`${server.origin}/admin/comments`))?.status()).toBe(200);
    await tab.goto(`${server.origin}/admin`);
    await Promise.all([tab.waitForNavigation(), tab.getByRole('button', { name: 'Log out', exact: true }).click()]);
    await other.reload();
    expect(new URL(other.url()).pathname).toBe('/admin/login');
  }, 60_000);

  it('imports an uploaded file and shows its progress until it ends (JavaScript off: the page reloads itself)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    contexts.push(context);
    const page = await logIn(context, ADMIN);
    await page.goto(`${server.origin}/admin/import`);
    await page.getByLabel('File').setInputFiles(path.join(ROOT, 'test', 'fixtures', 'world-films.csv'));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Start the import' }).click()]);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/import\/\d+$/);
    importJobPath = new URL(page.url()).pathname;
    // No script and no click: the Refresh header brings the finished state.
    await expect
      .poll(() => page.locator('[role="status"]').innerText(), { timeout: 20_000, interval: 500 })
      .toContain('Finished');
    expect(await page.locator('.import-facts').innerText()).toMatch(/Rows read\s+9\b/);
  }, 60_000);

  it('has no axe-core violations on the admin pages, light and dark', async () => {
    const failures: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const page = await logIn(await newContext(scheme, true), ADMIN);
      const links = await page
        .locator('.admin__nav a')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
      await page.goto(`${server.origin}/admin/films`);
      const filmEdit = await page
        .locator('table a')
        .first()
        .evaluate((a) => (a as HTMLAnchorElement).pathname);
      const paths = [...links, '/admin/films/new', filmEdit, `${filmEdit}/delete`, importJobPath];
      for (const section of ['/admin/films', '/admin/categories', '/admin/genres', '/admin/import']) {
        expect(paths).toContain(section);
      }
      for (const pathname of paths) {
        await page.goto(server.origin + pathname);
        // Dark mode changes colours only: its pass checks contrast, the light pass everything.
        const violations = await axeViolations(page, scheme === 'dark' ? { only: ['color-contrast'] } : {});
        for (const v of violations)
          failures.push(
            `${scheme} ${pathname}: [${v.impact}] ${v.id}: ${v.help} (${v.targets.slice(0, 5).join(', ')})`,
          );
      }
      // A form sent back with its errors shown.
      await page.goto(`${server.origin}/admin/films/new`);
      // The browser's own checks (required, min) would stop the form; the server's answer is what is tested.
      await page.locator('form.film-form').evaluate((form: HTMLFormElement) => {
        form.noValidate = true;
      });
      await page.getByLabel('Year').fill('1700');
      await page.getByLabel(/^Title\b/).fill('Too Early');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Add the film' }).click()]);
      for (const v of await axeViolations(page, scheme === 'dark' ? { only: ['color-contrast'] } : {}))
        failures.push(`${scheme} film form with errors: [${v.impact}] ${v.id}: ${v.help} (${v.targets.join(', ')})`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  }, 180_000);
});
