/** Stars as visitors see them (0.5..5 in half steps) and scores as stored (1..10). */
export const MIN_SCORE = 1;
export const MAX_SCORE = 10;

export function starsToScore(stars: number): number | null {
  const score = stars * 2;
  if (!Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) return null;
  return score;
}

export const scoreToStars = (score: number) => score / 2;

/** The histogram bar a score falls in: 0.5–1 star → bar 1, …, 4.5–5 stars → bar 5. */
export const histogramBar = (score: number): 1 | 2 | 3 | 4 | 5 => Math.ceil(score / 2) as 1 | 2 | 3 | 4 | 5;

type Five = [number, number, number, number, number];

export interface RatingStats {
  voteCount: number;
  scoreSum: number;
  histogram: Five;
  /** Votes by score, 1..10 (0.5 to 5 stars): index 0 is 0.5 star. */
  halfStars: number[];
  /** Members' share of the counted votes; the rest are guests' (votes imported from a previous site included). */
  memberCount: number;
  memberSum: number;
}

/** One kind of voter's mean in stars (null with no votes) and vote count. */
export interface KindSummary {
  average: number | null;
  count: number;
}

export interface RatingSummary {
  /** Mean in stars, one decimal; null with no votes. The combined figure: members and guests together. */
  average: number | null;
  count: number;
  /** Whole-star bars, each counting its half star below (4.5 is in bar 5): what API v1 first promised. */
  histogram: Five;
  /** Ten half-star buckets, 0.5 star first. Imported votes (a bare count and sum) are in `count`, in no bucket. */
  halfStars: number[];
  members: KindSummary;
  guests: KindSummary;
}

export interface RatingView extends RatingSummary {
  /** The visitor's own vote in stars, or null. */
  yours: number | null;
  /** Their vote is stored but held back by the per-network rule: it counts after a moderator's review. */
  held: boolean;
}

/** The ten half-star buckets from the stored whole-star bars and, per bar, its half-star votes. */
export function halfStarBuckets(histogram: Five, halves: Five): number[] {
  return histogram.flatMap((bar, i) => [halves[i]!, bar - halves[i]!]);
}

/** A film's mean as shown everywhere (page, API, search results): in stars, one decimal; null with no votes. */
export function averageStars(scoreSum: number, voteCount: number): number | null {
  return voteCount > 0 ? Math.round((scoreSum / voteCount / 2) * 10) / 10 : null;
}

const kind = (sum: number, count: number): KindSummary => ({ average: averageStars(sum, count), count });

export const NO_VOTES: RatingStats = {
  voteCount: 0,
  scoreSum: 0,
  histogram: [0, 0, 0, 0, 0],
  halfStars: Array(10).fill(0),
  memberCount: 0,
  memberSum: 0,
};

/**
 * The combined figure and its two parts. Guests are everyone without an account: votes imported from a previous
 * site were cast by its anonymous visitors, so they are guests' too.
 */
export function summarize(stats: RatingStats | undefined): RatingSummary {
  const s = stats ?? NO_VOTES;
  const empty = s.voteCount === 0;
  return {
    average: averageStars(s.scoreSum, s.voteCount),
    count: s.voteCount,
    histogram: empty ? [0, 0, 0, 0, 0] : s.histogram,
    halfStars: empty ? Array(10).fill(0) : s.halfStars,
    members: kind(s.memberSum, s.memberCount),
    guests: kind(s.scoreSum - s.memberSum, s.voteCount - s.memberCount),
  };
}

export interface BallotRules {
  /**
   * Guests' votes on one film from one IP hash within `windowHours` that count; later ones are stored but held.
   * Members' votes always count (an account is one person; a cookie is not).
   */
  votesPerIpPerFilm: number;
  windowHours: number;
}

export const DEFAULT_BALLOT_RULES: BallotRules = { votesPerIpPerFilm: 3, windowHours: 24 };

export interface TopRatedEntry {
  slug: string;
  title: string;
  year: number | null;
  posterKey: string | null;
  genre: string | null;
  /** Plain mean in stars. */
  average: number;
  /** Weighted rating in stars. */
  weighted: number;
  votes: number;
}
