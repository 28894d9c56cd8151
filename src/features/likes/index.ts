export type { LikeView } from './like.js';
export { type LikesDeps, likesRoutes } from './likes.routes.js';
export { likesFilmSection } from './likes.section.js';
