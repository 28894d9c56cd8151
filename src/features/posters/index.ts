export {
  formatPosterKey,
  largestPosterUrl,
  parsePosterKey,
  posterSources,
  posterWidths,
} from '../../lib/poster-key.js';
export {
  DEFAULT_POSTER_LIMITS,
  discardPreparedPoster,
  installPoster,
  MAX_POSTER_BYTES,
  PosterError,
  type PosterLimits,
  type PreparedPoster,
  preparePoster,
  removePosterFiles,
  tooLargeMessage,
} from './poster.service.js';
export { registerPosterRoutes } from './posters.routes.js';
