import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PERSONAL_COOKIES } from '../../kernel/visitor.js';
import type { CommentsDeps } from './comment-post.js';
import { commentApiRoutes } from './comments.api.js';
import { commentFormRoutes } from './comments.routes.js';
import { commentFeedRoutes } from './feeds.routes.js';
import { moderationApiRoutes } from './moderation.api.js';
import { moderationRoutes } from './moderation.routes.js';
import { privacyRoutes } from './privacy.routes.js';
import { runCommentPurge } from './privacy.service.js';
import { COMMENTER_COOKIE } from './saved-details.js';

const PURGE_INTERVAL_MS = 3600_000;

/**
 * Every comments route: posting (form and API), moderation (pages and API), privacy, feeds; and the hourly purge.
 * The film page's comment section is separate (commentsFilmSection): the catalog renders it.
 */
export const commentsPlugin: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, deps) => {
  // Pages seen with the details cookie show that visitor's name and email: never from the shared page cache.
  PERSONAL_COOKIES.add(COMMENTER_COOKIE);
  const { ctx, hooks } = deps;
  for (const routes of [
    commentFormRoutes,
    commentApiRoutes,
    moderationRoutes,
    moderationApiRoutes,
    privacyRoutes,
    commentFeedRoutes,
  ]) {
    await app.register(routes, deps);
  }

  // Runs hourly in every instance; the deletes are idempotent, so overlap is harmless.
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      void runCommentPurge(ctx).catch((error: unknown) => app.log.error({ err: error }, 'comment purge failed'));
      for (const purge of hooks.onPurge ?? []) {
        void purge(ctx.clock.now()).catch((error: unknown) => app.log.error({ err: error }, 'a purge failed'));
      }
    }, PURGE_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
};
