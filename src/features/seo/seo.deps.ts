import type { AppContext } from '../../kernel/context.js';

/** What the SEO routes are given. */
export interface SeoDeps {
  ctx: AppContext;
  /** URLs per film sitemap file; below the protocol's limit unless a test wants several files. */
  urlsPerSitemap: number;
}
