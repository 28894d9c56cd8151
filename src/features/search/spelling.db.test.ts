import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { markCatalogChanged } from '../catalog/index.js';
import { searchFilms } from './search.service.js';

const LONG = 'A story told at length, as the articles of well-known films are. '.repeat(12);

/**
 * Decision 038: swapped letters, titles typed without their marks or with an article, and people-only queries,
 * each on a few films where the one meant competes with namesakes; the same on both databases.
 */
describeEachDialect('search: swapped letters, compact titles, people', (dialect) => {
  let t: TestDatabase;
  const titles = async (q: string) =>
    (await searchFilms(t.db, q, { filter: {}, sort: 'relevance', limit: 3, offset: 0 })).hits.map(
      (h) => `${h.title} (${h.year})`,
    );

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [
      buildFilm({ title: 'The Godfather', year: 1972, cast: ['Marlon Brando', 'Al Pacino'], synopsis: LONG }),
      buildFilm({ title: 'Godfather Quest', year: 1931, cast: ['Ann Little'], synopsis: 'A short about a godson.' }),
      buildFilm({ title: 'Knock Off', year: 1998, cast: ['Jean-Claude Van Damme'], synopsis: 'Counterfeit jeans.' }),
      buildFilm({ title: 'Knockout', year: 1941, cast: ['Arthur Kennedy'], synopsis: 'A boxer.' }),
      buildFilm({ title: "New Year's Eve", year: 2011, cast: ['Hilary Swank'], synopsis: LONG }),
      buildFilm({ title: 'A New Year', year: 1925, cast: ['Ann Little'], synopsis: 'New years, old eve of years.' }),
      buildFilm({ title: "The Bells of St. Mary's", year: 1945, cast: ['Bing Crosby'], synopsis: 'A priest.' }),
      buildFilm({ title: 'X-Men', year: 2000, cast: ['Hugh Jackman', 'Patrick Stewart'], synopsis: LONG }),
      buildFilm({ title: 'Men in Black', year: 1997, cast: ['Will Smith'], synopsis: 'X marks agents.' }),
      buildFilm({
        title: 'Sleepless in Seattle',
        year: 1993,
        cast: ['Tom Hanks', 'Meg Ryan', 'Bill Pullman'],
        synopsis: 'A widower on a radio show.',
      }),
      // Every word in its people's names, but only one person named in full; better known than Sleepless here.
      buildFilm({
        title: 'Harbour Days',
        year: 1950,
        cast: ['Tom Smith', 'Meg Jones', 'Ryan Hanks', 'Ann Little', 'Bo Brown', 'Cy Green', 'Di Black', 'Ed White'],
        synopsis: `${LONG} ${LONG}`,
      }),
      buildFilm({ title: 'Big', year: 1988, cast: ['Tom Hanks'], synopsis: LONG }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await t?.destroy();
  });

  it('finds a title with two letters swapped, the whole title before one holding the word', async () => {
    expect((await titles('teh godfahter'))[0]).toBe('The Godfather (1972)');
    expect((await titles('konck off'))[0]).toBe('Knock Off (1998)');
  });

  it('still answers a title typed right before any correction', async () => {
    expect((await titles('knockout'))[0]).toBe('Knockout (1941)');
  });

  it('finds a title typed without its marks, with or without its leading article', async () => {
    expect((await titles('new years eve'))[0]).toBe("New Year's Eve (2011)");
    expect((await titles('bells of st marys'))[0]).toBe("The Bells of St. Mary's (1945)");
    expect((await titles('xmen'))[0]).toBe('X-Men (2000)');
  });

  it('puts the film with every person the query names in full first', async () => {
    expect((await titles('tom hanks meg ryan'))[0]).toBe('Sleepless in Seattle (1993)');
  });

  it('indexes the compact key of a film renamed later', async () => {
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('films').set({ title: 'Spider-Man' }).where('title', '=', 'Big').execute();
      await markCatalogChanged(trx);
    });
    expect(await titles('spiderman')).toContain('Spider-Man (1988)');
  });
});
