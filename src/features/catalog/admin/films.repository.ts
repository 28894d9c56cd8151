import { sql } from 'kysely';
import type { DbOrTx } from '../../../db/database.js';
import { filteredFilms } from '../film.repository.js';
import type { AdminFilmFilter } from './catalog-admin.js';

/** Queries only the admin's film editor needs; the public pages' queries stay in film.repository.ts. */

export type { AdminFilmFilter };

/** `%` and `_` typed in a search box are letters, not wildcards. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function adminFilmQuery(db: DbOrTx, filter: AdminFilmFilter) {
  let query = filteredFilms(db, { categoryId: filter.categoryId, genreId: filter.genreId });
  if (filter.q) query = query.where(sql<boolean>`lower(films.title) like ${likePattern(filter.q)} escape '\\'`);
  if (filter.decade !== undefined) {
    query = query.where('films.year', '>=', filter.decade).where('films.year', '<', filter.decade + 10);
  }
  return query;
}

export async function countAdminFilms(db: DbOrTx, filter: AdminFilmFilter): Promise<number> {
  const row = await adminFilmQuery(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listAdminFilms(db: DbOrTx, filter: AdminFilmFilter, limit: number, offset: number) {
  return adminFilmQuery(db, filter)
    .leftJoin('categories', 'categories.id', 'films.primary_category_id')
    .select([
      'films.id',
      'films.slug',
      'films.title',
      'films.year',
      'films.source',
      'films.poster_key',
      'films.updated_at',
      'categories.name as primaryCategory',
    ])
    .orderBy('films.created_at', 'desc')
    .orderBy('films.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Decades that have films, newest first, for the list's filter. */
export async function listFilmDecades(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .selectFrom('films')
    .select(sql<number>`(year / 10) * 10`.as('decade'))
    .where('year', 'is not', null)
    .distinct()
    .orderBy('decade', 'desc')
    .execute();
  return rows.map((r) => Number(r.decade));
}

export async function findFilmRow(db: DbOrTx, id: number) {
  return db
    .selectFrom('films')
    .select([
      'id',
      'slug',
      'title',
      'original_title',
      'year',
      'synopsis',
      'origin',
      'language',
      'source',
      'source_id',
      'source_url',
      'primary_category_id',
      'poster_key',
      'imdb_id',
      'tmdb_id',
      'wikidata_id',
      'created_at',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The ids and names an edit form shows as chosen: categories and genres by id, people by name in billing order. */
export async function findFilmTermChoices(db: DbOrTx, filmId: number) {
  const [categories, genres, people] = await Promise.all([
    db.selectFrom('film_categories').select('category_id').where('film_id', '=', filmId).execute(),
    db.selectFrom('film_genres').select('genre_id').where('film_id', '=', filmId).execute(),
    db
      .selectFrom('film_people')
      .innerJoin('people', 'people.id', 'film_people.person_id')
      .select(['people.name', 'film_people.role'])
      .where('film_people.film_id', '=', filmId)
      .orderBy('film_people.role')
      .orderBy('film_people.position')
      .execute(),
  ]);
  return {
    categoryIds: categories.map((c) => c.category_id),
    genreIds: genres.map((g) => g.genre_id),
    directors: people.filter((p) => p.role === 'director').map((p) => p.name),
    cast: people.filter((p) => p.role === 'cast').map((p) => p.name),
  };
}

export async function setFilmPosterKey(db: DbOrTx, filmId: number, key: string | null, now: string): Promise<void> {
  await db.updateTable('films').set({ poster_key: key, updated_at: now }).where('id', '=', filmId).execute();
}

export async function deleteSlugRedirect(db: DbOrTx, kind: 'film' | 'category' | 'genre', slug: string) {
  await db.deleteFrom('slug_redirects').where('kind', '=', kind).where('old_slug', '=', slug).execute();
}

export async function deleteFilmRow(db: DbOrTx, filmId: number): Promise<void> {
  // Old addresses of a deleted film answer 404 like its own, and become free for another film.
  await db.deleteFrom('slug_redirects').where('kind', '=', 'film').where('target_id', '=', filmId).execute();
  await db.deleteFrom('films').where('id', '=', filmId).execute();
}
