export type { CommentInput, FormExtra, ModerationRules, PrivacySection, SpamVerdict } from './comment.js';
export { bodyHash, decideStatus } from './comment.js';
export {
  countApprovedComments,
  countCommentsAwaitingModeration,
  countFilmComments,
  listListComments,
  listReviewReplies,
} from './comment-counts.repository.js';
export { mostDiscussedSince } from './comment-days.repository.js';
export { type ImportedComment, importComment, importComments, setImportedCommentParent } from './comment-import.js';
export type { CommentsDeps } from './comment-post.js';
export {
  anonymiseCommentsOf,
  commentsOfVisitor,
  deleteCommentsOf,
  deleteListComments,
  setCommentsHiddenOf,
  transferComments,
} from './comment-transfer.js';
export { commentsPlugin } from './comments.plugin.js';
export type { CommentRow } from './comments.repository.js';
export { filmsWithPendingCommentsOf, findCommentForMail, listHeldBetween } from './comments.repository.js';
export { commentsFilmSection } from './comments.section.js';
export type { CommenterDataPart, CommentHooks, SpamCheck, SpamCheckInput, StoredComment } from './comments.service.js';
export { NO_COMMENT_HOOKS, postComment, runSpamChecks } from './comments.service.js';
export { ACTION_LABEL, ACTIONS_FOR, MODERATION_ACTIONS, type ModerationAction, STATUS_LABEL } from './moderation.js';
export { commentWithFilmTitle } from './moderation.service.js';
export { eraseCommenter, exportCommenter, runCommentPurge } from './privacy.service.js';
export { COMMENTER_COOKIE, parseSavedDetails, type SavedDetails } from './saved-details.js';
export { CommentFormExtras } from './views/CommentsSection.js';
export { FlatThread, type FlatThreadForm } from './views/FlatThread.js';
export { ModerationQueue, type QueueItem } from './views/ModerationQueue.js';
