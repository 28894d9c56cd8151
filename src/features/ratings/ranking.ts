import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/database.js';
import { asFloat } from '../../db/dialect/index.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { setFilmRatingRank, setFilmRatingRanks } from '../catalog/index.js';

/**
 * The ranking Top rated and the "top rated" sort read (decision 041): each film's weighted rating, stored on its row
 * (films.rating_rank) by the vote's own transaction, so a ranked page is an index range instead of a computation over
 * every film. The weighted rating (sum + m·C)/(v + m) needs C, the site's mean vote, which each vote moves a little.
 * Ranks are computed with the C and m recorded in `rating_ranking` (ranked_mean, ranked_prior); when the site's true
 * mean has drifted from ranked_mean by more than DRIFT, or m was changed in the settings, every rank is recomputed:
 * - in the vote's transaction while at most INLINE_RESCORE_FILMS films have votes (a small site: a few milliseconds,
 *   and its mean moves most with each vote);
 * - otherwise by the scheduled job `ratings.rank` (every RESCORE_EVERY_MS, one instance: decision 030), in batches.
 * Between two rescores a large site's ranks use a mean off by at most DRIFT (0.005 stars) plus what the votes since
 * moved it — on a site with thousands of rated films, hundredths of a star.
 */

/** In scores (1..10): 0.01 is 0.005 stars, below the one decimal pages print. */
export const DRIFT = 0.01;
export const INLINE_RESCORE_FILMS = 2_000;
export const RESCORE_EVERY_MS = 10 * 60_000;
/** Films per transaction when the job rescores: each batch locks only its own rows, briefly. */
const RESCORE_BATCH = 10_000;
/** The rank offset of films with at least m votes, above every weighted rating (at most 10). */
export const ENOUGH_VOTES = 100;

/** The stored rank of a film with `votes` counted votes summing to `sum`: null with no votes. */
export function ratingRank(votes: number, sum: number, mean: number, prior: number): number | null {
  if (votes <= 0) return null;
  return (votes >= prior ? ENOUGH_VOTES : 0) + (sum + prior * mean) / (votes + prior);
}

export interface Ranking {
  voteCount: number;
  scoreSum: number;
  ratedFilms: number;
  rankedMean: number;
  rankedPrior: number;
}

const toRanking = (row: {
  vote_count: number | string;
  score_sum: number | string;
  rated_films: number | string;
  ranked_mean: number | string;
  ranked_prior: number | string;
}): Ranking => ({
  voteCount: Number(row.vote_count),
  scoreSum: Number(row.score_sum),
  ratedFilms: Number(row.rated_films),
  rankedMean: Number(row.ranked_mean),
  rankedPrior: Number(row.ranked_prior),
});

export async function readRanking(db: DbOrTx): Promise<Ranking> {
  const row = await db.selectFrom('rating_ranking').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return toRanking(row);
}

const liveMean = (r: Pick<Ranking, 'voteCount' | 'scoreSum'>) => (r.voteCount > 0 ? r.scoreSum / r.voteCount : 0);

/**
 * Before a film's aggregates move by `change` (adjustStats): move the site's totals. Called first in the vote's
 * transaction so that every vote takes the totals' one row before any film's row: votes then queue on it in one
 * order, and two batches of grouped votes (decision 014) on other instances cannot each hold a film the other needs.
 */
export async function moveRankingTotals(tx: Tx, change: { count: number; sum: number }): Promise<Ranking> {
  const row = await tx
    .updateTable('rating_ranking')
    .set({ vote_count: sql`vote_count + ${change.count}`, score_sum: sql`score_sum + ${change.sum}` })
    .where('id', '=', 1)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRanking(row);
}

/**
 * After a film's aggregates moved by `change` to `after`: count it among the rated films if it just got or lost its
 * first vote, store its new rank, and rescore every film when the mean drifted and the site is small. The caller's
 * transaction already holds the totals' row (moveRankingTotals).
 */
