import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { type RatingSummary, summarize } from './rating.js';

/**
 * What the catalog needs of the ratings tables, so that only this feature reads them: the rating of many films at
 * once, and the votes a film's deletion takes with it. The "top rated" order is the rank kept on the film's row
 * (ranking.ts).
 */

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
