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

/**
 * What the sitemap index lists: the highest film id (film sitemap n holds ids (n-1)·size+1 … n·size, so a film
 * stays in its file as others come and go, and each file is one index range) and when any film last changed.
 */
export async function getSitemapSummary(db: DbOrTx): Promise<{ maxId: number; lastChange: string | null }> {
  const [maxId, lastChange] = await Promise.all([maxFilmId(db), lastFilmChange(db)]);
  return { maxId, lastChange };
}

/** The pages sitemap's terms: categories and genres, each with the last change of a film in it. */
export async function getSitemapTerms(db: DbOrTx) {
  const [categories, genres, lastChange] = await Promise.all([
    listTermsForSitemap(db, 'categories'),
    listTermsForSitemap(db, 'genres'),
    lastFilmChange(db),
  ]);
  return { categories, genres, lastChange };
}

/** Film sitemap `n`: films with ids in its range, and whether the range is past every film (no such file). */
export async function getSitemapFilms(db: DbOrTx, n: number, size: number) {
  const after = (n - 1) * size;
  const [films, maxId] = await Promise.all([listFilmsForSitemap(db, after, after + size), maxFilmId(db)]);
  return { films, exists: n === 1 || after < maxId };
}

export function getNewestFilms(db: DbOrTx, limit: number, categoryId?: number): Promise<FeedFilm[]> {
  return listNewestForFeed(db, limit, categoryId);
}

export function getFeedCategory(db: DbOrTx, slug: string) {
  return findCategory(db, slug);
}
