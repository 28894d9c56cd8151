import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppError } from '../../../kernel/errors.js';
import { registerUploads } from '../../../kernel/uploads.js';
import type { CatalogDeps } from '../catalog.deps.js';
import { filmDeleteRoutes } from './film-delete.routes.js';
import { filmEditRoutes } from './film-edit.routes.js';
import { filmListRoutes } from './film-list.routes.js';
import { termAdminRoutes } from './terms.routes.js';

export interface CatalogAdminDeps extends CatalogDeps {
  /** Who may upload (a poster), checked before a byte of the body is read. */
  refuseUpload: (request: FastifyRequest) => Promise<AppError | null>;
}

/**
 * The admin's catalog editing: films (with posters), categories and genres. A plugin of its own, so the multipart
 * parser for uploads serves these routes only.
 */
export const catalogAdmin: FastifyPluginAsyncTypebox<CatalogAdminDeps> = async (app, deps) => {
  registerUploads(app, path.join(deps.ctx.config.dataDir, 'uploads-tmp'), deps.refuseUpload);
  await app.register(filmListRoutes, deps);
  await app.register(filmEditRoutes, deps);
  await app.register(filmDeleteRoutes, deps);
  await app.register(termAdminRoutes, deps);
};
