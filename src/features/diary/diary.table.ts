import type { Generated } from 'kysely';

/** A film a member means to watch. Keyed by member, not visitor: a watchlist needs an account (decision 033). */
export interface WatchlistTable {
  member_id: number;
  film_id: number;
  created_at: string;
}

/** One viewing a member logged. Several per film are normal (rewatches). */
export interface DiaryEntryTable {
  id: Generated<number>;
  member_id: number;
  film_id: number;
  /** The day watched, `YYYY-MM-DD` (UTC: members have no time zone yet). */
  watched_on: string;
  /** Half-stars 1..10 given with this viewing, or null; the member's vote on the film follows the latest one. */
  score: number | null;
  rewatch: number;
  /** A short note; the full review is the reviews feature's. */
  note: string;
  /** 1: shown on the profile, diary page and public API; 0: the member's eyes only. */
  is_public: number;
  created_at: string;
  updated_at: string;
}

export interface DiaryTables {
  watchlist_items: WatchlistTable;
  diary_entries: DiaryEntryTable;
}
