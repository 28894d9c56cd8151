import { createHash } from 'node:crypto';
import type { ExternalIds } from './external-ids.js';

/** A film as pages and the API see it. */
export interface Film extends ExternalIds {
  id: number;
  slug: string;
  title: string;
  /** The title in the film's own language, when it differs from `title`. */
  originalTitle: string | null;
  year: number | null;
  synopsis: string;
  sourceUrl: string | null;
  origin: string | null;
  language: string | null;
  createdAt: string;
  updatedAt: string;
  /** The uploaded poster (features/posters/poster-key.ts), or null/absent for the typographic poster. */
  posterKey?: string | null;
}

export interface TermRef {
  slug: string;
  name: string;
}

export interface TermWithCount extends TermRef {
  count: number;
}

export interface FilmDetails extends Film {
  primaryCategory: TermRef | null;
  categories: TermRef[];
  genres: TermRef[];
  directors: TermRef[];
  cast: TermRef[];
}

/** A film card in a list: what a listing needs and nothing more. */
export interface FilmSummary {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  posterKey?: string | null;
  /** The lead genre (see `leadGenre`), or null when the film has none. */
  genre?: string | null;
  /** One line for the card (`logline`), filled by the service that lists it. */
  logline?: string;
}

/** Genres so common they say little about a film: a card names another genre of the film first when it has one. */
export const BROAD_GENRES = ['Drama', 'Comedy', 'Silent', 'Short', 'Independent', 'Live Action'] as const;

/** The genre that tells most about a film: the first by name that is not broad, else the first by name. */
export function leadGenre(names: readonly string[]): string | null {
  const broad = new Set<string>(BROAD_GENRES);
  const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en'));
  return sorted.find((n) => !broad.has(n)) ?? sorted[0] ?? null;
}

/** The home page: the newest films, a shelf per main category and major genre, and the term lists. */
export interface HomeShelf {
  kind: 'category' | 'genre';
  term: TermWithCount;
  films: FilmSummary[];
}

export interface HomeData {
  /** The film the page opens with: the most discussed this week, else the best rated this month, else the newest. */
  featured: FilmSummary | null;
  /** From real activity; empty (and the shelf hidden) when nobody commented or voted in the window. */
  mostDiscussed: FilmSummary[];
  highestRated: FilmSummary[];
  newest: FilmSummary[];
  /** One per main category and major genre, none repeating a film shown above it. */
  shelves: HomeShelf[];
  categories: TermWithCount[];
  genres: TermWithCount[];
  filmCount: number;
}

/** What an importer hands the catalog: already mapped onto our categories and genres. */
export interface FilmInput {
  source: string;
  sourceId: string;
  sourceUrl: string | null;
  title: string;
  /** Null when the source has none or it is the title itself (see `distinctOriginalTitle`). */
  originalTitle: string | null;
  year: number | null;
  synopsis: string;
  origin: string | null;
  language: string | null;
  /** Category names, the breadcrumb one first. */
  categories: string[];
  /** Categories already resolved to ids (an import that brings its own slugs and hierarchy); `categories` then only names them. */
  categoryIds?: number[];
  genres: string[];
  directors: string[];
  cast: string[];
  /** The film's ids elsewhere; absent or null when the source has none. */
  imdbId?: string | null;
  tmdbId?: number | null;
  wikidataId?: string | null;
}

/** Stable across runs and key order, so an unchanged source row is recognised as unchanged. */
export function filmContentHash(input: FilmInput): string {
  const canonical = JSON.stringify([
    input.title,
    input.year,
    input.synopsis,
    input.sourceUrl,
    input.origin,
    input.language,
    input.categories,
    input.genres,
    input.directors,
    input.cast,
    // Appended only when present, so films without one keep the hash they had before the field existed and a
    // re-import of an unchanged file still finds them unchanged.
    ...(input.originalTitle ? [input.originalTitle] : []),
    // The same for the external ids, as one element so an IMDb id can never read as an original title.
    ...(input.imdbId || input.tmdbId || input.wikidataId
      ? [['ids', input.imdbId ?? null, input.tmdbId ?? null, input.wikidataId ?? null]]
      : []),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 32);
}

/**
 * The original title worth storing: trimmed, spaces collapsed, and null when empty or the same as the title but for
 * case (there is nothing to show under a heading that already says it).
 */
export function distinctOriginalTitle(title: string, original: string | null | undefined): string | null {
  const clean = (original ?? '').trim().replace(/\s+/g, ' ');
  if (!clean) return null;
  const same = (text: string) => text.normalize('NFC').toLocaleLowerCase('und');
  return same(clean) === same(title.trim().replace(/\s+/g, ' ')) ? null : clean;
}

export const FILM_SORTS = ['newest', 'year', 'title', 'top-rated', 'most-liked'] as const;
export type FilmSort = (typeof FILM_SORTS)[number];

export const FILM_SORT_LABELS: Record<FilmSort, string> = {
  newest: 'Newest added',
  year: 'Release year',
  title: 'Title A–Z',
  'top-rated': 'Top rated',
  'most-liked': 'Most liked',
};
