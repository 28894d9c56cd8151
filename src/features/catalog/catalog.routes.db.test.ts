import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';

/** The titles of the film cards on a page, in page order. */
function cardTitles(html: string): string[] {
  return [...html.matchAll(/class="film-card__title"[^>]*>\s*<a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!.trim());
}

describeEachDialect('catalog pages', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // 30 English films added one a day, so "newest" order is known; titles and years in other orders.
    const westerns = Array.from({ length: 30 }, (_, i) =>
      buildFilm({
        sourceId: `western-${i}`,
        title: `Western ${String.fromCharCode(65 + ((i * 7) % 26))}${i}`,
        year: 1950 + ((i * 11) % 30),
        genres: ['Western'],
      }),
    );
    for (const [i, film] of westerns.entries()) {
      await insertFilms(t.t.db, [film], new Date(Date.UTC(2026, 0, 1 + i)).toISOString());
    }
    await insertFilms(t.t.db, [
      buildFilm({
        sourceId: 'cell-7',
        sourceUrl: 'https://en.wikipedia.org/wiki/Miracle_in_Cell_No._7',
        title: 'Miracle in Cell No. 7',
        originalTitle: '7번방의 선물',
        year: 2013,
        categories: ['Korean Movies'],
        genres: ['Comedy', 'Drama'],
        directors: ['Lee Hwan-kyung'],
        cast: ['Ryu Seung-ryong', 'Park Shin-hye'],
        synopsis: 'A father is wrongly imprisoned.\n\nHis daughter visits him in cell No. 7.',
      }),
      buildFilm({
        sourceId: 'cell-7-remake',
        title: 'Miracle in Cell No. 7',
        year: 2019,
        categories: ['Turkish Movies'],
      }),
      buildFilm({
        sourceId: 'xss',
        title: '<script>alert(1)</script> & "Friends"',
        originalTitle: '<img src=x onerror=alert(2)> & "Amis"',
        year: 2001,
      }),
    ]);
    await t.app.ready();
  });
  afterAll(async () => t.close());

  it('shows the newest films on the home page, each linked to its film page', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/film/miracle-in-cell-no-7"');
    expect(res.body).toContain('href="/category/korean-movies"');
  });

  it('pages a category 24 films at a time with rel=prev/next and a film count', async () => {
    const first = await t.app.inject({ url: '/category/english-movies' });
    expect(first.statusCode).toBe(200);
    expect(cardTitles(first.body)).toHaveLength(24);
    expect(first.body).toMatch(/31 films/);
    expect(first.body).toContain('<link rel="next" href="/category/english-movies?page=2"');
    expect(first.body).not.toContain('rel="prev"');

    const second = await t.app.inject({ url: '/category/english-movies?page=2' });
    expect(cardTitles(second.body)).toHaveLength(7);
    expect(second.body).toContain('rel="prev"');
    const overlap = cardTitles(second.body).filter((title) => cardTitles(first.body).includes(title));
    expect(overlap).toEqual([]);

    const beyond = await t.app.inject({ url: '/category/english-movies?page=3' });
    expect(beyond.statusCode).toBe(404);
    expect(beyond.body).toContain('has 2 page(s)');
  });

  it('sorts a category by newest, title and year', async () => {
    const newest = cardTitles((await t.app.inject({ url: '/category/english-movies?sort=newest' })).body);
    expect(newest.slice(0, 3)).toEqual(['Western V29', 'Western O28', 'Western H27']);

    const byTitle = cardTitles((await t.app.inject({ url: '/category/english-movies?sort=title' })).body);
    expect(byTitle).toEqual([...byTitle].sort((a, b) => a.localeCompare(b)));

    const byYear = (await t.app.inject({ url: '/category/english-movies?sort=year' })).body;
    const years = [...byYear.matchAll(/class="film-card__year"[^>]*>(\d{4})</g)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThan(10);
    const ascending = years.every((y, i) => i === 0 || y >= years[i - 1]!);
    const descending = years.every((y, i) => i === 0 || y <= years[i - 1]!);
    expect(ascending || descending).toBe(true);
  });

  it('answers 400 naming the parameter for an unknown sort or a bad page', async () => {
    const sort = await t.app.inject({ url: '/category/english-movies?sort=loudest' });
    expect(sort.statusCode).toBe(400);
    expect(sort.body).toContain('sort');
    const page = await t.app.inject({ url: '/category/english-movies?page=zero' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('page');
  });

  it('shows a film with its breadcrumb, heading, people, genres and synopsis paragraphs, crediting Wikipedia', async () => {
    const res = await t.app.inject({ url: '/film/miracle-in-cell-no-7' });
    expect(res.statusCode).toBe(200);
    const crumbs = /<nav class="breadcrumb"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '';
    const crumbText = crumbs
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    expect(crumbText).toMatch(/^Home .*Korean Movies .*Miracle in Cell No\. 7$/);
    // The year once, in the facts line under the heading, not in the heading too.
    expect(res.body).toMatch(/<h1[^>]*>Miracle in Cell No\. 7<\/h1>/);
    expect(res.body).toMatch(/<ul class="film__facts"[^>]*><li>2013<\/li>/);
    expect(res.body).toContain('href="/person/lee-hwan-kyung"');
    expect(res.body).toContain('href="/person/ryu-seung-ryong"');
    expect(res.body).toContain('href="/genre/comedy"');
    expect(res.body).toContain('<p>A father is wrongly imprisoned.</p>');
    expect(res.body).toContain('<p>His daughter visits him in cell No. 7.</p>');
    expect(res.body).toContain('href="https://en.wikipedia.org/wiki/Miracle_in_Cell_No._7"');
  });

  it('gives a second film of the same title a slug with its year', async () => {
    const res = await t.app.inject({ url: '/film/miracle-in-cell-no-7-2019' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Turkish Movies');
  });

  it('moves a film whose title changed to its new slug and redirects the old one with 301', async () => {
    await insertFilms(t.t.db, [buildFilm({ sourceId: 'renamed', title: 'Working Title', year: 2020 })]);
    expect((await t.app.inject({ url: '/film/working-title' })).statusCode).toBe(200);
    await insertFilms(t.t.db, [buildFilm({ sourceId: 'renamed', title: 'Final Title', year: 2020 })]);
    // Cached pages follow a write within a second (decision 002); wait that second out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const old = await t.app.inject({ url: '/film/working-title' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/film/final-title');
    expect((await t.app.inject({ url: '/film/final-title' })).statusCode).toBe(200);
  });

  it('shows the original title under the heading and names it in the Movie JSON-LD, only when there is one', async () => {
    const film = await t.app.inject({ url: '/film/miracle-in-cell-no-7' });
    expect(film.body).toMatch(/<\/h1>\s*<p class="film__original-title">Original title: 7번방의 선물<\/p>/);
    const movie = [...film.body.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)]
      .map((m) => JSON.parse(m[1]!) as { '@type': string; alternateName?: string })
      .find((d) => d['@type'] === 'Movie');
    expect(movie?.alternateName).toBe('7번방의 선물');
    const remake = await t.app.inject({ url: '/film/miracle-in-cell-no-7-2019' });
    expect(remake.statusCode).toBe(200);
    expect(remake.body).not.toContain('Original title');
    expect(remake.body).not.toContain('alternateName');
  });

  it('escapes markup in film titles everywhere it is shown', async () => {
    const film = await t.app.inject({ url: '/film/script-alert-1-script-and-friends' });
    expect(film.statusCode).toBe(200);
    expect(film.body).not.toContain('<script>alert(1)</script>');
    expect(film.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(film.body).not.toContain('<img src=x');
    expect(film.body).toContain('Original title: &lt;img src=x onerror=alert(2)> &amp; &quot;Amis&quot;');
    const home = await t.app.inject({ url: '/' });
    expect(home.body).not.toContain('<script>alert(1)</script>');
  });

  it('answers an unknown film, category or person with a real 404 page', async () => {
    for (const url of ['/film/no-such-film', '/category/no-such-category', '/person/nobody-at-all', '/nowhere']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.body, url).toContain('<h1');
      expect(res.body, url).toContain('href="/"');
    }
  });
});
