import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

/** What the catalog needs of the likes tables, so that only this feature reads them. */

/** ORDER BY terms that rank a query over `films` by likes, most first. */
export function mostLikedOrder() {
  return [
    {
      expression: sql`coalesce((select like_count from film_like_stats where film_id = films.id), 0)`,
      direction: 'desc',
    },
  ] as const;
}

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
