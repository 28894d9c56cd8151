export { importedVoteCount, setImportedRating } from './imported-rating.js';
export { countFilmVotes, ratingSummariesOf, topRatedOrder } from './rating-facets.repository.js';
export { registerRatingRoutes } from './ratings.routes.js';
