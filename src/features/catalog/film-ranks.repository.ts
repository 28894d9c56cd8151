import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

/**
 * The columns of `films` that other features' figures sort by (migration 90, decision 041): the ratings feature keeps
 * rating_rank and rating_votes, the likes feature like_count, each inside the transaction of the vote or like that
 * changed them. The catalog owns the table, so the writes go through here; the catalog's sorts read the columns.
 */

export async function setFilmRatingRank(db: DbOrTx, filmId: number, rank: number | null, votes: number): Promise<void> {
  await db.updateTable('films').set({ rating_rank: rank, rating_votes: votes }).where('id', '=', filmId).execute();
}

export async function setFilmLikeCount(db: DbOrTx, filmId: number, likes: number): Promise<void> {
  await db.updateTable('films').set({ like_count: likes }).where('id', '=', filmId).execute();
}

/**
 * Set the rating rank of the films with ids in (afterId, upToId] (every film without a range) from per-film vote totals in one statement: the
 * ratings feature gives the source rows (`stats`, a subquery with film_id, votes, rank) and the catalog writes them.
 * Returns the number of films updated.
 */
export async function setFilmRatingRanks(
  db: DbOrTx,
  stats: ReturnType<typeof sql>,
  range?: { afterId: number; upToId: number },
): Promise<number> {
  const inRange = range ? sql`and films.id > ${range.afterId} and films.id <= ${range.upToId}` : sql``;
  const result = await sql`
    update films set rating_rank = s.rank, rating_votes = s.votes
    from (${stats}) s
    where s.film_id = films.id ${inRange}
      and (films.rating_rank is distinct from s.rank or films.rating_votes <> s.votes)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
