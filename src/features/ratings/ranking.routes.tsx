import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { dependsOn } from '../../kernel/versions.js';
import { DEFAULT_BALLOT_RULES } from './rating.js';
import type { RatingsDeps } from './ratings.deps.js';
import { getTopRated } from './ratings.service.js';
import { AboutRatingsPage } from './views/AboutRatingsPage.js';
import { TopRatedPage } from './views/TopRatedPage.js';

const TopRatedQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });

/** The ranking by weighted rating, and the page that explains it. */
export const rankingRoutes: FastifyPluginAsyncTypebox<RatingsDeps> = async (app, { ctx }) => {
  app.get(
    '/top-rated',
    { config: { pageCache: true }, schema: { querystring: TopRatedQuery } },
    async (request, reply) => {
      // Every vote moves the site's mean and so the weighted scores shown here.
      dependsOn(reply, 'ratings', 'engagement');
      const priorVotes = (await ctx.settings()).ratingPriorVotes;
      const requested = request.query.page ?? 1;
      const { entries, page } = await getTopRated(ctx.db, { page: requested, pageSize: 50 });
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
        votesPerIp={ctx.config.engagement.votesPerIpPerFilm}
        windowHours={DEFAULT_BALLOT_RULES.windowHours}
        limits={ctx.config.engagement}
      />,
    ),
  );
};
