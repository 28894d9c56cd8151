import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ApiErrorResponses } from '../../kernel/schemas.js';
import { ensureVisitor, setFlash, writeGuards } from '../../kernel/visitor.js';
import { filmOr404, type RatingsDeps } from './ratings.deps.js';
import { FilmSlugParams, RatingBody, RatingForm, RatingResponse } from './ratings.schemas.js';
import { getRating, type Voter } from './ratings.service.js';
import { savedMessage } from './views/RatingWidget.js';
import { parseStars, voteWriter } from './vote-writes.js';

/** A visitor's vote on a film: the HTML form (JavaScript off) and the JSON API the rating island uses. */
export const voteRoutes: FastifyPluginAsyncTypebox<RatingsDeps> = async (app, { ctx, findFilm }) => {
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  // The session hook already knows whether the visitor is a signed-in member: no lookup per vote (hot path).
  const voterOf = (request: FastifyRequest, visitorId: string): Voter => ({
    visitorId,
    ipHash: request.ipHash,
    member: Boolean(request.member),
  });
  const { vote, unvote } = voteWriter(ctx);

  // The JavaScript-off path: a form POST, then back to the film with a message.
  app.post(
    '/film/:slug/rating',
    { schema: { params: FilmSlugParams, body: RatingForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(findFilm, request.params.slug);
      const voter = voterOf(request, ensureVisitor(request, reply));
      if (request.body.remove) {
        await unvote(film.id, voter);
        setFlash(reply, 'Your rating was removed.');
      } else {
        const score = parseStars(request.body.stars);
        const view = await vote(film.id, voter, score);
        setFlash(reply, savedMessage(score / 2, view.held));
      }
      return reply.redirect(`/film/${film.slug}#rating`, 303);
    },
  );

  const api = { params: FilmSlugParams, response: { 200: RatingResponse, ...ApiErrorResponses }, tags: ['ratings'] };

  app.get(
    '/api/v1/films/:slug/rating',
    { schema: { ...api, summary: "A film's rating: average, count, histogram and the visitor's own vote" } },
    async (request) => {
      const film = await filmOr404(findFilm, request.params.slug);
      return getRating(ctx.db, film.id, request.visitorId);
    },
  );

  app.put(
    '/api/v1/films/:slug/rating',
    {
      schema: { ...api, body: RatingBody, summary: 'Rate a film (0.5 to 5 stars) or change your vote' },
      preHandler: guards,
    },
    async (request, reply) => {
      const film = await filmOr404(findFilm, request.params.slug);
      const score = parseStars(request.body.stars);
      return vote(film.id, voterOf(request, ensureVisitor(request, reply)), score);
    },
  );

  app.delete(
    '/api/v1/films/:slug/rating',
    { schema: { ...api, summary: 'Remove your vote' }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(findFilm, request.params.slug);
      return unvote(film.id, voterOf(request, ensureVisitor(request, reply)));
    },
  );
};
