import type { FastifyReply } from 'fastify';
import type { SessionPolicy } from './accounts.js';

export const SESSION_COOKIE = 'rh_session';

export function setSessionCookie(reply: FastifyReply, id: string, policy: SessionPolicy) {
  reply.setCookie(SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    maxAge: Math.floor(policy.absoluteMs / 1000),
  });
}

export const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });
