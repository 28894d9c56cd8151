import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import type { FilmTable } from './catalog.table.js';
import type { OrderTerm } from './engagement.js';
import { BROAD_GENRES, type Film, type FilmSort, type FilmSummary, type TermRef } from './film.js';

type FilmRow = Pick<
  FilmTable,
  | 'slug'
  | 'title'
  | 'original_title'
  | 'year'
  | 'synopsis'
  | 'source_url'
  | 'origin'
  | 'language'
  | 'created_at'
  | 'updated_at'
> & { id: number; poster_key?: string | null };

export function toFilm(row: FilmRow): Film {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    originalTitle: row.original_title,
    year: row.year,
    synopsis: row.synopsis,
    sourceUrl: row.source_url,
    origin: row.origin,
    language: row.language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    posterKey: row.poster_key ?? null,
  };
}

const FILM_COLUMNS = [
  'films.id',
  'films.slug',
  'films.title',
  'films.original_title',
  'films.year',
  'films.synopsis',
  'films.source_url',
  'films.origin',
  'films.language',
  'films.created_at',
  'films.updated_at',
  'films.poster_key',
] as const;

const SUMMARY_COLUMNS = [
  'films.slug',
  'films.title',
  'films.year',
  'films.synopsis',
  'films.poster_key as posterKey',
] as const;

export async function findFilmBySlug(db: DbOrTx, slug: string): Promise<Film | undefined> {
  const row = await db.selectFrom('films').select(FILM_COLUMNS).where('films.slug', '=', slug).executeTakeFirst();
  return row ? toFilm(row) : undefined;
}

