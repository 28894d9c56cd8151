/** One row as a reader found it, before validation: every field still untrusted. */
export interface SourceRow {
  /** Where the row is in its file, for error messages: "line 12", "item 5". */
  position: string;
  sourceId: string | null;
  sourceUrl: string | null;
  title: unknown;
  /** The title in the film's own language; null when the format has no such field (never guessed). */
  originalTitle: unknown;
  year: unknown;
  synopsis: unknown;
  origin: string | null;
  languages: string[];
  genres: string[];
  directors: string[];
  cast: string[];
  /** The film's ids at IMDb, TMDB and Wikidata, as the file wrote them; absent when the format has no such field. */
  imdbId?: unknown;
  tmdbId?: unknown;
  wikidataId?: unknown;
}

/** A row the reader could not even parse. */
export interface UnreadableRow {
  position: string;
  reason: string;
}

export type ReadResult = { row: SourceRow } | { unreadable: UnreadableRow };
