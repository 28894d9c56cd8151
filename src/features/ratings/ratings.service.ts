import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { paginate } from '../../lib/pagination.js';
import {
  averageStars,
  type BallotRules,
  type RatingStats,
  type RatingView,
  scoreToStars,
  summarize,
  type TopRatedEntry,
} from './rating.js';
import {
  adjustStats,
  countCountedVotesFromIp,
  countRatedFilms,
  deleteVote,
  findStats,
  findVote,
  globalMeanScore,
  insertVote,
  listTopRated,
  updateVoteScore,
} from './ratings.repository.js';

export interface Voter {
  visitorId: string;
  ipHash: string;
}

/** What a vote's page shows now, and whether the vote changed what others see (the aggregates, the lists). */
export interface VoteOutcome {
  view: RatingView;
  changed: boolean;
}

export async function getRating(db: DbOrTx, filmId: number, visitorId: string | null): Promise<RatingView> {
  const [stats, own] = await Promise.all([
    findStats(db, filmId),
    visitorId ? findVote(db, filmId, visitorId) : Promise.resolve(undefined),
  ]);
  return { ...summarize(stats), yours: own ? scoreToStars(own.score) : null, held: own?.counted === 0 };
}

/**
 * Cast or change a vote, inside the caller's transaction (votes share one: decision 014). Aggregates move in the same
 * transaction, so a page never needs to count votes. The
 * ballot-stuffing rule: a new vote counts only while fewer than `rules.votesPerIpPerFilm` counted votes on this film
 * came from the same IP hash in the last `rules.windowHours`; later ones are stored, shown to their voter as theirs,
 * and carry no weight until a moderator reviews them.
 */
export async function rateFilm(
  trx: Tx,
  filmId: number,
  voter: Voter,
  score: number,
  now: Date,
  rules: BallotRules,
): Promise<VoteOutcome> {
  const iso = now.toISOString();
  const existing = await findVote(trx, filmId, voter.visitorId);
  let stats: RatingStats | undefined;
  let held = existing?.counted === 0;
  if (!existing) {
    const since = new Date(now.getTime() - rules.windowHours * 3600_000).toISOString();
    const fromIp = await countCountedVotesFromIp(trx, filmId, voter.ipHash, since);
    const counted = fromIp < rules.votesPerIpPerFilm;
    await insertVote(trx, { filmId, visitorId: voter.visitorId, score, ipHash: voter.ipHash, counted, now: iso });
    held = !counted;
    if (counted) stats = await adjustStats(trx, filmId, { count: 1, sum: score, scores: [[score, 1]] });
  } else if (existing.score !== score) {
    await updateVoteScore(trx, filmId, voter.visitorId, score, iso);
    if (existing.counted === 1) {
      stats = await adjustStats(trx, filmId, {
        count: 0,
        sum: score - existing.score,
        scores: [
          [existing.score, -1],
          [score, 1],
        ],
      });
    }
  }
  const view = { ...summarize(stats ?? (await findStats(trx, filmId))), yours: scoreToStars(score), held };
  return { view, changed: !existing || existing.score !== score };
}

export async function removeRating(trx: Tx, filmId: number, voter: Voter): Promise<VoteOutcome> {
  const existing = await findVote(trx, filmId, voter.visitorId);
  let stats: RatingStats | undefined;
  if (existing) {
    await deleteVote(trx, filmId, voter.visitorId);
    if (existing.counted === 1) {
      stats = await adjustStats(trx, filmId, {
        count: -1,
        sum: -existing.score,
        scores: [[existing.score, -1]],
      });
    }
  }
  const view = { ...summarize(stats ?? (await findStats(trx, filmId))), yours: null, held: false };
  return { view, changed: !!existing };
}

export async function getTopRated(db: DbOrTx, options: { priorVotes: number; page: number; pageSize: number }) {
  const [total, meanScore] = await Promise.all([countRatedFilms(db), globalMeanScore(db)]);
  const page = paginate(options.page, options.pageSize, total);
  const mean = meanScore ?? 0;
  const films = await listTopRated(db, {
    priorVotes: options.priorVotes,
    meanScore: mean,
    limit: page.size,
    offset: page.offset,
  });
  const entries: TopRatedEntry[] = films.map((f) => ({
    slug: f.slug,
    title: f.title,
    year: f.year,
    votes: f.voteCount,
    average: averageStars(f.scoreSum, f.voteCount) ?? 0,
    weighted: f.weightedScore / 2,
  }));
  return { entries, page };
}