export async function findFilmBySource(db: DbOrTx, source: string, sourceId: string) {
  return db
    .selectFrom('films')
    .select(['id', 'slug', 'title', 'year', 'content_hash', 'updated_at', 'poster_key'])
    .where('source', '=', source)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/**
 * Which film a slug belongs to, now or as an old address that still redirects to it; undefined when free. A slug that
 * once belonged to a film keeps redirecting there, so it is not given to another.
 */
export async function filmSlugOwner(db: DbOrTx, slug: string): Promise<number | undefined> {
  const film = await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst();
  if (film) return film.id;
  const redirect = await db
    .selectFrom('slug_redirects')
    .select('target_id')
    .where('kind', '=', 'film')
    .where('old_slug', '=', slug)
    .executeTakeFirst();
  return redirect?.target_id;
}

/**
 * Insert a film unless its slug was taken meanwhile by a concurrent writer: undefined then, and nothing written. Not a
 * failed statement, so a PostgreSQL transaction around it stays usable for the next try.
 */
export async function insertFilmUnlessSlugTaken(
  db: DbOrTx,
  values: Omit<FilmTable, 'id'>,
): Promise<number | undefined> {
  const row = await db
    .insertInto('films')
    .values(values)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateFilm(
  db: DbOrTx,
  id: number,
  values: Partial<Omit<FilmTable, 'id' | 'created_at' | 'source' | 'source_id'>>,
): Promise<void> {
  await db.updateTable('films').set(values).where('id', '=', id).execute();
}

export async function addSlugRedirect(
  db: DbOrTx,
  kind: 'film' | 'category' | 'genre',
  oldSlug: string,
  targetId: number,
) {
  await db
    .insertInto('slug_redirects')
    .values({ kind, old_slug: oldSlug, target_id: targetId })
    .onConflict((oc) => oc.columns(['kind', 'old_slug']).doUpdateSet({ target_id: targetId }))
    .execute();
}

/** The current slug an old slug points to, or undefined. */
export async function findRedirectedSlug(
  db: DbOrTx,
  kind: 'film' | 'category' | 'genre',
  oldSlug: string,
): Promise<string | undefined> {
  const redirect = await db
    .selectFrom('slug_redirects')
    .select('target_id')
    .where('kind', '=', kind)
    .where('old_slug', '=', oldSlug)
    .executeTakeFirst();
  if (!redirect) return undefined;
  const table = kind === 'film' ? 'films' : kind === 'category' ? 'categories' : 'genres';
  const target = await db.selectFrom(table).select('slug').where('id', '=', redirect.target_id).executeTakeFirst();
  return target?.slug;
}

export async function replaceFilmTerms(
  db: DbOrTx,
  filmId: number,
  terms: { categoryIds: number[]; genreIds: number[]; directorIds: number[]; castIds: number[] },
): Promise<void> {
  await db.deleteFrom('film_categories').where('film_id', '=', filmId).execute();
  await db.deleteFrom('film_genres').where('film_id', '=', filmId).execute();
  await db.deleteFrom('film_people').where('film_id', '=', filmId).execute();
  const unique = (ids: number[]) => [...new Set(ids)];
  const categoryIds = unique(terms.categoryIds);
  if (categoryIds.length)
    await db
      .insertInto('film_categories')
      .values(categoryIds.map((category_id) => ({ film_id: filmId, category_id })))
      .execute();
  const genreIds = unique(terms.genreIds);
  if (genreIds.length)
    await db
      .insertInto('film_genres')
      .values(genreIds.map((genre_id) => ({ film_id: filmId, genre_id })))
      .execute();
  const people = [
    ...unique(terms.directorIds).map((person_id, position) => ({ person_id, role: 'director' as const, position })),
    ...unique(terms.castIds).map((person_id, position) => ({ person_id, role: 'cast' as const, position })),
  ];
  if (people.length)
    await db
      .insertInto('film_people')
      .values(people.map((p) => ({ film_id: filmId, ...p })))
      .execute();
}

export async function findFilmTerms(db: DbOrTx, filmId: number) {
  const [categories, genres, people] = await Promise.all([
    db
      .selectFrom('film_categories')
      .innerJoin('categories', 'categories.id', 'film_categories.category_id')
      .select(['categories.id', 'categories.slug', 'categories.name'])
      .where('film_categories.film_id', '=', filmId)
      .orderBy('categories.position')
      .orderBy('categories.name')
      .execute(),
    db
      .selectFrom('film_genres')
      .innerJoin('genres', 'genres.id', 'film_genres.genre_id')
      .select(['genres.slug', 'genres.name'])
      .where('film_genres.film_id', '=', filmId)
      .orderBy('genres.name')
      .execute(),
    db
      .selectFrom('film_people')
      .innerJoin('people', 'people.id', 'film_people.person_id')
      .select(['people.slug', 'people.name', 'film_people.role'])
      .where('film_people.film_id', '=', filmId)
      .orderBy('film_people.role')
      .orderBy('film_people.position')
      .execute(),
  ]);
  const ref = (r: TermRef): TermRef => ({ slug: r.slug, name: r.name });
  return {
    categories,
    genres: genres.map(ref),
    directors: people.filter((p) => p.role === 'director').map(ref),
    cast: people.filter((p) => p.role === 'cast').map(ref),
  };
}

export async function findPrimaryCategoryId(db: DbOrTx, filmId: number): Promise<number | null> {
  const row = await db.selectFrom('films').select('primary_category_id').where('id', '=', filmId).executeTakeFirst();
  return row?.primary_category_id ?? null;
}

export type FilmQuery = SelectQueryBuilder<Database, 'films', object>;

/** Add order terms (another feature's, e.g. the weighted rating) to a film query, in the order given. */
function orderByTerms(query: FilmQuery, terms: readonly OrderTerm[]): FilmQuery {
  return terms.reduce<FilmQuery>(
    (q, term) =>
      q.orderBy(term.expression, (ob) => {
        const directed = term.direction === 'desc' ? ob.desc() : ob.asc();
        return term.nullsLast ? directed.nullsLast() : directed;
      }),
    query,
  );
}

/**
 * Order a film query. "top-rated" and "most-liked" rank by what ratings and likes own: their terms come in `ranked`
 * (engagement.ts), and the catalog adds its tie-breakers so every order is total.
 */
export function applySort(query: FilmQuery, sort: FilmSort, ranked: readonly OrderTerm[] = []): FilmQuery {
  switch (sort) {
    case 'year':
      return query.orderBy('films.year', 'desc').orderBy('films.title').orderBy('films.id');
    case 'title':
      return query.orderBy(sql`lower(films.title)`).orderBy('films.year').orderBy('films.id');
    case 'top-rated':
      return orderByTerms(query, ranked).orderBy('films.id');
    case 'most-liked':
      return orderByTerms(query, ranked).orderBy('films.created_at', 'desc').orderBy('films.id', 'desc');
    default:
      return query.orderBy('films.created_at', 'desc').orderBy('films.id', 'desc');
  }
}

export interface FilmListFilter {
  categoryId?: number;
  genreId?: number;
  personId?: number;
  year?: number;
}

export function filteredFilms(db: DbOrTx, filter: FilmListFilter): FilmQuery {
  let query: FilmQuery = db.selectFrom('films');
  if (filter.categoryId !== undefined) {
    const categoryId = filter.categoryId;
    query = query.where('films.id', 'in', (eb) =>
      eb.selectFrom('film_categories').select('film_id').where('category_id', '=', categoryId),
    );
  }
  if (filter.genreId !== undefined) {
    const genreId = filter.genreId;
    query = query.where('films.id', 'in', (eb) =>
      eb.selectFrom('film_genres').select('film_id').where('genre_id', '=', genreId),
    );
  }
  if (filter.year !== undefined) query = query.where('films.year', '=', filter.year);
  if (filter.personId !== undefined) {
    const personId = filter.personId;
    query = query.where('films.id', 'in', (eb) =>
      eb.selectFrom('film_people').select('film_id').where('person_id', '=', personId),
    );
  }
  return query;
}

export async function countFilms(db: DbOrTx, filter: FilmListFilter = {}): Promise<number> {
  const row = await filteredFilms(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listFilms(
  db: DbOrTx,
  filter: FilmListFilter,
  options: { sort: FilmSort; limit: number; offset: number; ranked?: readonly OrderTerm[] },
): Promise<FilmSummary[]> {
  return applySort(filteredFilms(db, filter), options.sort, options.ranked)
    .select(SUMMARY_COLUMNS)
    .select(leadGenreColumn)
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/**
 * The genre a card prints and its generated poster is styled by: the film's most telling genre, i.e. any before the
 * broad ones (BROAD_GENRES), then by name. One indexed lookup per listed row, so a page costs what it lists.
 */
export function leadGenreColumn(eb: ExpressionBuilder<Database, 'films'>) {
  return eb
    .selectFrom('film_genres')
    .innerJoin('genres', 'genres.id', 'film_genres.genre_id')
    .select('genres.name')
    .whereRef('film_genres.film_id', '=', 'films.id')
    .orderBy(sql`case when ${sql.ref('genres.name')} in (${sql.join([...BROAD_GENRES])}) then 1 else 0 end`)
    .orderBy('genres.name')
    .limit(1)
    .as('genre');
}

/** Films summarised as cards (the same columns as listFilms), in the order of `ids`; unknown ids are skipped. */
export async function summariesByIds(db: DbOrTx, ids: readonly number[]): Promise<Array<FilmSummary & { id: number }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('films')
    .select(['films.id', ...SUMMARY_COLUMNS])
    .select(leadGenreColumn)
    .where('films.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** An importer's poster for a film (the admin's editor has its own write in admin/films.repository.ts). */
export async function updateImportedPosterKey(db: DbOrTx, filmId: number, key: string, now: string): Promise<void> {
  await db.updateTable('films').set({ poster_key: key, updated_at: now }).where('id', '=', filmId).execute();
}

/** Films with this title in any case (and this year, when given). */
export async function selectFilmIdsByTitle(db: DbOrTx, title: string, year: number | null): Promise<number[]> {
  let query = db
    .selectFrom('films')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['title']), '=', title.toLowerCase()));
  if (year !== null) query = query.where('year', '=', year);
  return (await query.limit(2).execute()).map((r) => r.id);
}
