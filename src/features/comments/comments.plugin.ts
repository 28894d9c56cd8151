import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startScheduledJob } from '../../kernel/schedule.js';
import { PERSONAL_COOKIES } from '../../kernel/visitor.js';
import type { CommentsDeps } from './comment-post.js';
import { moveCommentWindow } from './comment-window.service.js';
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

  // Hourly, by one instance of however many share the database (decision 030). The members' purge of unconfirmed
  // accounts rides on the same schedule.
  const purge = startScheduledJob(
    { db: ctx.db, clock: ctx.clock, onError: (error) => app.log.error({ err: error }, 'comment purge failed') },
    {
      name: 'comments.purge',
      everyMs: PURGE_INTERVAL_MS,
      run: async () => {
        await runCommentPurge(ctx);
        for (const purge of hooks.onPurge ?? []) await purge(ctx.clock.now());
      },
    },
  );
  // "Most discussed this week" reads each film's totals from a start day this job moves forward (decision 047).
  const week = startScheduledJob(
    { db: ctx.db, clock: ctx.clock, onError: (error) => app.log.error({ err: error }, 'comment window: move failed') },
    { name: 'comments.window', everyMs: 3_600_000, run: (now) => moveCommentWindow(ctx.db, now) },
  );
  app.addHook('onClose', () => Promise.all([purge.stop(), week.stop()]));
};
