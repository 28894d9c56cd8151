export { type ImportedReviewResult, importReview } from './review-import.js';
export { memberReviewsPreview } from './review-pages.service.js';
export type { ReviewsDeps } from './reviews.deps.js';
export { reviewsPlugin } from './reviews.plugin.js';
export {
  anonymiseReviewsOf,
  eraseReviewsOf,
  exportReviewsOf,
  reviewsPrivacySection,
  touchReviewsOf,
} from './reviews.privacy.js';
export { filmsWithPendingReviewsOf, reviewLikesOfMemberVisitor } from './reviews.repository.js';
export { reviewsFilmSection } from './reviews.section.js';
export { NO_REVIEW_HOOKS, type ReviewDeps, type ReviewHooks } from './reviews.service.js';
export { MemberReviewsPreview } from './views/MemberReviewsPage.js';
