import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import { SlugParams } from '../../kernel/schemas.js';
import { writeGuards } from '../../kernel/visitor.js';
import { findFilm } from '../catalog/index.js';
import type { CommentNode, FieldErrors } from './comment.js';
import { type CommentsDeps, commentLimits, postFromRequest } from './comment-post.js';
import { CommentBody, CommentList, errorResponses, PostedComment } from './comments.schemas.js';
import { getAllFilmComments } from './comments.service.js';
import { rememberDetails } from './saved-details.js';

interface CommentJson {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  createdAt: string;
  status?: 'pending';
  replies: CommentJson[];
}

const toJson = (node: CommentNode): CommentJson => ({
  id: node.id,
  parentId: node.parentId,
  authorName: node.authorName,
  authorUrl: node.authorUrl,
  body: node.body,
  createdAt: node.createdAt,
  ...(node.status === 'pending' ? { status: 'pending' as const } : {}),
  replies: node.replies.map(toJson),
});

/** Every bad field named at once, as the form shows them. */
const fieldErrors = (errors: FieldErrors) => {
  const fields = Object.fromEntries(Object.entries(errors)) as Record<string, string>;
  return { error: { code: 'invalid_field', message: Object.values(fields).join(' '), fields } };
};

export const commentApiRoutes: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, deps) => {
  const { ctx } = deps;
  const guards = writeGuards(app, commentLimits(ctx));

  app.get(
    '/api/v1/films/:slug/comments',
    {
      schema: {
        summary: "A film's approved comments, threaded; the caller's own pending comments are included, marked",
        tags: ['comments'],
        params: SlugParams,
        response: { 200: CommentList, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const film = await findFilm(ctx.db, request.params.slug);
      if (!film) throw filmNotFound({ slug: request.params.slug });
      const { threads, count } = await getAllFilmComments(ctx.db, film.id, request.visitorId);
      return { items: threads.map(toJson), count };
    },
  );

  app.post(
    '/api/v1/films/:slug/comments',
    {
      schema: {
        summary: 'Post a comment (or a reply, with parentId); answers with its id and status',
        tags: ['comments'],
        params: SlugParams,
        body: CommentBody,
        response: { 201: PostedComment, ...errorResponses(400, 403, 404, 409, 413, 429) },
      },
      preHandler: guards,
    },
    async (request, reply) => {
      const { formExtras, saveDetails, ...fields } = request.body;
      const { result } = await postFromRequest(deps, request, reply, request.params.slug, fields, formExtras ?? {});
      if (result.ok) {
        rememberDetails(request, reply, saveDetails === true, fields);
        return reply.status(201).send({ id: result.id, status: result.status === 'approved' ? 'approved' : 'pending' });
      }
      if (result.kind === 'invalid') return reply.status(400).send(fieldErrors(result.errors));
      if (result.kind === 'flood') {
        reply.header('retry-after', String(result.retryAfterS));
        throw new AppError('rate_limited', `Too many comments; wait ${result.retryAfterS} seconds.`);
      }
      throw new AppError('duplicate_comment', 'You already posted this comment.');
    },
  );
};
