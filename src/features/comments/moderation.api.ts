import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../kernel/schemas.js';
import { type CommentsDeps, moderateAs } from './comment-post.js';
import { ApiModerationQuery, errorResponses, ModeratedComment, ModerationResult } from './comments.schemas.js';
import { ACTION_LABEL, MODERATION_ACTIONS } from './moderation.js';
import { commentToModerate, moderationQueue, statusOf } from './moderation.service.js';

const moderator = { config: { role: 'moderator' as const } };
const adminApi = { tags: ['admin'], security: [{ bearer: [] }] };
// Signed out (401), signed in without the role (403), an id that is not one (400) or is gone (404).
const refusals = errorResponses(400, 401, 403, 404);

/** Moderation for automation, with an API token. */
export const moderationApiRoutes: FastifyPluginAsyncTypebox<CommentsDeps> = async (app, deps) => {
  const { ctx } = deps;

  app.get(
    '/api/v1/admin/comments',
    {
      ...moderator,
      schema: {
        summary: 'Comments by status, newest first (100 at most)',
        ...adminApi,
        querystring: ApiModerationQuery,
        response: { 200: Type.Object({ items: Type.Array(ModeratedComment) }), ...refusals },
      },
    },
    async (request) => {
      const status = request.query.status ?? 'pending';
      const { rows } = await moderationQueue(ctx.db, { status, search: '', page: 1, pageSize: 100 });
      return {
        items: rows.map((c) => ({
          id: c.id,
          film: c.film_slug,
          parentId: c.parent_id,
          authorName: c.author_name,
          authorEmail: c.author_email,
          authorUrl: c.author_url,
          body: c.body,
          status: c.status,
          reasons: JSON.parse(c.reasons) as string[],
          spamScore: c.spam_score,
          createdAt: c.created_at,
        })),
      };
    },
  );

  for (const action of MODERATION_ACTIONS.filter((a) => a !== 'delete')) {
    app.post(
      `/api/v1/admin/comments/:id/${action}`,
      {
        ...moderator,
        schema: {
          summary: `${ACTION_LABEL[action]} a comment`,
          ...adminApi,
          params: IdParams,
          response: { 200: ModerationResult, ...refusals },
        },
      },
      async (request) => {
        await commentToModerate(ctx.db, request.params.id);
        await moderateAs(deps, request, [request.params.id], action);
        return { id: request.params.id, status: await statusOf(ctx.db, request.params.id) };
      },
    );
  }

  app.delete(
    '/api/v1/admin/comments/:id',
    {
      ...moderator,
      schema: {
        summary: 'Delete a comment permanently',
        ...adminApi,
        params: IdParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...refusals },
      },
    },
    async (request, reply) => {
      await commentToModerate(ctx.db, request.params.id);
      await moderateAs(deps, request, [request.params.id], 'delete');
      return reply.status(204).send(null);
    },
  );
};
