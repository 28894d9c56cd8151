import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startScheduledJob } from '../../kernel/schedule.js';
import { meRatingsApi } from './me-ratings.api.js';
import { RESCORE_EVERY_MS, refreshRatingRanks } from './ranking.js';
import { rankingRoutes } from './ranking.routes.js';
import type { RatingsDeps } from './ratings.deps.js';
import { moveVoteWindow } from './vote-window.service.js';
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
  // "Highest rated this month" reads each film's totals from a start day this job moves forward (decision 047); a
  // read corrects for a late run, so the hour only bounds how many films it corrects.
  const voteWindow = startScheduledJob(
    { db: ctx.db, clock: ctx.clock, onError: (error) => app.log.error({ err: error }, 'vote window: move failed') },
    { name: 'ratings.vote-window', everyMs: 3_600_000, run: (now) => moveVoteWindow(ctx.db, now) },
  );
  app.addHook('onClose', () => Promise.all([rescore.stop(), voteWindow.stop()]));
};
