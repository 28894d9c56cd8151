import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
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
  app.register(async (scope) => {
    registerUploads(scope, path.join(ctx.config.dataDir, 'uploads-tmp'));
    registerFilmAdminRoutes(scope, ctx);
    registerTermAdminRoutes(scope, ctx);
    registerImportAdminRoutes(scope, ctx);
  });
}
