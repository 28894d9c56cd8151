import type { DbOrTx } from '../../db/database.js';
import type { FilmEngagement } from './engagement.js';
import type { FilmSummary, HomeData, HomeShelf, TermWithCount } from './film.js';
import { countFilms, listFilms, listLatestInTerm, summariesByIds } from './film.repository.js';
import { logline } from './logline.js';
import { findTermBySlug, listCategoriesWithCounts, listGenresWithCounts } from './taxonomy.repository.js';

/** Cards per shelf: fills two rows of three, three rows of two, or one row of six. */
export const SHELF_SIZE = 6;
const DAY_MS = 86_400_000;
const MAIN_CATEGORIES = 3;
const MAJOR_GENRES = 6;

type Activity = Pick<FilmEngagement, 'mostDiscussedSince' | 'bestRatedSince'>;

const withLogline = (film: FilmSummary): FilmSummary => ({ ...film, logline: logline(film.synopsis) });

/**
 * The home page, top to bottom: a featured film, what people talk about and rate now, the newest, then a shelf per
 * main category and major genre. A film appears once: each shelf skips the films shown above it. Every query is
 * bounded by what it shows (a shelf reads at most SHELF_SIZE plus the films already shown), never by the catalog.
 */
export async function getHomePage(db: DbOrTx, activity: Activity, now: Date): Promise<HomeData> {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const [categories, genres, filmCount, discussedIds, ratedIds] = await Promise.all([
    listCategoriesWithCounts(db),
    listGenresWithCounts(db),
    countFilms(db),
    activity.mostDiscussedSince(db, weekAgo, SHELF_SIZE + 1),
    activity.bestRatedSince(db, monthAgo, SHELF_SIZE * 2 + 1),
  ]);
  const [discussed, rated] = await Promise.all([
    summariesByIds(
      db,
      discussedIds.map((f) => f.filmId),
    ),
    summariesByIds(
      db,
      ratedIds.map((f) => f.filmId),
    ),
  ]);

  const shown = new Set<string>();
  const take = (films: FilmSummary[], n = SHELF_SIZE) => {
    const fresh = films.filter((f) => !shown.has(f.slug)).slice(0, n);
    for (const f of fresh) shown.add(f.slug);
    return fresh.map(withLogline);
  };
  // Read enough of a list that, after skipping every film already on the page, a full shelf is left.
  const enough = () => SHELF_SIZE + shown.size;

  const newestRead = await listFilms(db, {}, { sort: 'newest', limit: SHELF_SIZE * 2 + 1, offset: 0 });
  const featured = take(discussed.length ? discussed : rated.length ? rated : newestRead, 1)[0] ?? null;
  const mostDiscussed = take(discussed);
  const highestRated = take(rated);
  const newest = take(newestRead);

  const terms: Array<{ kind: HomeShelf['kind']; term: TermWithCount }> = [
    ...categories
      .filter((c) => c.count > 0)
      .slice(0, MAIN_CATEGORIES)
      .map((term) => ({ kind: 'category' as const, term })),
    ...genres
      .filter((g) => g.count > 0)
      .slice(0, MAJOR_GENRES)
      .map((term) => ({ kind: 'genre' as const, term })),
  ];
  const shelves: HomeShelf[] = [];
  // One after another: each shelf must know what the shelves above it took.
  for (const { kind, term } of terms) {
    const found = await findTermBySlug(db, kind === 'category' ? 'categories' : 'genres', term.slug);
    if (!found) continue;
    const filter = kind === 'category' ? { categoryId: found.id } : { genreId: found.id };
    // The term's latest additions: one index range of its links, whatever the catalog's size (decision 041).
    const films = take(await listLatestInTerm(db, filter, enough()));
    if (films.length > 0) shelves.push({ kind, term, films });
  }
  return { featured, mostDiscussed, highestRated, newest, shelves, categories, genres, filmCount };
}
