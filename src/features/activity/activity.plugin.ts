import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { activityApi } from './activity.api.js';
import { activityRoutes } from './activity.routes.js';
import { followRoutes } from './follows.routes.js';

/** Every activity route: the feed and its Atom version, following, and their API. */
export const activityPlugin: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, deps) => {
  for (const routes of [activityRoutes, followRoutes, activityApi]) await app.register(routes, deps);
};
