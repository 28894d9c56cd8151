import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext, FilmChangeListener, SearchResultGroup } from '../../kernel/context.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { searchApiRoutes } from './search.api.js';
import { searchPageRoutes } from './search.routes.js';
import { indexPendingChanges } from './search.service.js';

export { titleKey } from './query.js';
export { type SearchResult, searchFilms } from './search.service.js';

/** The search page, its JSON API and the suggestions behind the header's search box. */
export const searchRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; groups?: SearchResultGroup[] }> = async (
  app,
  deps,
) => {
  await app.register(searchPageRoutes, deps);
  await app.register(searchApiRoutes, { ctx: deps.ctx });
};

/** After an admin write to a film: anything it left unindexed is indexed now. */
export function searchOnFilmChange(deps: { writer: Writer }): FilmChangeListener {
  return async () => {
    await indexPendingChanges(deps.writer);
  };
}
