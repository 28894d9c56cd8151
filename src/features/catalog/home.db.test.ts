import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { createApiTokenForEmail, createUser } from '../accounts/index.js';

/** The film slugs of each home section, by its heading, in page order. */
function sections(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of html.matchAll(/<section class="(?:shelf|featured)"[\s\S]*?<\/section>/g)) {
    const heading =
      /<h2[^>]*>([\s\S]*?)<\/h2>/
        .exec(m[0])?.[1]
        ?.replace(/<[^>]+>/g, '')
        .trim() ?? '';
    const name = m[0].startsWith('<section class="featured"') ? 'Featured' : heading;
    out.set(
      name,
      [...m[0].matchAll(/href="\/film\/([^"/]+)"/g)].map((h) => h[1]!),
    );
  }
  return out;
}

describeEachDialect('home page', (dialect) => {
  let t: TestApp;
  let token: string;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    const films = Array.from({ length: 20 }, (_, i) =>
      buildFilm({
        sourceId: `film-${i}`,
        title: `Film ${String.fromCharCode(65 + i)}`,
        year: 1990 + i,
        genres: i % 2 ? ['Western'] : ['Drama'],
        synopsis: `Film ${String.fromCharCode(65 + i)} is a ${1990 + i} American film directed by Someone. It follows a courier ${i} across a frozen lake.`,
      }),
    );
    for (const [i, film] of films.entries())
      await insertFilms(t.t.db, [film], new Date(Date.UTC(2026, 0, 1 + i)).toISOString());
    await createUser(
      t.t.db,
      { email: 'mod@example.org', password: 'moderating all day long', role: 'moderator' },
      { id: null, label: 'cli' },
      clock.now(),
    );
    token = (await createApiTokenForEmail(t.t.db, 'mod@example.org', 'tests', clock.now())).token;
  });
  afterAll(async () => t.close());

  it('hides the activity shelves before anyone comments or votes, and shows no film twice', async () => {
    const home = sections((await t.app.inject({ url: '/' })).body);
    expect(home.has('Most discussed this week')).toBe(false);
    expect(home.has('Highest rated this month')).toBe(false);
    expect(home.get('Featured')).toEqual(['film-t']);
    const all = [...home.values()].flat();
    expect(new Set(all).size).toBe(all.length);
    // Every film of the catalog is on the page once: featured, newest, then the genre shelves take the rest.
    expect(all).toHaveLength(20);
  });

  it('features the most discussed film and ranks this month’s votes, from what visitors did', async () => {
    const voters = await Promise.all(
      ['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((ip) => TestVisitor.start(t.app, ip)),
    );
    for (const v of voters) {
      expect((await v.api('PUT', '/api/v1/films/film-c/rating', { stars: 5 })).statusCode).toBe(200);
      expect((await v.api('PUT', '/api/v1/films/film-d/rating', { stars: 2 })).statusCode).toBe(200);
    }
    const commenter = new TestVisitor(t.app, '198.51.100.9');
    const page = await commenter.request({ url: '/film/film-b' });
    commenter.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const posted = await commenter.api('POST', '/api/v1/films/film-b/comments', {
      authorName: 'Ana Lima',
      authorEmail: 'ana@example.org',
      body: 'The lake scenes are the best thing I saw this year.',
    });
    expect(posted.statusCode).toBe(201);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/comments/${posted.json().id}/approve`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(approved.statusCode).toBe(200);

    const html = (await t.app.inject({ url: '/' })).body;
    const home = sections(html);
    expect(home.get('Featured')).toEqual(['film-b']);
    // The featured film is not repeated in the shelf it came from, which is then empty and hidden.
    expect(home.has('Most discussed this week')).toBe(false);
    expect(home.get('Highest rated this month')).toEqual(['film-c', 'film-d']);
    const all = [...home.values()].flat();
    expect(new Set(all).size).toBe(all.length);
    // Cards carry a logline, not the "X is a YEAR COUNTRY film" opening.
    expect(html).toContain('It follows a courier 2 across a frozen lake.');
    expect(html).not.toMatch(/film-card__logline">Film [A-T] is a/);
  });

  it('forgets last month’s activity', async () => {
    clock.advance(40 * 86_400_000);
    // A vote retires the cached page; the activity windows are then read again at the new date.
    const v = await TestVisitor.start(t.app, '198.51.100.20');
    const vote = await v.api('PUT', '/api/v1/films/film-e/rating', { stars: 4 });
    expect(vote.statusCode, vote.body).toBe(200);
    const home = sections((await t.app.inject({ url: '/' })).body);
    expect(home.get('Featured')).toEqual(['film-e']);
    expect(home.has('Highest rated this month')).toBe(false);
  });
});
