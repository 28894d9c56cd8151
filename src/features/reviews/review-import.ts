import type { Db } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import { findOwnReview } from './reviews.repository.js';
import { type ReviewDeps, type SaveResult, saveReview } from './reviews.service.js';

export type ImportedReviewResult = SaveResult | { ok: 'kept'; reason: string };

/**
 * A review brought from another service (a member's history import, issue 17): saved exactly as if written in the
 * form (spam checks, moderation rules: a first review is held), except that a review already here that was written or
 * edited on or after the imported one's day is kept: one review per film, and the newer text wins.
 */
export async function importReview(
  db: Db,
  deps: ReviewDeps,
  filmId: number,
  member: SignedInMember,
  review: { body: string; spoiler: boolean; writtenOn: string | null },
  who: { ipHash: string; userAgent: string },
): Promise<ImportedReviewResult> {
  const existing = await findOwnReview(db, filmId, member.id);
  if (existing && (review.writtenOn === null || existing.updated_at.slice(0, 10) >= review.writtenOn))
    return { ok: 'kept', reason: `your review here (${existing.updated_at.slice(0, 10)}) is newer` };
  if (existing?.body === review.body) return { ok: 'kept', reason: 'the same review is here already' };
  return saveReview(db, deps, filmId, member, { body: review.body, spoiler: review.spoiler ? '1' : '' }, who);
}
