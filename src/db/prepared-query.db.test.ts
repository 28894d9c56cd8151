import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { saveImportedFilm } from '../features/catalog/index.js';
import type { DbOrTx } from './database.js';
import { preparedQuery } from './prepared-query.js';

const filmsAfter = preparedQuery((db: DbOrTx, year: number, limit: number) =>
  db.selectFrom('films').select(['title', 'year']).where('year', '>', year).orderBy('year').limit(limit),
);

describeEachDialect('a prepared query', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(
      t.db,
      [1931, 1952, 1977, 1999].map((year) => buildFilm({ title: `Film of ${year}`, year })),
    );
  });
  afterAll(() => t.destroy());

  it('answers each run with that run’s values, as the query built afresh would', async () => {
    expect(await filmsAfter(t.db, 1950, 2)).toEqual([
      { title: 'Film of 1952', year: 1952 },
      { title: 'Film of 1977', year: 1977 },
    ]);
    expect(await filmsAfter(t.db, 1970, 5)).toEqual([
      { title: 'Film of 1977', year: 1977 },
      { title: 'Film of 1999', year: 1999 },
    ]);
    const fresh = await t.db
      .selectFrom('films')
      .select(['title', 'year'])
      .where('year', '>', 1900)
      .orderBy('year')
      .limit(1)
      .execute();
    expect(await filmsAfter(t.db, 1900, 1)).toEqual(fresh);
  });

  it('runs inside a transaction, seeing its uncommitted writes', async () => {
    await t.db
      .transaction()
      .execute(async (tx) => {
        await saveImportedFilm(tx, buildFilm({ title: 'Film of 2024', year: 2024 }), '2026-01-01T00:00:00.000Z');
        expect(await filmsAfter(tx, 2000, 5)).toEqual([{ title: 'Film of 2024', year: 2024 }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await filmsAfter(t.db, 2000, 5)).toEqual([]);
  });

  it('refuses a builder that uses a parameter instead of binding it', async () => {
    const shapedByValue = preparedQuery((db: DbOrTx, titles: string[]) =>
      db
        .selectFrom('films')
        .select('title')
        .where('title', 'in', titles.length ? ['x'] : ['y']),
    );
    await expect(shapedByValue(t.db, ['Film of 1931'])).rejects.toThrow(/binds 0 of its 1 parameters/);
  });
});
