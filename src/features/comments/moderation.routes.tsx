import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import { IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { actorOf } from '../audit/index.js';
import { type CommentsDeps, moderateAs } from './comment-post.js';
import { BulkForm, ModerationQuery, ReplyForm } from './comments.schemas.js';
import { actedOnMany, actedOnOne, MODERATION_ACTIONS } from './moderation.js';
import {
  commentToModerate,
  commentWithFilmTitle,
  editComment,
  moderationQueue,
  replyAsSite,
} from './moderation.service.js';
import { EditCommentPage } from './views/EditCommentPage.js';
import { ModerationPage } from './views/ModerationPage.js';

const PAGE_SIZE = 50;
const moderator = { config: { role: 'moderator' as const } };

/** The moderation queue and the edit-or-reply page, for people with JavaScript off as much as on. */
export const moderationRoutes: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, deps) => {
  const { ctx } = deps;

  app.get('/admin/comments', { ...moderator, schema: { querystring: ModerationQuery } }, async (request, reply) => {
    const status = request.query.status ?? 'pending';
    const page = request.query.page ?? 1;
    const q = request.query.q?.trim() ?? '';
    const queue = await moderationQueue(ctx.db, { status, search: q, page, pageSize: PAGE_SIZE });
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/comments',
      title: 'Comments',
      body: <ModerationPage status={status} q={q} page={page} {...queue} />,
    });
  });

  app.post('/admin/comments/bulk', { ...moderator, schema: { body: BulkForm } }, async (request, reply) => {
    const changed = await moderateAs(deps, request, request.body.ids, request.body.action);
    setFlash(reply, actedOnMany(request.body.action, changed));
    return reply.redirect(
      safeRedirectPath(request.body.back, { within: '/admin/comments', fallback: '/admin/comments' }),
      303,
    );
  });

  for (const action of MODERATION_ACTIONS) {
    app.post(
      `/admin/comments/:id/${action}`,
      { ...moderator, schema: { params: IdParams } },
      async (request, reply) => {
        const comment = await commentWithFilmTitle(ctx.db, request.params.id);
        await moderateAs(deps, request, [comment.id], action);
        setFlash(reply, actedOnOne(action, comment));
        // These buttons submit the queue's form (formaction), whose `back` returns to the same queue page.
        const back = safeRedirectPath((request.body as { back?: string } | undefined)?.back, {
          within: '/admin/comments',
          fallback: `/admin/comments?status=${comment.status}`,
        });
        return reply.redirect(back, 303);
      },
    );
  }

  app.get('/admin/comments/:id', { ...moderator, schema: { params: IdParams } }, async (request, reply) => {
    const comment = await commentWithFilmTitle(ctx.db, request.params.id);
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/comments',
      title: `Comment #${comment.id}`,
      body: <EditCommentPage comment={comment} filmTitle={comment.film_title} />,
    });
  });

  app.post(
    '/admin/comments/:id/edit',
    { ...moderator, schema: { params: IdParams, body: ReplyForm } },
    async (request, reply) => {
      const comment = await commentToModerate(ctx.db, request.params.id);
      const actor = actorOf(currentUser(request));
      await ctx.writer.write((uow) => editComment(uow, comment, request.body.body, actor, ctx.clock.now()));
      setFlash(reply, 'Comment saved.');
      return reply.redirect(`/admin/comments/${comment.id}`, 303);
    },
  );

  app.post(
    '/admin/comments/:id/reply',
    { ...moderator, schema: { params: IdParams, body: ReplyForm } },
    async (request, reply) => {
      const parent = await commentToModerate(ctx.db, request.params.id);
      const user = currentUser(request);
      const { siteTitle } = await ctx.settings();
      const now = ctx.clock.now();
      await ctx.writer.write(async (uow) => {
        const site = { siteTitle, email: user.email, body: request.body.body };
        const id = await replyAsSite(uow, parent, site, actorOf(user), now);
        // Published at once: the commenter answered is told like for any approved reply.
        for (const hook of deps.hooks.onApproved ?? []) await hook(uow, [id], now);
      });
      setFlash(reply, 'Reply published.');
      return reply.redirect(`/admin/comments?status=approved`, 303);
    },
  );
};
