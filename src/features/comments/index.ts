export { registerCommentAdmin } from './comments.admin.js';
export { eraseCommenter, exportCommenter, runCommentPurge } from './comments.privacy.js';
export { COMMENTER_COOKIE, registerCommentRoutes } from './comments.routes.js';
export type { CommentHooks, SpamCheck, SpamCheckInput } from './comments.service.js';
