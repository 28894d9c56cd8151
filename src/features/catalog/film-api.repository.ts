import type { DbOrTx } from '../../db/database.js';
import type { FilmEngagement, FilmRatingFacet, OrderTerm } from './engagement.js';
import type { FilmSort } from './film.js';
import { applySort, type FilmListFilter, filteredFilms } from './film.repository.js';

const none = { average: null, count: 0 };
const NO_RATING: FilmRatingFacet = { ...none, members: none, guests: none };

/** Categories, genres, rating and like totals for many films in four queries, for API listings. */
export async function loadFilmFacets(
  db: DbOrTx,
  filmIds: number[],
  engagement: Pick<FilmEngagement, 'ratingsOf' | 'likesOf'>,
) {
  const facets = new Map<
    number,
    {
      categories: string[];
      genres: string[];
      rating: FilmRatingFacet;
      likes: number;
    }
  >();
  for (const id of filmIds) facets.set(id, { categories: [], genres: [], rating: NO_RATING, likes: 0 });
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
    engagement.ratingsOf(db, filmIds),
    engagement.likesOf(db, filmIds),
  ]);
  for (const row of categories) facets.get(row.film_id)?.categories.push(row.slug);
  for (const row of genres) facets.get(row.film_id)?.genres.push(row.slug);
  for (const [filmId, rating] of ratings) {
    const facet = facets.get(filmId);
    if (facet && rating.count > 0) facet.rating = rating;
  }
  for (const [filmId, count] of likes) {
    const facet = facets.get(filmId);
    if (facet) facet.likes = count;
  }
  return facets;
}

export async function listFilmIds(
  db: DbOrTx,
  filter: FilmListFilter,
  options: { sort: FilmSort; limit: number; offset: number; ranked: readonly OrderTerm[] },
) {
  return applySort(filteredFilms(db, filter), options.sort, options.ranked)
    .select(['films.id', 'films.slug', 'films.title', 'films.original_title', 'films.year'])
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}
