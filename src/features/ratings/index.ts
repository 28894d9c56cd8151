export { registerRatingRoutes } from './ratings.routes.js';
