import type { DbOrTx } from '../../db/database.js';
import { serializeOn } from '../../db/dialect/index.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { leadGenreColumn } from '../catalog/index.js';
import type { CorpusFilm, Neighbour } from './model.js';

// Related films are derived from the catalog, ratings and likes; reading their tables here (never writing them) keeps
// the batch to a handful of whole-table scans instead of 36k calls through the catalog's per-film functions.

/** Films with their genres, categories and people; all of them, or only `ids`. */
export async function loadCorpus(db: DbOrTx, ids?: number[]): Promise<CorpusFilm[]> {
  if (ids && ids.length === 0) return [];
  return loadCorpusWhere(db, ids ? { ids } : {});
}

/**
 * Every film, a page of ids at a time: better-sqlite3 answers synchronously, so one query for a large catalog's people
 * would hold a serving process's event loop for a second or more, and the whole catalog's rows at once would be
 * hundreds of MB the model does not keep (decision 042).
 */
export async function* corpusPages(db: DbOrTx, pageSize: number): AsyncGenerator<CorpusFilm[]> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('films')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return;
    const from = page[0]!.id;
    const to = page[page.length - 1]!.id;
    after = to;
    yield await loadCorpusWhere(db, { from, to });
  }
}

async function loadCorpusWhere(
  db: DbOrTx,
  only: { ids?: number[]; from?: number; to?: number },
): Promise<CorpusFilm[]> {
  const { ids, from, to } = only;
  const range = from !== undefined && to !== undefined;
  const [films, genres, categories, people] = await Promise.all([
    db
      .selectFrom('films')
      .select(['id', 'slug', 'title', 'year', 'synopsis'])
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
      .$if(range, (q) => q.where('id', '>=', from ?? 0).where('id', '<=', to ?? 0))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('film_genres')
      .select(['film_id', 'genre_id'])
      .$if(ids !== undefined, (q) => q.where('film_id', 'in', ids ?? []))
      .$if(range, (q) => q.where('film_id', '>=', from ?? 0).where('film_id', '<=', to ?? 0))
      .execute(),
    db
      .selectFrom('film_categories')
      .select(['film_id', 'category_id'])
      .$if(ids !== undefined, (q) => q.where('film_id', 'in', ids ?? []))
      .$if(range, (q) => q.where('film_id', '>=', from ?? 0).where('film_id', '<=', to ?? 0))
      .execute(),
    db
      .selectFrom('film_people')
      .innerJoin('people', 'people.id', 'film_people.person_id')
      .select(['film_people.film_id', 'film_people.person_id', 'film_people.role', 'people.name'])
      .$if(ids !== undefined, (q) => q.where('film_people.film_id', 'in', ids ?? []))
      .$if(range, (q) => q.where('film_people.film_id', '>=', from ?? 0).where('film_people.film_id', '<=', to ?? 0))
      .orderBy('film_people.film_id')
      .orderBy('film_people.role')
      .orderBy('film_people.position')
      .execute(),
  ]);
  const byId = new Map<number, CorpusFilm>();
  for (const f of films) {
    byId.set(f.id, { ...f, categories: [], genres: [], directors: [], cast: [] });
  }
  for (const g of genres) byId.get(g.film_id)?.genres.push(g.genre_id);
  for (const c of categories) byId.get(c.film_id)?.categories.push(c.category_id);
  // One object per person, shared by all their films: the rows bring a fresh copy of the name each time, and a model
  // of a large catalog keeps every film's people.
  const persons = new Map<number, { id: number; name: string }>();
  for (const p of people) {
    const film = byId.get(p.film_id);
    if (!film) continue;
    let person = persons.get(p.person_id);
    if (!person) {
      person = { id: p.person_id, name: p.name };
      persons.set(p.person_id, person);
    }
    (p.role === 'director' ? film.directors : film.cast).push(person);
  }
  return [...byId.values()];
}

/** Visitors' positive signals: a like, or a counted vote of 4 stars or more (score 8..10 in half-stars). */
export async function loadAudienceEvents(db: DbOrTx): Promise<{ filmId: number; visitor: string }[]> {
  const [likes, votes] = await Promise.all([
    db.selectFrom('film_likes').select(['film_id', 'visitor_id']).execute(),
    db
      .selectFrom('film_votes')
      .select(['film_id', 'visitor_id'])
      .where('counted', '=', 1)
      .where('score', '>=', 8)
      .execute(),
  ]);
  return [...likes, ...votes].map((r) => ({ filmId: r.film_id, visitor: r.visitor_id }));
}

const INSERT_CHUNK = 1000;
const RELATED_INDEX = 'related_films_related_idx';

function rowsOf(filmId: number, list: Neighbour[]) {
  return list.map((n, rank) => ({
    film_id: filmId,
    related_id: n.id,
    rank,
    score: Math.round(n.score * 1e6) / 1e6,
    reasons: JSON.stringify(n.reasons),
  }));
}

