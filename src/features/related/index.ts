export { audienceNeighbours } from './audience.js';
export { type CorpusFilm, DEFAULT_OPTIONS, DEFAULT_WEIGHTS, type ModelOptions, RelatedModel } from './model.js';
export {
  applyFilmChange,
  loadModel,
  RELATED_K,
  rebuildRelated,
  rebuildRelatedWithReport,
  refreshAudience,
} from './related.service.js';
