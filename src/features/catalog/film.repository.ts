import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared-query.js';
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
> & {
  id: number;
  poster_key?: string | null;
  imdb_id?: string | null;
  tmdb_id?: number | null;
  wikidata_id?: string | null;
};

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
    imdbId: row.imdb_id ?? null,
    tmdbId: row.tmdb_id ?? null,
    wikidataId: row.wikidata_id ?? null,
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
  'films.imdb_id',
  'films.tmdb_id',
  'films.wikidata_id',
] as const;

const SUMMARY_COLUMNS = [
  'films.slug',
  'films.title',
  'films.year',
  'films.synopsis',
  'films.poster_key as posterKey',
] as const;

// The film page's reads are prepared once (src/db/prepared-query.ts): every cold render runs them.
const filmBySlug = preparedQuery((db: DbOrTx, slug: string) =>
  db.selectFrom('films').select(FILM_COLUMNS).where('films.slug', '=', slug),
);

export async function findFilmBySlug(db: DbOrTx, slug: string): Promise<Film | undefined> {
  const [row] = await filmBySlug(db, slug);
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

const filmCategories = preparedQuery((db: DbOrTx, filmId: number) =>
  db
    .selectFrom('film_categories')
    .innerJoin('categories', 'categories.id', 'film_categories.category_id')
    .select(['categories.id', 'categories.slug', 'categories.name'])
    .where('film_categories.film_id', '=', filmId)
    .orderBy('categories.position')
    .orderBy('categories.name'),
);

const filmGenres = preparedQuery((db: DbOrTx, filmId: number) =>
  db
    .selectFrom('film_genres')
    .innerJoin('genres', 'genres.id', 'film_genres.genre_id')
    .select(['genres.slug', 'genres.name'])
    .where('film_genres.film_id', '=', filmId)
    .orderBy('genres.name'),
);

const filmPeople = preparedQuery((db: DbOrTx, filmId: number) =>
  db
    .selectFrom('film_people')
    .innerJoin('people', 'people.id', 'film_people.person_id')
    .select(['people.slug', 'people.name', 'film_people.role'])
    .where('film_people.film_id', '=', filmId)
    .orderBy('film_people.role')
    .orderBy('film_people.position'),
);

export async function findFilmTerms(db: DbOrTx, filmId: number) {
  const [categories, genres, people] = await Promise.all([
    filmCategories(db, filmId),
    filmGenres(db, filmId),
    filmPeople(db, filmId),
  ]);
  const ref = (r: TermRef): TermRef => ({ slug: r.slug, name: r.name });
  return {
    categories,
    genres: genres.map(ref),
    directors: people.filter((p) => p.role === 'director').map(ref),
    cast: people.filter((p) => p.role === 'cast').map(ref),
  };
}

const primaryCategory = preparedQuery((db: DbOrTx, filmId: number) =>
  db.selectFrom('films').select('primary_category_id').where('id', '=', filmId),
);

export async function findPrimaryCategoryId(db: DbOrTx, filmId: number): Promise<number | null> {
  const [row] = await primaryCategory(db, filmId);
  return row?.primary_category_id ?? null;
}

export type FilmQuery = SelectQueryBuilder<Database, 'films', object>;
// biome-ignore lint/suspicious/noExplicitAny: any table and selection; the helpers below add only raw conditions and orders.
type AnyQuery = SelectQueryBuilder<Database, any, any>;

/** Add order terms to a film (or link) query, in the order given. */
export function orderByTerms<Q extends AnyQuery>(query: Q, terms: readonly OrderTerm[]): Q {
  return terms.reduce<Q>(
    (q, term) =>
      q.orderBy(term.expression, (ob) => {
        const directed = term.direction === 'desc' ? ob.desc() : ob.asc();
        return term.nullsLast ? directed.nullsLast() : term.nullsFirst ? directed.nullsFirst() : directed;
      }) as Q,
    query,
  );
}

/** Where a sort's keys are read from: the film's own columns, or their copies on a category or genre link. */
interface SortColumns {
  year: Expression<unknown>;
  title: Expression<unknown>;
  titleKey: Expression<unknown>;
  createdAt: Expression<unknown>;
  ratingRank: Expression<unknown>;
  ratingVotes: Expression<unknown>;
  likeCount: Expression<unknown>;
  id: Expression<unknown>;
}

const FILM_SORT_COLUMNS: SortColumns = {
  year: sql`films.year`,
  title: sql`films.title`,
  titleKey: sql`lower(films.title)`,
  createdAt: sql`films.created_at`,
  ratingRank: sql`films.rating_rank`,
  ratingVotes: sql`films.rating_votes`,
  likeCount: sql`films.like_count`,
  id: sql`films.id`,
};

/** The copies of the films' sort keys on a link table (migration 2026-12-06-04), which the triggers keep equal. */
function linkColumns(link: TermLink['table']): SortColumns {
  const column = (name: string) => sql.ref(`${link}.${name}`);
  return {
    year: column('year'),
    title: column('title'),
    titleKey: column('title_key'),
    createdAt: column('created_at'),
    ratingRank: column('rating_rank'),
    ratingVotes: column('rating_votes'),
    likeCount: column('like_count'),
    id: column('film_id'),
  };
}

/**
 * The whole order of a sort as terms, strongest first, ending in the film id so it is total, read from the films'
 * columns or their copies on a link table (`columns`). Each sort has an index in its own order (migrations 01 and 90;
 * per term on the links, 2026-12-06-04), so a page is one index range: "top rated" and "most liked" read the ranks the
 * ratings and likes features keep on the film's row (decision 041). Nullable columns sort last on both databases
 * (their defaults differ), which keyset cursors rely on.
 */
export function sortTerms(sort: FilmSort, columns: SortColumns = FILM_SORT_COLUMNS): readonly OrderTerm[] {
  const id = (direction: 'asc' | 'desc'): OrderTerm => ({ expression: columns.id, direction });
  switch (sort) {
    case 'year':
      return [
        { expression: columns.year, direction: 'desc', nullsLast: true },
        { expression: columns.title, direction: 'asc' },
        id('asc'),
      ];
    case 'title':
      return [
        { expression: columns.titleKey, direction: 'asc' },
        { expression: columns.year, direction: 'asc', nullsLast: true },
        id('asc'),
      ];
    case 'top-rated':
      // Films nobody voted on (null rank) come after every voted film.
      return [
        { expression: columns.ratingRank, direction: 'desc', nullsLast: true },
        { expression: columns.ratingVotes, direction: 'desc' },
        id('asc'),
      ];
    case 'most-liked':
      return [
        { expression: columns.likeCount, direction: 'desc' },
        { expression: columns.createdAt, direction: 'desc' },
        id('desc'),
      ];
    default:
      return [{ expression: columns.createdAt, direction: 'desc' }, id('desc')];
  }
}

/** The same order backwards (nulls that came last come first): what reading a page before a position walks. */
export function reversedTerms(terms: readonly OrderTerm[]): readonly OrderTerm[] {
  return terms.map((t) => ({
    expression: t.expression,
    direction: t.direction === 'asc' ? 'desc' : 'asc',
    ...(t.nullsLast ? { nullsFirst: true } : t.nullsFirst ? { nullsLast: true } : {}),
  }));
}

/** Order a film query by a sort (sortTerms). */
export function applySort(query: FilmQuery, sort: FilmSort): FilmQuery {
  return orderByTerms(query, sortTerms(sort));
}

/** A position in a sort: the values of its terms for the last film of a page. */
export type SortKey = ReadonlyArray<string | number | null>;

/**
 * Films strictly after `key` in the order of `terms` (keyset pagination): the lexicographic comparison spelled out
 * as (t0 after k0) OR (t0 = k0 AND t1 after k1) OR …, plus a bound on the first term alone, which an index on it can
 * start its scan from. A page deep in the catalog then costs what the first page does, where OFFSET reads and drops
 * every row before it; and a film added meanwhile neither repeats a film nor hides one.
 */
export function afterKey<Q extends AnyQuery>(query: Q, terms: readonly OrderTerm[], key: SortKey): Q {
  const direction = terms[0]!.direction;
  if (terms.every((t) => t.direction === direction && !t.nullsLast && !t.nullsFirst) && key.every((v) => v !== null)) {
    // One direction, no nulls: a row-value comparison, which both databases answer with one range scan of an index
    // on the terms (films_created_idx for "newest"), even when a whole import shares one created_at.
    const op = sql.raw(direction === 'asc' ? '>' : '<');
    const row = (items: readonly unknown[]) => sql.join(items.map((item) => sql`${item}`));
    return query.where(sql<boolean>`(${row(terms.map((t) => t.expression))}) ${op} (${row(key)})`) as Q;
  }
  const equal = (term: OrderTerm, value: string | number | null) =>
    value === null ? sql`${term.expression} is null` : sql`${term.expression} = ${value}`;
  const beyond = (term: OrderTerm, value: string | number | null, orEqual: boolean) => {
    if (term.nullsFirst) {
      // Nulls come first: every value comes after a null, and no null comes after a value.
      if (value === null) return orEqual ? sql`1 = 1` : sql`${term.expression} is not null`;
      const op = sql.raw(`${term.direction === 'asc' ? '>' : '<'}${orEqual ? '=' : ''}`);
      return sql`${term.expression} ${op} ${value}`;
    }
    // Nulls sort last: nothing comes after a null but the tie-breakers, and every null comes after a value.
    if (value === null) return orEqual ? sql`${term.expression} is null` : sql`1 = 0`;
    const op = sql.raw(`${term.direction === 'asc' ? '>' : '<'}${orEqual ? '=' : ''}`);
    const compared = sql`${term.expression} ${op} ${value}`;
    return term.nullsLast ? sql`(${compared} or ${term.expression} is null)` : compared;
  };
  const alternatives = terms.map((term, i) =>
    sql.join([...terms.slice(0, i).map((t, j) => equal(t, key[j]!)), beyond(term, key[i]!, false)], sql` and `),
  );
  return query
    .where(sql<boolean>`${beyond(terms[0]!, key[0]!, true)}`)
    .where(sql<boolean>`(${sql.join(alternatives, sql` or `)})`) as Q;
}

export interface FilmListFilter {
  categoryId?: number;
  genreId?: number;
  personId?: number;
  year?: number;
  /** First year of a decade: films from it to nine years later. */
  decade?: number;
  /** The film's country of origin, as stored. */
  origin?: string;
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
  if (filter.decade !== undefined) {
    query = query.where('films.year', '>=', filter.decade).where('films.year', '<=', filter.decade + 9);
  }
  if (filter.origin !== undefined) query = query.where('films.origin', '=', filter.origin);
  if (filter.personId !== undefined) {
    const personId = filter.personId;
    query = query.where('films.id', 'in', (eb) =>
      eb.selectFrom('film_people').select('film_id').where('person_id', '=', personId),
    );
  }
  return query;
}

export async function countFilms(db: DbOrTx, filter: FilmListFilter = {}): Promise<number> {
  if (Object.values(filter).every((v) => v === undefined)) {
    // The whole catalog: the number kept by triggers (migration 91), not a count of every film.
    const total = await db.selectFrom('film_total').select('films').where('id', '=', 1).executeTakeFirst();
    if (total) return Number(total.films);
  }
  const row = await filteredFilms(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listFilms(
  db: DbOrTx,
  filter: FilmListFilter,
  options: { sort: FilmSort; limit: number; offset: number },
): Promise<FilmSummary[]> {
  return applySort(filteredFilms(db, filter), options.sort)
    .select(SUMMARY_COLUMNS)
    .select(leadGenreColumn)
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** A category's or genre's links: the table, its term column and the term's id. */
export interface TermLink {
  table: 'film_categories' | 'film_genres';
  column: 'category_id' | 'genre_id';
  id: number;
}

/** The one term a filter lists the films of, when it filters by nothing else; else null. */
function singleTermLink(filter: FilmListFilter): TermLink | null {
  const others = Object.entries(filter).filter(
    ([name, value]) => value !== undefined && name !== 'categoryId' && name !== 'genreId',
  );
  if (others.length > 0) return null;
  if (filter.categoryId !== undefined && filter.genreId === undefined)
    return { table: 'film_categories', column: 'category_id', id: filter.categoryId };
  if (filter.genreId !== undefined && filter.categoryId === undefined)
    return { table: 'film_genres', column: 'genre_id', id: filter.genreId };
  return null;
}

/** The film ids of one term, as a query over its link table (to be ordered by the link's sort keys). */
function termFilmIds(db: DbOrTx, link: TermLink): AnyQuery {
  return link.table === 'film_categories'
    ? db
        .selectFrom('film_categories')
        .select('film_categories.film_id')
        .where('film_categories.category_id', '=', link.id)
    : db.selectFrom('film_genres').select('film_genres.film_id').where('film_genres.genre_id', '=', link.id);
}

/**
 * Film cards by keyset (decision 041): the `limit` films after `after` (or `offset` films into the order), or before `before` ('end': the last films of
 * the order), or the first ones; in the sort's order, each with its sort key, which the next and previous links
 * carry. Reading before a position walks the same index backwards, so the last page costs what the first does.
 */
export async function listFilmCardsByKey(
  db: DbOrTx,
  filter: FilmListFilter,
  options: { sort: FilmSort; limit: number; offset?: number; after?: SortKey; before?: SortKey | 'end' },
): Promise<Array<FilmSummary & { key: SortKey }>> {
  const forward = sortTerms(options.sort);
  const backwards = options.before !== undefined;
  const terms = backwards ? reversedTerms(forward) : forward;
  const from = backwards ? options.before : options.after;
  const link = singleTermLink(filter);
  let query: FilmQuery;
  if (link) {
    // One category's or genre's archive: the page's film ids from the link table's index for the sort (decision
    // 052), which holds only the term's films, so the range read is the page whatever the term's share of the
    // catalog; the films are then read by id and ordered by their own columns, which the copies equal.
    const linkForward = sortTerms(options.sort, linkColumns(link.table));
    const linkTerms = backwards ? reversedTerms(linkForward) : linkForward;
    let ids = orderByTerms(termFilmIds(db, link), linkTerms);
    if (from !== undefined && from !== 'end') ids = afterKey(ids, linkTerms, from);
    ids = ids.limit(options.limit);
    if (options.offset) ids = ids.offset(options.offset);
    const page = ids;
    query = orderByTerms(
      db.selectFrom('films').where('films.id', 'in', () => page),
      terms,
    );
  } else {
    query = orderByTerms(filteredFilms(db, filter), terms);
    if (from !== undefined && from !== 'end') query = afterKey(query, terms, from);
  }
  if (options.offset && !link) {
    // Skip rows by id alone: PostgreSQL computes the select list (the lead genre's lookup) of every skipped row.
    const page = query.select('films.id').limit(options.limit).offset(options.offset);
    query = orderByTerms(
      db.selectFrom('films').where('films.id', 'in', () => page),
      terms,
    );
  }
  const rows = await query
    .select(SUMMARY_COLUMNS)
    .select(leadGenreColumn)
    .select(terms.map((term, i) => sql<string | number | null>`${term.expression}`.as(`k${i}`)))
    .limit(options.limit)
    .execute();
  const cards = rows.map((row) => {
    const { slug, title, year, synopsis, posterKey, genre } = row;
    const values = row as unknown as Record<string, string | number | null>;
    return { slug, title, year, synopsis, posterKey, genre, key: terms.map((_, i) => values[`k${i}`] ?? null) };
  });
  return backwards ? cards.reverse() : cards;
}

/**
 * For each request, the ids of the films last added to that category or genre, newest first: each read from the link
 * table's primary key (term, film) backwards, an index-only range whose cost is its limit's whatever the catalog's
 * size or the term's share of it (home shelves, decision 041), and all of them in one statement (one round trip).
 * Sorting a term's films by another column through the films' index can scan most of the catalog when the term's
 * films sit at the far end of that order (a "Silent" shelf by year).
 */
export async function latestFilmIdsInTerms(
  db: DbOrTx,
  requests: ReadonlyArray<{ term: { categoryId: number } | { genreId: number }; limit: number }>,
): Promise<number[][]> {
  if (requests.length === 0) return [];
  const parts = requests.map(({ term, limit }, i) => {
    const [table, column, id] =
      'categoryId' in term
        ? (['film_categories', 'category_id', term.categoryId] as const)
        : (['film_genres', 'genre_id', term.genreId] as const);
    // Wrapped in a derived table: SQLite takes ORDER BY and LIMIT only at the end of a compound select otherwise.
    return sql`select * from (select ${sql.lit(i)} as shelf, film_id from ${sql.table(table)} where ${sql.ref(column)} = ${id} order by film_id desc limit ${limit}) as ${sql.id(`shelf_${i}`)}`;
  });
  const { rows } = await sql<{ shelf: number; film_id: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  const lists = requests.map((): number[] => []);
  for (const row of rows) lists[Number(row.shelf)]?.push(Number(row.film_id));
  // A compound select promises no order across or within its parts.
  for (const list of lists) list.sort((a, b) => b - a);
  return lists;
}

/** The ids of the catalog's newest films, in the "newest" sort's order: one range of its index (films_created_idx). */
export async function newestFilmIds(db: DbOrTx, limit: number): Promise<number[]> {
  const rows = await applySort(filteredFilms(db, {}), 'newest').select('films.id').limit(limit).execute();
  return rows.map((r) => r.id);
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

/**
 * The films (other than `exceptId`) that already hold one of these ids, one query for the three. Used before a write,
 * so a duplicate is refused with a message naming the film that has the id, rather than by the unique index.
 */
export async function selectExternalIdHolders(
  db: DbOrTx,
  ids: { imdbId?: string | null; tmdbId?: number | null; wikidataId?: string | null },
  exceptId?: number,
) {
  const { imdbId, tmdbId, wikidataId } = ids;
  if (!imdbId && !tmdbId && !wikidataId) return [];
  let query = db
    .selectFrom('films')
    .select(['id', 'slug', 'title', 'year', 'imdb_id', 'tmdb_id', 'wikidata_id'])
    .where((eb) =>
      eb.or([
        ...(imdbId ? [eb('imdb_id', '=', imdbId)] : []),
        ...(tmdbId ? [eb('tmdb_id', '=', tmdbId)] : []),
        ...(wikidataId ? [eb('wikidata_id', '=', wikidataId)] : []),
      ]),
    );
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return query.limit(3).execute();
}

/** One page of films in id order, with what matching another site's records needs (history imports). */
export async function selectFilmsForMatching(db: DbOrTx, afterId: number, limit: number) {
  return db
    .selectFrom('films')
    .select(['id', 'slug', 'title', 'original_title', 'year', 'imdb_id', 'tmdb_id'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
