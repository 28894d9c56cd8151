import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import type { Db } from '../../db/database.js';
import { readVersions } from '../../db/site-state.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { findLikeCount } from './likes.repository.js';
import { getLikes, setLike } from './likes.service.js';

const NOW = new Date('2026-12-05T12:00:00Z');
const visitor = (n: number) => ({ visitorId: `visitor-${n}`, ipHash: `ip-${n % 2}` });

/** A like in a unit of work of its own, as a route gives it. */
function liker(db: Db) {
  const writer = createWriter(db, {
    invalidate() {},
    effectFailed(error) {
      throw error;
    },
  });
  return (filmId: number, who: { visitorId: string; ipHash: string }, liked: boolean) =>
    writer.write(async (uow) => (await setLike(uow.tx, filmId, who, liked, NOW)).view);
}

describeEachDialect('likes', (dialect) => {
  let t: TestDatabase;
  let films: number[];
  let like: ReturnType<typeof liker>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [buildFilm(), buildFilm()]);
    films = (await t.db.selectFrom('films').select('id').orderBy('id').execute()).map((r) => r.id);
    like = liker(t.db);
  });
  afterAll(async () => t.destroy());

  it('counts one like per visitor: liking twice is one like, unliking takes it back', async () => {
    const [film] = films as [number];
    expect(await getLikes(t.db, film, null)).toEqual({ likes: 0, liked: false });
    expect(await like(film, visitor(1), true)).toEqual({ likes: 1, liked: true });
    expect(await like(film, visitor(1), true)).toEqual({ likes: 1, liked: true });
    expect(await like(film, visitor(2), true)).toEqual({ likes: 2, liked: true });
    expect(await getLikes(t.db, film, 'visitor-3')).toEqual({ likes: 2, liked: false });
    expect(await like(film, visitor(1), false)).toEqual({ likes: 1, liked: false });
    expect(await like(film, visitor(1), false)).toEqual({ likes: 1, liked: false });
  });

  it('keeps the stored count equal to the like rows under any sequence of likes and unlikes', async () => {
    const op = fc.record({
      visitor: fc.integer({ min: 0, max: 4 }),
      film: fc.integer({ min: 0, max: 1 }),
      liked: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        for (const o of ops) await like(films[o.film]!, visitor(o.visitor), o.liked);
        for (const filmId of films) {
          const rows = await t.db.selectFrom('film_likes').select('visitor_id').where('film_id', '=', filmId).execute();
          expect(await findLikeCount(t.db, filmId)).toBe(rows.length);
        }
      }),
      { numRuns: 15, seed: 20261205 },
    );
  });
});

describeEachDialect('likes over HTTP', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertFilms(t.t.db, [buildFilm({ title: 'Liked Film' })]);
  });
  afterAll(async () => t.close());

  it('moves the public content version only when a like really changed', async () => {
    const fan = await TestVisitor.start(t.app);
    const url = '/api/v1/films/liked-film/like';
    const before = await readVersions(t.t.db);
    expect((await fan.api('DELETE', url)).json()).toEqual({ likes: 0, liked: false });
    expect(await readVersions(t.t.db)).toBe(before);
    expect((await fan.api('POST', url)).json()).toEqual({ likes: 1, liked: true });
    const liked = await readVersions(t.t.db);
    expect(liked).not.toBe(before);
    expect((await fan.api('POST', url)).json()).toEqual({ likes: 1, liked: true });
    expect(await readVersions(t.t.db)).toBe(liked);
  });

  it('answers an unknown film with the error shape the OpenAPI document describes', async () => {
    const fan = await TestVisitor.start(t.app);
    const r = await fan.api('POST', '/api/v1/films/no-such-film/like');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'film_not_found', message: 'There is no film at this address.' } });
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths['/api/v1/films/{slug}/like']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '4XX', '5XX']),
    );
  });
});
