import type { FastifyInstance } from 'fastify';
import { registerCatalogRoutes } from '../features/catalog/index.js';
import type { AppContext } from './context.js';

/** The route table at a glance: each feature registers its own routes. */
export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { stylesheet, favicon } = ctx.assets;
  for (const asset of [stylesheet, favicon]) {
    app.get(asset.href, async (_request, reply) =>
      reply.type(asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );
  }
  app.get('/favicon.ico', async (_request, reply) => reply.redirect(favicon.href, 301));
  app.get('/healthz', async () => ({ ok: true }));

  registerCatalogRoutes(app, ctx);
}
