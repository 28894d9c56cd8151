import type { DbOrTx } from '../../db/database.js';

/** Comment counts other features show, so that only this feature reads the comments table. */

/** Comments a visitor can read on the film page: approved ones only (pending, spam and trash are not counted). */
export async function countApprovedComments(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .where('status', '=', 'approved')
    .where('review_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every comment on a film, whatever its status: what deleting the film removes. */
export async function countFilmComments(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The approved replies to a member's review, oldest first (its page shows them). */
export async function listReviewReplies(db: DbOrTx, reviewId: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'author_name', 'author_url', 'body', 'created_at'])
    .where('review_id', '=', reviewId)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
