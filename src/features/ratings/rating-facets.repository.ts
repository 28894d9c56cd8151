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

/** The day after `day` (YYYY-MM-DD), as a bound that every time of `day` sorts before. */
function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * Films ranked by the counted votes cast or changed since `since` (ISO time), best first: "Highest rated this month".
 * The mean is pulled towards 3 stars by PRIOR_VOTES, as the weighted rating does for Top rated. The days after the
 * one `since` falls in are read from film_vote_days (a row per film and day, kept by triggers: decision 047), that
 * first day, only partly inside the window, from its votes; so the ranking is the one of every vote of the window,
 * and the read grows with the films voted on per day, not with the votes.
 */
export async function bestRatedSince(
  db: DbOrTx,
  since: string,
  limit: number,
): Promise<Array<{ filmId: number; votes: number }>> {
  const firstDay = since.slice(0, 10);
  const rows = await sql<{ film_id: number; n: number | string }>`
    select film_id, sum(n) as n from (
      select film_id, votes as n, score_sum as s from film_vote_days where day > ${firstDay}
      union all
      select film_id, 1 as n, score as s from film_votes
        where counted = 1 and updated_at >= ${since} and updated_at < ${nextDay(firstDay)}
    ) as window_votes
    group by film_id
    order by (sum(s) + ${PRIOR_HALF_STARS}) * 1.0 / (sum(n) + ${PRIOR_VOTES}) desc, sum(n) desc, film_id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ filmId: r.film_id, votes: Number(r.n) }));
}
