import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../kernel/errors.js';
import type { SeoDeps } from './seo.deps.js';
import { getSitemapFilms, getSitemapSummary, getSitemapTerms } from './seo.service.js';
import { robotsTxt, sitemapIndex, urlset } from './sitemap.js';

const XML = 'application/xml; charset=utf-8';
const SitemapParams = Type.Object({ n: Type.Integer({ minimum: 1, maximum: 10_000 }) });

/** robots.txt, the sitemap index, the pages sitemap and the film sitemaps. */
export const sitemapRoutes: FastifyPluginAsyncTypebox<SeoDeps> = async (app, { ctx, urlsPerSitemap }) => {
  const base = ctx.config.publicUrl;
  const cached = { config: { pageCache: true as const } };

  app.get('/robots.txt', cached, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(robotsTxt(base)),
  );

  app.get('/sitemap.xml', cached, async (_request, reply) => {
    const { maxId, lastChange } = await getSitemapSummary(ctx.db);
    const filmFiles = Math.max(1, Math.ceil(maxId / urlsPerSitemap));
    const sitemaps = [
      { loc: `${base}/sitemaps/pages.xml`, lastmod: lastChange },
      ...Array.from({ length: filmFiles }, (_, i) => ({
        loc: `${base}/sitemaps/films-${i + 1}.xml`,
        lastmod: lastChange,
      })),
    ];
    return reply.type(XML).send(sitemapIndex(sitemaps));
  });

  app.get('/sitemaps/pages.xml', cached, async (_request, reply) => {
    const { categories, genres, lastChange } = await getSitemapTerms(ctx.db);
    const urls = [
      { loc: `${base}/`, lastmod: lastChange },
      { loc: `${base}/genres`, lastmod: lastChange },
      { loc: `${base}/top-rated` },
      { loc: `${base}/about/ratings` },
      ...categories.map((c) => ({ loc: `${base}/category/${c.slug}`, lastmod: c.last })),
      ...genres.map((g) => ({ loc: `${base}/genre/${g.slug}`, lastmod: g.last })),
    ];
    return reply.type(XML).send(urlset(urls));
  });

  app.get('/sitemaps/films-:n.xml', { ...cached, schema: { params: SitemapParams } }, async (request, reply) => {
    const { films, exists } = await getSitemapFilms(ctx.db, request.params.n, urlsPerSitemap);
    // A file inside the id range whose films were all deleted stays listed, empty (valid): only past the end is 404.
    if (!exists) throw new AppError('not_found', 'There is no such sitemap.');
    return reply.type(XML).send(urlset(films.map((f) => ({ loc: `${base}/film/${f.slug}`, lastmod: f.updated_at }))));
  });
};
