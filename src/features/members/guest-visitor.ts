import type { FastifyRequest } from 'fastify';
import { VISITOR_COOKIE } from '../../kernel/visitor.js';

/**
 * This browser's own guest visitor id from its signed cookie, whoever is signed in: `request.visitorId` is the
 * member's while a session is valid, and claiming must never move one member's history to another.
 */
export function guestVisitorOf(request: FastifyRequest): string | null {
  const raw = request.cookies[VISITOR_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : null;
}
