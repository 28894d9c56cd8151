import type { Db } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { Tx, UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { recordReviewActivity } from '../activity/index.js';
import { bodyHash, decideStatus, runSpamChecks, type SpamCheck } from '../comments/index.js';
import type { SiteSettings } from '../settings/index.js';
import { type Review, type ReviewInput, type ReviewProblem, validateReview } from './review.js';
import {
  adjustLikeCount,
  findOwnReview,
  findReview,
  hasApprovedReview,
  insertReview,
  type ReviewListing,
  setLikeRow,
  updateReview,
} from './reviews.repository.js';
import type { ReviewStatus } from './reviews.table.js';

/** The text a spam lesson is learnt from: what the classifier reads of a review. */
export interface ReviewText {
  body: string;
  authorName: string;
}

/** What other features add to reviewing (the spam filter's checks and learning), wired by server/routes.ts. */
export interface ReviewHooks {
  /** The comment spam checks, run on every new or edited review exactly as on a comment. */
  spamChecks: SpamCheck[];
  /** Told, inside the moderation's transaction, when a moderator marks reviews spam or not spam. */
  onVerdict: Array<(tx: Tx, reviews: ReviewText[], isSpam: boolean, now: Date) => Promise<void>>;
}

export const NO_REVIEW_HOOKS: ReviewHooks = { spamChecks: [], onVerdict: [] };

export interface ReviewDeps {
  writer: Writer;
  settings: SiteSettings;
  hooks: ReviewHooks;
  now: Date;
}

export type SaveResult =
  | { ok: true; id: number; status: ReviewStatus; created: boolean }
  | { ok: false; problem: ReviewProblem; input: ReviewInput };

/** The keys of the pages that show an approved review: its film's page (and review page), its member's lists. */
export function touchReview(uow: UnitOfWork, review: { film_id: number; member_id: number | null }): void {
  uow.touched(`film:${review.film_id}`);
  if (review.member_id !== null) uow.touched(`member:${review.member_id}`);
}

/**
 * A review now held for moderation is shown to its author on the film page (rendered for them alone): recording a
 * change makes the page cache read the author's pending films again on their next page, instead of serving them the
 * shared copy without it. The member key is the narrowest that exists; their own pages are cheap to render again.
 */
function noteHeldFor(uow: UnitOfWork, memberId: number, status: ReviewStatus): void {
  if (status === 'pending') uow.touched(`member:${memberId}`);
}

/**
 * Write or rewrite the member's one review of a film. New text passes the comment spam checks and moderation
 * rules (decideStatus): a member's first review is held like a first comment, and an edit is judged again, so an
 * approved review cannot be turned into spam by editing it.
 */
export async function saveReview(
  db: Db,
  deps: ReviewDeps,
  filmId: number,
  member: SignedInMember,
  raw: { body?: unknown; spoiler?: unknown },
  who: { ipHash: string; userAgent: string; ip?: string; formExtras?: Record<string, string> },
): Promise<SaveResult> {
  const { input, problem } = validateReview(raw);
  if (problem) return { ok: false, problem, input };
  const iso = deps.now.toISOString();
  const asComment = {
    authorName: member.displayName,
    authorEmail: '',
    authorUrl: '',
    body: input.body,
    parentId: null,
  };
  const [spam, known, existing] = await Promise.all([
    runSpamChecks(
      db,
      { ...deps.hooks, onVerdict: [], formExtras: [], privacyNotes: [] },
      {
        filmId,
        comment: asComment,
        visitorId: member.visitorId,
        ipHash: who.ipHash,
        ip: who.ip,
        userAgent: who.userAgent,
        formExtras: who.formExtras ?? {},
        now: deps.now,
      },
    ),
    hasApprovedReview(db, member.id),
    findOwnReview(db, filmId, member.id),
  ]);
  const decided = decideStatus(asComment, { hasApprovedBefore: known, spam }, deps.settings);
  const reasons = decided.reasons.map((r) =>
    r.replace('First comment from this email address', 'First review by this member'),
  );
  const fields = {
    body: input.body,
    spoiler: input.spoiler ? 1 : 0,
    status: decided.status,
    reasons: JSON.stringify(reasons),
    spam_score: deps.hooks.spamChecks.length ? spam.score : null,
    body_hash: bodyHash(input.body),
    updated_at: iso,
  };
  const reviewItem = (id: number) => ({ id, memberId: member.id, filmId });
  return deps.writer.write(async (uow) => {
    // Read again inside the write: two quick submits of the form make one review, the second an edit.
    const current = (await findOwnReview(uow.tx, filmId, member.id)) ?? existing;
    if (current) {
      const statusChanged = current.status !== fields.status;
      await updateReview(uow.tx, current.id, { ...fields, ...(statusChanged ? { status_changed_at: iso } : {}) });
      if (current.status === 'approved' || fields.status === 'approved') touchReview(uow, current);
      noteHeldFor(uow, member.id, fields.status);
      if (fields.status === 'approved') await recordReviewActivity(uow, reviewItem(current.id), deps.now);
      return { ok: true as const, id: current.id, status: fields.status, created: false };
    }
    const id = await insertReview(uow.tx, {
      ...fields,
      film_id: filmId,
      member_id: member.id,
      ip_hash: who.ipHash,
      user_agent: who.userAgent.slice(0, 300),
      created_at: iso,
      status_changed_at: iso,
    });
    if (fields.status === 'approved') {
      touchReview(uow, { film_id: filmId, member_id: member.id });
      await recordReviewActivity(uow, reviewItem(id), deps.now);
    }
    noteHeldFor(uow, member.id, fields.status);
    return { ok: true as const, id, status: fields.status, created: true };
  });
}

/** Delete the member's review of a film; false when there was none. */
export async function deleteOwnReview(writer: Writer, filmId: number, memberId: number): Promise<boolean> {
  return writer.write(async (uow) => {
    const review = await findOwnReview(uow.tx, filmId, memberId);
    if (!review) return false;
    await uow.tx.deleteFrom('reviews').where('id', '=', review.id).execute();
    if (review.status === 'approved') touchReview(uow, review);
    return true;
  });
}

/**
 * A member likes a review, or takes the like back: one like per member (decision 032), the count moved in the
 * same transaction as the like row, only when a row changed. Members may not like their own review.
 */
export async function likeReview(
  writer: Writer,
  reviewId: number,
  memberId: number,
  liked: boolean,
  now: Date,
): Promise<{ likes: number; liked: boolean } | null> {
  return writer.writeGrouped(async (uow) => {
    const review = await findReview(uow.tx, reviewId);
    if (review?.status !== 'approved' || review.member_id === memberId) return null;
    const changed = await setLikeRow(uow.tx, reviewId, memberId, liked, now.toISOString());
    if (changed) {
      await adjustLikeCount(uow.tx, reviewId, liked ? 1 : -1);
      touchReview(uow, review);
    }
    const after = await findReview(uow.tx, reviewId);
    return { likes: after?.like_count ?? 0, liked };
  });
}

/** A stored row as views and the API see it. */
export function toReview(row: ReviewListing): Review {
  return {
    id: row.id,
    film: { id: row.film_id, slug: row.film_slug, title: row.film_title, year: row.film_year },
    author:
      row.handle !== null && row.display_name !== null ? { handle: row.handle, displayName: row.display_name } : null,
    body: row.body,
    spoiler: row.spoiler === 1,
    status: row.status,
    likes: row.like_count,
    stars: row.score === null ? null : Number(row.score) / 2,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
