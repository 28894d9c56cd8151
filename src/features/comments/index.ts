export { bodyHash } from './comment.js';
export { countApprovedComments, countFilmComments } from './comment-counts.repository.js';
export { registerCommentAdmin } from './comments.admin.js';
export { eraseCommenter, exportCommenter, runCommentPurge } from './comments.privacy.js';
export type { CommentRow } from './comments.repository.js';
export { COMMENTER_COOKIE, registerCommentRoutes } from './comments.routes.js';
export type { CommentHooks, SpamCheck, SpamCheckInput } from './comments.service.js';
