import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';

type Operation = { responses?: Record<string, unknown> };

describeEachDialect('catalog API responses', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Stalker', year: 1979, genres: ['Drama'] })]);
    await t.app.ready();
  });
  afterAll(async () => t.close());

  it('describes every answer each catalog route gives in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const statuses = (path: string) => Object.keys(doc.paths[path]?.get?.responses ?? {}).sort();
    expect(statuses('/api/v1/films')).toEqual(['200', '400', '404']);
    expect(statuses('/api/v1/films/{slug}')).toEqual(['200', '301', '400', '404']);
    expect(statuses('/api/v1/categories')).toEqual(['200', '4XX', '5XX']);
    expect(statuses('/api/v1/genres')).toEqual(['200', '4XX', '5XX']);
  });

  it('sends errors in the documented shape, the field named', async () => {
    const missing = await t.app.inject({ url: '/api/v1/films/no-such-film' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'film_not_found', message: 'No film "no-such-film".' } });
    const badCursor = await t.app.inject({ url: '/api/v1/films?cursor=abc' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toEqual({
      error: {
        code: 'invalid_field',
        message: 'cursor: not a cursor from this listing (filters or sort changed?)',
        fields: { cursor: 'cursor: not a cursor from this listing (filters or sort changed?)' },
      },
    });
    const noGenre = await t.app.inject({ url: '/api/v1/films?genre=western' });
    expect(noGenre.statusCode).toBe(404);
    expect(noGenre.json().error.code).toBe('genre_not_found');
  });
});
