import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { FilmEngagement, FilmRatingFacet } from './engagement.js';
import type { FilmSort } from './film.js';
import {
  afterKey,
  type FilmListFilter,
  filteredFilms,
  orderByTerms,
  type SortKey,
  sortTerms,
} from './film.repository.js';

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

/**
 * A page of films after `after` (a keyset cursor's position; null for the first page), with each film's values of the
 * sort's terms (`key`), from which the next cursor is made.
 */
export async function listFilmIds(
  db: DbOrTx,
  filter: FilmListFilter,
  options: { sort: FilmSort; limit: number; after: SortKey | null },
) {
  const terms = sortTerms(options.sort);
  let query = orderByTerms(filteredFilms(db, filter), terms);
  if (options.after) query = afterKey(query, terms, options.after);
  const rows = await query
    .select([
      'films.id',
      'films.slug',
      'films.title',
      'films.original_title',
      'films.year',
      'films.imdb_id',
      'films.tmdb_id',
      'films.wikidata_id',
    ])
    .select(terms.map((term, i) => sql<string | number | null>`${term.expression}`.as(`k${i}`)))
    .limit(options.limit)
    .execute();
  return rows.map((row) => {
    const values = row as unknown as Record<string, string | number | null>;
    return { ...row, key: terms.map((_, i) => values[`k${i}`] ?? null) as SortKey };
  });
}

/** How many values a cursor of this sort holds (one per order term). */
export const sortKeyLength = (sort: FilmSort) => sortTerms(sort).length;
