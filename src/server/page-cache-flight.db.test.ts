import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { TestVisitor } from '../../test/support/visitor.js';

const AT_ONCE = 8;

describeEachDialect('page cache: concurrent misses for one page share one render', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 })]);
  });
  afterAll(async () => t.close());

  const together = (url: string) =>
    Promise.all(Array.from({ length: AT_ONCE }, () => t.app.inject({ method: 'GET', url })));

  it('8 requests right after a change: one render, and every visitor gets the same bytes', async () => {
    expect((await t.app.inject({ url: '/film/heat' })).statusCode).toBe(200);
    // A vote changes the page: every copy held is stale.
    const voter = await TestVisitor.start(t.app, '192.0.2.10');
    expect((await voter.api('PUT', '/api/v1/films/heat/rating', { stars: 4 })).statusCode).toBe(200);

    const answers = await together('/film/heat');
    const sources = answers.map((a) => a.headers['x-page-cache']);
    expect(sources.filter((s) => s === 'miss')).toHaveLength(1);
    expect(sources.filter((s) => s === 'hit')).toHaveLength(AT_ONCE - 1);
    // The page carries each visitor's own CSRF token and form stamp; everything else is the same bytes.
    const withoutToken = (body: string) => body.replace(/name="(_csrf|form_ts)" value="[^"]*"/g, '');
    const bodies = new Set(answers.map((a) => withoutToken(a.body)));
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('(1 vote)');
  });

  it('a render that fails fails for all who waited for it, and is not kept', async () => {
    await insertFilms(t.t.db, [buildFilm({ title: 'Ran', year: 1985 })]);
    await sql`alter table film_rating_stats rename to film_rating_stats_away`.execute(t.t.db);
    let answers: Awaited<ReturnType<typeof together>>;
    try {
      answers = await together('/film/ran');
    } finally {
      await sql`alter table film_rating_stats_away rename to film_rating_stats`.execute(t.t.db);
    }
    expect(answers.map((a) => a.statusCode)).toEqual(Array(AT_ONCE).fill(500));
    // One render failed; the others were given its answer, not a render of their own.
    expect(answers.filter((a) => a.headers['x-page-cache'] === 'waited')).toHaveLength(AT_ONCE - 1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);

    const after = await t.app.inject({ url: '/film/ran' });
    expect(after.statusCode).toBe(200);
    expect(after.headers['x-page-cache']).toBe('miss');
  });
});
