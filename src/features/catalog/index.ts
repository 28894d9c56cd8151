import type { FastifyInstance } from 'fastify';
import { type CatalogAdminDeps, catalogAdmin } from './admin/index.js';
import { catalogApi } from './catalog.api.js';
import type { CatalogDeps } from './catalog.deps.js';
import { catalogPages } from './catalog.routes.js';

export type { CatalogDeps } from './catalog.deps.js';
export { renderFilmPage } from './catalog.routes.js';
export {
  CATALOG_VERSION,
  countFilms,
  type ExternalIdConflict,
  type FilmMatchRow,
  filmsForMatching,
  findExternalIdConflict,
  findFilm,
  findFilmIdByTitle,
  findImportConflict,
  findImportedFilm,
  type ImportOutcome,
  importCategory,
  markCatalogChanged,
  requireFilm,
  saveImportedFilm,
  setImportedPoster,
  TermIdCache,
} from './catalog.service.js';
export type { FilmEngagement, OrderTerm } from './engagement.js';
export {
  EXTERNAL_ID_LABELS,
  type ExternalIds,
  externalIdUrls,
  parseExternalIds,
  parseImdbId,
  parseTmdbId,
  parseWikidataId,
} from './external-ids.js';
export type { FilmInput } from './film.js';
// For the importer, which stores original titles and content hashes the way admin edits do.
export { distinctOriginalTitle, filmContentHash } from './film.js';
export { leadGenreColumn } from './film.repository.js';
export { setFilmLikeCount, setFilmRatingRank, setFilmRatingRanks } from './film-ranks.repository.js';
export { listCategoriesWithCounts } from './taxonomy.repository.js';

/** The catalog's public pages and JSON API, each a plugin given its dependencies. */
export async function registerCatalog(app: FastifyInstance, deps: CatalogDeps): Promise<void> {
  await app.register(catalogPages, deps);
  await app.register(catalogApi, deps);
}

/** The admin's catalog editing (films, posters, categories, genres). */
export async function registerAdminCatalog(app: FastifyInstance, deps: CatalogAdminDeps): Promise<void> {
  await app.register(catalogAdmin, deps);
}
