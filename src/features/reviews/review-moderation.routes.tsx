import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import { IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { actorOf } from '../audit/index.js';
import { ACTION_LABEL, MODERATION_ACTIONS, type ModerationAction } from '../comments/index.js';
import { moderateReviews, reviewQueue } from './review-moderation.service.js';
import type { ReviewsDeps } from './reviews.deps.js';
import { ReviewBulkForm, ReviewQueueQuery } from './reviews.schemas.js';
import { ReviewModerationPage } from './views/ReviewModerationPage.js';

const PAGE_SIZE = 50;
const moderator = { config: { role: 'moderator' as const } };

/** The review queue beside the comment queue: the same tabs, bulk actions and per-item buttons. */
export const reviewModerationRoutes: FastifyPluginAsyncTypebox<ReviewsDeps> = async (app, { ctx, hooks }) => {
  const act = (request: FastifyRequest, ids: number[], action: ModerationAction) =>
    ctx.writer.write((uow) => moderateReviews(uow, hooks, ids, action, actorOf(currentUser(request)), ctx.clock.now()));
  const backTo = (back: string | undefined, fallback: string) =>
    safeRedirectPath(back, { within: '/admin/reviews', fallback });

  app.get('/admin/reviews', { ...moderator, schema: { querystring: ReviewQueueQuery } }, async (request, reply) => {
    const status = request.query.status ?? 'pending';
    const page = request.query.page ?? 1;
    const q = request.query.q?.trim() ?? '';
    const queue = await reviewQueue(ctx.db, { status, search: q, page, pageSize: PAGE_SIZE });
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/reviews',
      title: 'Reviews',
      body: <ReviewModerationPage status={status} q={q} page={page} {...queue} />,
    });
  });

  app.post('/admin/reviews/bulk', { ...moderator, schema: { body: ReviewBulkForm } }, async (request, reply) => {
    const changed = await act(request, request.body.ids, request.body.action);
    setFlash(reply, `${ACTION_LABEL[request.body.action]}: ${changed} review(s).`);
    return reply.redirect(backTo(request.body.back, '/admin/reviews'), 303);
  });

  for (const action of MODERATION_ACTIONS) {
    app.post(`/admin/reviews/:id/${action}`, { ...moderator, schema: { params: IdParams } }, async (request, reply) => {
      const changed = await act(request, [request.params.id], action);
      setFlash(reply, changed ? `${ACTION_LABEL[action]}: review #${request.params.id}.` : 'That review is gone.');
      const back = (request.body as { back?: string } | undefined)?.back;
      return reply.redirect(backTo(back, '/admin/reviews'), 303);
    });
  }
};
