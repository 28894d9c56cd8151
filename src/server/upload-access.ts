import type { FastifyRequest } from 'fastify';
import { resumeSession, SESSION_COOKIE, type SessionPolicy } from '../features/accounts/index.js';
import type { AppContext } from '../kernel/context.js';
import { AppError } from '../kernel/errors.js';
import { canAccess } from '../kernel/staff.js';

/**
 * Who may upload to the admin (films' posters, import files), checked before the body is read (kernel/uploads.ts):
 * null when the session's role allows the route, the error to answer otherwise.
 */
export function uploadAccess(ctx: AppContext, policy: SessionPolicy) {
  return async (request: FastifyRequest): Promise<AppError | null> => {
    const sessionId = request.cookies[SESSION_COOKIE];
    const user = sessionId ? await resumeSession(ctx.db, sessionId, ctx.clock.now(), policy) : null;
    if (!user) return new AppError('unauthorized', 'Your session has ended. Log in again, then upload the file.');
    const required = request.routeOptions.config?.role ?? 'admin';
    if (required !== 'public' && !canAccess(user, required))
      return new AppError('forbidden', 'Your account does not have access to this page.');
    return null;
  };
}
