import type { Generated } from 'kysely';

/** Rows as stored; the domain shapes in film.ts are built from these, never handed out raw. */
export interface FilmTable {
  id: Generated<number>;
  slug: string;
  title: string;
  /** The title in the film's own language ("7번방의 선물"); null when none is known or it is the title itself. */
  original_title: string | null;
  year: number | null;
  synopsis: string;
  /** Where the film came from (importer format name, or `admin`) and its id there: the import's idempotency key. */
  source: string;
  source_id: string;
  /** Attribution link for the synopsis text, e.g. the Wikipedia article. */
  source_url: string | null;
  origin: string | null;
  language: string | null;
  /** Hash of the imported fields, so a re-import can tell "unchanged" from "updated" without comparing columns. */
  content_hash: string;
  /** Breadcrumb category. */
  primary_category_id: number | null;
  created_at: string;
  updated_at: string;
  /**
   * The uploaded poster, `<film id>/<content hash>-<largest width>` (features/posters/poster-key.ts), or null for the
   * typographic poster. Optional here so writers that predate posters need not mention it.
   */
  poster_key?: string | null;
  /**
   * The film's ids at IMDb ("tt0133093"), TMDB (603) and Wikidata ("Q83495"), each unique where set (migration 60).
   * Optional here so writers that predate them need not mention them.
   */
  imdb_id?: string | null;
  tmdb_id?: number | null;
  wikidata_id?: string | null;
  /**
   * What "top rated" and "most liked" rank by, kept by the ratings and likes features in their write's transaction
   * (setFilmRatingRank, setFilmLikeCount; migration 90, decision 041), so every sort of a list is an index range.
   * rating_rank: the weighted rating (1..10), plus 100 when the film has at least m votes; null with no votes.
   */
  rating_rank?: number | null;
  rating_votes?: number;
  like_count?: number;
}

/** One row (id 1): how many films the catalog holds, kept by triggers on films (migration 91, decision 041). */
export interface FilmTotalTable {
  id: number;
  films: number;
}

export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  parent_id: number | null;
  position: number;
  created_at: string;
  /** Shown on the category's archive (a WordPress import brings it); optional so older writers need not say it. */
  description?: string | null;
  /** Films linked to it, kept by triggers (migration 76, decision 031); writers never set it. */
  film_count: Generated<number>;
}

export interface GenreTable {
  id: Generated<number>;
  slug: string;
  name: string;
  position: number;
  created_at: string;
  /** Films linked to it, kept by triggers (migration 76, decision 031); writers never set it. */
  film_count: Generated<number>;
}

export interface FilmCategoryTable {
  film_id: number;
  category_id: number;
  /** The film's sort keys, copied by triggers (migration 2026-12-06-04, decision 052); writers never set them. */
  year?: number | null;
  title?: string;
  title_key?: string;
  created_at?: string;
  rating_rank?: number | null;
  rating_votes?: number;
  like_count?: number;
}

export interface FilmGenreTable {
  film_id: number;
  genre_id: number;
  /** The film's sort keys, copied by triggers (migration 2026-12-06-04, decision 052); writers never set them. */
  year?: number | null;
  title?: string;
  title_key?: string;
  created_at?: string;
  rating_rank?: number | null;
  rating_votes?: number;
  like_count?: number;
}

export interface PersonTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface FilmPersonTable {
  film_id: number;
  person_id: number;
  role: 'director' | 'cast';
  position: number;
}

/** Old slugs answer 301 to the current one. */
export interface SlugRedirectTable {
  kind: 'film' | 'category' | 'genre';
  old_slug: string;
  target_id: number;
}

export interface CatalogTables {
  films: FilmTable;
  film_total: FilmTotalTable;
  categories: CategoryTable;
  genres: GenreTable;
  film_categories: FilmCategoryTable;
  film_genres: FilmGenreTable;
  people: PersonTable;
  film_people: FilmPersonTable;
  slug_redirects: SlugRedirectTable;
}
