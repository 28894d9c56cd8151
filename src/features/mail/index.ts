export { mailCommenterData } from './commenter-data.js';
export { type MailAdminOptions, mailAdminRoutes } from './mail-admin.routes.js';
export { headerText, isMailAddress, type MailMessage, mailAddress } from './message.js';
export {
  type DigestDeps,
  type HeldComment,
  mailHeldComment,
  sendModerationDigests,
} from './moderation-mail.service.js';
export { notificationRoutes } from './notifications.routes.js';
export { enqueueMail, insertMail, MAX_ATTEMPTS, type OutboxRun, retryDelayMs } from './outbox.service.js';
export { replyMailRoutes } from './replies.routes.js';
export {
  type ApprovedReply,
  notifyReply,
  type ReplyMailDeps,
  subscribeToReplies,
} from './replies.service.js';
export { type MailContent, type MailSite, mailSiteOf, renderMail } from './template.js';
export { createMailWorker, type MailWorker, type MailWorkerOptions } from './worker.js';
