import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';

const links = (html: string, base: string) =>
  [...html.matchAll(new RegExp(`href="${base}/([^"]+)">([^<]+)<span class="term-list__count">([\\d,]+)`, 'g'))].map(
    (m) => `${m[2]!.trim()}=${m[3]}`,
  );

describeEachDialect('browsing: /categories, /genres, /browse and the decade and country archives', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [
      buildFilm({
        title: 'Oldboy',
        year: 2003,
        origin: 'South Korea',
        categories: ['Korean Movies'],
        genres: ['Thriller'],
      }),
      buildFilm({
        title: 'Parasite',
        year: 2019,
        origin: 'South Korea',
        categories: ['Korean Movies'],
        genres: ['Drama'],
      }),
      buildFilm({
        title: 'Heat',
        year: 1995,
        origin: 'United States',
        categories: ['English Movies'],
        genres: ['Crime'],
      }),
      buildFilm({ title: 'Undated', year: null, origin: null, categories: ['English Movies'], genres: ['Drama'] }),
    ]);
  });
  afterAll(async () => t.close());

  it('lists every category, genre, decade and country with its count, each linking to its films', async () => {
    const categories = await t.app.inject({ url: '/categories' });
    expect(categories.statusCode).toBe(200);
    expect(links(categories.body, '/category').sort()).toEqual(['English Movies=2', 'Korean Movies=2']);
    const genres = await t.app.inject({ url: '/genres' });
    expect(links(genres.body, '/genre').sort()).toEqual(['Crime=1', 'Drama=2', 'Thriller=1']);

    const browse = (await t.app.inject({ url: '/browse' })).body;
    expect(browse.match(/<h1/g)).toHaveLength(1);
    expect(links(browse, '/category')).toHaveLength(2);
    expect(links(browse, '/genre')).toHaveLength(3);
    expect(links(browse, '/decade')).toEqual(['1990s=1', '2000s=1', '2010s=1']);
    expect(links(browse, '/country')).toEqual(['South Korea=2', 'United States=1']);
  });

  it('opens the archive of a decade and of a country, and answers 404 for one with no films', async () => {
    const nineties = await t.app.inject({ url: '/decade/1990s' });
    expect(nineties.statusCode).toBe(200);
    expect(nineties.body).toContain('<h1>1990s</h1>');
    expect(nineties.body).toContain('href="/film/heat"');
    expect(nineties.body).not.toContain('href="/film/oldboy"');
    const korea = await t.app.inject({ url: '/country/south-korea' });
    expect(korea.body).toContain('<h1>South Korea</h1>');
    expect(korea.body).toContain('2 films');
    expect(korea.body).toContain('href="/browse"');
    expect((await t.app.inject({ url: '/decade/1920s' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/country/atlantis' })).statusCode).toBe(404);
  });
});
