import type { DbOrTx } from '../../db/database.js';
import type { FilmEngagement } from './engagement.js';
import type { FilmSummary, HomeData, HomeShelf, TermWithCount } from './film.js';
import { countFilms, latestFilmIdsInTerms, newestFilmIds, summariesByIds } from './film.repository.js';
import { logline } from './logline.js';
import { listTermsWithIds } from './taxonomy.repository.js';

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
 * bounded by what it shows (a shelf reads at most SHELF_SIZE plus the films that can be shown above it), never by the
 * catalog, and the page costs three rounds of queries whatever the number of shelves: the lists of ids (terms,
 * activity, newest) at once, then every term shelf's ids in one statement, then one read of every card shown.
 */
export async function getHomePage(db: DbOrTx, activity: Activity, now: Date): Promise<HomeData> {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const [categories, genres, filmCount, discussedRead, ratedRead, newestRead] = await Promise.all([
    listTermsWithIds(db, 'categories'),
    listTermsWithIds(db, 'genres'),
    countFilms(db),
    activity.mostDiscussedSince(db, weekAgo, SHELF_SIZE + 1),
    activity.bestRatedSince(db, monthAgo, SHELF_SIZE * 2 + 1),
    newestFilmIds(db, SHELF_SIZE * 2 + 1),
  ]);
  const discussed = discussedRead.map((f) => f.filmId);
  const rated = ratedRead.map((f) => f.filmId);

  // Shelves are picked by film id first; the cards are read once, at the end, for the films shown.
  const shown = new Set<number>();
  const take = (ids: readonly number[], n = SHELF_SIZE) => {
    const fresh = ids.filter((id) => !shown.has(id)).slice(0, n);
    for (const id of fresh) shown.add(id);
    return fresh;
  };
  const featuredIds = take(discussed.length ? discussed : rated.length ? rated : newestRead, 1);
  const discussedIds = take(discussed);
  const ratedIds = take(rated);
  const newestIds = take(newestRead);

  const terms: Array<{ kind: HomeShelf['kind']; term: TermWithCount & { id: number } }> = [
    ...categories
      .filter((c) => c.count > 0)
      .slice(0, MAIN_CATEGORIES)
      .map((term) => ({ kind: 'category' as const, term })),
    ...genres
      .filter((g) => g.count > 0)
      .slice(0, MAJOR_GENRES)
      .map((term) => ({ kind: 'genre' as const, term })),
  ];
  // The i-th term shelf can have at most the films above the term shelves plus i full shelves taken before it, so
  // reading that many more than a shelf leaves a full shelf after skipping them: the shelves' ids are read together
  // and picked in order afterwards, with the same result as reading each after the one above it.
  const aboveTerms = shown.size;
  // The terms' latest additions: one index range of each term's links, whatever the catalog's size (decision 041).
  const termIds = await latestFilmIdsInTerms(
    db,
    terms.map(({ kind, term }, i) => ({
      term: kind === 'category' ? { categoryId: term.id } : { genreId: term.id },
      limit: SHELF_SIZE * (i + 1) + aboveTerms,
    })),
  );
  const shelfIds = terms.map((_, i) => take(termIds[i] ?? []));

  const cards = new Map((await summariesByIds(db, [...shown])).map(({ id, ...film }) => [id, withLogline(film)]));
  const cardsOf = (ids: readonly number[]) => ids.flatMap((id) => cards.get(id) ?? []);
  const shelves: HomeShelf[] = terms.flatMap(({ kind, term: { id: _id, ...term } }, i) => {
    const films = cardsOf(shelfIds[i] ?? []);
    return films.length > 0 ? [{ kind, term, films }] : [];
  });
  return {
    featured: cardsOf(featuredIds)[0] ?? null,
    mostDiscussed: cardsOf(discussedIds),
    highestRated: cardsOf(ratedIds),
    newest: cardsOf(newestIds),
    shelves,
    categories: categories.map(({ id: _id, ...term }) => term),
    genres: genres.map(({ id: _id, ...term }) => term),
    filmCount,
  };
}
