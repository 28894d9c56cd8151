import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../kernel/context.js';
import { AppError } from '../../../kernel/errors.js';
import { canAccess } from '../../../kernel/staff.js';
import { resumeSession, SESSION_COOKIE } from '../../accounts/index.js';
import { registerFilmAdminRoutes } from './films.routes.js';
import { registerImportAdminRoutes } from './import.routes.js';
import { registerTermAdminRoutes } from './terms.routes.js';
import { registerUploads } from './uploads.js';

export type { ImportJobTables } from './import-jobs.table.js';

/**
 * The admin's catalog editing: films (with posters), categories and genres, imports. In a scope of its own, so the
 * multipart parser for uploads serves these routes only.
 */
export function registerAdminCatalog(app: FastifyInstance, ctx: AppContext): void {
  const uploadsDir = path.join(ctx.config.dataDir, 'uploads-tmp');
  app.register(async (scope) => {
    registerUploads(scope, uploadsDir, async (request) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      const user = sessionId ? await resumeSession(ctx.db, sessionId, ctx.clock.now(), ctx.sessionPolicy) : null;
      if (!user) return new AppError('unauthorized', 'Your session has ended. Log in again, then upload the file.');
      const required = request.routeOptions.config?.role ?? 'admin';
      if (required !== 'public' && !canAccess(user, required))
        return new AppError('forbidden', 'Your account does not have access to this page.');
      return null;
    });
    registerFilmAdminRoutes(scope, ctx);
    registerTermAdminRoutes(scope, ctx);
    registerImportAdminRoutes(scope, ctx, uploadsDir);
  });
}
