import type { DbOrTx } from '../../db/database.js';
import {
  countAllFilms,
  type FeedFilm,
  findCategory,
  lastFilmChange,
  listFilmsForSitemap,
  listNewestForFeed,
  listTermsForSitemap,
} from './seo.repository.js';

/** What the sitemap index lists: how many films there are, and when any last changed. */
export async function getSitemapSummary(db: DbOrTx): Promise<{ films: number; lastChange: string | null }> {
  const [films, lastChange] = await Promise.all([countAllFilms(db), lastFilmChange(db)]);
  return { films, lastChange };
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

export function getSitemapFilms(db: DbOrTx, offset: number, limit: number) {
  return listFilmsForSitemap(db, offset, limit);
}

export function getNewestFilms(db: DbOrTx, limit: number, categoryId?: number): Promise<FeedFilm[]> {
  return listNewestForFeed(db, limit, categoryId);
}

export function getFeedCategory(db: DbOrTx, slug: string) {
  return findCategory(db, slug);
}
