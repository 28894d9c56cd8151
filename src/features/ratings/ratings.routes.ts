import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startScheduledJob } from '../../kernel/schedule.js';
import { meRatingsApi } from './me-ratings.api.js';
import { RESCORE_EVERY_MS, refreshRatingRanks } from './ranking.js';
import { rankingRoutes } from './ranking.routes.js';
import type { RatingsDeps } from './ratings.deps.js';
import { voteRoutes } from './votes.routes.js';

/** Every route of the ratings feature, as one encapsulated plugin. */
export const ratingsRoutes: FastifyPluginAsyncTypebox<RatingsDeps> = async (app, deps) => {
  await app.register(voteRoutes, deps);
  await app.register(rankingRoutes, deps);
  await app.register(meRatingsApi, deps);

  // The ranking's mean and m brought up to date by one instance of however many (decisions 030, 041); when it
  // rescored, the pages ranked by rating are retired.
  const { ctx } = deps;
  const rescore = startScheduledJob(
    { db: ctx.db, clock: ctx.clock, onError: (error) => app.log.error({ err: error }, 'rating ranks: rescore failed') },
    {
      name: 'ratings.rank',
      everyMs: RESCORE_EVERY_MS,
      run: async (now) => {
        const { rescored } = await refreshRatingRanks(ctx.db, (await ctx.settings()).ratingPriorVotes, now);
        if (rescored > 0) await ctx.writer.write(async (uow) => uow.touched('ratings'));
      },
    },
  );
  app.addHook('onClose', () => rescore.stop());
};
