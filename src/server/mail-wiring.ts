import { commentWithFilmTitle, listHeldBetween, type StoredComment } from '../features/comments/index.js';
import { type MailSite, mailHeldComment, mailSiteOf, sendModerationDigests } from '../features/mail/index.js';
import { loadSettings } from '../features/settings/index.js';
import type { AppContext } from '../kernel/context.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';

// What mail the other features cause, wired here so that mail, comments and settings need not know one another.

/** The site as mails show it, read inside the write (on SQLite a read beside an open transaction would wait on it). */
async function siteIn(ctx: AppContext, uow: UnitOfWork): Promise<MailSite> {
  const { siteTitle } = await loadSettings(uow.tx, { ratingPriorVotes: ctx.config.engagement.ratingPriorVotes });
  return { siteTitle, publicUrl: ctx.config.publicUrl };
}

/** A comment held for moderation: mail to the moderators who want each one, in the comment's own write. */
export const heldCommentMail =
  (ctx: AppContext) =>
  async (uow: UnitOfWork, comment: StoredComment, now: Date): Promise<void> => {
    if (comment.status !== 'pending') return;
    const { film_title } = await commentWithFilmTitle(uow.tx, comment.id);
    const held = { id: comment.id, authorName: comment.authorName, body: comment.body, filmTitle: film_title };
    await mailHeldComment(uow, await siteIn(ctx, uow), held, now);
  };

/** The worker's scheduled job: moderation digests that are due. */
export const moderationDigests = (ctx: AppContext) => (now: Date) =>
  sendModerationDigests({ db: ctx.db, site: () => mailSiteOf(ctx), heldBetween: listHeldBetween }, now);
