import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { searchFilms } from './search.service.js';

const LONG = 'A story told at length, as the articles of well-known films are. '.repeat(12);

/** Issue 19's kinds of queries, each on a few films where the one meant competes with look-alikes. */
describeEachDialect('search: notability, years, people and re-split titles', (dialect) => {
  let t: TestDatabase;
  const titles = async (q: string) =>
    (await searchFilms(t.db, q, { filter: {}, sort: 'relevance', limit: 3, offset: 0 })).hits.map(
      (h) => `${h.title} (${h.year})`,
    );

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [
      buildFilm({ title: 'Spider-Man', year: 2002, cast: ['Tobey Maguire', 'Kirsten Dunst'], synopsis: LONG }),
      buildFilm({ title: 'Spider Woman', year: 1944, cast: ['Gale Sondergaard'], synopsis: 'A spider.' }),
      buildFilm({ title: 'Little Women', year: 1933, cast: ['Katharine Hepburn'], synopsis: LONG }),
      buildFilm({ title: 'Little Women', year: 1994, cast: ['Winona Ryder'], synopsis: 'The March sisters.' }),
      buildFilm({ title: 'Little Women', year: 2019, cast: ['Saoirse Ronan'], synopsis: LONG }),
      buildFilm({ title: 'Alien', year: 1979, cast: ['Sigourney Weaver', 'Tom Skerritt'], synopsis: 'Crew.' }),
      buildFilm({ title: 'Alien Nation', year: 1988, cast: ['James Caan'], synopsis: LONG }),
      buildFilm({ title: 'Working Girl', year: 1988, cast: ['Melanie Griffith', 'Sigourney Weaver'], synopsis: LONG }),
      buildFilm({
        title: 'Sleepless in Seattle',
        year: 1993,
        cast: ['Tom Hanks', 'Meg Ryan', 'Bill Pullman'],
        synopsis: LONG,
      }),
      buildFilm({ title: 'Big', year: 1988, cast: ['Tom Hanks', 'Elizabeth Perkins'], synopsis: LONG }),
      buildFilm({ title: 'Top Gun', year: 1986, cast: ['Tom Cruise', 'Meg Ryan'], synopsis: 'Pilots.' }),
      buildFilm({
        title: 'The Godfather',
        year: 1972,
        cast: ['Marlon Brando', 'Al Pacino', 'James Caan', 'Robert Duvall', 'Diane Keaton'],
        synopsis: LONG,
      }),
      buildFilm({ title: "The Godfather's Daughter", year: 1921, cast: ['Ann Little'], synopsis: 'A short.' }),
      buildFilm({ title: 'The Wild One', year: 1953, cast: ['Marlon Brando'], synopsis: LONG }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await t?.destroy();
  });

  it('finds a title typed without its inner punctuation first ("spiderman")', async () => {
    expect((await titles('spiderman'))[0]).toBe('Spider-Man (2002)');
  });

  it('takes a year typed with a title as the version meant, not as a word to find', async () => {
    expect((await titles('little women 1994'))[0]).toBe('Little Women (1994)');
  });

  it('lifts the film whose title and person the query names together', async () => {
    expect((await titles('alien weaver'))[0]).toBe('Alien (1979)');
  });

  it('puts films with both people first for two names and no title', async () => {
    expect((await titles('tom hanks meg ryan'))[0]).toBe('Sleepless in Seattle (1993)');
  });

  it('ranks the closer, better-known title first for a misspelling', async () => {
    expect((await titles('the godfater'))[0]).toBe('The Godfather (1972)');
  });

  it('finds a misspelled title through the correctly spelled person', async () => {
    expect((await titles('godfater brando'))[0]).toBe('The Godfather (1972)');
  });

  it('never lets notability bury a film titled exactly as the query', async () => {
    // "Little Women" (1994) has the shortest text of the three but is titled as the query like the others; "Spider
    // Woman" (thin) is not pushed below anything titled otherwise.
    expect(await titles('little women')).toContain('Little Women (1994)');
    expect((await titles('spider woman'))[0]).toBe('Spider Woman (1944)');
  });
});
