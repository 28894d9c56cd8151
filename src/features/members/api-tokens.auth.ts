import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import { bearerOf, isMemberApiPattern } from '../../kernel/member-token.js';
import type { Clock } from '../../lib/clock.js';
import { authenticateMemberToken, scopeAllows } from './api-tokens.service.js';

/**
 * A personal API token on the member's own API: when the matched route is `/api/v1/me…` and the request sends an
 * Authorization header, that header alone decides who is asking (the cookies are not read), and a bad one is a 401
 * rather than a fall back to the cookie. A read-only token may only read (GET, HEAD): a write with one is a 403 that
 * says so (docs/decisions/043). True when the request was handled here.
 */
export async function memberFromBearer(
  request: FastifyRequest,
  reply: FastifyReply,
  store: { db: DbOrTx; clock: Clock },
): Promise<boolean> {
  const header = request.headers.authorization;
  if (header === undefined || !isMemberApiPattern(request.routeOptions.url ?? '')) return false;
  const bearer = bearerOf(header);
  const found = bearer ? await authenticateMemberToken(store.db, bearer, store.clock.now()) : null;
  if (!found) {
    reply.header('www-authenticate', 'Bearer');
    throw new AppError(
      'unauthorized',
      bearer
        ? 'The token is unknown or revoked, or its account is suspended.'
        : 'Send a token: Authorization: Bearer …',
    );
  }
  if (!scopeAllows(found.scope, request.method)) {
    throw new AppError(
      'forbidden',
      'This token is read-only (scope: read): create a read-write token at /settings/tokens to change your data.',
    );
  }
  const { member } = found;
  request.member = member;
  request.memberByToken = true;
  request.visitorId = member.visitorId;
  return true;
}
