import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';

const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));

const noMembers = { average: null, count: 0 };

describeEachDialect('ratings and likes over HTTP', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      engagement: {
        ...testConfig().engagement,
        votesPerIpPerFilm: 3,
        writesPerVisitorPerMinute: 8,
        writesPerIpPerMinute: 100,
      },
    });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Miracle in Cell No. 7', year: 2013 }),
      buildFilm({ title: 'Quiet Film', year: 2001 }),
      buildFilm({ title: 'Crowded Film', year: 2002 }),
    ]);
  });
  afterAll(async () => t.close());

  it('says "Be the first one!" before any vote, and has no AggregateRating yet', async () => {
    const page = await t.app.inject({ url: '/film/quiet-film' });
    expect(page.body).toContain('Be the first one!');
    expect(page.body).toContain('Be the first to like this');
    const movie = jsonLdOf(page.body).find((d) => d['@type'] === 'Movie');
    expect(movie.aggregateRating).toBeUndefined();
  });

  it('rates through the JSON API: vote, change, second visitor, remove', async () => {
    const a = await TestVisitor.start(t.app, '198.51.100.1');
    const b = await TestVisitor.start(t.app, '198.51.100.2');
    const url = '/api/v1/films/miracle-in-cell-no-7/rating';

    let r = await a.api('PUT', url, { stars: 4.5 });
    expect(r.statusCode).toBe(200);
    const halves = (...counts: Array<[stars: number, n: number]>) => {
      const buckets = Array(10).fill(0);
      for (const [stars, n] of counts) buckets[stars * 2 - 1] = n;
      return buckets;
    };
    expect(r.json()).toEqual({
      average: 4.5,
      count: 1,
      histogram: [0, 0, 0, 0, 1],
      halfStars: halves([4.5, 1]),
      members: noMembers,
      guests: { average: 4.5, count: 1 },
      yours: 4.5,
      held: false,
    });

    r = await a.api('PUT', url, { stars: 3 });
    expect(r.json()).toEqual({
      average: 3,
      count: 1,
      histogram: [0, 0, 1, 0, 0],
      halfStars: halves([3, 1]),
      members: noMembers,
      guests: { average: 3, count: 1 },
      yours: 3,
      held: false,
    });

    r = await b.api('PUT', url, { stars: 5 });
    expect(r.json()).toEqual({
      average: 4,
      count: 2,
      histogram: [0, 0, 1, 0, 1],
      halfStars: halves([3, 1], [5, 1]),
      members: noMembers,
      guests: { average: 4, count: 2 },
      yours: 5,
      held: false,
    });

    r = await a.request({ url });
    expect(r.json()).toMatchObject({ average: 4, count: 2, yours: 3 });

    r = await a.api('DELETE', url);
    expect(r.json()).toEqual({
      average: 5,
      count: 1,
      histogram: [0, 0, 0, 0, 1],
      halfStars: halves([5, 1]),
      members: noMembers,
      guests: { average: 5, count: 1 },
      yours: null,
      held: false,
    });

    const page = await t.app.inject({ url: '/film/miracle-in-cell-no-7' });
    const movie = jsonLdOf(page.body).find((d) => d['@type'] === 'Movie');
    expect(movie.aggregateRating).toMatchObject({ '@type': 'AggregateRating', ratingValue: 5, ratingCount: 1 });
  });

  it('works with JavaScript off: form post, redirect back, message and own vote shown', async () => {
    const v = await TestVisitor.start(t.app, '198.51.100.3');
    const post = await v.form('/film/quiet-film/rating', { stars: '4.5' });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/film/quiet-film#rating');
    const page = await v.request({ url: '/film/quiet-film' });
    expect(page.body).toContain('Your rating of 4.5 stars is saved');
    expect(page.body).toMatch(/Your rating: <strong>4\.5 stars<\/strong>/);
    expect(page.body).toMatch(/id="stars-4-5" value="4\.5" checked/);
    // The message is shown once.
    const again = await v.request({ url: '/film/quiet-film' });
    expect(again.body).not.toContain('is saved');

    const remove = await v.form('/film/quiet-film/rating', { remove: '1' });
    expect(remove.statusCode).toBe(303);
    const after = await v.request({ url: '/film/quiet-film' });
    expect(after.body).toContain('Your rating was removed.');
    expect(after.body).toContain('Be the first one!');
  });

  it('tells a voter held back by the per-network cap the truth, in the API and on the page', async () => {
    const url = '/api/v1/films/crowded-film/rating';
    // votesPerIpPerFilm is 3 here: three visitors of one network count, the fourth is held for review.
    for (let i = 0; i < 3; i++) {
      const v = await TestVisitor.start(t.app, '198.51.100.40');
      expect((await v.api('PUT', url, { stars: 4 })).json().held).toBe(false);
    }
    const fourth = await TestVisitor.start(t.app, '198.51.100.40');
    const held = (await fourth.api('PUT', url, { stars: 0.5 })).json();
    expect(held).toMatchObject({ held: true, yours: 0.5, count: 3, average: 4 });
    expect((await fourth.request({ url })).json().held).toBe(true);

    // With JavaScript off the message says the same, and never "Thanks! … is saved." alone.
    const fifth = await TestVisitor.start(t.app, '198.51.100.40');
    expect((await fifth.form('/film/crowded-film/rating', { stars: '1' })).statusCode).toBe(303);
    const page = (await fifth.request({ url: '/film/crowded-film' })).body;
    expect(page).toContain('Your rating of 1 star is saved. It will count in the average after review');
    expect(page).not.toContain('Thanks! Your rating of 1 star is saved.');
  });

  it('draws ten half-star bars: a vote of 4.5 is not counted as 5', async () => {
    const v = await TestVisitor.start(t.app, '198.51.100.41');
    await v.api('PUT', '/api/v1/films/miracle-in-cell-no-7/rating', { stars: 4.5 });
    const page = (await t.app.inject({ url: '/film/miracle-in-cell-no-7' })).body;
    const bars = [...page.matchAll(/aria-label="([\d.]+ stars?): (\d+) votes?"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(bars).toHaveLength(10);
    expect(bars).toContain('4.5 stars=1');
    expect(bars).toContain('5 stars=1'); // the other visitor's vote, from the test above
    await v.api('DELETE', '/api/v1/films/miracle-in-cell-no-7/rating');
  });

  it('likes once per visitor, with JavaScript on and off', async () => {
    const v = await TestVisitor.start(t.app, '198.51.100.4');
    const w = await TestVisitor.start(t.app, '198.51.100.5');
    const url = '/api/v1/films/quiet-film/like';
    expect((await v.api('POST', url)).json()).toEqual({ likes: 1, liked: true });
    expect((await v.api('POST', url)).json()).toEqual({ likes: 1, liked: true });
    expect((await w.form('/film/quiet-film/like', { liked: '1' })).statusCode).toBe(303);
    const page = await w.request({ url: '/film/quiet-film' });
    expect(page.body).toContain('2 people like this');
    expect(page.body).toContain('aria-pressed="true"');
    expect((await v.api('DELETE', url)).json()).toEqual({ likes: 1, liked: false });
    const anonymous = await t.app.inject({ url: '/film/quiet-film' });
    expect(anonymous.body).toContain('1 person likes this');
  });

  it('refuses writes without a valid CSRF token', async () => {
    const v = await TestVisitor.start(t.app, '198.51.100.6');
    const noToken = await v.request({
      method: 'PUT',
      url: '/api/v1/films/quiet-film/rating',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ stars: 1 }),
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const forged = await v.request({
      method: 'POST',
      url: '/film/quiet-film/like',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'liked=1&_csrf=forged',
    });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/films/quiet-film/rating' })).json().count).toBe(0);
  });

  it('rejects stars out of range with a message naming the field, and unknown films with 404', async () => {
    const v = await TestVisitor.start(t.app, '198.51.100.7');
    for (const stars of [0, 5.5, 3.3, -1]) {
      const r = await v.api('PUT', '/api/v1/films/quiet-film/rating', { stars });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('invalid_field');
      expect(Object.keys(r.json().error.fields)).toEqual(['stars']);
    }
    const missing = await v.api('PUT', '/api/v1/films/quiet-film/rating', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('stars');
    const unknown = await v.api('PUT', '/api/v1/films/no-such-film/rating', { stars: 3 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('film_not_found');
  });

  it('limits writes per visitor with 429 and Retry-After', async () => {
    const v = await TestVisitor.start(t.app, '198.51.100.8');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await v.api('PUT', '/api/v1/films/quiet-film/rating', { stars: (i % 10) / 2 + 0.5 });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        expect(r.json().error.code).toBe('rate_limited');
      }
    }
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
  });

  it('offers top-rated and most-liked sorts on category archives and a Top rated page', async () => {
    const topRated = await t.app.inject({ url: '/category/english-movies?sort=top-rated' });
    expect(topRated.statusCode).toBe(200);
    const mostLiked = await t.app.inject({ url: '/category/english-movies?sort=most-liked' });
    const order = [...mostLiked.body.matchAll(/film-card__title"><a href="\/film\/([^"]+)"/g)].map((m) => m[1]);
    expect(order[0]).toBe('quiet-film');
    const page = await t.app.inject({ url: '/top-rated' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Miracle in Cell No. 7');
    const about = await t.app.inject({ url: '/about/ratings' });
    expect(about.body).toContain('WR = v/(v+m) · R + m/(v+m) · C');
  });

  it('describes every answer of the votes, likes, related and search API in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const paths = [
      '/api/v1/films/{slug}/rating',
      '/api/v1/films/{slug}/like',
      '/api/v1/films/{slug}/related',
      '/api/v1/search',
      '/api/v1/search/suggestions',
    ];
    for (const path of paths) {
      const operations = Object.entries(doc.paths[path] ?? {});
      expect(operations.length, path).toBeGreaterThan(0);
      for (const [method, operation] of operations) {
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['200', '4XX', '5XX']),
        );
      }
    }
  });
});
