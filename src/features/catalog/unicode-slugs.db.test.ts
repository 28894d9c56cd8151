import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';

const TITLES: Array<[title: string, slug: string]> = [
  ['Брат', 'брат'],
  ['千と千尋の神隠し', '千と千尋の神隠し'],
  ['Smørrebrød', 'smorrebrod'],
  ['Ζορμπάς', 'ζορμπάς'],
];

describeEachDialect('films titled in other scripts', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(
      t.t.db,
      TITLES.map(([title], i) => buildFilm({ sourceId: `script-${i}`, title, year: 1997 + i })),
    );
  });
  afterAll(async () => t.close());

  it('get readable slugs, and their pages answer at the percent-encoded address', async () => {
    const stored = await t.t.db.selectFrom('films').select(['title', 'slug']).execute();
    for (const [title, slug] of TITLES) {
      expect(stored.find((f) => f.title === title)?.slug, title).toBe(slug);
      const page = await t.app.inject({ url: `/film/${encodeURIComponent(slug)}` });
      expect(page.statusCode, title).toBe(200);
      expect(page.body).toContain(`<h1`);
      expect(page.body).toContain(title);
    }
  });

  it('send redirects and sitemap addresses percent-encoded, in ASCII', async () => {
    // The like form's answer without JavaScript redirects back to the film page.
    const session = await t.app.inject({ url: '/api/v1/session' });
    const { csrfToken } = session.json() as { csrfToken: string };
    const cookies = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const liked = await t.app.inject({
      method: 'POST',
      url: `/film/${encodeURIComponent('брат')}/like`,
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfToken, liked: '1' }).toString(),
    });
    expect(liked.statusCode).toBe(303);
    expect(liked.headers.location).toBe(`/film/${encodeURIComponent('брат')}#like`);

    const index = await t.app.inject({ url: '/sitemap.xml' });
    const children = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const locs: string[] = [];
    for (const child of children) {
      const body = (await t.app.inject({ url: child })).body;
      locs.push(...[...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
    }
    expect(locs.every((loc) => /^[\x21-\x7e]+$/.test(loc))).toBe(true);
    expect(locs).toContainEqual(expect.stringContaining(`/film/${encodeURIComponent('千と千尋の神隠し')}`));
  });
});
