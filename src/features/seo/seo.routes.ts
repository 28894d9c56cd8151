import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { feedRoutes } from './feeds.routes.js';
import type { SeoDeps } from './seo.deps.js';
import { URLS_PER_SITEMAP } from './sitemap.js';
import { sitemapRoutes } from './sitemaps.routes.js';

/** What search engines and feed readers read: robots.txt, sitemaps and feeds. */
export const seoRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  urlsPerSitemap?: number;
  encodeStream?: SeoDeps['encodeStream'];
}> = async (app, { ctx, urlsPerSitemap = URLS_PER_SITEMAP, encodeStream }) => {
  await app.register(sitemapRoutes, { ctx, urlsPerSitemap, encodeStream });
  await app.register(feedRoutes, { ctx, urlsPerSitemap });
};
