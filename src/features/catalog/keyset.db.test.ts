// Keyset cursors (decision 031): a client that walks the film API page by page sees every film exactly once, in
// order, even while films are added, in every sort; and the category counts kept by triggers equal a COUNT(*).
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { FILM_SORTS } from './film.js';

describeEachDialect('walking the film API with cursors', (dialect) => {
  let t: TestApp;
  let added = 0;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Ties on purpose: shared years, shared creation times, titles differing only in case, films without a year.
    await insertFilms(
      t.t.db,
      Array.from({ length: 45 }, (_, i) =>
        buildFilm({ title: `${i % 2 ? 'b' : 'B'}ook ${i % 9}`, year: i % 5 === 0 ? null : 1990 + (i % 4) }),
      ),
    );
    await t.app.ready();
  });
  afterAll(async () => t.close());

  async function walk(sort: string, addEveryPage: boolean): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/films?sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await t.app.inject({ url: query });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { items: Array<{ slug: string }>; nextCursor: string | null };
      seen.push(...body.items.map((f) => f.slug));
      cursor = body.nextCursor;
      if (addEveryPage) {
        added++;
        await insertFilms(
          t.t.db,
          [buildFilm({ title: `Book ${added % 9}`, year: 1991 })],
          new Date(Date.UTC(2026, 0, 1, 0, 0, added)).toISOString(),
        );
      }
    } while (cursor);
    return seen;
  }

  for (const sort of FILM_SORTS) {
    it(`sort=${sort}: every film present when the walk began comes exactly once, films added meanwhile or not`, async () => {
      const before = (await t.t.db.selectFrom('films').select('slug').execute()).map((f) => f.slug);
      const walked = await walk(sort, true);
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked).toEqual(expect.arrayContaining(before));
      // With nothing added, the walk is the list in one query, in the same order.
      const all = await walk(sort, false);
      const oneQuery = await t.app.inject({ url: `/api/v1/films?sort=${sort}&limit=100` });
      expect(all).toEqual((oneQuery.json() as { items: Array<{ slug: string }> }).items.map((f) => f.slug));
    });
  }

  it('a cursor of another sort or with forged values is refused, naming the field', async () => {
    const first = (await t.app.inject({ url: '/api/v1/films?limit=2' })).json() as { nextCursor: string };
    expect((await t.app.inject({ url: `/api/v1/films?sort=title&cursor=${first.nextCursor}` })).statusCode).toBe(400);
    const forged = Buffer.from(JSON.stringify({ k: [{ x: 1 }, 2], f: '|||newest' })).toString('base64url');
    const refused = await t.app.inject({ url: `/api/v1/films?cursor=${forged}` });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty('cursor');
  });
});

describeEachDialect('category and genre counts kept on write', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  async function drift(): Promise<number> {
    const rows = await sql<{ n: number }>`select
      (select count(*) from categories c
        where film_count <> (select count(*) from film_categories l where l.category_id = c.id)) +
      (select count(*) from genres g
        where film_count <> (select count(*) from film_genres l where l.genre_id = g.id)) as n`.execute(t.t.db);
    return Number(rows.rows[0]!.n);
  }

  it('stay equal to counting after imports, edits, deletes and a category merge', async () => {
    const films = Array.from({ length: 30 }, (_, i) =>
      buildFilm({ categories: [`Cat ${i % 3}`, 'All'], genres: [i % 2 ? 'Drama' : 'Comedy'] }),
    );
    await insertFilms(t.t.db, films);
    expect(await drift()).toBe(0);
    // The header shows the counts: 30 in "All".
    const home = await t.app.inject({ url: '/' });
    expect(home.body).toMatch(/All[^<]*<[^>]*>\s*30\b|All\s*\(?30\)?/);
    // Re-import with other categories (an edit by the source), then delete films and merge two categories.
    await insertFilms(
      t.t.db,
      films.slice(0, 10).map((f) => ({ ...f, categories: ['Cat 9'], genres: ['Drama'] })),
    );
    expect(await drift()).toBe(0);
    const doomed = await t.t.db.selectFrom('films').select('id').orderBy('id').limit(5).execute();
    await t.t.db
      .deleteFrom('films')
      .where(
        'id',
        'in',
        doomed.map((f) => f.id),
      )
      .execute();
    expect(await drift()).toBe(0);
    const [a, b] = await t.t.db.selectFrom('categories').select('id').where('name', 'in', ['Cat 1', 'Cat 2']).execute();
    await t.t.db
      .updateTable('film_categories')
      .set({ category_id: a!.id })
      .where('category_id', '=', b!.id)
      .where('film_id', 'not in', (eb) =>
        eb.selectFrom('film_categories').select('film_id').where('category_id', '=', a!.id),
      )
      .execute();
    expect(await drift()).toBe(0);
    const all = await t.t.db
      .selectFrom('categories')
      .select('film_count')
      .where('name', '=', 'All')
      .executeTakeFirstOrThrow();
    // The ten re-imported films left "All"; the five deleted were among them.
    expect(all.film_count).toBe(20);
  });
});

