import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import type { SeoDeps } from './seo.deps.js';
import {
  filmSitemapExists,
  getLastFilmChange,
  getSitemapSummary,
  sitemapFilmPages,
  sitemapTermPages,
} from './seo.service.js';
import { onePage, robotsTxt, type SitemapUrl, sitemapIndex, urlset } from './sitemap.js';

const XML = 'application/xml; charset=utf-8';
const SitemapParams = Type.Object({ n: Type.Integer({ minimum: 1, maximum: 10_000 }) });

/**
 * robots.txt, the sitemap index, the pages sitemap and the film sitemaps. The sitemaps are written as they are read
 * (decision 047): a page of rows at a time, sent as it is written, so a file of 45,000 films is never held whole.
 * They are not kept by the page cache, which holds whole bodies (a film file is ~4 MB, the room of ~60 film
 * pages); crawlers ask for them rarely, and each answer is a few index ranges.
 */
export const sitemapRoutes: FastifyPluginAsyncTypebox<SeoDeps> = async (app, { ctx, urlsPerSitemap, encodeStream }) => {
  const base = ctx.config.publicUrl;
  const cached = { config: { pageCache: true as const } };

  const sendXml = (request: FastifyRequest, reply: FastifyReply, text: AsyncIterable<string>) => {
    const body = Readable.from(text);
    reply.type(XML).header('cache-control', 'no-cache');
    return reply.send(encodeStream ? encodeStream(request, reply, body) : body);
  };

  app.get('/robots.txt', cached, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(robotsTxt(base)),
  );

  app.get('/sitemap.xml', async (request, reply) => {
    const { maxId, lastChange } = await getSitemapSummary(ctx.db);
    const filmFiles = Math.max(1, Math.ceil(maxId / urlsPerSitemap));
    async function* files(): AsyncGenerator<SitemapUrl[]> {
      yield [{ loc: `${base}/sitemaps/pages.xml`, lastmod: lastChange }];
      // 1,000 files a page: the index of a catalog of 45 million films is still written a page at a time.
      for (let first = 0; first < filmFiles; first += 1_000) {
        const count = Math.min(1_000, filmFiles - first);
        yield Array.from({ length: count }, (_, i) => ({
          loc: `${base}/sitemaps/films-${first + i + 1}.xml`,
          lastmod: lastChange,
        }));
      }
    }
    return sendXml(request, reply, sitemapIndex(files()));
  });

  app.get('/sitemaps/pages.xml', async (request, reply) => {
    const lastChange = await getLastFilmChange(ctx.db);
    const site = [
      { loc: `${base}/`, lastmod: lastChange },
      { loc: `${base}/genres`, lastmod: lastChange },
      { loc: `${base}/top-rated` },
      { loc: `${base}/about/ratings` },
    ];
    async function* pages(): AsyncGenerator<readonly SitemapUrl[]> {
      yield* onePage(site);
      for await (const terms of sitemapTermPages(ctx.db)) {
        yield terms.map((t) => ({
          loc: `${base}/${t.kind === 'categories' ? 'category' : 'genre'}/${t.slug}`,
          lastmod: t.last,
        }));
      }
    }
    return sendXml(request, reply, urlset(pages()));
  });

  app.get('/sitemaps/films-:n.xml', { schema: { params: SitemapParams } }, async (request, reply) => {
    const { n } = request.params;
    // A file inside the id range whose films were all deleted stays listed, empty (valid): only past the end is 404.
    if (!(await filmSitemapExists(ctx.db, n, urlsPerSitemap)))
      throw new AppError('not_found', 'There is no such sitemap.');
    async function* pages(): AsyncGenerator<SitemapUrl[]> {
      for await (const films of sitemapFilmPages(ctx.db, n, urlsPerSitemap))
        yield films.map((f) => ({ loc: `${base}/film/${f.slug}`, lastmod: f.updated_at }));
    }
    return sendXml(request, reply, urlset(pages()));
  });
};
