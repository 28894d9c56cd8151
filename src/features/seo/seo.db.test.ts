import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { hasXmllint, xmllintErrors } from '../../../test/support/validators.js';
import { sitemapFilmPages, sitemapTermPages } from './seo.service.js';
import { onePage, sitemapIndex, urlset } from './sitemap.js';

const SITEMAP_XSD = path.resolve('node_modules/sitemap/schema/sitemap.xsd');
const SITEINDEX_XSD = path.resolve('test/fixtures/xsd/siteindex.xsd');
const xmllint = hasXmllint();

/** A streamed sitemap's whole text. */
async function textOf(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));

describeEachDialect('SEO: sitemaps, feeds, metadata', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [
      buildFilm({
        title: 'Miracle in Cell No. 7',
        year: 2013,
        categories: ['Korean Movies'],
        genres: ['Drama', 'Comedy'],
        directors: ['Lee Hwan-kyung'],
        cast: ['Ryu Seung-ryong', 'Kal So-won'],
        synopsis:
          'A mentally disabled father is wrongly imprisoned for murder, and his six-year-old daughter & his cellmates ' +
          'smuggle her into his cell. <b>Not markup</b>. Years later she reopens the case in a mock trial to clear his name.',
      }),
      buildFilm({ title: 'Heat', year: 1995, genres: ['Crime'] }),
    ]);
  });
  afterAll(async () => t.close());

  it('serves a sitemap index and child sitemaps that pass the sitemaps.org schema', async () => {
    const index = await t.app.inject({ url: '/sitemap.xml' });
    expect(index.headers['content-type']).toContain('application/xml');
    const children = [...index.body.matchAll(/<loc>http:\/\/reelhouse\.test([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(children).toEqual(['/sitemaps/pages.xml', '/sitemaps/films-1.xml']);
    expect(index.body).toMatch(/<lastmod>\d{4}-\d\d-\d\dT/);
    const films = await t.app.inject({ url: '/sitemaps/films-1.xml' });
    expect(films.body).toContain('<loc>http://reelhouse.test/film/miracle-in-cell-no-7</loc>');
    const pages = await t.app.inject({ url: '/sitemaps/pages.xml' });
    expect(pages.body).toContain('<loc>http://reelhouse.test/category/korean-movies</loc>');
    expect((await t.app.inject({ url: '/sitemaps/films-2.xml' })).statusCode).toBe(404);
    if (xmllint) {
      expect(xmllintErrors(index.body, SITEINDEX_XSD)).toBe('');
      expect(xmllintErrors(films.body, SITEMAP_XSD)).toBe('');
      expect(xmllintErrors(pages.body, SITEMAP_XSD)).toBe('');
      // The validator is not a rubber stamp: a lastmod that is not a W3C date fails it.
      const bad = await textOf(urlset(onePage([{ loc: 'http://reelhouse.test/x', lastmod: 'yesterday' }])));
      expect(xmllintErrors(bad, SITEMAP_XSD)).not.toBe('');
    }
  });

  it('splits films over several sitemap files when there are more than one file holds', async () => {
    const urls = Array.from({ length: 3 }, (_, i) => ({ loc: `http://reelhouse.test/sitemaps/films-${i + 1}.xml` }));
    const index = await textOf(sitemapIndex(onePage(urls)));
    expect(index.match(/<sitemap>/g)).toHaveLength(3);
    if (xmllint) expect(xmllintErrors(index, SITEINDEX_XSD)).toBe('');
  });

  it('reads sitemaps a page of rows at a time, each page after the last row of the one before', async () => {
    await insertFilms(
      t.t.db,
      Array.from({ length: 5 }, (_, i) => buildFilm({ title: `Paged ${i}`, genres: [`Paged genre ${i}`] })),
    );
    const ids = (await t.t.db.selectFrom('films').select(['id', 'slug']).orderBy('id').execute()).map((f) => f.slug);
    // Seven films in files of 4: file 1 holds ids 1–4 in pages of 3 rows (3 + 1), file 2 the rest.
    const file1 = await collect(sitemapFilmPages(t.t.db, 1, 4, 3));
    expect(file1.map((page) => page.length)).toEqual([3, 1]);
    const file2 = await collect(sitemapFilmPages(t.t.db, 2, 4, 3));
    expect([...file1, ...file2].flat().map((f) => f.slug)).toEqual(ids);
    const terms = (await collect(sitemapTermPages(t.t.db, 2))).flat();
    const genres = terms.filter((term) => term.kind === 'genres').map((term) => term.slug);
    expect(genres).toEqual([...genres].sort());
    expect(genres).toContain('paged-genre-4');
    expect(new Set(genres).size).toBe(genres.length);
    expect(terms.find((term) => term.slug === 'paged-genre-0')?.last).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('sends the same sitemap gzipped to a client that accepts it', async () => {
    const plain = await t.app.inject({ url: '/sitemaps/films-1.xml' });
    const zipped = await t.app.inject({ url: '/sitemaps/films-1.xml', headers: { 'accept-encoding': 'gzip, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('points robots.txt at the sitemap', async () => {
    const robots = await t.app.inject({ url: '/robots.txt' });
    expect(robots.body).toContain('Sitemap: http://reelhouse.test/sitemap.xml');
  });

  it('publishes RSS 2.0 and Atom feeds of new films, site-wide and per category, that a feed parser reads', async () => {
    for (const url of ['/feed.xml', '/feed.atom']) {
      const response = await t.app.inject({ url });
      const feed = parseFeed(response.body);
      expect(feed.meta.type).toBe(url.endsWith('.xml') ? 'rss' : 'atom');
      expect(feed.title).toBe('Reelhouse: new films');
      expect(feed.items.map((i) => i.title)).toEqual(
        expect.arrayContaining(['Heat (1995)', 'Miracle in Cell No. 7 (2013)']),
      );
      const miracle = feed.items.find((i) => i.title?.startsWith('Miracle'))!;
      expect(miracle.url).toBe('http://reelhouse.test/film/miracle-in-cell-no-7');
      // Text stays text: the synopsis's markup-like words arrive as characters, not as elements.
      expect(miracle.description ?? miracle.content).toContain('<b>Not markup</b>');
    }
    const korean = parseFeed((await t.app.inject({ url: '/category/korean-movies/feed.atom' })).body);
    expect(korean.items.map((i) => i.title)).toEqual(['Miracle in Cell No. 7 (2013)']);
    expect((await t.app.inject({ url: '/category/nowhere/feed.xml' })).statusCode).toBe(404);
  });

  it('announces feeds, canonical URL, OpenGraph and Twitter tags, and JSON-LD with the required properties', async () => {
    const home = (await t.app.inject({ url: '/' })).body;
    expect(home).toContain('<link rel="alternate" type="application/rss+xml"');
    expect(home).toContain('href="/feed.atom"');
    const website = jsonLdOf(home).find((d) => d['@type'] === 'WebSite');
    expect(website.potentialAction).toMatchObject({
      '@type': 'SearchAction',
      'query-input': 'required name=search_term_string',
    });
    expect(website.potentialAction.target.urlTemplate).toBe('http://reelhouse.test/search?q={search_term_string}');

    const category = (await t.app.inject({ url: '/category/korean-movies' })).body;
    expect(category).toContain('href="/category/korean-movies/feed.xml"');

    const film = (await t.app.inject({ url: '/film/miracle-in-cell-no-7' })).body;
    expect(film).toContain('<link rel="canonical" href="http://reelhouse.test/film/miracle-in-cell-no-7"/>');
    expect(film).toContain('<meta property="og:type" content="video.movie"/>');
    expect(film).toContain('<meta name="twitter:card" content="summary"/>');
    const description = (/<meta name="description" content="([^"]*)"/.exec(film)?.[1] ?? '').replace(
      /&(amp|lt|gt|quot);/g,
      (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e]!,
    );
    expect(description.length).toBeLessThanOrEqual(160);
    expect(description).toMatch(/^A mentally disabled father/);
    expect(description).toMatch(/…$/);
    const [movie, breadcrumb] = jsonLdOf(film);
    expect(movie).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Movie',
      name: 'Miracle in Cell No. 7',
      datePublished: '2013',
      director: [{ '@type': 'Person', name: 'Lee Hwan-kyung' }],
      actor: [
        { '@type': 'Person', name: 'Ryu Seung-ryong' },
        { '@type': 'Person', name: 'Kal So-won' },
      ],
      genre: ['Comedy', 'Drama'],
    });
    expect(typeof movie.description).toBe('string');
    expect(breadcrumb['@type']).toBe('BreadcrumbList');
    expect(breadcrumb.itemListElement.map((i: { name: string }) => i.name)).toEqual([
      'Home',
      'Korean Movies',
      'Miracle in Cell No. 7',
    ]);
  });
});
