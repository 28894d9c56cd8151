export { registerCatalogApi } from './catalog.api.js';
export { registerCatalogRoutes, renderFilmPage } from './catalog.routes.js';
export {
  allocateFilmSlug,
  CATALOG_VERSION,
  changeFilmSlug,
  countFilms,
  findFilm,
  type ImportOutcome,
  insertFilmWithFreeSlug,
  markCatalogChanged,
  saveImportedFilm,
  TermIdCache,
} from './catalog.service.js';
export type { FilmInput } from './film.js';
// For the admin's catalog editing (features/admin-catalog), which writes films and terms the way the importer does.
export { distinctOriginalTitle, filmContentHash } from './film.js';
export { addSlugRedirect, filteredFilms, replaceFilmTerms, updateFilm as updateFilmRow } from './film.repository.js';
export { ensurePerson, listCategoriesWithCounts } from './taxonomy.repository.js';
