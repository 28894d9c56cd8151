export { audienceNeighbours } from './audience.js';
export {
  DEFAULT_AUDIENCE_DIR,
  DEFAULT_DATA_DIR,
  DEFAULT_TRUTH,
  type EvalCommandOptions,
  runRelatedEval,
} from './eval/run-eval.js';
export { type CorpusFilm, DEFAULT_OPTIONS, DEFAULT_WEIGHTS, type ModelOptions, RelatedModel } from './model.js';
export { measureEditLoopDelay } from './related.measure.js';
export { enqueueFilms } from './related.queue.js';
export { type RelatedDeps, relatedRoutes } from './related.routes.js';
export { relatedAfterImport, relatedFilmSection, relatedOnFilmChange } from './related.section.js';
export {
  applyFilmChange,
  loadModel,
  measureFilmUpdate,
  RELATED_K,
  rebuildRelated,
  rebuildRelatedIfMissing,
  rebuildRelatedWithReport,
  refreshAudience,
} from './related.service.js';
export { RelatedThreadClient, relatedThreadFile } from './related.thread-client.js';
export {
  followCliImport,
  QueueOnlyRelatedJobs,
  type RelatedJobs,
  RelatedWorker,
  workOffQueue,
} from './related.worker.js';
