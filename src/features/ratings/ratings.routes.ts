import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { meRatingsApi } from './me-ratings.api.js';
import { rankingRoutes } from './ranking.routes.js';
import type { RatingsDeps } from './ratings.deps.js';
import { voteRoutes } from './votes.routes.js';

/** Every route of the ratings feature, as one encapsulated plugin. */
export const ratingsRoutes: FastifyPluginAsyncTypebox<RatingsDeps> = async (app, deps) => {
  await app.register(voteRoutes, deps);
  await app.register(rankingRoutes, deps);
  await app.register(meRatingsApi, deps);
};
