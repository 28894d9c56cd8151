import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import { canAccess } from '../../kernel/staff.js';
import type { Clock } from '../../lib/clock.js';
import type { SessionPolicy } from './accounts.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { authenticateToken, resumeSession } from './sessions.service.js';

export { SESSION_COOKIE };

export interface AuthOptions {
  db: Db;
  clock: Clock;
  /** How long sessions live when idle and at most. */
  policy: SessionPolicy;
}

// Tested against a route's registered pattern only, never a request's URL: the router decodes the path before it
// matches, so `/api/v1/%61dmin/comments` reaches the admin route while its text has no `/api/v1/admin/` prefix.
const isAdminPattern = (pattern: string) => pattern === '/admin' || pattern.startsWith('/admin/');
const isAdminApiPattern = (pattern: string) => pattern === '/api/v1/admin' || pattern.startsWith('/api/v1/admin/');

/**
 * Who is asking, and may they: sessions (cookie) for /admin pages, bearer tokens for /api/v1/admin. One hook for all
 * admin routes, so a new route cannot forget its role check or its CSRF check.
 */
export function registerAuth(app: FastifyInstance, { db, clock, policy }: AuthOptions): void {
  app.decorateRequest('user', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    const role = route.config?.role;
    if ((isAdminPattern(url) || isAdminApiPattern(url)) && !role) {
      throw new Error(`Admin route ${String(route.method)} ${url} declares no role (config.role)`);
    }
    // A route that declares a role is guarded wherever it lives; the pattern only says which credential it takes.
    const auth = isAdminApiPattern(url) ? 'token' : isAdminPattern(url) || role ? 'session' : undefined;
    if (!auth) return;
    if (route.config?.pageCache) {
      throw new Error(`Admin route ${String(route.method)} ${url} must not be page-cached (config.pageCache)`);
    }
    route.config = { ...route.config, auth };
  });

  // preValidation: after the body is parsed (the CSRF token may be in it) but before the schema can answer 400, so a
  // stranger learns nothing about a route's fields.
  app.addHook('preValidation', async (request, reply) => {
    // The route that matched decides (its config, set above), whatever the spelling of the URL that reached it.
    const config = request.routeOptions.config;
    const auth = config?.auth;
    if (!auth) return;
    reply.header('cache-control', 'private, no-store');
    const required = config.role;

    if (auth === 'token') {
      const header = request.headers.authorization ?? '';
      const bearer = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      request.user = bearer ? await authenticateToken(db, bearer, clock.now()) : null;
      if (!request.user) {
        reply.header('www-authenticate', 'Bearer');
        throw new AppError(
          'unauthorized',
          bearer ? 'The token is unknown or revoked.' : 'Send an API token: Authorization: Bearer …',
        );
      }
    } else {
      const sessionId = request.cookies[SESSION_COOKIE];
      request.user = sessionId ? await resumeSession(db, sessionId, clock.now(), policy) : null;
      // Cookie-authenticated writes must prove they come from our own forms.
      if (request.method !== 'GET' && request.method !== 'HEAD') app.verifyCsrf(request);
    }

    if (required === 'public' || required === undefined) return;
    if (!request.user) {
      if (request.method === 'GET') return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
      throw new AppError('unauthorized', 'Your session has ended. Log in again.');
    }
    if (!canAccess(request.user, required)) {
      throw new AppError('forbidden', 'Your account does not have access to this page.');
    }
  });
}
