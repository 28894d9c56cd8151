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
export { listCategoriesWithCounts } from './taxonomy.repository.js';
