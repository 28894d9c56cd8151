import { type Expression, sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { lockingRead, serializeOn } from '../../db/dialect/index.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { leadGenreColumn } from '../catalog/index.js';
import { moveRankingTotals, rankAfterVote } from './ranking.js';
import { halfStarBuckets, histogramBar, type RatingStats } from './rating.js';

export async function findVote(db: DbOrTx, filmId: number, visitorId: string) {
  return lockingRead(
    db
      .selectFrom('film_votes')
      .select(['score', 'counted'])
      .where('film_id', '=', filmId)
      .where('visitor_id', '=', visitorId),
    db,
  ).executeTakeFirst();
}

/**
 * Until the caller's transaction ends, other new votes on this film from this network wait here, on any instance:
 * the count of counted votes that follows then sees every vote committed before, so the cap cannot be overrun by
 * votes arriving together (12 at once over 3 instances counted 4–5 against a cap of 3).
 */
export async function lockBallot(tx: Tx, filmId: number, ipHash: string): Promise<void> {
  await serializeOn(tx, `ballot:${filmId}:${ipHash}`);
}

/** Guests' counted votes on a film from one IP hash since `since`: what the ballot-stuffing rule limits. */
export async function countCountedVotesFromIp(db: DbOrTx, filmId: number, ipHash: string, since: string) {
  const row = await db
    .selectFrom('film_votes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('film_id', '=', filmId)
    .where('ip_hash', '=', ipHash)
    .where('counted', '=', 1)
    .where('created_at', '>=', since)
    // Members' votes always count, so they do not use up a network's allowance for guests either.
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('members').select('id').whereRef('members.visitor_id', '=', 'film_votes.visitor_id'))),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether a visitor id is a member's (a member acts with their own visitor id: decision 026). */
export async function isMemberVisitor(db: DbOrTx, visitorId: string): Promise<boolean> {
  const row = await db.selectFrom('members').select('id').where('visitor_id', '=', visitorId).executeTakeFirst();
  return row !== undefined;
}

/** A held vote that now counts (a member's: the ballot-stuffing rule is for guests only). */
export async function markVoteCounted(db: Tx, filmId: number, visitorId: string) {
  await db
    .updateTable('film_votes')
    .set({ counted: 1 })
    .where('film_id', '=', filmId)
    .where('visitor_id', '=', visitorId)
    .execute();
}

export async function insertVote(
  db: Tx,
  vote: { filmId: number; visitorId: string; score: number; ipHash: string; counted: boolean; now: string },
) {
  await db
    .insertInto('film_votes')
    .values({
      film_id: vote.filmId,
      visitor_id: vote.visitorId,
      score: vote.score,
      ip_hash: vote.ipHash,
      counted: vote.counted ? 1 : 0,
      created_at: vote.now,
      updated_at: vote.now,
    })
    .execute();
}

export async function updateVoteScore(db: Tx, filmId: number, visitorId: string, score: number, now: string) {
  await db
    .updateTable('film_votes')
    .set({ score, updated_at: now })
    .where('film_id', '=', filmId)
    .where('visitor_id', '=', visitorId)
    .execute();
}

export async function deleteVote(db: Tx, filmId: number, visitorId: string) {
  await db.deleteFrom('film_votes').where('film_id', '=', filmId).where('visitor_id', '=', visitorId).execute();
}

type Bar = 1 | 2 | 3 | 4 | 5;

/** A change to a film's aggregates; `members` is the members' share of count and sum (none: all guests'). */
export interface StatsChange {
  count: number;
  sum: number;
  /** Counted votes added (+1) or taken away (-1), by score (see adjustStats). */
  scores: Array<[score: number, delta: number]>;
  members?: { count: number; sum: number };
}

/** The change one counted vote makes, added (+1) or taken away (-1), by a member or a guest. */
export function voteChange(score: number, sign: 1 | -1, member: boolean): StatsChange {
  return {
    count: sign,
    sum: sign * score,
    scores: [[score, sign]],
    ...(member ? { members: { count: sign, sum: sign * score } } : {}),
  };
}

/** Two changes as one (a vote changed: the old score out, the new one in). */
export function combine(a: StatsChange, b: StatsChange): StatsChange {
  const members =
    a.members || b.members
      ? { count: (a.members?.count ?? 0) + (b.members?.count ?? 0), sum: (a.members?.sum ?? 0) + (b.members?.sum ?? 0) }
      : undefined;
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    scores: [...a.scores, ...b.scores],
    ...(members ? { members } : {}),
  };
}

