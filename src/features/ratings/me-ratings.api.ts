import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { currentMember } from '../../kernel/member.js';
import { ApiErrorResponses } from '../../kernel/schemas.js';
import { writeGuards } from '../../kernel/visitor.js';
import { filmOr404, type RatingsDeps } from './ratings.deps.js';
import { FilmSlugParams, RatingBody, RatingResponse, RatingsPage, RatingsPageQuery } from './ratings.schemas.js';
import { ratingsPageOf } from './ratings.service.js';
import { parseStars, voteWriter } from './vote-writes.js';

export const RATINGS_PAGE_SIZE = 100;

/** Who may call the member's own API: the session cookie (CSRF header on writes) or a personal API token. */
export const MEMBER_SECURITY: Array<Record<string, string[]>> = [{ memberSession: [] }, { bearer: [] }];

/**
 * The signed-in member's own ratings (`/api/v1/me/ratings`): the same votes, aggregates and rules as the film page's
 * stars, acting with the member's visitor id, so a member's vote always counts (decision 034).
 */
export const meRatingsApi: FastifyPluginAsyncTypebox<RatingsDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  // A guest learns they must sign in (401) before anything about CSRF or limits.
  const memberWrites = [async (request: FastifyRequest) => void currentMember(request), ...guards];
  const { vote, unvote } = voteWriter(ctx);
  const common = { tags: ['members'], security: MEMBER_SECURITY };

  app.get(
    '/api/v1/me/ratings',
    {
      schema: {
        ...common,
        summary: 'Your ratings, newest first (100 a page)',
        querystring: RatingsPageQuery,
        response: { 200: RatingsPage, ...ApiErrorResponses },
      },
    },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      return ratingsPageOf(ctx.db, member.visitorId, request.query.page ?? 1, RATINGS_PAGE_SIZE);
    },
  );

  const one = { ...common, params: FilmSlugParams, response: { 200: RatingResponse, ...ApiErrorResponses } };

  app.put(
    '/api/v1/me/ratings/:slug',
    {
      schema: { ...one, body: RatingBody, summary: 'Rate a film as yourself (0.5 to 5 stars) or change your rating' },
      preHandler: memberWrites,
    },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      const film = await filmOr404(findFilm, request.params.slug);
      const score = parseStars(request.body.stars);
      return vote(film.id, { visitorId: member.visitorId, ipHash: request.ipHash, member: true }, score);
    },
  );

  app.delete(
    '/api/v1/me/ratings/:slug',
    { schema: { ...one, summary: 'Remove your rating of a film' }, preHandler: memberWrites },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      const film = await filmOr404(findFilm, request.params.slug);
      return unvote(film.id, { visitorId: member.visitorId, ipHash: request.ipHash, member: true });
    },
  );
};
