import type { Tx, UnitOfWork } from '../../kernel/unit-of-work.js';

// For the members feature's account deletion ("delete my account, with or without my reviews"). Both also take
// back the member's likes of other reviews, moving those counts in the same transaction; both return how many of
// the member's own reviews they changed. They take the unit of work so the pages that showed the reviews retire.

async function takeBackLikes(uow: UnitOfWork, memberId: number): Promise<void> {
  const { tx } = uow;
  const liked = await tx
    .selectFrom('review_likes')
    .innerJoin('reviews', 'reviews.id', 'review_likes.review_id')
    .select(['reviews.id', 'reviews.film_id', 'reviews.member_id'])
    .where('review_likes.member_id', '=', memberId)
    .execute();
  await tx.deleteFrom('review_likes').where('member_id', '=', memberId).execute();
  for (const review of liked) {
    await tx
      .updateTable('reviews')
      .set((eb) => ({ like_count: eb('like_count', '-', 1) }))
      .where('id', '=', review.id)
      .execute();
    uow.touched(`film:${review.film_id}`);
  }
}

async function ownReviews(tx: Tx, memberId: number) {
  return tx.selectFrom('reviews').select(['id', 'film_id']).where('member_id', '=', memberId).execute();
}

/** Delete every review the member wrote (their likes and replies go with them). */
export async function eraseReviewsOf(uow: UnitOfWork, memberId: number): Promise<number> {
  await takeBackLikes(uow, memberId);
  const reviews = await ownReviews(uow.tx, memberId);
  await uow.tx.deleteFrom('reviews').where('member_id', '=', memberId).execute();
  for (const review of reviews) uow.touched(`film:${review.film_id}`);
  uow.touched(`member:${memberId}`);
  return reviews.length;
}

/**
 * Keep the member's reviews without them: no member, no network or browser details. Anonymised reviews stay in the
 * moderation queue and the API but leave public lists (they have no author to show or link to).
 */
export async function anonymiseReviewsOf(uow: UnitOfWork, memberId: number): Promise<number> {
  await takeBackLikes(uow, memberId);
  const reviews = await ownReviews(uow.tx, memberId);
  await uow.tx
    .updateTable('reviews')
    .set({ member_id: null, ip_hash: null, user_agent: null })
    .where('member_id', '=', memberId)
    .execute();
  for (const review of reviews) uow.touched(`film:${review.film_id}`);
  uow.touched(`member:${memberId}`);
  return reviews.length;
}

/** What a member's export includes of their reviews (the members feature's export calls it). */
export async function exportReviewsOf(tx: Tx, memberId: number) {
  return tx
    .selectFrom('reviews')
    .innerJoin('films', 'films.id', 'reviews.film_id')
    .select([
      'films.title as film',
      'films.slug as filmSlug',
      'reviews.body',
      'reviews.spoiler',
      'reviews.status',
      'reviews.like_count as likes',
      'reviews.created_at as createdAt',
      'reviews.updated_at as updatedAt',
    ])
    .where('reviews.member_id', '=', memberId)
    .orderBy('reviews.created_at')
    .execute();
}

/**
 * Retire the pages that show a member's reviews: the members feature calls it in the unit of work that suspends or
 * restores a member (suspension hides the reviews through a join on `members`, so no review row changes).
 */
export async function touchReviewsOf(uow: UnitOfWork, memberId: number): Promise<void> {
  for (const review of await ownReviews(uow.tx, memberId)) uow.touched(`film:${review.film_id}`);
  uow.touched(`member:${memberId}`);
}
