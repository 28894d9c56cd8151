// axe-core run inside a Chromium page, for the end-to-end accessibility checks.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
  /** axe's own explanation per element, in the order of `targets`. */
  summaries: string[];
}

/**
 * The page's violations. The page's context needs `bypassCSP: true`: axe goes in as an inline script, which the
 * site's policy rightly refuses. `only` limits the run to some rules: a dark-mode pass of a page whose structure was
 * checked in light mode needs colour contrast only.
 */
export async function axeViolations(page: Page, options: { only?: string[] } = {}): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (only) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, only ? { runOnly: { type: 'rule', values: only } } : {});
    // A run that checked nothing would pass silently.
    if (results.passes.length + results.violations.length === 0)
      throw new Error('axe-core checked no rule on this page');
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      summaries: v.nodes.map((n) => n.failureSummary ?? ''),
    }));
  }, options.only);
}

/** One line per violation, for an `expect(…).toEqual([])` whose failure says what and where. */
export async function axeViolationLines(page: Page, options: { only?: string[] } = {}): Promise<string[]> {
  return (await axeViolations(page, options)).map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
}
