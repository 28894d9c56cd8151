import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';

describeEachDialect('JSON API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [
      ...Array.from({ length: 7 }, (_, i) => buildFilm({ title: `Drama ${i + 1}`, year: 1990 + i, genres: ['Drama'] })),
      buildFilm({
        title: 'Parasite',
        originalTitle: '기생충',
        year: 2019,
        categories: ['Korean Movies'],
        genres: ['Thriller'],
        directors: ['Bong Joon-ho'],
        cast: ['Song Kang-ho'],
        synopsis: 'A poor family schemes to become employed by a wealthy household.',
      }),
    ]);
    await t.app.ready();
  });
  afterAll(async () => t.close());

  it('describes every response of every /api/v1 operation: a success and the error shape', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
    };
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses ?? {});
        const success = statuses.some((s) => /^2\d\d$/.test(s) || s === '3XX' || /^3\d\d$/.test(s));
        const errors = statuses.some((s) => /^[45]/.test(s));
        if (!success || !errors) undocumented.push(`${method.toUpperCase()} ${path}: ${statuses.join(', ') || 'none'}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('documents every /api/v1 route in the OpenAPI document and on the docs page', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const apiRoutes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && r.method !== 'OPTIONS',
    );
    expect(apiRoutes.length).toBeGreaterThanOrEqual(9);
    const docs = await t.app.inject({ url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    for (const route of apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
      expect(docs.body).toContain(`${route.method} ${path}`);
    }
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
  });

  it('lists films a page at a time with an opaque cursor, and filters them', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/films?limit=3&sort=title${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await t.app.inject({ url })).json() as {
        items: Array<{ slug: string }>;
        nextCursor: string | null;
      };
      seen.push(...body.items.map((i) => i.slug));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen[0]).toBe('drama-1');

    const korean = (await t.app.inject({ url: '/api/v1/films?category=korean-movies' })).json();
    expect(korean.items).toEqual([
      {
        slug: 'parasite',
        title: 'Parasite',
        originalTitle: '기생충',
        year: 2019,
        imdbId: null,
        tmdbId: null,
        wikidataId: null,
        categories: ['korean-movies'],
        genres: ['thriller'],
        rating: {
          average: null,
          count: 0,
          members: { average: null, count: 0 },
          guests: { average: null, count: 0 },
        },
        likes: 0,
      },
    ]);
    expect(
      (await t.app.inject({ url: '/api/v1/films?genre=drama&year=1993' }))
        .json()
        .items.map((i: { slug: string }) => i.slug),
    ).toEqual(['drama-4']);
  });

  it('answers bad parameters with 400 naming the field, unknown things with 404, in one error format', async () => {
    const badLimit = await t.app.inject({ url: '/api/v1/films?limit=500' });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error).toMatchObject({ code: 'invalid_field', fields: { limit: expect.any(String) } });
    const badCursor = await t.app.inject({ url: '/api/v1/films?cursor=nonsense' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.fields).toHaveProperty('cursor');
    const otherListing = (await t.app.inject({ url: '/api/v1/films?limit=1' })).json().nextCursor;
    expect((await t.app.inject({ url: `/api/v1/films?limit=1&sort=year&cursor=${otherListing}` })).statusCode).toBe(
      400,
    );
    const unknownCategory = await t.app.inject({ url: '/api/v1/films?category=klingon-movies' });
    expect(unknownCategory.statusCode).toBe(404);
    expect(unknownCategory.json().error.code).toBe('category_not_found');
    const unknownFilm = await t.app.inject({ url: '/api/v1/films/no-such-film' });
    expect(unknownFilm.json()).toEqual({ error: { code: 'film_not_found', message: expect.any(String) } });
    const unknownPath = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(unknownPath.statusCode).toBe(404);
    expect(unknownPath.json().error.code).toBe('not_found');
  });

  it('returns one film with its people, categories and genres', async () => {
    const film = (await t.app.inject({ url: '/api/v1/films/parasite' })).json();
    expect(film).toMatchObject({
      slug: 'parasite',
      title: 'Parasite',
      originalTitle: '기생충',
      year: 2019,
      url: 'http://reelhouse.test/film/parasite',
      directors: [{ slug: 'bong-joon-ho', name: 'Bong Joon-ho' }],
      cast: [{ slug: 'song-kang-ho', name: 'Song Kang-ho' }],
      categories: [{ slug: 'korean-movies', name: 'Korean Movies' }],
      genres: [{ slug: 'thriller', name: 'Thriller' }],
      rating: { average: null, count: 0 },
      likes: 0,
    });
    const categories = (await t.app.inject({ url: '/api/v1/categories' })).json().items;
    expect(categories).toContainEqual({ slug: 'korean-movies', name: 'Korean Movies', count: 1 });
  });

  it('answers If-None-Match with 304 and allows cross-origin reads but not writes', async () => {
    const first = await t.app.inject({ url: '/api/v1/genres', headers: { origin: 'https://elsewhere.example' } });
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await t.app.inject({ url: '/api/v1/genres', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/films/parasite/rating',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers['access-control-allow-methods'] ?? '').not.toContain('PUT');
  });
});
