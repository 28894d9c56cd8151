import { AppError } from '../../kernel/errors.js';
import type { Page } from '../../lib/pagination.js';
import type { FilmSort, FilmSummary, TermRef } from './film.js';
import type { SortKey } from './film.repository.js';

export type ArchiveKind = 'category' | 'genre' | 'person' | 'decade' | 'country';

/**
 * Where an archive page starts (decision 041). Pages 1 to NUMBERED_PAGES and the last page are numbered (`?page=N`):
 * the first pages by OFFSET, which never skips more than NUMBERED_PAGES pages of rows whatever the catalog's size,
 * and the last one by reading the sort's index backwards. Past them, "Next" and "Previous" carry the sort key of the
 * film they continue from (`?after=` / `?before=`), so page 10,000 of a million films costs what page 1 does.
 * A numbered URL past NUMBERED_PAGES from before this change still answers (by OFFSET, its cost growing with N).
 */
export type ArchivePosition = { page: number } | { after: SortKey } | { before: SortKey };

/** Numbered pages a pager links; beyond them, pages follow each other by keyset links. */
export const NUMBERED_PAGES = 50;

export interface Archive {
  term: TermRef;
  films: FilmSummary[];
  /** The numbered page shown, or null on a keyset page (its number is not known without counting). */
  page: Page | null;
  /** Films in the archive and pages of films (pageCount: the number of the last page). */
  total: number;
  pageCount: number;
  sort: FilmSort;
  /** Where "Previous" and "Next" lead; null at either end. */
  previous: ArchivePosition | null;
  next: ArchivePosition | null;
}

export const DEFAULT_SORT: FilmSort = 'newest';

/** A sort key in a URL: base64url of its JSON, opaque to visitors. */
export function encodeSortKey(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A sort key from a URL, checked against the sort's number of terms; a 400 naming the parameter otherwise. */
export function decodeSortKey(raw: string, field: 'after' | 'before', length: number): SortKey {
  const invalid = () => new AppError('invalid_field', `${field}: not a position in this list (sort changed?)`, field);
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const value = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (!Array.isArray(parsed) || parsed.length !== length || !parsed.every(value)) throw invalid();
  return parsed as SortKey;
}

/** The one URL of an archive page: defaults are left out so each page has a single canonical address. */
export function archiveHref(
  kind: ArchiveKind,
  slug: string,
  position: number | ArchivePosition,
  sort: FilmSort,
): string {
  const at = typeof position === 'number' ? { page: position } : position;
  const params = new URLSearchParams();
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  if ('page' in at && at.page > 1) params.set('page', String(at.page));
  if ('after' in at) params.set('after', encodeSortKey(at.after));
  if ('before' in at) params.set('before', encodeSortKey(at.before));
  const query = params.toString();
  return `/${kind}/${slug}${query ? `?${query}` : ''}`;
}
