// Pages of a 390×844 phone in Chromium for the member end-to-end specs, each in a context of its own (so cookies do
// not leak between visitors), with axe-core checks that also cover pages browsed with JavaScript off.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolationLines } from './axe.js';

export const PHONE = { width: 390, height: 844 };

export class PhonePages {
  private readonly contexts: BrowserContext[] = [];

  /** Getters, because the spec's browser and server start in its beforeAll, after this is made. */
  constructor(
    private readonly browser: () => Browser,
    private readonly origin: () => string,
  ) {}

  /** axe-core goes in as an inline script, which the site's CSP refuses: the contexts bypass the CSP. */
  async newPage(options: { javaScriptEnabled: boolean; cookie?: { name: string; value: string } }): Promise<Page> {
    const context = await this.browser().newContext({
      viewport: PHONE,
      javaScriptEnabled: options.javaScriptEnabled,
      bypassCSP: true,
    });
    this.contexts.push(context);
    if (options.cookie) await context.addCookies([{ ...options.cookie, url: this.origin() }]);
    return context.newPage();
  }

  /**
   * axe-core needs script: with JavaScript off, the same address is checked in a scripted page holding the same
   * cookies (the HTML is the same; only the check needs script).
   */
  async axeViolations(page: Page, js: boolean): Promise<string[]> {
    if (js) return axeViolationLines(page);
    const checker = await this.newPage({ javaScriptEnabled: true });
    await checker.context().addCookies(await page.context().cookies());
    await checker.goto(page.url());
    return axeViolationLines(checker);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
  }
}

/** Clicks the first button of that name and waits for the page it leads to. */
export const submit = (page: Page, name: RegExp | string) =>
  Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).first().click()]);
