// An uploaded poster is used everywhere the film appears (issue 14): its card on home and in its genre, search
// results, and the film page's link preview (og:image). Without one, the generated poster never prints the title.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';

describeEachDialect('uploaded posters on every page', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  const clock = new TestClock();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-poster-display-'));
    t = await createTestApp(dialect, { dataDir, posterDir: path.join(dataDir, 'posters') }, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [buildFilm({ title: 'Plain Lighthouse', year: 1961, genres: ['Drama'] })]);
    const admin = await logIn(t, ADMIN, '192.0.2.41');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/films/new' })).body);
    const created = await postMultipart(
      admin,
      '/admin/films',
      { title: 'Painted Lighthouse', year: '1962', synopsis: 'A keeper paints the lamp room.' },
      {
        field: 'poster',
        filename: 'poster.png',
        contentType: 'image/png',
        data: await sharp({ create: { width: 400, height: 600, channels: 3, background: '#345678' } })
          .png()
          .toBuffer(),
      },
    );
    expect(created.statusCode, created.body).toBe(303);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The search result that links to `slug`. */
  const resultOf = (html: string, slug: string) =>
    html.split('<li class="search-result">').find((part) => part.includes(`href="/film/${slug}"`)) ?? '';

  it('shows the uploaded poster on cards and in search results, and names it as the og:image', async () => {
    const film = (await t.app.inject({ url: '/film/painted-lighthouse' })).body;
    const image = /<meta property="og:image" content="([^"]+)"/.exec(film)?.[1];
    expect(image).toMatch(/^https?:\/\/[^/]+\/posters\/\d+\/[0-9a-f]{16}-400\.webp$/);
    expect(film).toContain('<meta name="twitter:card" content="summary_large_image"/>');

    const home = (await t.app.inject({ url: '/' })).body;
    expect(home).toMatch(/<img class="poster-image[^>]*srcset="\/posters\/\d+\/[0-9a-f]{16}-200\.webp 200w/);
    const search = (await t.app.inject({ url: '/search?q=lighthouse' })).body;
    expect(resultOf(search, 'painted-lighthouse')).toContain('<img class="poster-image');
    expect(resultOf(search, 'plain-lighthouse')).toContain('class="poster poster--size-thumb');
  });

  it('gives a film without one a generated poster that prints its initial, not its title', async () => {
    const plain = (await t.app.inject({ url: '/film/plain-lighthouse' })).body;
    expect(plain).not.toContain('og:image');
    const poster = /<div class="poster [^"]*" aria-hidden="true">([\s\S]*?)<\/div>/.exec(plain)?.[1] ?? '';
    expect(poster).toContain('<span class="poster__initial">P</span>');
    expect(poster).toContain('1961');
    expect(poster).not.toContain('Plain Lighthouse');
  });
});
