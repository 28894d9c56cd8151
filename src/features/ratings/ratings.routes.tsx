import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createGroupCommit } from '../../db/group-commit.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { ensureVisitor, setFlash, writeGuards } from '../../kernel/visitor.js';
import { findFilm } from '../catalog/index.js';
import { DEFAULT_BALLOT_RULES, starsToScore } from './rating.js';
import { FilmSlugParams, RatingBody, RatingForm, RatingResponse } from './ratings.schemas.js';
import { getRating, getTopRated, rateFilm, removeRating } from './ratings.service.js';
import { AboutRatingsPage } from './views/AboutRatingsPage.js';
import { RatingWidget, starsLabel } from './views/RatingWidget.js';
import { TopRatedPage } from './views/TopRatedPage.js';

async function filmOr404(ctx: AppContext, slug: string) {
  const film = await findFilm(ctx.db, slug);
  if (!film) throw new AppError('film_not_found', 'There is no film at this address.');
  return film;
}

function parseStars(raw: number | string | undefined): number {
  const stars = typeof raw === 'string' ? Number(raw) : raw;
  const score = stars === undefined || Number.isNaN(stars) ? null : starsToScore(stars);
  if (score === null) throw new AppError('invalid_field', 'stars: must be 0.5 to 5 in steps of 0.5', 'stars');
  return score;
}

const voterOf = (request: FastifyRequest, visitorId: string) => ({ visitorId, ipHash: request.ipHash });

export function registerRatingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const rules = { ...DEFAULT_BALLOT_RULES, votesPerIpPerFilm: ctx.config.engagement.votesPerIpPerFilm };
  // Votes cast at the same moment share one transaction (decision 014).
  const commit = createGroupCommit(ctx.db);
  const guards = writeGuards(app, {
    perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
    perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
  });

  ctx.filmPageExtensions.push(async (film, request) => {
    const rating = await getRating(ctx.db, film.id, request.visitorId);
    return {
      slot: 'summary',
      node: <RatingWidget slug={film.slug} rating={rating} />,
      movieJsonLd:
        rating.count > 0 && rating.average !== null
          ? {
              aggregateRating: {
                '@type': 'AggregateRating',
                ratingValue: rating.average,
                ratingCount: rating.count,
                bestRating: 5,
                worstRating: 0.5,
              },
            }
          : {},
    };
  });

  // The JavaScript-off path: a form POST, then back to the film with a message.
  app.post<{ Params: FilmSlugParams; Body: RatingForm }>(
    '/film/:slug/rating',
    { schema: { params: FilmSlugParams, body: RatingForm }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(ctx, request.params.slug);
      const visitorId = ensureVisitor(request, reply);
      if (request.body.remove) {
        await removeRating(ctx.db, film.id, voterOf(request, visitorId), commit);
        setFlash(reply, 'Your rating was removed.');
      } else {
        const score = parseStars(request.body.stars);
        await rateFilm(ctx.db, film.id, voterOf(request, visitorId), score, ctx.clock.now(), rules, commit);
        setFlash(reply, `Thanks! Your rating of ${starsLabel(score / 2)} is saved.`);
      }
      ctx.versions.invalidate();
      return reply.redirect(`/film/${film.slug}#rating`, 303);
    },
  );

  const api = { params: FilmSlugParams, response: { 200: RatingResponse }, tags: ['ratings'] };

  app.get<{ Params: FilmSlugParams }>(
    '/api/v1/films/:slug/rating',
    { schema: { ...api, summary: "A film's rating: average, count, histogram and the visitor's own vote" } },
    async (request) => {
      const film = await filmOr404(ctx, request.params.slug);
      return getRating(ctx.db, film.id, request.visitorId);
    },
  );

  app.put<{ Params: FilmSlugParams; Body: RatingBody }>(
    '/api/v1/films/:slug/rating',
    {
      schema: { ...api, body: RatingBody, summary: 'Rate a film (0.5 to 5 stars) or change your vote' },
      preHandler: guards,
    },
    async (request, reply) => {
      const film = await filmOr404(ctx, request.params.slug);
      const score = parseStars(request.body.stars);
      const visitorId = ensureVisitor(request, reply);
      const view = await rateFilm(ctx.db, film.id, voterOf(request, visitorId), score, ctx.clock.now(), rules, commit);
      ctx.versions.invalidate();
      return view;
    },
  );

  app.delete<{ Params: FilmSlugParams }>(
    '/api/v1/films/:slug/rating',
    { schema: { ...api, summary: 'Remove your vote' }, preHandler: guards },
    async (request, reply) => {
      const film = await filmOr404(ctx, request.params.slug);
      const visitorId = ensureVisitor(request, reply);
      const view = await removeRating(ctx.db, film.id, voterOf(request, visitorId), commit);
      ctx.versions.invalidate();
      return view;
    },
  );

  app.get<{ Querystring: { page?: number } }>(
    '/top-rated',
    {
      config: { pageCache: true },
      schema: { querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) }) },
    },
    async (request, reply) => {
      const priorVotes = (await ctx.settings()).ratingPriorVotes;
      const requested = request.query.page ?? 1;
      const { entries, page } = await getTopRated(ctx.db, { priorVotes, page: requested, pageSize: 50 });
      if (page.number !== requested)
        throw new AppError('not_found', `Page ${requested} of the ranking does not exist.`);
      return sendPage(
        reply,
        ctx,
        {
          title: page.number > 1 ? `Top rated – page ${page.number}` : 'Top rated',
          description: 'The best-rated films, by weighted visitor rating.',
          canonicalPath: page.number > 1 ? `/top-rated?page=${page.number}` : '/top-rated',
        },
        <TopRatedPage entries={entries} page={page} priorVotes={priorVotes} />,
      );
    },
  );

  app.get('/about/ratings', { config: { pageCache: true } }, async (_request, reply) =>
    sendPage(
      reply,
      ctx,
      {
        title: 'About ratings',
        description: 'How Reelhouse counts votes and ranks films.',
        canonicalPath: '/about/ratings',
      },
      <AboutRatingsPage
        priorVotes={(await ctx.settings()).ratingPriorVotes}
        votesPerIp={rules.votesPerIpPerFilm}
        windowHours={rules.windowHours}
        limits={ctx.config.engagement}
      />,
    ),
  );
}