/**
 * Apply a change to a film's aggregates in one atomic upsert (concurrent votes cannot lose each other's updates) and
 * return the new totals, so the caller needs no second read. `scores` are the votes added (+1) or taken away (-1), by
 * score; an imported aggregate changes count and sum only.
 */
export async function adjustStats(db: Tx, filmId: number, change: StatsChange): Promise<RatingStats> {
  const perBar: Record<Bar, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const perHalf: Record<Bar, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const [score, delta] of change.scores) {
    perBar[histogramBar(score)] += delta;
    if (score % 2 === 1) perHalf[histogramBar(score)] += delta;
  }
  // The site's totals first (ranking.ts explains the order), then the film's row.
  const totals = await moveRankingTotals(db, change);
  const row = await db
    .insertInto('film_rating_stats')
    .values({
      film_id: filmId,
      vote_count: change.count,
      score_sum: change.sum,
      hist_1: perBar[1],
      hist_2: perBar[2],
      hist_3: perBar[3],
      hist_4: perBar[4],
      hist_5: perBar[5],
      half_1: perHalf[1],
      half_2: perHalf[2],
      half_3: perHalf[3],
      half_4: perHalf[4],
      half_5: perHalf[5],
      member_vote_count: change.members?.count ?? 0,
      member_score_sum: change.members?.sum ?? 0,
    })
    .onConflict((oc) =>
      oc.column('film_id').doUpdateSet({
        vote_count: sql`film_rating_stats.vote_count + excluded.vote_count`,
        score_sum: sql`film_rating_stats.score_sum + excluded.score_sum`,
        hist_1: sql`film_rating_stats.hist_1 + excluded.hist_1`,
        hist_2: sql`film_rating_stats.hist_2 + excluded.hist_2`,
        hist_3: sql`film_rating_stats.hist_3 + excluded.hist_3`,
        hist_4: sql`film_rating_stats.hist_4 + excluded.hist_4`,
        hist_5: sql`film_rating_stats.hist_5 + excluded.hist_5`,
        half_1: sql`film_rating_stats.half_1 + excluded.half_1`,
        half_2: sql`film_rating_stats.half_2 + excluded.half_2`,
        half_3: sql`film_rating_stats.half_3 + excluded.half_3`,
        half_4: sql`film_rating_stats.half_4 + excluded.half_4`,
        half_5: sql`film_rating_stats.half_5 + excluded.half_5`,
        member_vote_count: sql`film_rating_stats.member_vote_count + excluded.member_vote_count`,
        member_score_sum: sql`film_rating_stats.member_score_sum + excluded.member_score_sum`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  // The ranking moves in the same transaction (decision 041): Top rated and the "top rated" sort read it.
  await rankAfterVote(db, filmId, change, { voteCount: row.vote_count, scoreSum: row.score_sum }, totals);
  return toStats(row);
}

function toStats(row: {
  vote_count: number;
  score_sum: number;
  hist_1: number;
  hist_2: number;
  hist_3: number;
  hist_4: number;
  hist_5: number;
  half_1: number;
  half_2: number;
  half_3: number;
  half_4: number;
  half_5: number;
  member_vote_count: number;
  member_score_sum: number;
}): RatingStats {
  const histogram: RatingStats['histogram'] = [row.hist_1, row.hist_2, row.hist_3, row.hist_4, row.hist_5];
  return {
    voteCount: row.vote_count,
    scoreSum: row.score_sum,
    histogram,
    halfStars: halfStarBuckets(histogram, [row.half_1, row.half_2, row.half_3, row.half_4, row.half_5]),
    memberCount: row.member_vote_count,
    memberSum: row.member_score_sum,
  };
}

// Every film page reads it: prepared once (src/db/prepared-query.ts).
const statsOfFilm = preparedQuery((db: DbOrTx, filmId: number) =>
  db.selectFrom('film_rating_stats').selectAll().where('film_id', '=', filmId),
);

export async function findStats(db: DbOrTx, filmId: number): Promise<RatingStats | undefined> {
  const [row] = await statsOfFilm(db, filmId);
  return row ? toStats(row) : undefined;
}

/** Mean score (1..10) over every counted vote on the site, C in the weighted rating; null before any vote. */
export async function globalMeanScore(db: DbOrTx): Promise<number | null> {
  const row = await db
    .selectFrom('film_rating_stats')
    .select((eb) => [eb.fn.sum<number>('score_sum').as('sum'), eb.fn.sum<number>('vote_count').as('count')])
    .executeTakeFirst();
  const count = Number(row?.count ?? 0);
  return count > 0 ? Number(row?.sum) / count : null;
}

/**
 * Every counted vote of one film, recounted from film_votes (members' found through their visitor id), plus what
 * was imported from a previous site: what the aggregates must always equal.
 */
export async function recountStats(db: DbOrTx, filmId: number): Promise<RatingStats> {
  const rows = await db
    .selectFrom('film_votes')
    .leftJoin('members', 'members.visitor_id', 'film_votes.visitor_id')
    .select(['film_votes.score', 'members.id as memberId'])
    .where('film_votes.film_id', '=', filmId)
    .where('film_votes.counted', '=', 1)
    .execute();
  const imported = await db
    .selectFrom('film_imported_ratings')
    .select(['vote_count', 'score_sum'])
    .where('film_id', '=', filmId)
    .executeTakeFirst();
  const histogram: RatingStats['histogram'] = [0, 0, 0, 0, 0];
  const halfStars: number[] = Array(10).fill(0);
  let scoreSum = imported?.score_sum ?? 0;
  let memberCount = 0;
  let memberSum = 0;
  for (const { score, memberId } of rows) {
    scoreSum += score;
    histogram[histogramBar(score) - 1]! += 1;
    halfStars[score - 1]! += 1;
    if (memberId !== null) {
      memberCount += 1;
      memberSum += score;
    }
  }
  return {
    voteCount: rows.length + (imported?.vote_count ?? 0),
    scoreSum,
    histogram,
    halfStars,
    memberCount,
    memberSum,
  };
}

/**
 * The Bayesian weighted rating, as IMDb's Top 250 used it: WR = v/(v+m)·R + m/(v+m)·C, with R the film's mean, v its
 * votes, C the mean vote over all films and m the prior's weight in votes. Written as (sum + m·C)/(v+m), in scores
 * (1..10; half of it in stars). The one place the formula is written: the top-rated page and the catalog's "top rated"
 * sort both rank with it. Null for a film without votes when m is 0.
 */
export function weightedScoreSql(
  stats: { sum: Expression<number>; votes: Expression<number> },
  priorVotes: number,
  meanScore: Expression<number>,
) {
  return sql<number | null>`(${stats.sum} + ${priorVotes} * ${meanScore}) / nullif(${stats.votes} + ${priorVotes}, 0)`;
}

export interface RankedFilm {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  posterKey: string | null;
  genre: string | null;
  voteCount: number;
  scoreSum: number;
}

/**
 * Films with at least one counted vote, by the rank kept on their row (ranking.ts): those with m votes or more first,
 * then by weighted rating, then the more voted. One range of films_rating_rank_idx, whatever the catalog's size.
 */
export async function listTopRated(db: DbOrTx, options: { limit: number; offset: number }): Promise<RankedFilm[]> {
  const rows = await db
    .selectFrom('films')
    .innerJoin('film_rating_stats as s', 's.film_id', 'films.id')
    .select([
      'films.slug',
      'films.title',
      'films.year',
      'films.synopsis',
      'films.poster_key',
      's.vote_count',
      's.score_sum',
    ])
    .select(leadGenreColumn)
    .where('films.rating_rank', 'is not', null)
    .orderBy('films.rating_rank', (ob) => ob.desc().nullsLast())
    .orderBy('films.rating_votes', 'desc')
    .orderBy('films.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    year: r.year,
    synopsis: r.synopsis,
    posterKey: r.poster_key ?? null,
    genre: r.genre,
    voteCount: r.vote_count,
    scoreSum: r.score_sum,
  }));
}

/** Every vote of one visitor, in stars by film (the page cache's per-visitor lookup; indexed by visitor). */
export async function votesOfVisitor(db: DbOrTx, visitorId: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('film_votes')
    .select(['film_id', 'score'])
    .where('visitor_id', '=', visitorId)
    .execute();
  return new Map(rows.map((r) => [r.film_id, r.score / 2]));
}

/** One page of a visitor's votes, newest change first, with their films (a member's own list, a public profile's). */
export async function votesPageOf(db: DbOrTx, visitorId: string, limit: number, offset: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('film_votes')
      .innerJoin('films', 'films.id', 'film_votes.film_id')
      .select(['films.slug', 'films.title', 'films.year', 'film_votes.score', 'film_votes.updated_at'])
      .where('film_votes.visitor_id', '=', visitorId)
      .orderBy('film_votes.updated_at', 'desc')
      .orderBy('films.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('film_votes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('visitor_id', '=', visitorId)
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), rows };
}
