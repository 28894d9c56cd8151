import type { Generated } from 'kysely';

/** One film's precomputed list: `rank` 0 is the "Check Also" film; `reasons` is a JSON array of short sentences. */
export interface RelatedFilmTable {
  film_id: number;
  related_id: number;
  rank: number;
  score: number;
  reasons: string;
}

/** A film whose related lists must follow a write (decision 042); claimed by one worker, kept an hour once done. */
export interface RelatedQueueTable {
  id: Generated<number>;
  film_id: number;
  queued_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  done_at: string | null;
}

export interface RelatedTables {
  related_films: RelatedFilmTable;
  related_queue: RelatedQueueTable;
}
