import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { filmNotFound } from '../../kernel/errors.js';
import { currentUser } from '../../kernel/staff.js';
import { ensureVisitor } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { findFilm } from '../catalog/index.js';
import { type CommentHooks, postComment } from './comments.service.js';
import type { ModerationAction } from './moderation.js';
import { moderate } from './moderation.service.js';

export interface CommentsDeps {
  ctx: AppContext;
  /** What other features add to commenting (the spam filter's checks and fields), wired by server/routes.ts. */
  hooks: CommentHooks;
  /** The film page with every section, as the catalog renders it: a failed form answers with the page itself. */
  showFilmPage(request: FastifyRequest, reply: FastifyReply, slug: string, status: number): Promise<FastifyReply>;
}

/** A comment POST, from the form or the API: the film, the visitor, the limits, then the service's answer. */
export async function postFromRequest(
  { ctx, hooks }: CommentsDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  raw: Record<string, unknown>,
  extras: Record<string, string>,
) {
  const film = await findFilm(ctx.db, slug);
  if (!film) throw filmNotFound();
  const visitorId = ensureVisitor(request, reply);
  const result = await postComment(
    ctx.db,
    {
      writer: ctx.writer,
      settings: await ctx.settings(),
      hooks,
      now: ctx.clock.now(),
      flood: {
        perVisitorPerMinute: ctx.config.engagement.commentsPerVisitorPerMinute,
        perIpPerMinute: ctx.config.engagement.commentsPerIpPerMinute,
      },
    },
    film.id,
    raw,
    { visitorId, ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '', ip: request.ip },
    extras,
  );
  return { film, result };
}

/** The write limits every comment POST passes first (CSRF, then the per-visitor and per-network counts). */
export const commentLimits = (ctx: AppContext) => ({
  perVisitorPerMinute: ctx.config.engagement.writesPerVisitorPerMinute,
  perIpPerMinute: ctx.config.engagement.writesPerIpPerMinute,
});

/** Apply a moderation action as the signed-in moderator, in one unit of work. */
export function moderateAs(
  { ctx, hooks }: CommentsDeps,
  request: FastifyRequest,
  ids: number[],
  action: ModerationAction,
) {
  return ctx.writer.write((uow) => moderate(uow, hooks, ids, action, actorOf(currentUser(request)), ctx.clock.now()));
}
