import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { Review, ReviewOrder } from './review.js';
import {
  countFilmReviews,
  findListing,
  findMemberByHandle,
  findOwnReview,
  listFilmReviews,
  listMemberReviews,
  listOwnReviews,
} from './reviews.repository.js';
import { toReview } from './reviews.service.js';

/** A film's public reviews in one order, and how many there are. */
export async function filmReviews(db: DbOrTx, filmId: number, order: ReviewOrder, limit: number) {
  const [rows, total] = await Promise.all([listFilmReviews(db, filmId, order, limit), countFilmReviews(db, filmId)]);
  return { reviews: rows.map(toReview), total };
}

const noReview = () => new AppError('not_found', 'There is no review at this address.');

/** The member's own review of a film while it awaits moderation (the film page shows it to them alone), or null. */
export async function ownPendingReview(db: DbOrTx, filmId: number, memberId: number): Promise<Review | null> {
  const own = await findOwnReview(db, filmId, memberId);
  if (own?.status !== 'pending') return null;
  const listing = await findListing(db, own.id);
  return listing ? toReview(listing) : null;
}

/** A member's public review of a film, and the member's id; a 404 when it is not (or no longer) public. */
export async function publicReview(db: DbOrTx, filmId: number, handle: string): Promise<Review & { memberId: number }> {
  const member = await findMemberByHandle(db, handle);
  if (!member || member.suspended_at !== null) throw noReview();
  const own = await findOwnReview(db, filmId, member.id);
  const listing = own && own.status === 'approved' ? await findListing(db, own.id) : undefined;
  if (!listing) throw noReview();
  return { ...toReview(listing), memberId: member.id };
}

/** A member's public reviews, a page at a time; a 404 for an unknown or suspended member. */
export async function memberReviews(db: DbOrTx, handle: string, page: number, pageSize: number) {
  const member = await findMemberByHandle(db, handle);
  if (!member || member.suspended_at !== null) throw new AppError('not_found', 'There is no member with this handle.');
  const rows = await listMemberReviews(db, member.id, pageSize + 1, (page - 1) * pageSize);
  return {
    member: { id: member.id, handle: member.handle, displayName: member.display_name },
    reviews: rows.slice(0, pageSize).map(toReview),
    hasMore: rows.length > pageSize,
  };
}

/** The signed-in member's own reviews, held ones included. */
export async function ownReviews(db: DbOrTx, memberId: number): Promise<Review[]> {
  return (await listOwnReviews(db, memberId)).map(toReview);
}

/** The signed-in member's review of one film, whatever its status, or null. */
export async function ownReviewOf(db: DbOrTx, filmId: number, memberId: number): Promise<Review | null> {
  const own = await findOwnReview(db, filmId, memberId);
  const listing = own ? await findListing(db, own.id) : undefined;
  return listing ? toReview(listing) : null;
}

/** The latest few public reviews of a member, for MemberReviewsPreview on the profile page. */
export async function memberReviewsPreview(db: DbOrTx, memberId: number, count = 3): Promise<Review[]> {
  return (await listMemberReviews(db, memberId, count, 0)).map(toReview);
}

/** The member's rating of a film in stars (0.5..5), or null. */
export async function starsOf(db: DbOrTx, filmId: number, visitorId: string): Promise<number | null> {
  const vote = await db
    .selectFrom('film_votes')
    .select('score')
    .where('film_id', '=', filmId)
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  return vote ? vote.score / 2 : null;
}
