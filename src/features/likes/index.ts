export { countFilmLikes, likeCountsOf, mostLikedOrder } from './like-facets.repository.js';
export { registerLikeRoutes } from './likes.routes.js';
