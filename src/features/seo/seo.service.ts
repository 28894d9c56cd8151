import type { DbOrTx } from '../../db/database.js';
import {
  type FeedFilm,
  findCategory,
  lastFilmChange,
  listFilmsForSitemap,
  listNewestForFeed,
  listTermsForSitemap,
  maxFilmId,
} from './seo.repository.js';

/** Rows read per statement while a sitemap is written: what a render holds at once, whatever the file's size. */
export const SITEMAP_PAGE_ROWS = 2_000;

/**
 * What the sitemap index lists: the highest film id (film sitemap n holds ids (n-1)·size+1 … n·size, so a film
 * stays in its file as others come and go, and each file is one index range) and when any film last changed.
 */
export async function getSitemapSummary(db: DbOrTx): Promise<{ maxId: number; lastChange: string | null }> {
  const [maxId, lastChange] = await Promise.all([maxFilmId(db), lastFilmChange(db)]);
  return { maxId, lastChange };
}

/** When any film last changed: the lastmod of the site's own pages in the pages sitemap. */
export function getLastFilmChange(db: DbOrTx): Promise<string | null> {
  return lastFilmChange(db);
}

/**
 * The pages sitemap's terms, categories then genres, each by slug with the last change of a film in it: read a page
 * at a time (keyset on the slug), as the sitemap is written.
 */
export async function* sitemapTermPages(
  db: DbOrTx,
  pageRows = SITEMAP_PAGE_ROWS,
): AsyncGenerator<Array<{ kind: 'categories' | 'genres'; slug: string; last: string | null }>> {
  for (const kind of ['categories', 'genres'] as const) {
    let after: string | null = null;
    for (;;) {
      const rows = await listTermsForSitemap(db, kind, after, pageRows);
      if (rows.length > 0) yield rows.map((r) => ({ kind, ...r }));
      if (rows.length < pageRows) break;
      after = rows[rows.length - 1]!.slug;
    }
  }
}

/** Whether film sitemap `n` exists: the first always does; past the highest film id none does. */
export async function filmSitemapExists(db: DbOrTx, n: number, size: number): Promise<boolean> {
  return n === 1 || (n - 1) * size < (await maxFilmId(db));
}

/** Film sitemap `n`'s films by id, a page at a time (keyset on the id inside the file's id range). */
export async function* sitemapFilmPages(
  db: DbOrTx,
  n: number,
  size: number,
  pageRows = SITEMAP_PAGE_ROWS,
): AsyncGenerator<Array<{ slug: string; updated_at: string }>> {
  const upTo = n * size;
  let after = (n - 1) * size;
  for (;;) {
    const rows = await listFilmsForSitemap(db, after, upTo, pageRows);
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = rows[rows.length - 1]!.id;
  }
}

export function getNewestFilms(db: DbOrTx, limit: number, categoryId?: number): Promise<FeedFilm[]> {
  return listNewestForFeed(db, limit, categoryId);
}

export function getFeedCategory(db: DbOrTx, slug: string) {
  return findCategory(db, slug);
}
