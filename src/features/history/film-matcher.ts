import type { DbOrTx } from '../../db/database.js';
import { type FilmMatchRow, filmsForMatching } from '../catalog/index.js';
import { titleKey } from '../search/index.js';

/** What a history row says about its film. */
export interface MatchQuery {
  imdbId?: string | null;
  tmdbId?: number | null;
  title: string;
  year?: number | null;
  originalTitle?: string | null;
}

export interface FilmCandidate {
  id: number;
  slug: string;
  title: string;
  year: number | null;
}

export type MatchedBy = 'imdb id' | 'tmdb id' | 'title and year' | 'title and year ±1' | 'title';

export type FilmMatch =
  | { status: 'matched'; filmId: number; film: FilmCandidate; by: MatchedBy }
  /** `others`: films of that title in other years, shown to help the member find the right one. */
  | { status: 'unmatched'; others: FilmCandidate[] }
  | { status: 'ambiguous'; candidates: FilmCandidate[] };

interface IndexedFilm extends FilmCandidate {
  imdbId: string | null;
  tmdbId: number | null;
}

/** Films listed with a report are capped: a title shared by fifty films helps nobody as a list of fifty. */
const MAX_LISTED = 10;

/**
 * Finds which catalog film a row from another site means, never guessing. By IMDb or TMDB id first; else by the title
 * (or the original title) folded the way the search folds it ("Matrix, The" = "The Matrix", accents and case ignored)
 * and the year: exactly, then one year either side only when that leaves one film. Two candidates are "ambiguous",
 * with both listed, never a pick.
 *
 * The whole catalog's keys are loaded once, a page of films per query, and matching is then done in memory: 50,000
 * rows cost no query each. About 150 bytes a film, so a catalog of a million films takes ~150 MB while it runs.
 */
export class FilmMatcher {
  private readonly byImdb = new Map<string, IndexedFilm>();
  private readonly byTmdb = new Map<number, IndexedFilm>();
  private readonly byKey = new Map<string, IndexedFilm[]>();

  static async load(db: DbOrTx): Promise<FilmMatcher> {
    const matcher = new FilmMatcher();
    for await (const page of filmsForMatching(db)) for (const film of page) matcher.add(film);
    return matcher;
  }

  add(row: FilmMatchRow): void {
    const film: IndexedFilm = {
      id: row.id,
      slug: row.slug,
      title: row.title,
      year: row.year,
      imdbId: row.imdbId,
      tmdbId: row.tmdbId,
    };
    if (film.imdbId) this.byImdb.set(film.imdbId, film);
    if (film.tmdbId) this.byTmdb.set(film.tmdbId, film);
    const keys = new Set([titleKey(row.title), ...(row.originalTitle ? [titleKey(row.originalTitle)] : [])]);
    for (const key of keys) {
      if (!key) continue;
      const list = this.byKey.get(key);
      if (list) list.push(film);
      else this.byKey.set(key, [film]);
    }
  }

  match(query: MatchQuery): FilmMatch {
    const byId =
      (query.imdbId ? this.byImdb.get(query.imdbId) : undefined) ??
      (query.tmdbId ? this.byTmdb.get(query.tmdbId) : undefined);
    if (byId) {
      const by = query.imdbId && byId.imdbId === query.imdbId ? 'imdb id' : 'tmdb id';
      return { status: 'matched', filmId: byId.id, film: candidate(byId), by };
    }
    const found = new Map<number, IndexedFilm>();
    for (const text of [query.title, query.originalTitle]) {
      if (!text) continue;
      for (const film of this.byKey.get(titleKey(text)) ?? []) found.set(film.id, film);
    }
    // A film that has an id of its own, other than the row's, is another film of the same name.
    const films = [...found.values()].filter(
      (f) =>
        !(query.imdbId && f.imdbId && f.imdbId !== query.imdbId) &&
        !(query.tmdbId && f.tmdbId && f.tmdbId !== query.tmdbId),
    );
    const year = query.year ?? null;
    if (year === null) return decide(films, films, 'title');
    const exact = films.filter((f) => f.year === year);
    if (exact.length > 0) return decide(exact, films, 'title and year');
    const near = films.filter((f) => f.year !== null && Math.abs(f.year - year) === 1);
    if (near.length === 1) return decide(near, films, 'title and year ±1');
    if (near.length > 1) return { status: 'ambiguous', candidates: near.slice(0, MAX_LISTED).map(candidate) };
    return { status: 'unmatched', others: films.slice(0, MAX_LISTED).map(candidate) };
  }
}

const candidate = (f: IndexedFilm): FilmCandidate => ({ id: f.id, slug: f.slug, title: f.title, year: f.year });

function decide(chosen: IndexedFilm[], all: IndexedFilm[], by: MatchedBy): FilmMatch {
  if (chosen.length === 1) return { status: 'matched', filmId: chosen[0]!.id, film: candidate(chosen[0]!), by };
  if (chosen.length === 0) return { status: 'unmatched', others: all.slice(0, MAX_LISTED).map(candidate) };
  return { status: 'ambiguous', candidates: chosen.slice(0, MAX_LISTED).map(candidate) };
}
