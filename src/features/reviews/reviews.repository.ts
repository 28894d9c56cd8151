import type { DbOrTx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { ReviewOrder } from './review.js';
import type { ReviewStatus, ReviewTable } from './reviews.table.js';

export type ReviewRow = Omit<ReviewTable, 'id'> & { id: number };

/** A review as pages and the API show it: with its film, its member, and the member's stars for that film. */
export interface ReviewListing {
  id: number;
  film_id: number;
  film_slug: string;
  film_title: string;
  film_year: number | null;
  member_id: number | null;
  handle: string | null;
  display_name: string | null;
  body: string;
  spoiler: number;
  status: ReviewStatus;
  like_count: number;
  /** The member's vote on the film, in half-stars (1..10), or null. */
  score: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * Reviews with everything a page needs, in one statement. Suspended members' reviews are never listed (the join
 * on `members` filters them; nothing is kept in step by hand). Anonymised ones (no member) stay on the film's list
 * under "Deleted member", as the account deletion promises, but have no page or member list of their own.
 */
function listings(db: DbOrTx) {
  return db
    .selectFrom('reviews')
    .innerJoin('films', 'films.id', 'reviews.film_id')
    .leftJoin('members', 'members.id', 'reviews.member_id')
    .leftJoin('film_votes', (join) =>
      join
        .onRef('film_votes.film_id', '=', 'reviews.film_id')
        .onRef('film_votes.visitor_id', '=', 'members.visitor_id'),
    )
    .select([
      'reviews.id',
      'reviews.film_id',
      'films.slug as film_slug',
      'films.title as film_title',
      'films.year as film_year',
      'reviews.member_id',
      'members.handle',
      'members.display_name',
      'reviews.body',
      'reviews.spoiler',
      'reviews.status',
      'reviews.like_count',
      'film_votes.score',
      'reviews.created_at',
      'reviews.updated_at',
    ]);
}

/** What the public sees: approved, by a member who is not suspended. */
function publicListings(db: DbOrTx) {
  return listings(db).where('reviews.status', '=', 'approved').where('members.suspended_at', 'is', null);
}

/** A film's public reviews in one order; prepared once per order (every film page reads them). */
const filmReviewsBy = (order: ReviewOrder) =>
  preparedQuery((db: DbOrTx, filmId: number, limit: number, offset: number) => {
    let query = publicListings(db).where('reviews.film_id', '=', filmId);
    if (order === 'liked') query = query.orderBy('reviews.like_count', 'desc');
    return query.orderBy('reviews.created_at', 'desc').orderBy('reviews.id', 'desc').limit(limit).offset(offset);
  });
const filmReviews = { liked: filmReviewsBy('liked'), newest: filmReviewsBy('newest') } satisfies Record<
  ReviewOrder,
  unknown
>;

export async function listFilmReviews(
  db: DbOrTx,
  filmId: number,
  order: ReviewOrder,
  limit: number,
  offset = 0,
): Promise<ReviewListing[]> {
  return filmReviews[order](db, filmId, limit, offset);
}

const filmReviewCount = preparedQuery((db: DbOrTx, filmId: number) =>
  db
    .selectFrom('reviews')
    .leftJoin('members', 'members.id', 'reviews.member_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('reviews.film_id', '=', filmId)
    .where('reviews.status', '=', 'approved')
    .where('members.suspended_at', 'is', null),
);

export async function countFilmReviews(db: DbOrTx, filmId: number): Promise<number> {
  const [row] = await filmReviewCount(db, filmId);
  return Number(row?.n ?? 0);
}

/** A member's public reviews, newest first; one more than asked tells whether there is another page. */
export async function listMemberReviews(db: DbOrTx, memberId: number, limit: number, offset: number) {
  return publicListings(db)
    .where('reviews.member_id', '=', memberId)
    .orderBy('reviews.created_at', 'desc')
    .orderBy('reviews.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** A member's own reviews whatever their status (their API list, their form). */
export async function listOwnReviews(db: DbOrTx, memberId: number): Promise<ReviewListing[]> {
  return listings(db).where('reviews.member_id', '=', memberId).orderBy('reviews.created_at', 'desc').execute();
}

export async function findListing(db: DbOrTx, id: number): Promise<ReviewListing | undefined> {
  return listings(db).where('reviews.id', '=', id).executeTakeFirst();
}

export async function findReview(db: DbOrTx, id: number): Promise<ReviewRow | undefined> {
  return db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOwnReview(db: DbOrTx, filmId: number, memberId: number): Promise<ReviewRow | undefined> {
  return db
    .selectFrom('reviews')
    .selectAll()
    .where('film_id', '=', filmId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

/**
 * The films on which a member (by their visitor id) has a review awaiting moderation: the page cache renders those
 * film pages for them alone, with the review shown to its author (like a pending comment, decision 022).
 */
export async function filmsWithPendingReviewsOf(db: DbOrTx, visitorId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('reviews')
    .innerJoin('members', 'members.id', 'reviews.member_id')
    .select('reviews.film_id')
    .where('members.visitor_id', '=', visitorId)
    .where('reviews.status', '=', 'pending')
    .execute();
  return new Set(rows.map((r) => r.film_id));
}

/** Reviews written or rewritten by a member, and new reviews from a network, since `since`: the flood limits. */
export async function countRecentReviews(
  db: DbOrTx,
  memberId: number,
  ipHash: string,
  since: string,
): Promise<{ member: number; network: number }> {
  const count = async (column: 'member_id' | 'ip_hash', value: number | string, at: 'updated_at' | 'created_at') =>
    Number(
      (
        await db
          .selectFrom('reviews')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where(column, '=', value)
          .where(at, '>=', since)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const [member, network] = await Promise.all([
    count('member_id', memberId, 'updated_at'),
    count('ip_hash', ipHash, 'created_at'),
  ]);
  return { member, network };
}

/** Whether the member has a review a moderator (or the rules) approved: the "known author" rule for reviews. */
export async function hasApprovedReview(db: DbOrTx, memberId: number): Promise<boolean> {
  const row = await db
    .selectFrom('reviews')
    .select('id')
    .where('member_id', '=', memberId)
    .where('status', '=', 'approved')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReview(db: DbOrTx, row: Omit<ReviewTable, 'id' | 'like_count'>): Promise<number> {
  const inserted = await db
    .insertInto('reviews')
    .values({ ...row, like_count: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateReview(
  db: DbOrTx,
  id: number,
  changes: Pick<ReviewTable, 'body' | 'spoiler' | 'status' | 'reasons' | 'spam_score' | 'body_hash' | 'updated_at'> & {
    status_changed_at?: string;
  },
): Promise<void> {
  await db.updateTable('reviews').set(changes).where('id', '=', id).execute();
}

export async function deleteReviews(db: DbOrTx, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom('reviews').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function setReviewStatus(db: DbOrTx, ids: number[], status: ReviewStatus, now: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('reviews')
    .set({ status, status_changed_at: now })
    .where('id', 'in', ids)
    .where('status', '!=', status)
    .execute();
}

/** The reviews a member (by their visitor id) likes: their review page shows "Take back" on those (decision 022). */
export async function reviewLikesOfMemberVisitor(db: DbOrTx, visitorId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('review_likes')
    .innerJoin('members', 'members.id', 'review_likes.member_id')
    .select('review_likes.review_id')
    .where('members.visitor_id', '=', visitorId)
    .execute();
  return new Set(rows.map((r) => r.review_id));
}

/** Like (insert) or unlike (delete); says whether a row changed, so the count moves only then. */
export async function setLikeRow(db: DbOrTx, reviewId: number, memberId: number, liked: boolean, now: string) {
  if (liked) {
    const rows = await db
      .insertInto('review_likes')
      .values({ review_id: reviewId, member_id: memberId, created_at: now })
      .onConflict((oc) => oc.columns(['review_id', 'member_id']).doNothing())
      .returning('review_id')
      .execute();
    return rows.length > 0;
  }
  const rows = await db
    .deleteFrom('review_likes')
    .where('review_id', '=', reviewId)
    .where('member_id', '=', memberId)
    .returning('review_id')
    .execute();
  return rows.length > 0;
}

export async function adjustLikeCount(db: DbOrTx, reviewId: number, delta: number): Promise<void> {
  await db
    .updateTable('reviews')
    .set((eb) => ({ like_count: eb('like_count', '+', delta) }))
    .where('id', '=', reviewId)
    .execute();
}

export async function hasLikedReview(db: DbOrTx, reviewId: number, memberId: number): Promise<boolean> {
  const row = await db
    .selectFrom('review_likes')
    .select('review_id')
    .where('review_id', '=', reviewId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row !== undefined;
}

/** A public member by handle (case-insensitive): suspended members have no public reviews. */
export async function findMemberByHandle(db: DbOrTx, handle: string) {
  return db
    .selectFrom('members')
    .select(['id', 'handle', 'display_name', 'visitor_id', 'suspended_at'])
    .where('handle_key', '=', handle.toLowerCase())
    .executeTakeFirst();
}

export async function memberEmail(db: DbOrTx, memberId: number): Promise<string> {
  const row = await db.selectFrom('members').select('email').where('id', '=', memberId).executeTakeFirst();
  return row?.email ?? '';
}
