import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { currentMember } from '../../kernel/member.js';
import { ApiErrorResponses } from '../../kernel/schemas.js';
import { writeGuards } from '../../kernel/visitor.js';
import { type ActivityItem, describe, itemPath, itemText } from './activity.js';
import {
  ActivityPageJson,
  AfterQuery,
  BeforeQuery,
  FollowingJson,
  FollowJson,
  HandleParams,
} from './activity.schemas.js';
import { publicActivity } from './feed.service.js';
import { peoplePage, setFollow } from './follows.service.js';

const errors = ApiErrorResponses;

const itemJson = (item: ActivityItem) => ({
  id: item.id,
  kind: item.kind,
  at: item.at,
  summary: describe(item),
  url: itemPath(item),
  member: item.member,
  film: item.film,
  text: itemText(item),
  stars: item.stars,
  watchedOn: item.watchedOn,
  rewatch: item.rewatch,
  list: item.list,
});

/** The public feed, and whom the signed-in member follows (`/api/v1/me/…`: session cookie, CSRF header on writes). */
export const activityApi: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });

  app.get(
    '/api/v1/activity',
    {
      schema: {
        querystring: BeforeQuery,
        response: { 200: ActivityPageJson, ...errors },
        tags: ['activity'],
        summary: 'What members did recently, newest first (30 a page; pass next as before for older items)',
      },
    },
    async (request) => {
      const page = await publicActivity(ctx.db, request.query.before);
      return { items: page.items.map(itemJson), next: page.next };
    },
  );

  app.get(
    '/api/v1/me/following',
    {
      schema: {
        querystring: AfterQuery,
        response: { 200: FollowingJson, ...errors },
        tags: ['members'],
        summary: 'The members you follow, by handle (50 a page; pass next as after)',
      },
    },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      const page = await peoplePage(ctx.db, member.id, 'following', request.query.after);
      return { people: page.people.map((p) => ({ handle: p.handle, displayName: p.displayName })), next: page.next };
    },
  );

  for (const [method, follow] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/me/following/:handle',
      schema: {
        params: HandleParams,
        response: { 200: FollowJson, ...errors },
        tags: ['members'],
        summary: follow
          ? 'Follow a member (idempotent); 400 for yourself, 404 for a private, suspended or unknown handle'
          : 'Stop following a member (idempotent)',
      },
      preHandler: guards,
      handler: async (request, reply) => {
        const member = currentMember(request);
        reply.header('cache-control', 'private, no-store');
        return setFollow(ctx, member.id, request.params.handle, follow, ctx.clock.now());
      },
    });
  }
};
