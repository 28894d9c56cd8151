/** One film's precomputed list: `rank` 0 is the "Check Also" film; `reasons` is a JSON array of short sentences. */
export interface RelatedFilmTable {
  film_id: number;
  related_id: number;
  rank: number;
  score: number;
  reasons: string;
}

export interface RelatedTables {
  related_films: RelatedFilmTable;
}
