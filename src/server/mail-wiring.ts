import {
  commentWithFilmTitle,
  findCommentForMail,
  listHeldBetween,
  type StoredComment,
} from '../features/comments/index.js';
import {
  isMailAddress,
  type MailSite,
  mailHeldComment,
  mailSiteOf,
  notifyReply,
  sendModerationDigests,
  subscribeToReplies,
} from '../features/mail/index.js';
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
    await mailHeldComment(uow, { site: await siteIn(ctx, uow), secrets: ctx.config.cookieSecrets }, held, now);
  };

/** The worker's scheduled job: moderation digests that are due. */
export const moderationDigests = (ctx: AppContext) => (now: Date) =>
  sendModerationDigests(
    { db: ctx.db, site: () => mailSiteOf(ctx), secrets: ctx.config.cookieSecrets, heldBetween: listHeldBetween },
    now,
  );

/** Reply notifications: subscribing when the box is ticked, mailing subscribers when a reply is approved. */
export function replyMail(ctx: AppContext) {
  const deps = async (uow: UnitOfWork) => ({
    site: await siteIn(ctx, uow),
    secrets: ctx.config.cookieSecrets,
    perDay: ctx.config.mail.repliesPerDay,
  });
  const notify = async (uow: UnitOfWork, id: number, now: Date) => {
    const reply = await findCommentForMail(uow.tx, id);
    // Comments on lists are flat (no replies), so a reply always has a film.
    if (reply?.status !== 'approved' || reply.parent_id === null || reply.film_slug === null) return;
    await notifyReply(
      uow,
      await deps(uow),
      {
        id: reply.id,
        parentId: reply.parent_id,
        authorName: reply.author_name,
        authorEmail: reply.author_email,
        body: reply.body,
        filmTitle: reply.film_title,
        filmSlug: reply.film_slug,
      },
      now,
    );
  };
  return {
    async onStored(uow: UnitOfWork, comment: StoredComment, now: Date) {
      // Not for what the filter calls spam: the form must not become a way to mail confirmations to strangers.
      if (comment.notifyReplies && comment.status !== 'spam' && isMailAddress(comment.authorEmail)) {
        const { film_title } = await commentWithFilmTitle(uow.tx, comment.id);
        const subscriber = { ...comment, filmTitle: film_title };
        await subscribeToReplies(uow, await deps(uow), subscriber, now);
      }
      if (comment.status === 'approved') await notify(uow, comment.id, now);
    },
    async onApproved(uow: UnitOfWork, ids: number[], now: Date) {
      for (const id of ids) await notify(uow, id, now);
    },
  };
}
