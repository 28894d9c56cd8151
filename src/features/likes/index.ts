export { registerLikeRoutes } from './likes.routes.js';
