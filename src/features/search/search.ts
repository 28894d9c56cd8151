import type { SnippetPart } from './snippet.js';

/** The orders a search can be shown in. */
export const SEARCH_SORTS = ['relevance', 'year', 'rating'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchFilter {
  categoryId?: number;
  genreId?: number;
  /** First year of the decade: 1990 means 1990–1999. */
  decade?: number;
  /** Inclusive range of years: a year typed in the query looks among these first (not a choice of the form). */
  years?: [from: number, to: number];
}

export interface SearchHit {
  slug: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  category: string | null;
  /** Mean in stars, one decimal; null with no votes. */
  rating: number | null;
  /** The uploaded poster, and the lead genre that styles the generated one. */
  posterKey: string | null;
  genre: string | null;
  /** Higher is better; comparable within one answer only. */
  score: number;
  snippet: SnippetPart[];
}

/** The choices of the filter form: every category and genre, and the decades the catalog spans. */
export interface SearchFacets {
  categories: Array<{ slug: string; name: string }>;
  genres: Array<{ slug: string; name: string }>;
  decades: number[];
}
