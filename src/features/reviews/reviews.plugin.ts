import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reviewModerationRoutes } from './review-moderation.routes.js';
import { reviewApiRoutes } from './reviews.api.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { reviewPageRoutes } from './reviews.routes.js';

/** Every reviews route: pages, API, moderation. The film page's section is separate (reviewsFilmSection). */
export const reviewsPlugin: FastifyPluginAsyncTypebox<ReviewsDeps> = async (app, deps) => {
  for (const routes of [reviewPageRoutes, reviewApiRoutes, reviewModerationRoutes]) await app.register(routes, deps);
};
