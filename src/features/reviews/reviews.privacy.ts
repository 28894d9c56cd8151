import type { DbOrTx } from '../../db/database.js';
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
 * Keep the member's reviews without them: no member, no network or browser details. Anonymised reviews stay on
 * their film's page under "Deleted member" (no link, no page of their own), in the moderation queue and the API.
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
export async function exportReviewsOf(db: DbOrTx, memberId: number) {
  return db
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

/**
 * What /privacy says about reviews (a PrivacySection of the comments feature, wired in server/routes.ts), written
 * beside the code that exports and erases them so that a new column comes with its sentence.
 */
export const reviewsPrivacySection = {
  heading: 'If you write or like reviews',
  items: [
    {
      what: 'Reviews',
      detail:
        'the text as you wrote it, whether it is marked as a spoiler, when you wrote and last edited it, its moderation status and the reasons a moderator or the spam filter gave, a spam score, a fingerprint of the text (to spot copies), and a salted hash of your network address and your browser name, kept with the review.',
    },
    {
      what: 'Review likes',
      detail:
        'which reviews you liked and when, under your account; each review stores how many likes it has. Replies to reviews are stored as comments.',
    },
    {
      what: 'When you leave',
      detail:
        'deleting your account deletes your reviews, or keeps them under “Deleted member” without your account, network address or browser, as you choose; your likes of reviews are removed either way.',
    },
  ],
};
