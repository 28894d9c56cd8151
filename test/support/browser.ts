// Debian's Chromium driven by playwright-core (no browser download: the machine's network is closed to it).
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** On CI a missing browser is a failure, not a skip (as for PostgreSQL, xmllint and java). */
const ci = process.env.CI;
const mustHave = (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || process.env.REQUIRE_PG === '1';

/** Whether Chromium is installed; prints why the browser tests skip when it is not, throws on CI. */
export function hasChromium(): boolean {
  let ok = true;
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
  } catch {
    ok = false;
  }
  if (!ok && mustHave) throw new Error(`${CHROMIUM_PATH} is required on CI (apt-get install chromium)`);
  if (!ok) process.stdout.write(`[e2e] ${CHROMIUM_PATH} not found (apt-get install chromium): browser tests skipped\n`);
  return ok;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The background-networking flags stop Chromium phoning home, which a closed network refuses (and which would
    // show up as requests to other origins).
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
