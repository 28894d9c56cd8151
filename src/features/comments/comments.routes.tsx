import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { setFlash, writeGuards } from '../../kernel/visitor.js';
import { type CommentsDeps, commentLimits, postFromRequest } from './comment-post.js';
import { CommentForm } from './comments.schemas.js';
import { rememberDetails } from './saved-details.js';

/** The form's own fields; anything else it carries was added by another feature (spam-filter tokens). */
const OWN_FIELDS = new Set([
  'authorName',
  'authorEmail',
  'authorUrl',
  'body',
  'parentId',
  'saveDetails',
  'notifyReplies',
  '_csrf',
]);

const THANKS: Record<string, string> = {
  approved: 'Thanks! Your comment is published.',
  pending: 'Thanks! Your comment is awaiting moderation.',
  spam: 'Thanks! Your comment is awaiting moderation.',
  trash: 'Thanks! Your comment is awaiting moderation.',
};

/** The JavaScript-off path: POST, then back to the film (or the same page with errors beside the fields). */
export const commentFormRoutes: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, deps) => {
  const { ctx } = deps;
  const guards = writeGuards(app, commentLimits(ctx));

  app.post(
    '/film/:slug/comments',
    { schema: { params: SlugParams, body: CommentForm }, preHandler: guards },
    async (request, reply) => {
      const extras = Object.fromEntries(Object.entries(request.body).filter(([key]) => !OWN_FIELDS.has(key)));
      const { film, result } = await postFromRequest(deps, request, reply, request.params.slug, request.body, extras);
      const saveDetails = request.body.saveDetails === '1';
      if (!result.ok && result.kind === 'invalid') {
        request.commentForm = {
          values: { ...result.input, saveDetails },
          errors: result.errors,
          parentId: result.input.parentId,
        };
        return deps.showFilmPage(request, reply, film.slug, 400);
      }
      if (!result.ok && result.kind === 'flood') {
        reply.header('retry-after', String(result.retryAfterS));
        throw new AppError('rate_limited', `You are commenting very fast. Please wait ${result.retryAfterS} seconds.`);
      }
      if (!result.ok) {
        setFlash(reply, 'You already posted this comment.');
        return reply.redirect(`/film/${film.slug}#comment-${result.existingId}`, 303);
      }
      rememberDetails(request, reply, saveDetails, request.body);
      setFlash(reply, THANKS[result.status]!);
      const anchor = result.status === 'approved' || result.status === 'pending' ? `comment-${result.id}` : 'comments';
      return reply.redirect(`/film/${film.slug}#${anchor}`, 303);
    },
  );
};
