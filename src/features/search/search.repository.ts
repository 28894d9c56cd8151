import { type RawBuilder, sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { type SearchTerm, searchDialect } from '../../db/dialect/search.js';
import { leadGenreColumn } from '../catalog/index.js';
import { averageStars } from '../ratings/index.js';
import type { SearchFacets, SearchFilter, SearchSort } from './search.js';

export interface MatchRow {
  id: number;
  slug: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  rank: number;
}

type Matches = RawBuilder<{ film_id: number; rank: number }>;

/** The matched films joined to `films`, filtered: the dialect finds, everything after is plain Kysely. */
function matchedFilms(db: DbOrTx, matches: Matches, filter: SearchFilter) {
  let query = db.selectFrom(matches.as('m')).innerJoin('films', 'films.id', 'm.film_id');
  if (filter.categoryId !== undefined) {
    const id = filter.categoryId;
    query = query.where('films.id', 'in', (eb) =>
      eb.selectFrom('film_categories').select('film_id').where('category_id', '=', id),
    );
  }
  if (filter.genreId !== undefined) {
    const id = filter.genreId;
    query = query.where('films.id', 'in', (eb) =>
      eb.selectFrom('film_genres').select('film_id').where('genre_id', '=', id),
    );
  }
  if (filter.decade !== undefined) {
    query = query.where('films.year', '>=', filter.decade).where('films.year', '<', filter.decade + 10);
  }
  if (filter.years !== undefined) {
    query = query.where('films.year', '>=', filter.years[0]).where('films.year', '<=', filter.years[1]);
  }
  return query;
}

const MATCH_COLUMNS = [
  'films.id',
  'films.slug',
  'films.title',
  'films.original_title as originalTitle',
  'films.year',
  'm.rank',
] as const;

const averageRating = sql<number | null>`(select score_sum * 1.0 / nullif(vote_count, 0)
  from film_rating_stats where film_id = films.id)`;

/** `contains`: the query's CJK runs, also looked for as substrings of the titles (see SearchDialect.matches). */
export async function countMatches(
  db: DbOrTx,
  terms: SearchTerm[],
  filter: SearchFilter,
  contains: string[] = [],
  alternative?: string,
): Promise<number> {
  const row = await matchedFilms(db, searchDialect(db).matches(terms, { contains, alternative }), filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listMatches(
  db: DbOrTx,
  terms: SearchTerm[],
  filter: SearchFilter,
  options: {
    sort: SearchSort;
    limit: number;
    offset: number;
    titleOnly?: boolean;
    contains?: string[];
    alternative?: string;
  },
): Promise<MatchRow[]> {
  // Unfiltered, by relevance, from the start: the index can pick the best rows before anything is joined.
  const unfiltered =
    filter.categoryId === undefined &&
    filter.genreId === undefined &&
    filter.decade === undefined &&
    filter.years === undefined;
  const top = unfiltered && options.sort === 'relevance' && options.offset === 0 ? options.limit : undefined;
  const matches = searchDialect(db).matches(terms, {
    titleOnly: options.titleOnly,
    top,
    contains: options.contains,
    alternative: options.alternative,
  });
  let query = matchedFilms(db, matches, filter).select(MATCH_COLUMNS);
  if (options.sort === 'year') query = query.orderBy('films.year', (o) => o.desc().nullsLast());
  if (options.sort === 'rating') query = query.orderBy(averageRating, (o) => o.desc().nullsLast());
  return query.orderBy('m.rank', 'desc').orderBy('films.id').limit(options.limit).offset(options.offset).execute();
}

/** Films whose title or people's names look like the text: the candidates of the typo fallback. */
export async function listLookalikes(
  db: DbOrTx,
  text: string,
  filter: SearchFilter,
  limit: number,
): Promise<MatchRow[]> {
  const lookalikes = await searchDialect(db).lookalikes(db, text, limit);
  return matchedFilms(db, lookalikes, filter)
    .select(MATCH_COLUMNS)
    .orderBy('m.rank', 'desc')
    .orderBy('films.id')
    .execute();
}

/** The words some film has (title, names or synopsis); see SearchDialect.knownWords. */
export function listKnownWords(db: DbOrTx, words: string[]): Promise<Set<string>> {
  return searchDialect(db).knownWords(db, words);
}

/** Titles that may be one typed letter away from a word; see SearchDialect.titlesNear. */
export function listTitlesNear(
  db: DbOrTx,
  probes: Array<{ left: string; right: string }>,
  limit: number,
): Promise<string[]> {
  return searchDialect(db).titlesNear(db, probes, limit);
}

/** Directors' and actors' names per film (directors first, then the cast in billing order), and how many direct. */
export async function loadPeopleNames(
  db: DbOrTx,
  filmIds: number[],
): Promise<Map<number, { names: string[]; directors: number }>> {
  const people = new Map<number, { names: string[]; directors: number }>();
  if (filmIds.length === 0) return people;
  const rows = await db
    .selectFrom('film_people')
    .innerJoin('people', 'people.id', 'film_people.person_id')
    .select(['film_people.film_id', 'people.name', 'film_people.role'])
    .where('film_people.film_id', 'in', filmIds)
    .orderBy('film_people.role', 'desc')
    .orderBy('film_people.position')
    .execute();
  for (const row of rows) {
    const film = people.get(row.film_id) ?? { names: [], directors: 0 };
    film.names.push(row.name);
    if (row.role === 'director') film.directors++;
    people.set(row.film_id, film);
  }
  return people;
}

export interface RankingFacts {
  /** Directors first, then the cast in billing order. */
  names: string[];
  /** How many of `names` are directors. */
  directors: number;
  /** 0–1, see notability(). */
  notability: number;
}

/**
 * How well known a film is likely to be, 0–1, from what the catalog holds for every film: the length of its source
 * text (a Wikipedia lead runs from one line for a 1910s short to several paragraphs for a famous film), the size of its
 * billed cast, and the site's own audience (votes and likes, log-scaled: 1,000 reach the top). Views are not counted
 * anywhere, so they cannot be used. Decision 023.
 */
export function notability(synopsisLength: number, castSize: number, audience: number): number {
  // Over the data set the lead runs 281 characters at the median and 843 at the 99th percentile, the cast 3 and 23.
  const richness = Math.min(1, synopsisLength / 800);
  const cast = Math.min(1, Math.log1p(castSize) / Math.log1p(15));
  const site = Math.min(1, Math.log10(1 + audience) / 3);
  return 0.55 * richness + 0.25 * cast + 0.2 * site;
}

/** People's names and notability of the candidates of one search (at most a few hundred films). */
export async function loadRankingFacts(db: DbOrTx, filmIds: number[]): Promise<Map<number, RankingFacts>> {
  const facts = new Map<number, RankingFacts>();
  if (filmIds.length === 0) return facts;
  const [names, rows] = await Promise.all([
    loadPeopleNames(db, filmIds),
    db
      .selectFrom('films')
      .leftJoin('film_rating_stats', 'film_rating_stats.film_id', 'films.id')
      .leftJoin('film_like_stats', 'film_like_stats.film_id', 'films.id')
      .select((eb) => [
        'films.id',
        eb.fn<number>('length', ['films.synopsis']).as('synopsisLength'),
        eb
          .selectFrom('film_people')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('film_people.film_id', '=', 'films.id')
          .where('film_people.role', '=', 'cast')
          .as('castSize'),
        'film_rating_stats.vote_count',
        'film_like_stats.like_count',
      ])
      .where('films.id', 'in', filmIds)
      .execute(),
  ]);
  for (const r of rows) {
    const audience = Number(r.vote_count ?? 0) + Number(r.like_count ?? 0);
    facts.set(r.id, {
      names: names.get(r.id)?.names ?? [],
      directors: names.get(r.id)?.directors ?? 0,
      notability: notability(Number(r.synopsisLength ?? 0), Number(r.castSize ?? 0), audience),
    });
  }
  return facts;
}

/**
 * What a result line shows besides title and year: the synopsis (for the snippet), the breadcrumb category and the
 * rating. Loaded for one page of results only: ranking reads no synopsis, which is most of a film row's bytes.
 */
export async function loadResultFacts(db: DbOrTx, filmIds: number[]) {
  const facts = new Map<
    number,
    { synopsis: string; category: string | null; rating: number | null; posterKey: string | null; genre: string | null }
  >();
  if (filmIds.length === 0) return facts;
  const rows = await db
    .selectFrom('films')
    .leftJoin('categories', 'categories.id', 'films.primary_category_id')
    .leftJoin('film_rating_stats', 'film_rating_stats.film_id', 'films.id')
    .select([
      'films.id',
      'films.synopsis',
      'categories.name as category',
      'film_rating_stats.vote_count',
      'film_rating_stats.score_sum',
      'films.poster_key',
    ])
    .select(leadGenreColumn)
    .where('films.id', 'in', filmIds)
    .execute();
  for (const r of rows) {
    facts.set(r.id, {
      synopsis: r.synopsis,
      category: r.category,
      rating: r.vote_count ? averageStars(Number(r.score_sum), r.vote_count) : null,
      posterKey: r.poster_key ?? null,
      genre: r.genre,
    });
  }
  return facts;
}

export async function findTermId(db: DbOrTx, table: 'categories' | 'genres', slug: string) {
  const row = await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** The choices of the filter form: every category and genre, and the decades the catalog spans. */
export async function listFacets(db: DbOrTx): Promise<SearchFacets> {
  const [categories, genres, years] = await Promise.all([
    db.selectFrom('categories').select(['slug', 'name']).orderBy('position').orderBy('name').execute(),
    db.selectFrom('genres').select(['slug', 'name']).orderBy('position').orderBy('name').execute(),
    db
      .selectFrom('films')
      .select((eb) => [eb.fn.min('year').as('first'), eb.fn.max('year').as('last')])
      .executeTakeFirst(),
  ]);
  const decades: number[] = [];
  if (years?.first != null && years.last != null) {
    for (let d = Math.floor(Number(years.last) / 10) * 10; d >= Math.floor(Number(years.first) / 10) * 10; d -= 10)
      decades.push(d);
  }
  return { categories, genres, decades };
}

/** Changes still waiting to be indexed (search_pending): on SQLite the index is rewritten when a version is bumped. */
export async function hasPendingChanges(db: DbOrTx): Promise<boolean> {
  const pending = await db.selectFrom('search_pending').select('film_id').limit(1).executeTakeFirst();
  return pending !== undefined;
}
