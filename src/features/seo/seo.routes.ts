import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { atomFeed, type FeedMeta, rssFeed } from './feeds.js';
import {
  countAllFilms,
  findCategory,
  lastFilmChange,
  listFilmsForSitemap,
  listNewestForFeed,
  listTermsForSitemap,
} from './seo.repository.js';
import { robotsTxt, sitemapIndex, URLS_PER_SITEMAP, urlset } from './sitemap.js';

const FEED_SIZE = 50;
const XML = 'application/xml; charset=utf-8';

const SitemapParams = Type.Object({ n: Type.Integer({ minimum: 1, maximum: 10_000 }) });
const CategoryParams = SlugParams;

export function registerSeoRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options = { urlsPerSitemap: URLS_PER_SITEMAP },
) {
  const base = ctx.config.publicUrl;
  const cached = { config: { pageCache: true as const } };

  app.get('/robots.txt', cached, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(robotsTxt(base)),
  );

  app.get('/sitemap.xml', cached, async (_request, reply) => {
    const [films, lastChange] = await Promise.all([countAllFilms(ctx.db), lastFilmChange(ctx.db)]);
    const filmFiles = Math.max(1, Math.ceil(films / options.urlsPerSitemap));
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
    const [categories, genres, lastChange] = await Promise.all([
      listTermsForSitemap(ctx.db, 'categories'),
      listTermsForSitemap(ctx.db, 'genres'),
      lastFilmChange(ctx.db),
    ]);
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

  app.get<{ Params: Static<typeof SitemapParams> }>(
    '/sitemaps/films-:n.xml',
    { ...cached, schema: { params: SitemapParams } },
    async (request, reply) => {
      const offset = (request.params.n - 1) * options.urlsPerSitemap;
      const films = await listFilmsForSitemap(ctx.db, offset, options.urlsPerSitemap);
      if (films.length === 0 && request.params.n > 1) throw new AppError('not_found', 'There is no such sitemap.');
      return reply.type(XML).send(urlset(films.map((f) => ({ loc: `${base}/film/${f.slug}`, lastmod: f.updated_at }))));
    },
  );

  const siteFeed = (path: string): FeedMeta => ({
    title: 'Reelhouse: new films',
    description: 'Films newly added to the Reelhouse catalog.',
    pageUrl: `${base}/`,
    selfUrl: `${base}${path}`,
    publicUrl: base,
  });
  app.get('/feed.xml', cached, async (_request, reply) =>
    reply
      .type('application/rss+xml; charset=utf-8')
      .send(rssFeed(siteFeed('/feed.xml'), await listNewestForFeed(ctx.db, FEED_SIZE))),
  );
  app.get('/feed.atom', cached, async (_request, reply) =>
    reply
      .type('application/atom+xml; charset=utf-8')
      .send(atomFeed(siteFeed('/feed.atom'), await listNewestForFeed(ctx.db, FEED_SIZE))),
  );

  for (const [ext, type, build] of [
    ['xml', 'application/rss+xml; charset=utf-8', rssFeed],
    ['atom', 'application/atom+xml; charset=utf-8', atomFeed],
  ] as const) {
    app.get<{ Params: Static<typeof CategoryParams> }>(
      `/category/:slug/feed.${ext}`,
      { ...cached, schema: { params: CategoryParams } },
      async (request, reply) => {
        const category = await findCategory(ctx.db, request.params.slug);
        if (!category) throw new AppError('category_not_found', 'There is no category at this address.');
        const meta: FeedMeta = {
          title: `Reelhouse: new ${category.name}`,
          description: `Films newly added to ${category.name} on Reelhouse.`,
          pageUrl: `${base}/category/${category.slug}`,
          selfUrl: `${base}/category/${category.slug}/feed.${ext}`,
          publicUrl: base,
        };
        return reply.type(type).send(build(meta, await listNewestForFeed(ctx.db, FEED_SIZE, category.id)));
      },
    );
  }
}
