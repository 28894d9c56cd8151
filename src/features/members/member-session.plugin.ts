import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DbOrTx } from '../../db/database.js';
import { MEMBER_COOKIE } from '../../kernel/member.js';
import type { Clock } from '../../lib/clock.js';
import { memberFromBearer } from './api-tokens.auth.js';
import { MEMBER_SESSION_POLICY } from './member.js';
import type { MemberSessionCache } from './member-session-cache.js';

/**
 * Decorates every request with `request.member` and, while the member's session is valid, makes `request.visitorId`
 * the member's own visitor id: every vote, like and comment route then acts for the member unchanged. Registered
 * after the cookie parser (server/app.ts). A cookie naming an ended session is cleared. On `/api/v1/me/…` a personal
 * API token (Authorization: Bearer) does the same instead of the cookie (api-tokens.auth.ts).
 */
export function registerMemberSessions(
  app: FastifyInstance,
  sessions: MemberSessionCache,
  tokens?: { db: DbOrTx; clock: Clock },
): void {
  app.decorateRequest('member', null);
  app.decorateRequest('memberByToken', false);
  app.addHook('onRequest', async (request, reply) => {
    if (tokens && (await memberFromBearer(request, reply, tokens))) return;
    const raw = request.cookies[MEMBER_COOKIE];
    if (!raw) return;
    const member = await sessions.load(raw);
    if (!member) {
      clearMemberCookie(reply);
      return;
    }
    request.member = member;
    request.visitorId = member.visitorId;
  });
}

export function setMemberCookie(reply: FastifyReply, id: string): void {
  reply.setCookie(MEMBER_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    maxAge: Math.floor(MEMBER_SESSION_POLICY.absoluteMs / 1000),
  });
}

export const clearMemberCookie = (reply: FastifyReply) => reply.clearCookie(MEMBER_COOKIE, { path: '/' });
