import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { readVersions } from '../../db/site-state.js';
import { findLikeCount } from './likes.repository.js';
import { getLikes, setLike } from './likes.service.js';

const NOW = new Date('2026-12-05T12:00:00Z');
const visitor = (n: number) => ({ visitorId: `visitor-${n}`, ipHash: `ip-${n % 2}` });

describeEachDialect('likes', (dialect) => {
  let t: TestDatabase;
  let films: number[];
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [buildFilm(), buildFilm()]);
    films = (await t.db.selectFrom('films').select('id').orderBy('id').execute()).map((r) => r.id);
  });
  afterAll(async () => t.destroy());

  it('counts one like per visitor: liking twice is one like, unliking takes it back', async () => {
    const [film] = films as [number];
    expect(await getLikes(t.db, film, null)).toEqual({ likes: 0, liked: false });
    expect(await setLike(t.db, film, visitor(1), true, NOW)).toEqual({ likes: 1, liked: true });
    expect(await setLike(t.db, film, visitor(1), true, NOW)).toEqual({ likes: 1, liked: true });
    expect(await setLike(t.db, film, visitor(2), true, NOW)).toEqual({ likes: 2, liked: true });
    expect(await getLikes(t.db, film, 'visitor-3')).toEqual({ likes: 2, liked: false });
    expect(await setLike(t.db, film, visitor(1), false, NOW)).toEqual({ likes: 1, liked: false });
    expect(await setLike(t.db, film, visitor(1), false, NOW)).toEqual({ likes: 1, liked: false });
  });

  it('moves the public content version only when a like really changed', async () => {
    const [, film] = films as [number, number];
    const before = await readVersions(t.db);
    await setLike(t.db, film, visitor(7), false, NOW);
    expect(await readVersions(t.db)).toBe(before);
    await setLike(t.db, film, visitor(7), true, NOW);
    expect(await readVersions(t.db)).not.toBe(before);
  });

  it('keeps the stored count equal to the like rows under any sequence of likes and unlikes', async () => {
    const op = fc.record({
      visitor: fc.integer({ min: 0, max: 4 }),
      film: fc.integer({ min: 0, max: 1 }),
      liked: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        for (const o of ops) await setLike(t.db, films[o.film]!, visitor(o.visitor), o.liked, NOW);
        for (const filmId of films) {
          const rows = await t.db.selectFrom('film_likes').select('visitor_id').where('film_id', '=', filmId).execute();
          expect(await findLikeCount(t.db, filmId)).toBe(rows.length);
        }
      }),
      { numRuns: 15, seed: 20261205 },
    );
  });
});
