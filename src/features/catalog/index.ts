export type { ImportJobTables } from './admin/import-jobs.table.js';
export { registerAdminCatalog } from './admin/index.js';
export { registerCatalogApi } from './catalog.api.js';
export { registerCatalogRoutes, renderFilmPage } from './catalog.routes.js';
export {
  CATALOG_VERSION,
  countFilms,
  findFilm,
  type ImportOutcome,
  markCatalogChanged,
  saveImportedFilm,
  TermIdCache,
} from './catalog.service.js';
export type { FilmInput } from './film.js';
// For the importer, which stores original titles and content hashes the way admin edits do.
export { distinctOriginalTitle, filmContentHash } from './film.js';
export { listCategoriesWithCounts } from './taxonomy.repository.js';
