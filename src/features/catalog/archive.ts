import type { Page } from '../../lib/pagination.js';
import type { FilmSort, FilmSummary, TermRef } from './film.js';

export type ArchiveKind = 'category' | 'genre' | 'person' | 'decade' | 'country';

export interface Archive {
  term: TermRef;
  films: FilmSummary[];
  page: Page;
  sort: FilmSort;
}

export const DEFAULT_SORT: FilmSort = 'newest';

/** The one URL of an archive page: defaults are left out so each page has a single canonical address. */
export function archiveHref(kind: ArchiveKind, slug: string, page: number, sort: FilmSort): string {
  const params = new URLSearchParams();
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/${kind}/${slug}${query ? `?${query}` : ''}`;
}
