import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/database.js';
import { lockingRead } from '../../db/dialect/index.js';
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
export function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The first day of the month's totals for a window that starts at `since`: the day after the one it falls in. */
export const windowStartDay = (since: string) => nextDay(since.slice(0, 10));

const shelfRank = (votes: number, sum: number) => (sum + PRIOR_HALF_STARS) / (votes + PRIOR_VOTES);

/**
 * Films ranked by the counted votes cast or changed since `since` (ISO time), best first: "Highest rated this month".
 * The mean is pulled towards 3 stars by PRIOR_VOTES, as the weighted rating does for Top rated.
 *
 * Read from the top of film_vote_window (each film's totals from `vote_window.from_day` on, ranked, kept by triggers:
 * decision 047). Films whose totals differ from the window's are the candidates: those voted on in the first, partial
 * day after `since`, and those of the days between the kept start and the window's (the hourly job not run yet, or
 * run for a later window). Every other film's kept total is its window total, so the best `limit` of them are among
 * the top `limit` + candidates of the index; the candidates and those are then summed exactly from film_vote_days and
 * the partial day's votes. The read is bounded by a day's activity (and the job's lag), not the month's.
 */
export async function bestRatedSince(
  db: DbOrTx,
  since: string,
  limit: number,
): Promise<Array<{ filmId: number; votes: number }>> {
  const start = windowStartDay(since);
  const [window, partial] = await Promise.all([
    db.selectFrom('vote_window').select('from_day').where('id', '=', 1).executeTakeFirstOrThrow(),
    db
      .selectFrom('film_votes')
      .select(['film_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('score').as('s')])
      .where('counted', '=', 1)
      .where('updated_at', '>=', since)
      .where('updated_at', '<', start)
      .groupBy('film_id')
      .execute(),
  ]);
  const [lagFrom, lagTo] = window.from_day < start ? [window.from_day, start] : [start, window.from_day];
  const lagging =
    lagFrom === lagTo
      ? []
      : await db
          .selectFrom('film_vote_days')
          .select('film_id')
          .distinct()
          .where('day', '>=', lagFrom)
          .where('day', '<', lagTo)
          .execute();
  const candidates = new Set([...partial.map((p) => p.film_id), ...lagging.map((l) => l.film_id)]);
  const top = await db
    .selectFrom('film_vote_window')
    .select('film_id')
    .orderBy('rank', 'desc')
    .orderBy('votes', 'desc')
    .orderBy('film_id')
    .limit(limit + candidates.size)
    .execute();
  for (const t of top) candidates.add(t.film_id);
  if (candidates.size === 0) return [];
  const ids = [...candidates];
  const days = await db
    .selectFrom('film_vote_days')
    .select(['film_id', (eb) => eb.fn.sum<number>('votes').as('n'), (eb) => eb.fn.sum<number>('score_sum').as('s')])
    .where('day', '>=', start)
    .where('film_id', 'in', ids)
    .groupBy('film_id')
    .execute();
  const totals = new Map<number, { votes: number; sum: number }>();
  for (const row of [...days, ...partial]) {
    const total = totals.get(row.film_id) ?? { votes: 0, sum: 0 };
    total.votes += Number(row.n);
    total.sum += Number(row.s);
    totals.set(row.film_id, total);
  }
  return [...totals.entries()]
    .filter(([, t]) => t.votes > 0)
    .sort(([a, x], [b, y]) => shelfRank(y.votes, y.sum) - shelfRank(x.votes, x.sum) || y.votes - x.votes || a - b)
    .slice(0, limit)
    .map(([filmId, t]) => ({ filmId, votes: t.votes }));
}

/**
 * Moves the month's totals to the window of `now` (the hourly job `ratings.vote-window`): the days before the new
 * start leave each film's totals, in one transaction that holds the window's row, so votes meanwhile wait and land
 * on the right side of it.
 */
export async function advanceVoteWindow(db: Db, now: Date): Promise<boolean> {
  const start = windowStartDay(new Date(now.getTime() - 30 * 86_400_000).toISOString());
  return db.transaction().execute(async (tx) => {
    const window = await lockingRead(
      tx.selectFrom('vote_window').select('from_day').where('id', '=', 1),
      tx,
    ).executeTakeFirstOrThrow();
    if (window.from_day >= start) return false;
    await sql`update film_vote_window set
        votes = film_vote_window.votes - d.n,
        score_sum = film_vote_window.score_sum - d.s,
        rank = (film_vote_window.score_sum - d.s + ${PRIOR_HALF_STARS}) * 1.0 / (film_vote_window.votes - d.n + ${PRIOR_VOTES})
      from (select film_id, sum(votes) as n, sum(score_sum) as s from film_vote_days
            where day >= ${window.from_day} and day < ${start} group by film_id) as d
      where film_vote_window.film_id = d.film_id`.execute(tx);
    await tx.deleteFrom('film_vote_window').where('votes', '<=', 0).execute();
    await tx.updateTable('vote_window').set({ from_day: start }).where('id', '=', 1).execute();
    return true;
  });
}
