import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { averageStars } from './rating.js';
import { weightedScoreSql } from './ratings.repository.js';

/**
 * What the catalog needs of the ratings tables, so that only this feature reads them: an order for "top rated", the
 * rating of many films at once, and the votes a film's deletion takes with it.
 */

/**
 * ORDER BY terms, strongest first, that rank a query over `films` by the Bayesian weighted rating (rating.ts explains
 * it), with C, the site-wide mean, taken in a subquery; films below m = `priorVotes` votes come after the rest.
 */
export function topRatedOrder(priorVotes: number) {
  const votes = sql<number>`coalesce((select vote_count from film_rating_stats where film_id = films.id), 0)`;
  const sum = sql<number>`coalesce((select score_sum from film_rating_stats where film_id = films.id), 0)`;
  const mean = sql<number>`coalesce((select sum(score_sum) * 1.0 / nullif(sum(vote_count), 0) from film_rating_stats), 0)`;
  return [
    { expression: sql`case when ${votes} >= ${priorVotes} then 0 else 1 end`, direction: 'asc' },
    {
      expression: weightedScoreSql({ sum, votes }, priorVotes, mean),
      direction: 'desc',
      nullsLast: true,
    },
    { expression: sql`${votes}`, direction: 'desc' },
  ] as const;
}

/** Mean in stars (one decimal, null with no votes) and vote count of each film; films without votes are absent. */
export async function ratingSummariesOf(
  db: DbOrTx,
  filmIds: number[],
): Promise<Map<number, { average: number | null; count: number }>> {
  const summaries = new Map<number, { average: number | null; count: number }>();
  if (filmIds.length === 0) return summaries;
  const rows = await db
    .selectFrom('film_rating_stats')
    .select(['film_id', 'vote_count', 'score_sum'])
    .where('film_id', 'in', filmIds)
    .execute();
  for (const row of rows) {
    if (row.vote_count === 0) continue;
    summaries.set(row.film_id, { average: averageStars(row.score_sum, row.vote_count), count: row.vote_count });
  }
  return summaries;
}

/** Every vote on a film, counted or held back: what deleting the film removes. */
export async function countFilmVotes(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('film_votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
