import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { type DiaryDeps, filmOr404, memberOrSignIn } from './diary.deps.js';
import { PageQuery, WatchlistForm } from './diary.schemas.js';
import { WatchlistPage } from './views/WatchlistPage.js';
import { setWatchlisted, watchlistPage } from './watchlist.service.js';

const PAGE_SIZE = 48;

/** The watchlist's pages: the one-click form (JavaScript off) and the member's own list. */
export const watchlistRoutes: FastifyPluginAsyncTypebox<DiaryDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });

  app.post(
    '/film/:slug/watchlist',
    { schema: { params: SlugParams, body: WatchlistForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(findFilm, request.params.slug);
      const back = safeRedirectPath(request.body.back, { fallback: `/film/${film.slug}` });
      const member = memberOrSignIn(request, reply, back);
      if (!member) return reply;
      const listed = request.body.listed === '1';
      const now = ctx.clock.now();
      await ctx.writer.writeGrouped((uow) => setWatchlisted(uow, member.id, film.id, listed, now));
      setFlash(reply, listed ? `“${film.title}” is on your watchlist.` : `“${film.title}” left your watchlist.`);
      return reply.redirect(back, 303);
    },
  );

  app.get('/me/watchlist', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const member = memberOrSignIn(request, reply, '/me/watchlist');
    if (!member) return reply;
    const { films, total, page, pageCount } = await watchlistPage(
      ctx.db,
      member.id,
      request.query.page ?? 1,
      PAGE_SIZE,
    );
    reply.header('cache-control', 'private, no-store');
    return sendPage(
      reply,
      ctx,
      { title: 'Your watchlist', noindex: true },
      <WatchlistPage films={films} total={total} page={page} pageCount={pageCount} flash={takeFlash(request, reply)} />,
    );
  });
};