export async function rankAfterVote(
  tx: Tx,
  filmId: number,
  change: { count: number },
  after: { voteCount: number; scoreSum: number },
  totals: Ranking,
): Promise<void> {
  const before = after.voteCount - change.count;
  const rated = (after.voteCount > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
  let ranking = totals;
  if (rated !== 0) {
    const row = await tx
      .updateTable('rating_ranking')
      .set({ rated_films: sql`rated_films + ${rated}` })
      .where('id', '=', 1)
      .returningAll()
      .executeTakeFirstOrThrow();
    ranking = toRanking(row);
  }
  const mean = liveMean(ranking);
  if (Math.abs(mean - ranking.rankedMean) > DRIFT && ranking.ratedFilms <= INLINE_RESCORE_FILMS) {
    await rescoreAll(tx, mean, ranking.rankedPrior);
    return;
  }
  const rank = ratingRank(after.voteCount, after.scoreSum, ranking.rankedMean, ranking.rankedPrior);
  await setFilmRatingRank(tx, filmId, rank, Math.max(0, after.voteCount));
}

/** Per-film rank rows with a given C and m, for setFilmRatingRanks. */
function rankRows(mean: number, prior: number) {
  const c = asFloat(mean);
  return sql`select film_id, vote_count as votes,
      case when vote_count > 0 then (case when vote_count >= ${prior} then ${ENOUGH_VOTES} else 0 end)
        + (score_sum + ${prior} * ${c}) * 1.0 / (vote_count + ${prior}) end as rank
    from film_rating_stats`;
}

/** Every film's rank with C = `mean` and m = `prior`, in the caller's transaction (a small site). */
async function rescoreAll(tx: DbOrTx, mean: number, prior: number): Promise<void> {
  await tx.updateTable('rating_ranking').set({ ranked_mean: mean, ranked_prior: prior }).where('id', '=', 1).execute();
  await setFilmRatingRanks(tx, rankRows(mean, prior));
}

/**
 * The scheduled job: recount the totals from the per-film aggregates (a deleted film's votes leave the totals here),
 * and when the mean drifted past DRIFT or m is not the site's `prior`, record the new C and m first (so votes from
 * then on use them) and rescore every film in batches of film ids. Returns what it did, for the log and tests.
 */
export async function refreshRatingRanks(
  db: Db,
  prior: number,
  now: Date,
): Promise<{ rescored: number; mean: number }> {
  const totals = await db
    .selectFrom('film_rating_stats')
    .select((eb) => [
      eb.fn.sum<number>('vote_count').as('votes'),
      eb.fn.sum<number>('score_sum').as('sum'),
      eb.fn.countAll<number>().as('rated'),
      eb.fn.max('film_id').as('maxId'),
    ])
    .where('vote_count', '>', 0)
    .executeTakeFirstOrThrow();
  const counts = { voteCount: Number(totals.votes ?? 0), scoreSum: Number(totals.sum ?? 0) };
  const mean = liveMean(counts);
  const current = await readRanking(db);
  const stale = Math.abs(mean - current.rankedMean) > DRIFT || current.rankedPrior !== prior;
  await db
    .updateTable('rating_ranking')
    .set({
      vote_count: counts.voteCount,
      score_sum: counts.scoreSum,
      rated_films: Number(totals.rated),
      ...(stale ? { ranked_mean: mean, ranked_prior: prior, ranked_at: now.toISOString() } : {}),
    })
    .where('id', '=', 1)
    .execute();
  if (!stale) return { rescored: 0, mean: current.rankedMean };
  const maxId = Number(totals.maxId ?? 0);
  let rescored = 0;
  for (let after = 0; after < maxId; after += RESCORE_BATCH) {
    rescored += await db
      .transaction()
      .execute((tx) =>
        setFilmRatingRanks(tx, rankRows(mean, prior), { afterId: after, upToId: after + RESCORE_BATCH }),
      );
  }
  return { rescored, mean };
}
