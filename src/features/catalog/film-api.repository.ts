import type { DbOrTx } from '../../db/database.js';
import { averageStars } from '../ratings/index.js';
import type { FilmSort } from './film.js';
import { applySort, type FilmListFilter, filteredFilms } from './film.repository.js';

/** Categories, genres, rating and like totals for many films in four queries, for API listings. */
export async function loadFilmFacets(db: DbOrTx, filmIds: number[]) {
  const facets = new Map<
    number,
    {
      categories: string[];
      genres: string[];
      rating: { average: number | null; count: number };
      likes: number;
    }
  >();
  for (const id of filmIds)
    facets.set(id, { categories: [], genres: [], rating: { average: null, count: 0 }, likes: 0 });
  if (filmIds.length === 0) return facets;
  const [categories, genres, ratings, likes] = await Promise.all([
    db
      .selectFrom('film_categories')
      .innerJoin('categories', 'categories.id', 'film_categories.category_id')
      .select(['film_categories.film_id', 'categories.slug'])
      .where('film_categories.film_id', 'in', filmIds)
      .orderBy('categories.position')
      .orderBy('categories.name')
      .execute(),
    db
      .selectFrom('film_genres')
      .innerJoin('genres', 'genres.id', 'film_genres.genre_id')
      .select(['film_genres.film_id', 'genres.slug'])
      .where('film_genres.film_id', 'in', filmIds)
      .orderBy('genres.name')
      .execute(),
    db
      .selectFrom('film_rating_stats')
      .select(['film_id', 'vote_count', 'score_sum'])
      .where('film_id', 'in', filmIds)
      .execute(),
    db.selectFrom('film_like_stats').select(['film_id', 'like_count']).where('film_id', 'in', filmIds).execute(),
  ]);
  for (const row of categories) facets.get(row.film_id)?.categories.push(row.slug);
  for (const row of genres) facets.get(row.film_id)?.genres.push(row.slug);
  for (const row of ratings) {
    const facet = facets.get(row.film_id);
    if (facet && row.vote_count > 0) {
      facet.rating = { average: averageStars(row.score_sum, row.vote_count), count: row.vote_count };
    }
  }
  for (const row of likes) {
    const facet = facets.get(row.film_id);
    if (facet) facet.likes = row.like_count;
  }
  return facets;
}

export async function listFilmIds(
  db: DbOrTx,
  filter: FilmListFilter,
  options: { sort: FilmSort; limit: number; offset: number; priorVotes: number },
) {
  return applySort(filteredFilms(db, filter), options.sort, options.priorVotes)
    .select(['films.id', 'films.slug', 'films.title', 'films.original_title', 'films.year'])
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** Comments a visitor can read on the film page: approved ones only (pending, spam and trash are not counted). */
export async function countApprovedComments(db: DbOrTx, filmId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('film_id', '=', filmId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
