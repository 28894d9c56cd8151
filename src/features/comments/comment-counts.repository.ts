import type { DbOrTx } from '../../db/database.js';

/** Comment counts other features show, so that only this feature reads the comments table. */

/** Comments a visitor can read on the film page: approved ones only (pending, spam and trash are not counted). */
export async function countApprovedComments(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .where('status', '=', 'approved')
    .where('author_hidden', '=', 0)
    .where('review_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Comments waiting for a moderator's decision, site-wide: what the admin dashboard announces. */
export async function countCommentsAwaitingModeration(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
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

/** The approved replies to a member's review, oldest first (its page shows them; a suspended member's are left out). */
export async function listReviewReplies(db: DbOrTx, reviewId: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'author_name', 'author_url', 'body', 'created_at'])
    .where('review_id', '=', reviewId)
    .where('status', '=', 'approved')
    .where('author_hidden', '=', 0)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The approved comments on a list, oldest first (its page shows them; a suspended member's are left out). */
export async function listListComments(db: DbOrTx, listId: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'author_name', 'author_url', 'body', 'created_at'])
    .where('list_id', '=', listId)
    .where('status', '=', 'approved')
    .where('author_hidden', '=', 0)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
