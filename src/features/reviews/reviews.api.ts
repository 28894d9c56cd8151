import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import { confirmedMember, currentMember } from '../../kernel/member.js';
import { ApiErrorResponses, SlugParams } from '../../kernel/schemas.js';
import { writeGuards } from '../../kernel/visitor.js';
import { findFilm } from '../catalog/index.js';
import { reviewFloodGuard } from './review-flood.js';
import { filmReviews, memberReviews, ownReviewOf, ownReviews } from './review-pages.service.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { REVIEW_BODY_LIMIT } from './reviews.routes.js';
import {
  FilmReviewsQuery,
  HandleParams,
  PageQuery,
  ReviewJson,
  ReviewList,
  ReviewPut,
  SaveResponse,
} from './reviews.schemas.js';
import { deleteOwnReview, saveReview } from './reviews.service.js';

const PAGE_SIZE = 50;
const tags = ['reviews'];

/**
 * The reviews API. `/api/v1/me/reviews` is the signed-in member's own (member session cookie; writes also need the
 * X-CSRF-Token header from /api/v1/session); the rest is public: approved reviews of members who are not suspended.
 */
export const reviewApiRoutes: FastifyPluginAsyncTypebox<ReviewsDeps> = async (app, { ctx, hooks }) => {
  const flood = reviewFloodGuard(ctx);
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const filmOr404 = async (slug: string) => {
    const film = await findFilm(ctx.db, slug);
    if (!film) throw filmNotFound({ slug });
    return film;
  };

  app.get(
    '/api/v1/me/reviews',
    {
      schema: {
        summary: "The signed-in member's reviews, held ones included (status says which)",
        tags,
        response: { 200: ReviewList, ...ApiErrorResponses },
      },
    },
    async (request, reply) => {
      const member = currentMember(request);
      reply.header('cache-control', 'private, no-store');
      return { reviews: await ownReviews(ctx.db, member.id), hasMore: false };
    },
  );

  app.put(
    '/api/v1/me/reviews/:slug',
    {
      schema: {
        summary: 'Write or rewrite your review of a film (one per film); 413 past 20,000 characters',
        tags,
        params: SlugParams,
        body: ReviewPut,
        response: { 200: SaveResponse, 201: SaveResponse, ...ApiErrorResponses },
      },
      preHandler: [...guards, flood],
      bodyLimit: REVIEW_BODY_LIMIT,
    },
    async (request, reply) => {
      const member = confirmedMember(request);
      const film = await filmOr404(request.params.slug);
      const result = await saveReview(
        ctx.db,
        { writer: ctx.writer, settings: await ctx.settings(), hooks, now: ctx.clock.now() },
        film.id,
        member,
        request.body,
        { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '', ip: request.ip },
      );
      if (!result.ok) {
        throw new AppError(
          result.problem.tooLarge ? 'payload_too_large' : 'invalid_field',
          result.problem.message,
          'body',
        );
      }
      const review = await ownReviewOf(ctx.db, film.id, member.id);
      return reply.status(result.created ? 201 : 200).send({ review: review!, created: result.created });
    },
  );

  app.delete(
    '/api/v1/me/reviews/:slug',
    {
      schema: {
        summary: 'Delete your review of a film',
        tags,
        params: SlugParams,
        response: { 200: Type.Object({ deleted: Type.Boolean() }), ...ApiErrorResponses },
      },
      preHandler: guards,
    },
    async (request) => {
      const member = currentMember(request);
      const film = await filmOr404(request.params.slug);
      const deleted = await deleteOwnReview(ctx.writer, film.id, member.id);
      if (!deleted) throw new AppError('not_found', 'You have no review of this film.');
      return { deleted };
    },
  );

  app.get(
    '/api/v1/users/:handle/reviews',
    {
      schema: {
        summary: "A member's published reviews, newest first, 50 a page",
        tags,
        params: HandleParams,
        querystring: PageQuery,
        response: { 200: ReviewList, ...ApiErrorResponses },
      },
    },
    async (request) => {
      const list = await memberReviews(ctx.db, request.params.handle, request.query.page ?? 1, PAGE_SIZE);
      return { reviews: list.reviews, hasMore: list.hasMore };
    },
  );

  app.get(
    '/api/v1/films/:slug/reviews',
    {
      schema: {
        summary: "A film's published reviews, most liked or newest first (up to 50)",
        tags,
        params: SlugParams,
        querystring: FilmReviewsQuery,
        response: {
          200: Type.Object({ reviews: Type.Array(ReviewJson), total: Type.Integer() }),
          ...ApiErrorResponses,
        },
      },
    },
    async (request) => {
      const film = await filmOr404(request.params.slug);
      return filmReviews(ctx.db, film.id, request.query.order ?? 'liked', PAGE_SIZE);
    },
  );
};
