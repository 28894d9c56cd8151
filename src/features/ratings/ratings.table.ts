/** One visitor's vote on one film; `score` is 1..10 half-stars (0.5 to 5 stars). */
export interface FilmVoteTable {
  film_id: number;
  visitor_id: string;
  score: number;
  /** Salted hash of the voter's IP, for the ballot-stuffing rule; the raw IP is never stored. */
  ip_hash: string;
  /** 1 when the vote counts in the aggregates; 0 when held back by the ballot-stuffing rule until reviewed. */
  counted: number;
  created_at: string;
  updated_at: string;
}

/** Per-film aggregates of counted votes, kept in step with film_votes in the same transaction. */
export interface FilmRatingStatsTable {
  film_id: number;
  vote_count: number;
  score_sum: number;
  /** Histogram by whole stars: hist_1 counts 0.5 and 1 star, …, hist_5 counts 4.5 and 5 stars. */
  hist_1: number;
  hist_2: number;
  hist_3: number;
  hist_4: number;
  hist_5: number;
  /** Members' share of vote_count and score_sum (docs/decisions/034); guests' is the rest. */
  member_vote_count: number;
  member_score_sum: number;
  /** Of the votes in hist_N, those of N - 0.5 stars (so exactly N stars is hist_N - half_N): ten half-star buckets. */
  half_1: number;
  half_2: number;
  half_3: number;
  half_4: number;
  half_5: number;
}

/**
 * Votes cast on a previous site (a WordPress rating plugin's aggregate), imported as a count and a sum of half-stars:
 * they are already inside film_rating_stats; this row says how many of those came from elsewhere.
 */
export interface FilmImportedRatingTable {
  film_id: number;
  vote_count: number;
  score_sum: number;
}

/**
 * One row (id 1): the site's counted votes, kept with every vote, and the mean C and prior m that films.rating_rank
 * was last computed with (ranking.ts, decision 041).
 */
export interface RatingRankingTable {
  id: number;
  vote_count: number;
  score_sum: number;
  /** Films with at least one counted vote. */
  rated_films: number;
  ranked_mean: number;
  ranked_prior: number;
  ranked_at: string | null;
}

/**
 * Counted votes per film and UTC day of their `updated_at`, kept by triggers on film_votes (migration 2026-12-06-01, decision
 * 047): what "Highest rated this month" sums instead of every vote of the month. Rows at zero are deleted.
 */
export interface FilmVoteDayTable {
  film_id: number;
  /** YYYY-MM-DD, the first ten characters of the votes' `updated_at`. */
  day: string;
  votes: number;
  score_sum: number;
}

/** One row (id 1): the first day the month's totals of film_vote_window count (decision 047). */
export interface VoteWindowTable {
  id: number;
  /** YYYY-MM-DD: film_vote_window sums film_vote_days from this day on. */
  from_day: string;
}

/**
 * Each film's counted votes from `vote_window.from_day` on, with the "Highest rated this month" rank they give,
 * kept by the same triggers as film_vote_days; the hourly job `ratings.vote-window` moves the start day.
 */
export interface FilmVoteWindowTable {
  film_id: number;
  votes: number;
  score_sum: number;
  rank: number;
}

export interface RatingsTables {
  film_vote_days: FilmVoteDayTable;
  vote_window: VoteWindowTable;
  film_vote_window: FilmVoteWindowTable;
  film_imported_ratings: FilmImportedRatingTable;
  rating_ranking: RatingRankingTable;
  film_votes: FilmVoteTable;
  film_rating_stats: FilmRatingStatsTable;
}
