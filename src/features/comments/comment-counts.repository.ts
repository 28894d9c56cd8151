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
