import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { type RatingSummary, summarize } from './rating.js';
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

/**
 * Mean in stars (one decimal, null with no votes) and vote count of each film, combined and for members and guests
 * apart; films without votes are absent.
 */
export async function ratingSummariesOf(
  db: DbOrTx,
  filmIds: number[],
): Promise<Map<number, Omit<RatingSummary, 'histogram' | 'halfStars'>>> {
  const summaries = new Map<number, Omit<RatingSummary, 'histogram' | 'halfStars'>>();
  if (filmIds.length === 0) return summaries;
  const rows = await db
    .selectFrom('film_rating_stats')
    .select(['film_id', 'vote_count', 'score_sum', 'member_vote_count', 'member_score_sum'])
    .where('film_id', 'in', filmIds)
    .execute();
  for (const row of rows) {
    if (row.vote_count === 0) continue;
    const { average, count, members, guests } = summarize({
      voteCount: row.vote_count,
      scoreSum: row.score_sum,
      histogram: [0, 0, 0, 0, 0],
      halfStars: [],
      memberCount: row.member_vote_count,
      memberSum: row.member_score_sum,
    });
    summaries.set(row.film_id, { average, count, members, guests });
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

/** The votes a film's average starts from in `bestRatedSince`: two middling votes, so one 5-star vote is not "best". */
const PRIOR_VOTES = 2;
const PRIOR_HALF_STARS = 6;

/**
 * Films ranked by the counted votes cast or changed since `since` (ISO time), best first: "Highest rated this month".
 * The mean is pulled towards 3 stars by PRIOR_VOTES, as the weighted rating does for Top rated. Reads only the votes
 * of that window.
 */
export async function bestRatedSince(
  db: DbOrTx,
  since: string,
  limit: number,
): Promise<Array<{ filmId: number; votes: number }>> {
  const rows = await db
    .selectFrom('film_votes')
    .select(['film_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('counted', '=', 1)
    .where('updated_at', '>=', since)
    .groupBy('film_id')
    .orderBy(sql`(sum(score) + ${PRIOR_HALF_STARS}) * 1.0 / (count(*) + ${PRIOR_VOTES})`, 'desc')
    .orderBy('n', 'desc')
    .orderBy('film_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ filmId: r.film_id, votes: Number(r.n) }));
}
