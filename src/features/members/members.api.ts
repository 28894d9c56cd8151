import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { currentMember } from '../../kernel/member.js';
import { ApiErrorResponses } from '../../kernel/schemas.js';
import { MEMBER_SECURITY, RatingsPage, RatingsPageQuery, ratingsPageOf } from '../ratings/index.js';
import { findPublicMember } from './public-member.js';

const Me = Type.Object({
  id: Type.Integer(),
  handle: Type.String(),
  displayName: Type.String(),
  confirmed: Type.Boolean({ description: 'whether the email address is confirmed (needed to publish reviews)' }),
  profile: Type.String({ description: "the member's public profile page" }),
  credential: Type.Union([Type.Literal('session'), Type.Literal('token')], {
    description: 'how this request was authenticated: the session cookie, or a personal API token',
  }),
});

const HandleParams = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 60 }) });
const PUBLIC_PAGE_SIZE = 100;

/**
 * `/api/v1/me`: who the member session or personal API token acts as; `/api/v1/users/:handle/ratings`: a public
 * profile's ratings (suspended members and private profiles answer 404, as if absent).
 */
export const membersApi: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'The member this session or personal API token acts as',
        tags: ['members'],
        security: MEMBER_SECURITY,
        response: { 200: Me, ...ApiErrorResponses },
      },
    },
    async (request, reply): Promise<Static<typeof Me>> => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      return {
        id: member.id,
        handle: member.handle,
        displayName: member.displayName,
        confirmed: member.confirmed,
        profile: `${ctx.config.publicUrl}/u/${member.handle}`,
        credential: request.memberByToken ? 'token' : 'session',
      };
    },
  );

  app.get(
    '/api/v1/users/:handle/ratings',
    {
      schema: {
        summary: "A member's ratings, newest first (100 a page); public profiles only",
        tags: ['members'],
        params: HandleParams,
        querystring: RatingsPageQuery,
        response: { 200: RatingsPage, ...ApiErrorResponses },
      },
    },
    async (request) => {
      const member = await findPublicMember(ctx.db, request.params.handle);
      if (!member) throw new AppError('not_found', `No public profile "${request.params.handle}".`);
      return ratingsPageOf(ctx.db, member.visitor_id, request.query.page ?? 1, PUBLIC_PAGE_SIZE);
    },
  );
};
