export type { LikeView } from './like.js';
export { countFilmLikes, likeCountsOf } from './like-facets.repository.js';
export { eraseLikesOf, likesForExport, transferLikes } from './like-transfer.js';
export { likesOfVisitor } from './likes.repository.js';
export { type LikesDeps, likesRoutes } from './likes.routes.js';
export { likesFilmSection } from './likes.section.js';
export { setLike } from './likes.service.js';
