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

/**
 * The films with the most approved comments written since `since` (ISO time), most first: "Most discussed this
 * week" on the home page. Reads only the comments of that window, whatever the size of the catalog.
 */
export async function mostDiscussedSince(
  db: DbOrTx,
  since: string,
  limit: number,
): Promise<Array<{ filmId: number; comments: number }>> {
  const rows = await db
    .selectFrom('comments')
    .select(['film_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created_at').as('latest')])
    .where('status', '=', 'approved')
    .where('created_at', '>=', since)
    .where('author_hidden', '=', 0)
    .where('review_id', 'is', null)
    .where('film_id', 'is not', null)
    .groupBy('film_id')
    .orderBy('n', 'desc')
    .orderBy('latest', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((r) => (r.film_id === null ? [] : [{ filmId: r.film_id, comments: Number(r.n) }]));
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
