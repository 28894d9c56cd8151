import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import { ApiErrorResponses } from '../../kernel/schemas.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { ensureVisitor, setFlash, writeGuards } from '../../kernel/visitor.js';
import { recordRatingActivity } from '../activity/index.js';
import { DEFAULT_BALLOT_RULES, starsToScore } from './rating.js';
import { filmOr404, type RatingsDeps } from './ratings.deps.js';
import { FilmSlugParams, RatingBody, RatingForm, RatingResponse } from './ratings.schemas.js';
import { getRating, rateFilm, removeRating, type VoteOutcome, type Voter } from './ratings.service.js';
import { savedMessage } from './views/RatingWidget.js';

function parseStars(raw: number | string | undefined): number {
  const stars = typeof raw === 'string' ? Number(raw) : raw;
  const score = stars === undefined || Number.isNaN(stars) ? null : starsToScore(stars);
  if (score === null) throw new AppError('invalid_field', 'stars: must be 0.5 to 5 in steps of 0.5', 'stars');
  return score;
}

/** A vote that changed something retires, once it commits, the film's page and the pages ranked by rating. */
function settle(uow: UnitOfWork, filmId: number, outcome: VoteOutcome) {
  if (outcome.changed) {
    uow.touched(`film:${filmId}`);
    uow.touched('ratings');
  }
  return outcome.view;
}

/** A visitor's vote on a film: the HTML form (JavaScript off) and the JSON API the rating island uses. */
export const voteRoutes: FastifyPluginAsyncTypebox<RatingsDeps> = async (app, { ctx, findFilm }) => {
  const rules = { ...DEFAULT_BALLOT_RULES, votesPerIpPerFilm: ctx.config.engagement.votesPerIpPerFilm };
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });
  const voterOf = (request: FastifyRequest, visitorId: string): Voter => ({ visitorId, ipHash: request.ipHash });
  // Votes cast at the same moment share one transaction (decision 014).
  const vote = (filmId: number, voter: Voter, score: number) => {
    const now = ctx.clock.now();
    return ctx.writer.writeGrouped(async (uow) => {
      const outcome = await rateFilm(uow.tx, filmId, voter, score, now, rules);
      // A member's vote of 4 stars or more joins the activity feed (guests' votes are skipped there).
      if (outcome.changed) await recordRatingActivity(uow, { visitorId: voter.visitorId, filmId, score }, now);
      return settle(uow, filmId, outcome);
    });
  };
  const unvote = (filmId: number, voter: Voter) =>
    ctx.writer.writeGrouped(async (uow) => settle(uow, filmId, await removeRating(uow.tx, filmId, voter)));

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
