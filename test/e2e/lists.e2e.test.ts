import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser.js';
import { signedInMemberOnServer } from '../support/members.js';
import { PHONE, PhonePages, submit } from '../support/phone-pages.js';
import { type RunningServer, runCli, startServer } from '../support/server.js';

const ADMIN = { email: 'lists-admin@example.org', password: 'curating lists all day' };

let server: RunningServer;
let browser: Browser;
let films: string[] = [];

const pages = new PhonePages(
  () => browser,
  () => server.origin,
);
const newPage = (options: Parameters<PhonePages['newPage']>[0]) => pages.newPage(options);
const axeViolations = (page: Page, js: boolean) => pages.axeViolations(page, js);

const entryTitles = (page: Page) => page.locator('.list-entry__title a').allInnerTexts();

/** A ranked public list with the first three films, added from each film's page as a member would. */
async function listWithFilms(page: Page, title: string, js: boolean): Promise<{ url: string; titles: string[] }> {
  await page.goto(`${server.origin}/my/lists/new`);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel(/Ranked/).check();
  expect(await axeViolations(page, js)).toEqual([]);
  await submit(page, 'Create list');
  const url = page.url();
  const titles: string[] = [];
  for (const slug of films) {
    await page.goto(`${server.origin}/film/${slug}`);
    titles.push((await page.locator('h1').innerText()).trim());
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Add to list', exact: true }).click()]);
    await page.getByLabel('Your list').selectOption({ label: title });
    if (titles.length === 1) expect(await axeViolations(page, js)).toEqual([]);
    await submit(page, 'Add to list');
  }
  await page.goto(url);
  return { url, titles: await entryTitles(page) };
}

describe.runIf(hasChromium())('lists in Chromium at 390 px', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const home = await (await fetch(`${server.origin}/`)).text();
    films = [...new Set([...home.matchAll(/href="\/film\/([^"#?/]+)"/g)].map((m) => m[1]!))].slice(0, 3);
    const created = await runCli(
      server,
      ['create-admin', '--email', ADMIN.email, '--password-stdin'],
      `${ADMIN.password}\n`,
    );
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await pages.close();
    await browser?.close();
    await server?.stop();
  });

  it('makes a list, reorders it with the keyboard, notes a film; a guest reads it and comments', async () => {
    const { cookie } = await signedInMemberOnServer(server.databaseUrl, { displayName: 'Keyboard Curator' });
    const owner = await newPage({ javaScriptEnabled: true, cookie });
    const { url, titles } = await listWithFilms(owner, 'Late night films', true);
    expect(titles).toHaveLength(3);
    expect(await owner.getByText('You’ve seen 0 of 3').isVisible()).toBe(true);
    expect(await axeViolations(owner, true)).toEqual([]);

    // Pick up the last film with Space, move it up twice, drop it with Space: one PATCH, announced.
    const handle = owner.getByRole('button', { name: `↕ Move ${titles[2]}` });
    await handle.focus();
    await owner.keyboard.press('Space');
    expect(await handle.getAttribute('aria-pressed')).toBe('true');
    await owner.keyboard.press('ArrowUp');
    await owner.keyboard.press('ArrowUp');
    await owner.keyboard.press('Space');
    await expect
      .poll(() => owner.locator('[role="status"]').last().innerText())
      .toContain(`${titles[2]} moved to position 1`);
    expect(await axeViolations(owner, true)).toEqual([]);
    await owner.reload();
    expect(await entryTitles(owner)).toEqual([titles[2], titles[0], titles[1]]);

    // A note on the film now first.
    const first = owner.locator('.list-entry').first();
    await first.locator('summary', { hasText: 'Note and position' }).click();
    await first.getByLabel(`Note on ${titles[2]}`).fill('Best *after* midnight.');
    await submit(owner, 'Save note');
    expect(await owner.locator('.list-entry__note em').first().innerText()).toBe('after');

    // A guest reads the public list and comments; a first comment from an address waits for a moderator.
    const guest = await newPage({ javaScriptEnabled: true });
    await guest.goto(url);
    expect(await entryTitles(guest)).toEqual([titles[2], titles[0], titles[1]]);
    expect(await guest.getByText('Best after midnight.').isVisible()).toBe(true);
    expect(await guest.getByText(/You’ve seen/).count()).toBe(0);
    expect(await axeViolations(guest, true)).toEqual([]);
    await guest.getByLabel('Name').fill('Night Owl');
    await guest.getByLabel('Email').fill('owl@example.org');
    await guest.getByLabel('Your comment').fill('A fine order.');
    await submit(guest, 'Post comment');
    expect(await guest.getByText('awaiting moderation').isVisible()).toBe(true);
    expect(await axeViolations(guest, true)).toEqual([]);
    const scroll = await guest.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(PHONE.width);
  }, 120_000);

  it('reorders with the up and down buttons when JavaScript is off', async () => {
    const { cookie } = await signedInMemberOnServer(server.databaseUrl, { displayName: 'Button Curator' });
    const owner = await newPage({ javaScriptEnabled: false, cookie });
    const { titles } = await listWithFilms(owner, 'Films by button', false);
    expect(await owner.getByRole('button', { name: /↕ Move/ }).count()).toBe(0);
    await submit(owner, `Move ${titles[0]} down`);
    expect(await entryTitles(owner)).toEqual([titles[1], titles[0], titles[2]]);
    await submit(owner, `Move ${titles[2]} up`);
    expect(await entryTitles(owner)).toEqual([titles[1], titles[2], titles[0]]);
    expect(await axeViolations(owner, false)).toEqual([]);
  }, 120_000);

  it('lets an admin make a site list that appears on the home page', async () => {
    const admin = await newPage({ javaScriptEnabled: true });
    await admin.goto(`${server.origin}/admin/login`);
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password').fill(ADMIN.password);
    await submit(admin, /log in/i);
    await admin.goto(`${server.origin}/admin/lists`);
    await admin.getByLabel('Title').fill('Staff picks');
    await submit(admin, 'Create list');
    await admin.getByLabel('Add a film (its address or slug)').fill(films[0]!);
    await submit(admin, 'Add film');
    expect(await axeViolations(admin, true)).toEqual([]);
    await admin.getByLabel('Add a film (its address or slug)').fill(films[1]!);
    await submit(admin, 'Add film');

    // The list's films page: the member list's up/down buttons, for the site's list.
    await Promise.all([
      admin.waitForNavigation(),
      admin.getByRole('link', { name: /order, notes and removal/i }).click(),
    ]);
    const before = await entryTitles(admin);
    expect(before).toHaveLength(2);
    await submit(admin, `Move ${before[1]} up`);
    expect(await entryTitles(admin)).toEqual([before[1], before[0]]);
    expect(await axeViolations(admin, true)).toEqual([]);

    const guest = await newPage({ javaScriptEnabled: true });
    await guest.goto(`${server.origin}/`);
    expect(await guest.getByRole('link', { name: 'Staff picks' }).count()).toBeGreaterThan(0);
    expect(await axeViolations(guest, true)).toEqual([]);
  }, 120_000);
});
