import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../kernel/context.js';
import type { AppError } from '../../../kernel/errors.js';
import { registerUploads } from '../../../kernel/uploads.js';
import { importAdminRoutes } from './import.routes.js';
import type { AfterImport } from './import.service.js';

/**
 * Imports from the admin: upload a file, watch its job. A plugin of its own, so the multipart parser serves these
 * routes only; `refuseUpload` says who may upload, before a byte of the body is read.
 */
export const importAdmin: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  refuseUpload: (request: FastifyRequest) => Promise<AppError | null>;
  /** What follows the films an import wrote (related films), wired by server/routes.ts. */
  afterImport?: AfterImport;
}> = async (app, { ctx, refuseUpload, afterImport }) => {
  const uploadsDir = path.join(ctx.config.dataDir, 'uploads-tmp');
  registerUploads(app, uploadsDir, refuseUpload);
  await app.register(importAdminRoutes, { ctx, uploadsDir, afterImport });
};
