// `npm run screenshots`: the README's pictures, taken from the real site so they stay current. Starts the compiled
// server (dist/, so build first) over a temporary SQLite file with the demo catalog, creates an admin, leaves a vote
// and a comment so the film page and the moderation queue have something to show, then captures the first screen of
// home, a film page and the moderation queue at phone (390) and desktop (1280) width, light and dark.
//   node scripts/screenshots.mjs [output folder]   (default docs/screenshots)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CLI, freePort, ROOT, sleep, startChild, stopChild, waitFor } from '../bench/lib.mjs';

const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs', 'screenshots'));
const ADMIN = { email: 'screens@example.org', password: 'screenshots need a long password' };
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const SCHEMES = ['light', 'dark'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-screens-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: origin,
  DATABASE_URL: `sqlite:${path.join(dir, 'screens.db')}`,
  DATA_DIR: dir,
  IMPORT_DEMO: 'on',
  LOG_LEVEL: 'warn',
  SHED_EVENT_LOOP_DELAY_MS: '0',
  COOKIE_SECRET: 'screenshots-cookie-secret-0123456789-abcdefghij',
};

if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
execFileSync(process.execPath, [CLI, 'create-admin', '--email', ADMIN.email, '--password-stdin'], {
  env,
  input: ADMIN.password,
  stdio: ['pipe', 'ignore', 'inherit'],
});
const server = startChild([CLI, 'serve'], env);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

try {
  await waitFor(`${origin}/healthz`, server);
  const home = await (await fetch(`${origin}/`)).text();
  const filmPath = /<a href="(\/film\/[^"?#]+)"/.exec(home)?.[1];
  if (!filmPath) throw new Error('no film on the home page');
  await leaveActivity(filmPath);
  fs.mkdirSync(OUT, { recursive: true });

  const admin = await browser.newContext({ viewport: VIEWPORTS.desktop });
  await logIn(await admin.newPage());
  const adminCookies = await admin.cookies();
  await admin.close();

  const shots = [
    { name: 'home', path: '/' },
    { name: 'film', path: filmPath },
    { name: 'moderation', path: '/admin/comments', cookies: adminCookies },
  ];
  for (const shot of shots)
    for (const [device, viewport] of Object.entries(VIEWPORTS))
      for (const scheme of SCHEMES) {
        const context = await browser.newContext({ viewport, colorScheme: scheme });
        if (shot.cookies) await context.addCookies(shot.cookies);
        const page = await context.newPage();
        await page.goto(origin + shot.path, { waitUntil: 'load' });
        const file = path.join(OUT, `${shot.name}-${device}-${scheme}.png`);
        // The first screen only: what a visitor sees on arrival, and small enough to keep in the repository.
        await page.screenshot({ path: file });
        await context.close();
        process.stdout.write(`${path.relative(ROOT, file)}\n`);
      }
} finally {
  await browser.close();
  await stopChild(server);
  fs.rmSync(dir, { recursive: true, force: true });
}

async function logIn(page) {
  await page.goto(`${origin}/admin/login`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/login')),
    page.click('form[action="/admin/login"] button[type=submit]'),
  ]);
}

/** A visitor rates the film and comments on it, through the page's own forms (a first comment waits for review). */
async function leaveActivity(filmPath) {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  await page.goto(origin + filmPath);
  const star = page.locator('label[for="stars-4-5"]');
  if (await star.count()) {
    await star.click();
    const commit = page.locator('.rating__form button[type=submit]');
    if (await commit.isVisible()) await commit.click();
    await sleep(500);
  }
  await page.goto(origin + filmPath);
  // The spam filter refuses a form sent faster than a person could type.
  await sleep(3500);
  await page.fill('#comment-authorName', 'Ines');
  await page.fill('#comment-authorEmail', 'ines@example.org');
  await page.fill(
    '#comment-body',
    'Saw it again last night: the long take in the second act still holds the whole room. Worth the big screen.',
  );
  await page.locator('#comment-body').evaluate((el) => el.form.requestSubmit());
  await sleep(1000);
  await context.close();
}
