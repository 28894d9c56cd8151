import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { registerSearchApi } from './search.api.js';
import { indexPendingChanges } from './search.repository.js';
import { registerSearchRoutes } from './search.routes.js';

export { type SearchResult, searchFilms } from './search.service.js';

/** The search page, its JSON API and the suggestions behind the header's search box. */
export function registerSearch(app: FastifyInstance, ctx: AppContext): void {
  registerSearchRoutes(app, ctx);
  registerSearchApi(app, ctx);
  ctx.filmChangeListeners.push(async () => {
    await indexPendingChanges(ctx.db);
  });
}
