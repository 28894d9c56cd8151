import type { Db, DbOrTx } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { type CommentHooks, listReviewReplies, postComment } from '../comments/index.js';
import type { SiteSettings } from '../settings/index.js';
import type { ReviewReply } from './review.js';
import { memberEmail } from './reviews.repository.js';

export async function repliesTo(db: DbOrTx, reviewId: number): Promise<ReviewReply[]> {
  return (await listReviewReplies(db, reviewId)).map((r) => ({
    id: r.id,
    authorName: r.author_name,
    authorUrl: r.author_url,
    body: r.body,
    createdAt: r.created_at,
  }));
}

/**
 * Reply to a review: a comment on the film that points at the review, posted through the comments feature, so it
 * meets the same limits, spam checks and moderation (a first reply from an address is held). A member replies as
 * themselves (their display name and address); a guest types a name and an email address like on any comment form.
 */
export async function replyToReview(
  db: Db,
  deps: {
    writer: Writer;
    settings: SiteSettings;
    hooks: CommentHooks;
    now: Date;
    flood: { perVisitorPerMinute: number; perIpPerMinute: number };
  },
  target: { filmId: number; reviewId: number },
  member: SignedInMember | null,
  fields: Record<string, string>,
  who: { visitorId: string; ipHash: string; userAgent: string; ip?: string },
  extras: Record<string, string>,
) {
  const raw = member
    ? { authorName: member.displayName, authorEmail: await memberEmail(db, member.id), body: fields.body }
    : {
        authorName: fields.authorName,
        authorEmail: fields.authorEmail,
        authorUrl: fields.authorUrl,
        body: fields.body,
      };
  return postComment(db, deps, target.filmId, raw, who, extras, { reviewId: target.reviewId });
}
