import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { sendPage } from '../../kernel/render.js';
import { dependsOn, keepPrivate } from '../../kernel/versions.js';
import { takeFlash } from '../../kernel/visitor.js';
import { BeforeQuery } from './activity.schemas.js';
import { activityFeed } from './activity-feed.js';
import { followedActivity, keysOf, publicActivity } from './feed.service.js';
import { ActivityPage } from './views/ActivityPage.js';

const EMPTY = { items: [], next: null };

/**
 * `/activity`: one shared page for everyone (nothing personal on it), cached until an item is added or one it shows
 * is withdrawn (decision 037). `/activity/following`: the signed-in member's own, never cached.
 */
export const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/activity',
    { config: { pageCache: true }, schema: { querystring: BeforeQuery } },
    async (request, reply) => {
      const { before } = request.query;
      const page = await publicActivity(ctx.db, before);
      dependsOn(reply, ...keysOf(page));
      return sendPage(
        reply,
        ctx,
        {
          title: 'Activity',
          description: 'What members did recently: reviews, ratings, diary entries and lists.',
          canonicalPath: before ? `/activity?before=${before}` : '/activity',
          nextPath: page.next !== null ? `/activity?before=${page.next}` : undefined,
          feeds: [{ title: 'Activity (Atom)', href: '/activity.xml', type: 'application/atom+xml' }],
        },
        <ActivityPage tab="everyone" page={page} signedIn={false} />,
      );
    },
  );

  app.get('/activity/following', { schema: { querystring: BeforeQuery } }, async (request, reply) => {
    keepPrivate(reply);
    reply.header('cache-control', 'private, no-store');
    const member = request.member;
    const page = member ? await followedActivity(ctx.db, member.id, request.query.before) : EMPTY;
    return sendPage(
      reply,
      ctx,
      { title: 'Activity: following', noindex: true },
      <ActivityPage tab="following" page={page} signedIn={member !== null} flash={takeFlash(request, reply)} />,
    );
  });

  app.get('/activity.xml', { config: { pageCache: true } }, async (_request, reply) => {
    const page = await publicActivity(ctx.db);
    dependsOn(reply, ...keysOf(page));
    return reply
      .type('application/atom+xml; charset=utf-8')
      .send(activityFeed(ctx.config.publicUrl, (await ctx.chrome()).siteTitle, page.items));
  });
};
