import type { DbOrTx } from '../../db/database.js';

/** What the catalog needs of the likes tables, so that only this feature reads them (the "most liked" sort reads
 * films.like_count, kept by likes.repository.ts). */

/** The like count of each film; films nobody liked are absent. */
export async function likeCountsOf(db: DbOrTx, filmIds: number[]): Promise<Map<number, number>> {
  if (filmIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('film_like_stats')
    .select(['film_id', 'like_count'])
    .where('film_id', 'in', filmIds)
    .execute();
  return new Map(rows.map((r) => [r.film_id, r.like_count]));
}

/** Every like of a film: what deleting the film removes. */
export async function countFilmLikes(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('film_likes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
