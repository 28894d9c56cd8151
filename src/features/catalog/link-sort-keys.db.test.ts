// Category and genre archives page from the sort keys copied onto the link rows (decision 052): every page of every
// sort lists exactly what the old query over `films` listed, in the same order with the same tie-breaks, before and
// after the films' years, titles, ranks and likes change and links come and go.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { setImportedRating } from '../ratings/index.js';
import { FILM_SORTS, type FilmSort } from './film.js';
import { applySort, type FilmListFilter, filteredFilms, listFilmCardsByKey } from './film.repository.js';
import { setFilmLikeCount, setFilmRatingRanks } from './film-ranks.repository.js';

const PAGE = 4;

describeEachDialect('archives paged from the link tables’ sort keys', (dialect) => {
  let t: TestApp;
  const terms: Array<{ name: string; filter: FilmListFilter }> = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Ties on purpose: titles differing only in case, shared years, films without a year, one creation time per batch.
    const batch = (from: number, count: number) =>
      Array.from({ length: count }, (_, k) => {
        const i = from + k;
        return buildFilm({
          title: `${i % 2 ? 'r' : 'R'}eel ${i % 7}`,
          year: i % 6 === 0 ? null : 1950 + (i % 5),
          categories: i % 5 === 0 ? ['Every Film', 'Tiny'] : ['Every Film'],
          genres: i % 3 === 0 ? ['Silent'] : ['Drama'],
        });
      });
    await insertFilms(t.t.db, batch(0, 30), '2026-01-01T00:00:00.000Z');
    await insertFilms(t.t.db, batch(30, 30), '2026-02-01T00:00:00.000Z');
    const id = async (table: 'categories' | 'genres', slug: string) =>
      (await t.t.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    terms.push(
      { name: 'small category', filter: { categoryId: await id('categories', 'tiny') } },
      { name: 'every film', filter: { categoryId: await id('categories', 'every-film') } },
      { name: 'genre', filter: { genreId: await id('genres', 'silent') } },
    );
    // Votes (ties in rank and in count; most films none) and likes (ties; most films none).
    const films = await t.t.db.selectFrom('films').select('id').orderBy('id').execute();
    await t.t.db.transaction().execute(async (tx) => {
      for (const [i, film] of films.entries()) {
        if (i % 4 === 0)
          await setImportedRating(tx, film.id, { count: 1 + (i % 3), sum: 2 * (1 + (i % 3)) * (4 + (i % 2)) });
        if (i % 3 === 1) await setFilmLikeCount(tx, film.id, i % 4);
      }
    });
  });
  afterAll(async () => t.close());

  /** The old statement: the term's films by `films.id in (links)`, ordered by the films' own columns. */
  const expected = async (filter: FilmListFilter, sort: FilmSort) =>
    (await applySort(filteredFilms(t.t.db, filter), sort).select('films.slug').execute()).map((f) => f.slug);

  async function everyWay(filter: FilmListFilter, sort: FilmSort): Promise<Record<string, string[]>> {
    const db = t.t.db;
    const numbered: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await listFilmCardsByKey(db, filter, { sort, limit: PAGE, offset });
      numbered.push(...page.map((f) => f.slug));
      if (page.length < PAGE) break;
    }
    const forward: string[] = [];
    let after: ReadonlyArray<string | number | null> | undefined;
    for (;;) {
      const page = await listFilmCardsByKey(db, filter, { sort, limit: PAGE, ...(after ? { after } : {}) });
      forward.push(...page.map((f) => f.slug));
      if (page.length === 0) break;
      after = page.at(-1)!.key;
    }
    const backward: string[][] = [];
    let before: ReadonlyArray<string | number | null> | 'end' = 'end';
    for (;;) {
      const page = await listFilmCardsByKey(db, filter, { sort, limit: PAGE, before });
      if (page.length === 0) break;
      backward.unshift(page.map((f) => f.slug));
      before = page[0]!.key;
    }
    return { numbered, forward, backward: backward.flat() };
  }

  async function expectSameAsOldQuery(): Promise<void> {
    for (const { name, filter } of terms) {
      for (const sort of FILM_SORTS) {
        const old = await expected(filter, sort);
        expect(old.length, name).toBeGreaterThan(PAGE);
        const walks = await everyWay(filter, sort);
        for (const [way, slugs] of Object.entries(walks)) expect(slugs, `${name}, ${sort}, ${way}`).toEqual(old);
      }
    }
  }

  it('every sort of every term, numbered, next and previous pages, lists what the films’ order lists', async () => {
    await expectSameAsOldQuery();
  });

  describe('after writes', () => {
    it('a film’s year set and cleared and its title edited move it in its archives', async () => {
      const db = t.t.db;
      const tinyFilm = await db
        .selectFrom('film_categories')
        .select('film_id')
        .where('category_id', '=', terms[0]!.filter.categoryId!)
        .orderBy('film_id')
        .execute();
      await db
        .updateTable('films')
        .set({ year: 1890, title: 'aardvark' })
        .where('id', '=', tinyFilm[0]!.film_id)
        .execute();
      await db.updateTable('films').set({ year: null }).where('id', '=', tinyFilm[1]!.film_id).execute();
      await db.updateTable('films').set({ title: 'Reel 3' }).where('id', '=', tinyFilm[2]!.film_id).execute();
      const old = await expected(terms[0]!.filter, 'title');
      expect(old[0]).toBe(
        (await db.selectFrom('films').select('slug').where('id', '=', tinyFilm[0]!.film_id).executeTakeFirstOrThrow())
          .slug,
      );
      await expectSameAsOldQuery();
    });

    it('votes and likes moving ranks, one film at a time and many in one statement', async () => {
      const db = t.t.db;
      const films = await db.selectFrom('films').select('id').orderBy('id').execute();
      await db.transaction().execute(async (tx) => {
        for (const film of films.slice(0, 12)) await setImportedRating(tx, film.id, { count: 6, sum: 60 });
        await setFilmLikeCount(tx, films[5]!.id, 9);
        await setFilmLikeCount(tx, films[8]!.id, 0);
      });
      // A rescore of every ranked film in one statement, as the ranking job writes it.
      await setFilmRatingRanks(
        db,
        sql`select id as film_id, case when id % 2 = 0 then 7.5 end as rank, case when id % 2 = 0 then 2 else 0 end as votes from films`,
      );
      await expectSameAsOldQuery();
    });

    it('links added, removed and moved to another term take the film’s keys along', async () => {
      const db = t.t.db;
      const tiny = terms[0]!.filter.categoryId!;
      const outside = await db
        .selectFrom('films')
        .select('id')
        .where('id', 'not in', (eb) =>
          eb.selectFrom('film_categories').select('film_id').where('category_id', '=', tiny),
        )
        .orderBy('id')
        .limit(2)
        .execute();
      await db.insertInto('film_categories').values({ category_id: tiny, film_id: outside[0]!.id }).execute();
      const first = await db
        .selectFrom('film_categories')
        .select('film_id')
        .where('category_id', '=', tiny)
        .orderBy('film_id')
        .executeTakeFirstOrThrow();
      await db
        .deleteFrom('film_categories')
        .where('category_id', '=', tiny)
        .where('film_id', '=', first.film_id)
        .execute();
      // A link moved to another film (as a merge of two films would move it).
      const silent = terms[2]!.filter.genreId!;
      const [moved] = await db
        .selectFrom('film_genres')
        .select('film_id')
        .where('genre_id', '=', silent)
        .orderBy('film_id')
        .limit(1)
        .execute();
      const notSilent = await db
        .selectFrom('films')
        .select('id')
        .where('id', 'not in', (eb) => eb.selectFrom('film_genres').select('film_id').where('genre_id', '=', silent))
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('film_genres')
        .set({ film_id: notSilent.id })
        .where('genre_id', '=', silent)
        .where('film_id', '=', moved!.film_id)
        .execute();
      await expectSameAsOldQuery();
      // The copies equal the films' columns on every link, and the counts the triggers keep are still right.
      for (const [link, column, table] of [
        ['film_categories', 'category_id', 'categories'],
        ['film_genres', 'genre_id', 'genres'],
      ] as const) {
        const differing = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(link)} l
          join films f on f.id = l.film_id
          where l.year is distinct from f.year or l.title <> f.title or l.title_key <> lower(f.title)
            or l.created_at <> f.created_at or l.rating_rank is distinct from f.rating_rank
            or l.rating_votes <> f.rating_votes or l.like_count <> f.like_count`.execute(db);
        expect(Number(differing.rows[0]!.n), link).toBe(0);
        const miscounted = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} t
          where t.film_count <> (select count(*) from ${sql.table(link)} l where l.${sql.ref(column)} = t.id)`.execute(
          db,
        );
        expect(Number(miscounted.rows[0]!.n), table).toBe(0);
      }
    });
  });
});
