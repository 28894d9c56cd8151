import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { countRecentReviews } from './reviews.repository.js';

const FLOOD_WINDOW_MS = 60_000;

/**
 * The comment form's flood limits, applied to reviews written from the form or the API: at most
 * `commentsPerVisitorPerMinute` reviews written or rewritten by one member and `commentsPerIpPerMinute` new reviews
 * from one network in a minute; past either, 429 with Retry-After. Counted from the reviews themselves (the shared
 * database), so it holds across instances, like the comments' count. A member's history import is not limited here:
 * it is one upload, throttled as an upload.
 */
export function reviewFloodGuard(ctx: AppContext): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply) => {
    const member = request.member;
    if (!member) return;
    const { commentsPerVisitorPerMinute: perMember, commentsPerIpPerMinute: perIp } = ctx.config.engagement;
    const since = new Date(ctx.clock.now().getTime() - FLOOD_WINDOW_MS).toISOString();
    const counts = await countRecentReviews(ctx.db, member.id, request.ipHash, since);
    if (counts.member < perMember && counts.network < perIp) return;
    const retryAfterS = FLOOD_WINDOW_MS / 1000;
    reply.header('retry-after', String(retryAfterS));
    throw new AppError(
      'rate_limited',
      counts.network >= perIp
        ? `Too many reviews from your network (at most ${perIp} a minute). Please wait ${retryAfterS} seconds.`
        : `You are writing reviews very fast (at most ${perMember} a minute). Please wait ${retryAfterS} seconds.`,
    );
  };
}
