import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { sendPage } from '../../kernel/render.js';
import { dependsOn, keepPrivate } from '../../kernel/versions.js';
import { setFlash, takeFlash, writeGuards } from '../../kernel/visitor.js';
import { AfterQuery, FollowForm, HandleParams } from './activity.schemas.js';
import { followState, peoplePage, setFollow, visiblePerson } from './follows.service.js';
import { FollowPage, PeoplePage } from './views/FollowPages.js';

/**
 * Following, without JavaScript: the profile (shared, cached) links to `/u/:handle/follow`, a small page of the
 * viewer's own that is never cached, with one button; its POST answers 303 back there with a message.
 */
export const followRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });

  app.get('/u/:handle/follow', { schema: { params: HandleParams } }, async (request, reply) => {
    keepPrivate(reply);
    reply.header('cache-control', 'private, no-store');
    const person = await visiblePerson(ctx.db, request.params.handle);
    const viewer = request.member;
    const state = !viewer
      ? 'guest'
      : viewer.id === person.id
        ? 'self'
        : (await followState(ctx.db, viewer.id, person.id))
          ? 'following'
          : 'not-following';
    return sendPage(
      reply,
      ctx,
      { title: `Follow ${person.displayName}`, noindex: true },
      <FollowPage person={person} state={state} flash={takeFlash(request, reply)} />,
    );
  });

  app.post(
    '/u/:handle/follow',
    { schema: { params: HandleParams, body: FollowForm }, preHandler: guards },
    async (request, reply) => {
      const back = `/u/${encodeURIComponent(request.params.handle)}/follow`;
      if (!request.member) return reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
      const follow = request.body.follow === '1';
      const done = await setFollow(ctx, request.member.id, request.params.handle, follow, ctx.clock.now());
      setFlash(reply, follow ? `You now follow ${done.displayName}.` : `You no longer follow ${done.displayName}.`);
      return reply.redirect(back, 303);
    },
  );

  for (const direction of ['followers', 'following'] as const) {
    app.get(
      `/u/:handle/${direction}`,
      { config: { pageCache: true }, schema: { params: HandleParams, querystring: AfterQuery } },
      async (request, reply) => {
        const person = await visiblePerson(ctx.db, request.params.handle);
        const page = await peoplePage(ctx.db, person.id, direction, request.query.after);
        dependsOn(
          reply,
          `member:${person.id}`,
          `profile:${person.id}`,
          ...page.people.map((p) => `member:${p.id}` as const),
        );
        return sendPage(
          reply,
          ctx,
          {
            title: direction === 'followers' ? `${person.displayName}’s followers` : `${person.displayName} follows`,
            noindex: true,
          },
          <PeoplePage person={person} direction={direction} people={page.people} next={page.next} />,
        );
      },
    );
  }
};
