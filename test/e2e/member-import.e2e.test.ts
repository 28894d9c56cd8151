// A member imports their Letterboxd export in Chromium at phone width (390 px): signed in (test support, not the join
// form), the export ZIP (built here from test/fixtures/history/letterboxd) uploaded on /settings/import, the progress
// followed by the island with JavaScript on (no reload) and by the page's own Refresh with JavaScript off, the report
// listing unmatched rows, the diary, profile and list showing what came in, and /activity showing none of it.
// axe-core on each page.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config.js';
import { createDb } from '../../src/db/create-db.js';
import type { Db } from '../../src/db/database.js';
import { axeViolationLines as axeViolations } from '../support/axe.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { insertFixtureCatalog, tempDir, zipFixture } from '../support/member-history.js';
import { signedInMemberOnServer } from '../support/members.js';
import { type RunningServer, startServer } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
let db: Db;
const contexts: BrowserContext[] = [];
const dir = tempDir();

async function memberPage(javaScriptEnabled: boolean, displayName: string) {
  const signedIn = await signedInMemberOnServer(server.databaseUrl, { displayName });
  // bypassCSP: axe-core goes in as an inline script, which the site's policy rightly refuses.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled,
    bypassCSP: true,
  });
  contexts.push(context);
  await context.addCookies([{ ...signedIn.cookie, url: server.origin }]);
  const page = await context.newPage();
  // Every document the tab loads: a Refresh reload shows here, an island's fetch does not.
  const loads: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads.push(frame.url());
  });
  return { page, member: signedIn.member, loads };
}

/** A job row as the import writes it while running: what the island and the Refresh header follow. */
async function runningJob(memberId: number, processed: number, total: number): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('member_import_jobs')
    .values({
      member_id: memberId,
      status: 'running',
      filename: 'slow.zip',
      bytes: 1,
      processed,
      total,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const moveJob = (id: number, values: { processed?: number; status?: 'done'; report?: string }) =>
  db
    .updateTable('member_import_jobs')
    .set({ ...values, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();

async function upload(page: Page, javaScript: boolean): Promise<void> {
  await page.goto(`${server.origin}/settings/import`);
  // axe-core runs as a script: checked on the JavaScript-on visits (the same pages).
  if (javaScript) expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel(/^File/).setInputFiles(zipFixture(dir, 'letterboxd'));
  await page.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL(javaScript ? /\/settings\/import\/\d+\?live=1$/ : /\/settings\/import\/\d+$/);
}

describe.skipIf(!hasChromium())('importing a Letterboxd export in Chromium (e2e)', () => {
  let report = '';
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { IMPORT_DEMO: 'off' } }), launchChromium()]);
    const target = parseDatabaseUrl(server.databaseUrl);
    if (typeof target === 'string') throw new Error(target);
    db = createDb(target);
    await insertFixtureCatalog(db);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await db?.destroy();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads with JavaScript on: the report with unmatched rows shows on the one page, never reloaded', async () => {
    const { page, member, loads } = await memberPage(true, 'Ida Importer');
    await upload(page, true);
    const main = page.locator('main');
    await page.getByRole('heading', { name: 'Report' }).waitFor({ timeout: 20_000 });
    await expect(main.textContent()).resolves.toContain('not in the catalog: “A Film Nobody Has” (2011)');
    await expect(main.textContent()).resolves.toMatch(/ambiguous: “Twin Film” \(2010\) could be/);
    await expect(main.textContent()).resolves.toContain('1 lists, 2 films on lists');
    expect(loads.filter((url) => /\/settings\/import\/\d+/.test(url))).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);
    const job = await db
      .selectFrom('member_import_jobs')
      .select('report')
      .where('member_id', '=', member.id)
      .executeTakeFirstOrThrow();
    report = job.report ?? '';

    // What came in: the diary, the profile and the list; the feed shows none of it.
    for (const [pathname, text] of [
      [`/u/${member.handle}/diary`, 'The Matrix'],
      [`/u/${member.handle}`, 'Crouching Tiger, Hidden Dragon'],
      [`/u/${member.handle}/list/best-of-the-90s`, 'The diner scene.'],
    ] as const) {
      await page.goto(server.origin + pathname);
      await expect(main.textContent(), pathname).resolves.toContain(text);
      expect(await axeViolations(page), pathname).toEqual([]);
    }
    await page.goto(`${server.origin}/activity`);
    await expect(main.textContent()).resolves.not.toContain('Ida Importer');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('with JavaScript on, the island moves the bar and swaps in the report in place', async () => {
    const { page, member, loads } = await memberPage(true, 'Ola Island');
    const id = await runningJob(member.id, 5, 10);
    await page.goto(`${server.origin}/settings/import/${id}?live=1`);
    const bar = page.locator('[data-import-progress]');
    await expect(bar.getAttribute('value')).resolves.toBe('5');
    expect(await axeViolations(page)).toEqual([]);
    await moveJob(id, { processed: 8 });
    await page.waitForFunction(() => document.querySelector('progress')?.value === 8);
    await expect(page.locator('[data-import-count]').textContent()).resolves.toBe('8 of 10 rows (80%)');
    await moveJob(id, { processed: 10, status: 'done', report });
    await page.getByRole('heading', { name: 'Report' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('not in the catalog: “A Film Nobody Has”');
    expect(await page.locator('progress').count()).toBe(0);
    expect(loads).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('with JavaScript off, the upload and the running page refresh themselves to the report', async () => {
    const { page, member } = await memberPage(false, 'Noa Noscript');
    await upload(page, false);
    await page.getByRole('heading', { name: 'Report' }).waitFor({ timeout: 20_000 });
    await expect(page.locator('main').textContent()).resolves.toContain('not in the catalog: “A Film Nobody Has”');

    const id = await runningJob(member.id, 3, 10);
    await page.goto(`${server.origin}/settings/import/${id}`);
    await expect(page.locator('main').textContent()).resolves.toContain('This page refreshes by itself');
    await moveJob(id, { processed: 10, status: 'done', report });
    await page.getByRole('heading', { name: 'Report' }).waitFor({ timeout: 10_000 });
  });
});
