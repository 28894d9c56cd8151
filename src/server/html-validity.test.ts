import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { hasJava, vnuErrors } from '../../test/support/validators.js';

const java = hasJava();

// Markup does not depend on the database, so the Nu HTML Checker runs once, on SQLite.
describe('HTML validity (Nu HTML Checker)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await insertFilms(t.t.db, [
      buildFilm({
        title: 'Miracle in Cell No. 7',
        year: 2013,
        categories: ['Korean Movies'],
        genres: ['Drama', 'Comedy'],
        directors: ['Lee Hwan-kyung'],
        cast: ['Ryu Seung-ryong'],
        synopsis: 'A father is wrongly imprisoned.\n\nHis daughter is smuggled into his cell.',
      }),
      ...Array.from({ length: 30 }, (_, i) => buildFilm({ title: `Film ${i}`, categories: ['Korean Movies'] })),
    ]);
  });
  afterAll(async () => t.close());

  it.runIf(java)(
    'finds no error in the site’s pages',
    async () => {
      const urls: Record<string, string> = {
        home: '/',
        category: '/category/korean-movies',
        categoryPage2: '/category/korean-movies?page=2',
        genre: '/genre/drama',
        film: '/film/miracle-in-cell-no-7',
        person: '/person/lee-hwan-kyung',
        genres: '/genres',
        categories: '/categories',
        browse: '/browse',
        decade: '/decade/2010s',
        topRated: '/top-rated',
        aboutRatings: '/about/ratings',
        apiDocs: '/api/docs',
        search: '/search?q=miracle+cell',
        searchEmpty: '/search',
        searchNoResult: '/search?q=zzyzx&genre=drama',
        notFound: '/film/nothing-here',
      };
      const pages: Record<string, string> = {};
      for (const [name, url] of Object.entries(urls)) pages[name] = (await t.app.inject({ url })).body;
      // A control page with a known error proves the checker really reads the pages.
      pages.control =
        '<!doctype html><html lang="en"><head><title>x</title></head><body><p id="a"></p><p id="a"></p></body></html>';
      const errors = vnuErrors(pages);
      expect(errors.control?.length).toBeGreaterThan(0);
      delete errors.control;
      for (const [page, messages] of Object.entries(errors)) {
        expect(
          messages.map((m) => `${m.message} «${m.extract ?? ''}»`),
          page,
        ).toEqual([]);
      }
    },
    60_000,
  );
});