async function insertRows(db: DbOrTx, rows: ReturnType<typeof rowsOf>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('related_films')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** Replace the lists of the given films (all lists when `all`); run inside the caller's transaction. */
export async function replaceLists(
  db: Tx,
  lists: Iterable<[number, Neighbour[]]>,
  options: { all?: boolean } = {},
): Promise<number> {
  // Instances starting together each rebuild; two rebuilds at once deadlocked on the index drop (one waits for the
  // other's row locks while holding its own). They take turns instead.
  await serializeOn(db, 'related_films:replace');
  if (options.all) {
    await db.deleteFrom('related_films').execute();
    // Hundreds of thousands of rows go in in film order, which the primary key takes as appends; the related_id index
    // would take them in random order. Building it once afterwards, from sorted data, is several times cheaper.
    // Same name and columns as the migration's; inside the caller's transaction on both databases.
    await db.schema.dropIndex(RELATED_INDEX).ifExists().execute();
  }
  let pending: ReturnType<typeof rowsOf> = [];
  let written = 0;
  const ids: number[] = [];
  const flush = async () => {
    if (!options.all && ids.length)
      await db.deleteFrom('related_films').where('film_id', 'in', ids.splice(0)).execute();
    const rows = await withoutDeletedFilms(db, pending);
    await insertRows(db, rows);
    written += rows.length;
    pending = [];
  };
  for (const [filmId, list] of lists) {
    ids.push(filmId);
    pending.push(...rowsOf(filmId, list));
    if (pending.length >= INSERT_CHUNK * 10) await flush();
  }
  await flush();
  if (options.all) await db.schema.createIndex(RELATED_INDEX).on('related_films').column('related_id').execute();
  return written;
}

/**
 * Rows whose film and related film both still exist. A list is scored from a model that may not have heard of a
 * delete another instance committed a moment ago; writing it as scored failed on the foreign key (issue 21).
 */
async function withoutDeletedFilms(db: Tx, rows: ReturnType<typeof rowsOf>): Promise<ReturnType<typeof rowsOf>> {
  if (rows.length === 0) return rows;
  const wanted = [...new Set(rows.flatMap((r) => [r.film_id, r.related_id]))];
  const alive = new Set<number>();
  for (let i = 0; i < wanted.length; i += INSERT_CHUNK) {
    // Every chunk is INSERT_CHUNK ids long (the last padded with a repeat): one SQL text, so the SQLite statement cache
    // holds one prepared statement for this query instead of one per remainder length (decision 048).
    const chunk = wanted.slice(i, i + INSERT_CHUNK);
    while (chunk.length < INSERT_CHUNK && wanted.length > INSERT_CHUNK) chunk.push(chunk[0]!);
    const found = await db.selectFrom('films').select('id').where('id', 'in', chunk).execute();
    for (const f of found) alive.add(f.id);
  }
  if (alive.size === wanted.length) return rows;
  // Ranks stay as scored: a gap in 0..23 is harmless, the page orders by rank.
  return rows.filter((r) => alive.has(r.film_id) && alive.has(r.related_id));
}

/** Films whose lists hold `filmId`: they must be looked at again when it changes. */
export async function listsContaining(db: DbOrTx, filmId: number): Promise<number[]> {
  const rows = await db.selectFrom('related_films').select('film_id').where('related_id', '=', filmId).execute();
  return rows.map((r) => r.film_id);
}

/** Each film's list as stored (ids and scores in rank order), for merging a changed film into it. */
export async function loadLists(db: DbOrTx, filmIds: number[]): Promise<Map<number, Neighbour[]>> {
  const out = new Map<number, Neighbour[]>();
  if (filmIds.length === 0) return out;
  const rows = await db
    .selectFrom('related_films')
    .select(['film_id', 'related_id', 'score', 'reasons'])
    .where('film_id', 'in', filmIds)
    .orderBy('film_id')
    .orderBy('rank')
    .execute();
  for (const id of filmIds) out.set(id, []);
  for (const r of rows) {
    out.get(r.film_id)?.push({ id: r.related_id, score: Number(r.score), reasons: JSON.parse(r.reasons) as string[] });
  }
  return out;
}

export interface RelatedFilmRow {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  posterKey?: string | null;
  genre: string | null;
  score: number;
  reasons: string[];
}

// Every film page reads it: prepared once (src/db/prepared-query.ts).
const relatedOfFilm = preparedQuery((db: DbOrTx, filmId: number, limit: number) =>
  db
    .selectFrom('related_films')
    .innerJoin('films', 'films.id', 'related_films.related_id')
    .select([
      'films.slug',
      'films.title',
      'films.year',
      'films.synopsis',
      'films.poster_key as posterKey',
      'related_films.score',
      'related_films.reasons',
    ])
    .select(leadGenreColumn)
    .where('related_films.film_id', '=', filmId)
    .orderBy('related_films.rank')
    .limit(limit),
);

export async function listRelated(db: DbOrTx, filmId: number, limit: number): Promise<RelatedFilmRow[]> {
  const rows = await relatedOfFilm(db, filmId, limit);
  return rows.map((r) => ({ ...r, score: Number(r.score), reasons: JSON.parse(r.reasons) as string[] }));
}

/** True for a catalog that has films and no lists yet (just imported, or from before this feature). */
export async function hasNoListsButFilms(db: DbOrTx): Promise<boolean> {
  const [lists, films] = await Promise.all([
    db.selectFrom('related_films').select('film_id').limit(1).executeTakeFirst(),
    db.selectFrom('films').select('id').limit(1).executeTakeFirst(),
  ]);
  return !lists && films !== undefined;
}

/**
 * Films written at or after `since` (an import's start, in the clock the importer stamps `updated_at` with) and films
 * that have no list at all (a film a past import left without one), ascending.
 */
export async function filmsNeedingLists(db: DbOrTx, since: string | null): Promise<number[]> {
  const [changed, missing] = await Promise.all([
    since === null
      ? Promise.resolve([])
      : db.selectFrom('films').select('id').where('updated_at', '>=', since).execute(),
    db
      .selectFrom('films')
      .select('id')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('related_films').select('film_id').whereRef('related_films.film_id', '=', 'films.id'))),
      )
      .execute(),
  ]);
  return [...new Set([...changed, ...missing].map((r) => r.id))].sort((a, b) => a - b);
}