describeEachDialect('archive pages past the numbered ones (keyset links)', (dialect) => {
  let t: TestApp;
  const FILMS = 320; // 54 pages of 6: past the 50 numbered ones
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // One film through the importer makes the category; the rest are copies of its row, in one statement each.
    await insertFilms(t.t.db, [buildFilm({ title: 'Reel 0', year: null, categories: ['Long Reads'] })]);
    await sql`insert into films (slug, title, year, synopsis, source, source_id, source_url, origin, language,
        content_hash, primary_category_id, created_at, updated_at)
      select 'reel-' || n, 'Reel ' || (n % 13), case when n % 7 = 0 then null else 1950 + n % 9 end, synopsis,
        source, 'copy-' || n, source_url, origin, language, content_hash, primary_category_id, created_at, updated_at
      from films, (${sql.join(
        Array.from({ length: FILMS - 1 }, (_, i) => sql`select ${sql.lit(i + 1)} as n`),
        sql` union all `,
      )}) copies`.execute(t.t.db);
    await sql`insert into film_categories (film_id, category_id)
      select f.id, c.id from films f, categories c where f.source_id like 'copy-%'`.execute(t.t.db);
    // Ranks with ties and films nobody voted on (null), as the ratings feature keeps them.
    await sql`update films set rating_rank = 100 + (id % 4), rating_votes = id % 3 where id % 3 <> 0`.execute(t.t.db);
    await t.t.db
      .insertInto('settings')
      .values({ key: 'filmsPerPage', value: '6', updated_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    await t.app.ready();
  });
  afterAll(async () => t.close());

  const slugsOf = (html: string) =>
    [...html.matchAll(/film-card__title"><a href="\/film\/([^"]+)"/g)].map((m) => m[1]!);
  const link = (html: string, rel: 'next' | 'prev') =>
    /<link rel="(?:next|prev)"/.test(html)
      ? (new RegExp(`<link rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null)
      : null;
  async function get(url: string) {
    const response = await t.app.inject({ url });
    expect(response.statusCode, url).toBe(200);
    return response.body;
  }

  for (const sort of ['newest', 'year', 'top-rated'] as const) {
    it(`sort=${sort}: next and previous links past page 50 list every film once, in the numbered pages' order`, async () => {
      const base = `/category/long-reads?${sort === 'newest' ? '' : `sort=${sort}&`}`;
      const numbered: string[] = [];
      for (let n = 1; n <= 54; n++) numbered.push(...slugsOf(await get(`${base}page=${n}`)));
      expect(new Set(numbered).size).toBe(FILMS);

      // Forwards from page 50: its "next" is a keyset link, and the pages it leads to are not for indexing.
      const fifty = await get(`${base}page=50`);
      let next = link(fifty, 'next');
      expect(next).toContain('after=');
      const forwards: string[] = [];
      while (next) {
        const html = await get(next);
        expect(html).toContain('<meta name="robots" content="noindex"');
        forwards.push(...slugsOf(html));
        next = link(html, 'next');
      }
      expect(forwards).toEqual(numbered.slice(50 * 6));

      // Backwards from the last page (read from the end of the index) to page 1.
      const pages: string[][] = [];
      let previous: string | null = `${base}page=54`;
      while (previous) {
        const html = await get(previous);
        pages.unshift(slugsOf(html));
        previous = link(html, 'prev');
      }
      expect(pages.flat()).toEqual(numbered);
    });
  }

  it('refuses a forged position, naming the parameter', async () => {
    const forged = Buffer.from(JSON.stringify([{ x: 1 }])).toString('base64url');
    const refused = await t.app.inject({ url: `/category/long-reads?after=${forged}` });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('after');
  });
});
