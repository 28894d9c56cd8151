import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { atomFeed, type FeedMeta, rssFeed } from './feeds.js';
import type { SeoDeps } from './seo.deps.js';
import { getFeedCategory, getNewestFilms } from './seo.service.js';

const FEED_SIZE = 50;
const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';

/** The site's feeds of new films, and one per category, each in RSS and Atom. */
export const feedRoutes: FastifyPluginAsyncTypebox<SeoDeps> = async (app, { ctx }) => {
  const base = ctx.config.publicUrl;
  const cached = { config: { pageCache: true as const } };

  const siteFeed = (path: string): FeedMeta => ({
    title: 'Reelhouse: new films',
    description: 'Films newly added to the Reelhouse catalog.',
    pageUrl: `${base}/`,
    selfUrl: `${base}${path}`,
    publicUrl: base,
  });
  app.get('/feed.xml', cached, async (_request, reply) =>
    reply.type(RSS).send(rssFeed(siteFeed('/feed.xml'), await getNewestFilms(ctx.db, FEED_SIZE))),
  );
  app.get('/feed.atom', cached, async (_request, reply) =>
    reply.type(ATOM).send(atomFeed(siteFeed('/feed.atom'), await getNewestFilms(ctx.db, FEED_SIZE))),
  );

  for (const [ext, type, build] of [
    ['xml', RSS, rssFeed],
    ['atom', ATOM, atomFeed],
  ] as const) {
    app.get(`/category/:slug/feed.${ext}`, { ...cached, schema: { params: SlugParams } }, async (request, reply) => {
      const category = await getFeedCategory(ctx.db, request.params.slug);
      if (!category) throw new AppError('category_not_found', 'There is no category at this address.');
      const meta: FeedMeta = {
        title: `Reelhouse: new ${category.name}`,
        description: `Films newly added to ${category.name} on Reelhouse.`,
        pageUrl: `${base}/category/${category.slug}`,
        selfUrl: `${base}/category/${category.slug}/feed.${ext}`,
        publicUrl: base,
      };
      return reply.type(type).send(build(meta, await getNewestFilms(ctx.db, FEED_SIZE, category.id)));
    });
  }
};
