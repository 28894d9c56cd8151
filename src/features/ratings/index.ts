export { countFilmVotes, ratingSummariesOf, topRatedOrder } from './rating-facets.repository.js';
export { registerRatingRoutes } from './ratings.routes.js';
