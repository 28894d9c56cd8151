import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { filmNotFound } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { findFilm } from '../catalog/index.js';
import type { CommentsDeps } from './comment-post.js';
import { recentComments } from './comments.service.js';
import { commentFeed } from './feeds.js';

const RSS = 'application/rss+xml; charset=utf-8';

/** Comment feeds: approved comments only, newest first, site-wide and per film. */
export const commentFeedRoutes: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, { ctx }) => {
  const site = ctx.config.publicUrl;

  app.get('/comments/feed.xml', { config: { pageCache: true } }, async (_request, reply) => {
    const channel = { title: 'Reelhouse: recent comments', link: `${site}/`, self: `${site}/comments/feed.xml` };
    return reply.type(RSS).send(commentFeed(site, channel, await recentComments(ctx.db)));
  });

  app.get(
    '/film/:slug/comments/feed.xml',
    { config: { pageCache: true }, schema: { params: SlugParams } },
    async (request, reply) => {
      const film = await findFilm(ctx.db, request.params.slug);
      if (!film) throw filmNotFound();
      const base = `${site}/film/${film.slug}`;
      const channel = { title: `Comments on ${film.title}`, link: base, self: `${base}/comments/feed.xml` };
      return reply.type(RSS).send(commentFeed(site, channel, await recentComments(ctx.db, film.id)));
    },
  );
};
