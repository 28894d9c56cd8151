import type { DbOrTx } from '../../db/database.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { paginate } from '../../lib/pagination.js';
import { readRanking } from './ranking.js';
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
  combine,
  countCountedVotesFromIp,
  deleteVote,
  findStats,
  findVote,
  insertVote,
  isMemberVisitor,
  listTopRated,
  lockBallot,
  markVoteCounted,
  updateVoteScore,
  voteChange,
  votesPageOf,
} from './ratings.repository.js';

export interface Voter {
  visitorId: string;
  ipHash: string;
  /**
   * Whether `visitorId` is a member's, when the caller knows it (a signed-in member's request, the diary, a member's
   * import: true; a guest's cookie: false, since a member's visitor id is never a guest cookie's). Left out, it is
   * read from `members` inside the transaction: one more query per vote, so hot paths pass it.
   */
  member?: boolean;
}

/** The voter's membership: what the caller said, or a lookup when it did not say. */
const isMember = (trx: Tx, voter: Voter) =>
  voter.member === undefined ? isMemberVisitor(trx, voter.visitorId) : Promise.resolve(voter.member);

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
 * transaction, so a page never needs to count votes; members' share moves with them (decision 034). The
 * ballot-stuffing rule is for guests: a guest's new vote counts only while fewer than `rules.votesPerIpPerFilm`
 * guests' counted votes on this film came from the same IP hash in the last `rules.windowHours`; later ones are
 * stored, shown to their voter as theirs, and carry no weight until a moderator reviews them. A member's vote always
 * counts (one account is one person; clearing cookies makes a new guest, not a new member).
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
  const [existing, member] = await Promise.all([findVote(trx, filmId, voter.visitorId), isMember(trx, voter)]);
  // The new totals when the aggregates moved (adjustStats returns them), so most votes need no second read.
  let stats: RatingStats | undefined;
  // A guest's vote held back by the per-network rule stays held; a member's always counts (see below).
  let held = existing?.counted === 0 && !member;
  if (!existing) {
    let counted = member;
    if (!counted) {
      const since = new Date(now.getTime() - rules.windowHours * 3600_000).toISOString();
      await lockBallot(trx, filmId, voter.ipHash);
      counted = (await countCountedVotesFromIp(trx, filmId, voter.ipHash, since)) < rules.votesPerIpPerFilm;
    }
    await insertVote(trx, { filmId, visitorId: voter.visitorId, score, ipHash: voter.ipHash, counted, now: iso });
    held = !counted;
    if (counted) stats = await adjustStats(trx, filmId, voteChange(score, 1, member));
  } else if (existing.score !== score || (member && existing.counted === 0)) {
    await updateVoteScore(trx, filmId, voter.visitorId, score, iso);
    if (existing.counted === 1) {
      const change = combine(voteChange(existing.score, -1, member), voteChange(score, 1, member));
      stats = await adjustStats(trx, filmId, change);
    } else if (member) {
      // Held while its voter was a guest; a member's vote counts.
      await markVoteCounted(trx, filmId, voter.visitorId);
      stats = await adjustStats(trx, filmId, voteChange(score, 1, true));
    }
  }
  const view = { ...summarize(stats ?? (await findStats(trx, filmId))), yours: scoreToStars(score), held };
  return { view, changed: !existing || existing.score !== score || (member && existing.counted === 0) };
}

export async function removeRating(trx: Tx, filmId: number, voter: Voter): Promise<VoteOutcome> {
  const existing = await findVote(trx, filmId, voter.visitorId);
  let stats: RatingStats | undefined;
  if (existing) {
    await deleteVote(trx, filmId, voter.visitorId);
    if (existing.counted === 1) {
      const member = await isMember(trx, voter);
      stats = await adjustStats(trx, filmId, voteChange(existing.score, -1, member));
    }
  }
  const view = { ...summarize(stats ?? (await findStats(trx, filmId))), yours: null, held: false };
  return { view, changed: !!existing };
}

/**
 * A page of Top rated, in the order of the ranking kept on write (ranking.ts, decision 041). The weighted rating shown
 * is computed with the site's mean as it is now (the ranking's totals move with every vote), the figure the page
 * always showed; the order uses the mean of the last rescore, at most DRIFT away. The number of rated films is the
 * ranking's own count (a deleted film's votes leave it at the job's next run).
 */
export async function getTopRated(db: DbOrTx, options: { page: number; pageSize: number }) {
  const ranking = await readRanking(db);
  const page = paginate(options.page, options.pageSize, ranking.ratedFilms);
  const films = await listTopRated(db, { limit: page.size, offset: page.offset });
  const mean = ranking.voteCount > 0 ? ranking.scoreSum / ranking.voteCount : 0;
  const m = ranking.rankedPrior;
  const entries: TopRatedEntry[] = films.map((f) => ({
    slug: f.slug,
    title: f.title,
    year: f.year,
    posterKey: f.posterKey,
    genre: f.genre,
    votes: f.voteCount,
    average: averageStars(f.scoreSum, f.voteCount) ?? 0,
    weighted: (f.scoreSum + m * mean) / (f.voteCount + m) / 2,
  }));
  return { entries, page };
}

/** A page of one visitor's ratings (a member's own, or a public profile's), in stars, newest change first. */
export async function ratingsPageOf(db: DbOrTx, visitorId: string, page: number, pageSize: number) {
  const { total, rows } = await votesPageOf(db, visitorId, pageSize, (page - 1) * pageSize);
  return {
    total,
    page,
    pageSize,
    items: rows.map((r) => ({
      film: r.slug,
      title: r.title,
      year: r.year,
      stars: scoreToStars(r.score),
      ratedAt: r.updated_at,
    })),
  };
}
