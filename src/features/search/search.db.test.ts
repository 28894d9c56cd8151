import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { Database } from '../../db/database.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { markCatalogChanged } from '../catalog/index.js';
import { indexPendingChanges } from './search.service.js';

/** Titles of the result list, in order, as a visitor reads them. */
function resultTitles(html: string): string[] {
  return [...html.matchAll(/<h2 class="search-result__title"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) =>
    m[1]!.replace(/&amp;/g, '&'),
  );
}

describeEachDialect('search', (dialect) => {
  let t: TestApp;
  const page = async (query: string) => {
    const response = await t.app.inject({ url: `/search?${query}` });
    return { status: response.statusCode, html: response.body, titles: resultTitles(response.body) };
  };
  const api = async (query: string) => t.app.inject({ url: `/api/v1/search?${query}` });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [
      buildFilm({
        title: 'The Shawshank Redemption',
        year: 1994,
        genres: ['Drama'],
        directors: ['Frank Darabont'],
        cast: ['Tim Robbins', 'Morgan Freeman'],
        synopsis: 'A banker sentenced to life in Shawshank State Penitentiary befriends a smuggler.',
      }),
      buildFilm({
        title: 'Les Misérables',
        year: 2012,
        genres: ['Musical'],
        cast: ['Hugh Jackman', 'Anne Hathaway'],
        synopsis: 'In 19th-century France, the paroled prisoner Jean Valjean seeks redemption.',
      }),
      buildFilm({ title: 'Arsène Lupin', year: 2004, cast: ['Romain Duris'], synopsis: 'A gentleman thief.' }),
      buildFilm({
        title: 'A Quiet Place',
        year: 2018,
        genres: ['Horror'],
        directors: ['John Krasinski'],
        synopsis: 'A family must live in silence to hide from creatures that hunt by sound.',
      }),
      buildFilm({
        title: 'The Godfather',
        year: 1972,
        genres: ['Crime'],
        directors: ['Francis Ford Coppola'],
        synopsis: 'The aging patriarch of an organized crime dynasty transfers control to his son.',
      }),
      buildFilm({
        title: 'The Godfather Part II',
        year: 1974,
        genres: ['Crime'],
        directors: ['Francis Ford Coppola'],
        synopsis: 'The early life of Vito Corleone, and his son Michael expanding the family business.',
      }),
      buildFilm({
        title: 'Heat',
        year: 1995,
        categories: ['Crime Movies'],
        genres: ['Crime'],
        synopsis: 'A crew plans a heist <script>alert(1)</script> & a detective hunts them.',
      }),
      ...Array.from({ length: 25 }, (_, i) =>
        buildFilm({ title: `Noise Reel ${i + 1}`, year: 1950 + i, synopsis: `Static and noise, part ${i + 1}.` }),
      ),
    ]);
  });
  afterAll(async () => t.close());

  describe('the page', () => {
    it('finds a film from the first letters of its title', async () => {
      const { status, titles } = await page('q=shawsh');
      expect(status).toBe(200);
      expect(titles[0]).toBe('The Shawshank Redemption');
    });

    it('forgives a typo, and says the results are close spellings', async () => {
      const { titles, html } = await page('q=shawshank+redemtion');
      expect(titles[0]).toBe('The Shawshank Redemption');
      expect(html).toContain('Nothing matches “shawshank redemtion” exactly');
    });

    it('ignores accents, articles and punctuation, and reads numerals as Roman numerals', async () => {
      expect((await page('q=les+miserables')).titles[0]).toBe('Les Misérables');
      expect((await page('q=arsene+lupin')).titles[0]).toBe('Arsène Lupin');
      expect((await page('q=quiet+place')).titles[0]).toBe('A Quiet Place');
      expect((await page('q=the+quiet+place')).titles[0]).toBe('A Quiet Place');
      expect((await page('q=godfather+part+2')).titles[0]).toBe('The Godfather Part II');
      expect((await page('q=godfather+part+two')).titles[0]).toBe('The Godfather Part II');
    });

    it('ranks a title match above a synopsis match, and finds people and plot words', async () => {
      // "redemption" is in one title and in another film's synopsis.
      expect((await page('q=redemption')).titles).toEqual(['The Shawshank Redemption', 'Les Misérables']);
      expect((await page('q=darabont')).titles).toEqual(['The Shawshank Redemption']);
      expect((await page('q=morgan+freeman')).titles).toEqual(['The Shawshank Redemption']);
      expect((await page('q=creatures+sound')).titles).toEqual(['A Quiet Place']);
    });

    it('shows year, category and a snippet with the matched words marked and everything else escaped', async () => {
      const { html } = await page('q=heist');
      expect(html).toContain('<p class="search-result__meta">1995 · Crime Movies</p>');
      expect(html).toContain('A crew plans a <mark>heist</mark> &lt;script>alert(1)&lt;/script> &amp; a detective');
      expect(html).not.toContain('<script>alert');
    });

    it('filters by genre, decade and category, and offers to drop the filters when nothing is left', async () => {
      expect((await page('q=godfather&decade=1970')).titles).toHaveLength(2);
      expect((await page('q=godfather&decade=1970s')).titles).toHaveLength(2);
      expect((await page('q=family&genre=horror')).titles).toEqual(['A Quiet Place']);
      expect((await page('q=crew&category=crime-movies')).titles).toEqual(['Heat']);
      const none = await page('q=godfather&decade=1990');
      expect(none.titles).toEqual([]);
      expect(none.html).toContain('No films match “godfather”');
      expect(none.html).toContain('href="/search?q=godfather"');
    });

    it('sorts by year', async () => {
      expect((await page('q=godfather&sort=year')).titles).toEqual(['The Godfather Part II', 'The Godfather']);
    });

    it('pages through many results, 20 at a time', async () => {
      const first = await page('q=noise');
      expect(first.titles).toHaveLength(20);
      expect(first.html).toContain('25 films match.');
      expect(first.html).toContain('href="/search?q=noise&amp;page=2"');
      const second = await page('q=noise&page=2');
      expect(second.titles).toHaveLength(5);
      expect(new Set([...first.titles, ...second.titles]).size).toBe(25);
      expect((await page('q=noise&page=3')).status).toBe(404);
    });

    it('helps when nothing was typed or nothing matches', async () => {
      const empty = await page('');
      expect(empty.status).toBe(200);
      expect(empty.html).toContain('Type a title, a name or a few words from a story.');
      const common = await page('q=the');
      expect(common.html).toContain('“the” is in almost every film.');
      const nothing = await page('q=zzyzx+qwv');
      expect(nothing.html).toContain('No films match “zzyzx qwv”');
      expect(nothing.html).toContain('Check the spelling');
    });

    it('answers a bad filter with 400 naming it', async () => {
      const unknown = await page('q=heat&genre=no-such-genre');
      expect(unknown.status).toBe(400);
      expect(unknown.html).toContain('genre');
      expect((await page('q=heat&decade=1995')).status).toBe(400);
    });

    it('has a search box in the header of every page, a plain form that works without JavaScript', async () => {
      const home = (await t.app.inject({ url: '/' })).body;
      expect(home).toMatch(
        /<search class="site-search" aria-label="Site search"><form class="site-search__form" method="get" action="\/search"/,
      );
      expect(home).toContain('name="q"');
      // On the search page the box shows what was searched.
      expect((await page('q=heat')).html).toMatch(/id="site-search-q"[^>]*value="heat"/);
    });
  });

  describe('the JSON API', () => {
    it('returns slug, title, original title, year, score and an escaped snippet with <mark>', async () => {
      const response = await api('q=heist');
      expect(response.statusCode).toBe(200);
      const [item] = response.json().items;
      expect(item).toEqual({
        slug: 'heat',
        title: 'Heat',
        originalTitle: null,
        year: 1995,
        score: expect.any(Number),
        snippet:
          'A crew plans a <mark>heist</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; a detective hunts them.',
      });
    });

    it('limits and filters', async () => {
      expect((await api('q=noise&limit=3')).json().items).toHaveLength(3);
      const seventies = (await api('q=godfather&decade=1970&genre=crime')).json().items;
      expect(seventies.map((i: { title: string }) => i.title)).toEqual(['The Godfather', 'The Godfather Part II']);
    });

    it('answers bad parameters with 400 naming the field', async () => {
      for (const [query, field] of [
        ['q=heat&limit=500', 'limit'],
        ['q=heat&decade=1995', 'decade'],
        ['q=heat&genre=nope', 'genre'],
        ['q=heat&category=Bad Slug', 'category'],
        ['limit=3', 'q'],
      ] as const) {
        const response = await api(query);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().error.fields, query).toHaveProperty(field);
      }
    });

    it('suggests films while typing', async () => {
      const response = await t.app.inject({ url: '/api/v1/search/suggestions?q=godf' });
      expect(response.json().items.slice(0, 2)).toEqual([
        { slug: 'the-godfather', title: 'The Godfather', originalTitle: null, year: 1972, url: '/film/the-godfather' },
        {
          slug: 'the-godfather-part-ii',
          title: 'The Godfather Part II',
          originalTitle: null,
          year: 1974,
          url: '/film/the-godfather-part-ii',
        },
      ]);
      expect((await t.app.inject({ url: '/api/v1/search/suggestions?q=g' })).json().items).toEqual([]);
      const typo = (await t.app.inject({ url: '/api/v1/search/suggestions?q=shawshenk' })).json().items;
      expect(typo[0]?.title).toBe('The Shawshank Redemption');
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
      expect(doc.paths['/api/v1/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['q', 'limit', 'category', 'genre', 'decade']),
      );
      expect(doc.paths['/api/v1/search/suggestions']).toBeDefined();
    });
  });

  describe('the index follows the catalog', () => {
    // As an admin edit does: the write and the content-version bump in one transaction.
    const edit = (write: (trx: Transaction<Database>) => Promise<unknown>) =>
      t.t.db.transaction().execute(async (trx) => {
        await write(trx);
        await markCatalogChanged(trx);
      });

    it('after a film is renamed, a person renamed, or a film deleted', async () => {
      await insertFilms(t.t.db, [buildFilm({ title: 'Working Title', cast: ['Jane Placeholder'], synopsis: 'Plot.' })]);
      expect((await api('q=working+title')).json().items[0]?.title).toBe('Working Title');

      await edit((trx) =>
        trx.updateTable('films').set({ title: 'Final Cut Harmony' }).where('slug', '=', 'working-title').execute(),
      );
      expect((await api('q=harmony')).json().items.map((i: { title: string }) => i.title)).toEqual([
        'Final Cut Harmony',
      ]);
      expect((await api('q=working')).json().items).toEqual([]);

      await edit((trx) =>
        trx.updateTable('people').set({ name: 'Jane Realname' }).where('name', '=', 'Jane Placeholder').execute(),
      );
      expect((await api('q=realname')).json().items[0]?.title).toBe('Final Cut Harmony');

      // Deleting the film is enough: its people rows go by cascade, and the index follows both.
      await edit((trx) => trx.deleteFrom('films').where('slug', '=', 'working-title').execute());
      expect((await api('q=harmony')).json().items).toEqual([]);
      expect((await api('q=realname')).json().items).toEqual([]);
    });

    it('after a write that did not bump a version, once the film-change listeners ran', async () => {
      await insertFilms(t.t.db, [buildFilm({ title: 'Unbumped Original' })]);
      await t.t.db
        .updateTable('films')
        .set({ title: 'Unbumped Renamed' })
        .where('slug', '=', 'unbumped-original')
        .execute();
      // What admin editing calls after each write (ctx.filmChangeListeners).
      const writer = createWriter(t.t.db, {
        invalidate() {},
        effectFailed(error) {
          throw error;
        },
      });
      await indexPendingChanges(writer);
      expect((await api('q=unbumped')).json().items.map((i: { title: string }) => i.title)).toEqual([
        'Unbumped Renamed',
      ]);
      expect(await indexPendingChanges(writer)).toBe(false);
    });

    it('after a re-import changes a film', async () => {
      const film = buildFilm({ title: 'Draft Picture', synopsis: 'About nothing yet.' });
      await insertFilms(t.t.db, [film]);
      await insertFilms(t.t.db, [
        { ...film, synopsis: 'A lighthouse keeper befriends a walrus.', cast: ['Ola Keeper'] },
      ]);
      expect((await api('q=walrus')).json().items[0]?.title).toBe('Draft Picture');
      expect((await api('q=ola+keeper')).json().items[0]?.title).toBe('Draft Picture');
      expect((await api('q=about+nothing')).json().items).toEqual([]);
    });
  });
});
