import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { searchFilms } from './search.service.js';

const LONG = 'A story told at length, as the articles of well-known films are. '.repeat(12);

/**
 * Decision 050: a letter left out or mistyped (found alike on both databases), a title word misspelled into another
 * word, and a last word that only begins a title word; each film meant competes with a look-alike.
 */
describeEachDialect('search: one slip of the fingers', (dialect) => {
  let t: TestDatabase;
  const titles = async (q: string) =>
    (await searchFilms(t.db, q, { filter: {}, sort: 'relevance', limit: 3, offset: 0 })).hits.map(
      (h) => `${h.title} (${h.year})`,
    );

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [
      buildFilm({ title: 'Heathers', year: 1988, cast: ['Winona Ryder', 'Christian Slater'], synopsis: LONG }),
      // Shares the rarest trigrams of "heathrs" ("thr", "hrs") without being one letter away from it.
      buildFilm({ title: 'Three Hours', year: 1927, cast: ['Corinne Griffith'], synopsis: 'Three hours to live.' }),
      buildFilm({ title: 'Star Wars: The Clone Wars', year: 2008, cast: ['Matt Lanter'], synopsis: LONG }),
      buildFilm({ title: 'Star Words', year: 1931, cast: ['Ann Little'], synopsis: 'A short about clones.' }),
      buildFilm({ title: 'Random Harvest', year: 1942, cast: ['Ronald Colman', 'Greer Garson'], synopsis: LONG }),
      buildFilm({ title: 'Ransom', year: 1928, cast: ['Lois Wilson'], synopsis: 'A harvest of gold.' }),
      buildFilm({ title: 'Texas Bad Man', year: 1953, cast: ['Wayne Morris'], synopsis: 'An outlaw.' }),
      buildFilm({ title: 'Bad Man', year: 1930, cast: ['Ann Morris'], synopsis: 'Teas and a saloon.' }),
      buildFilm({ title: 'The Witch', year: 2016, cast: ['Anya Taylor-Joy'], synopsis: LONG }),
      buildFilm({ title: 'Wichita', year: 1955, cast: ['Joel McCrea'], synopsis: 'A marshal.' }),
      buildFilm({ title: 'The Border Legion', year: 1924, directors: ['William K. Howard'], cast: ['Antonio Moreno'] }),
      // The name is the seventh of a longer cast, which makes the film look better known.
      buildFilm({
        title: 'Border Flight',
        year: 1936,
        cast: ['Frances Farmer', 'Roscoe Karns', 'Bo Brown', 'Cy Green', 'Di Black', 'Ed White', 'John Howard'],
      }),
      buildFilm({ title: 'Breaker! Breaker!', year: 1977, cast: ['Chuck Norris'], synopsis: 'A trucker.' }),
      // Better known here, and holds the word that the query types twice.
      buildFilm({ title: 'The Ghost Breaker', year: 1922, cast: ['Wallace Reid'], synopsis: LONG }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await t?.destroy();
  });

  it('finds a title with a letter left out or mistyped', async () => {
    expect((await titles('heathrs'))[0]).toBe('Heathers (1988)');
    expect((await titles('star wors clone'))[0]).toBe('Star Wars: The Clone Wars (2008)');
  });

  it('finds a title whose word was misspelled into another word, with or without a person', async () => {
    expect((await titles('ransom harvest'))[0]).toBe('Random Harvest (1942)');
    expect((await titles('teas bad man morris'))[0]).toBe('Texas Bad Man (1953)');
  });

  it('weighs a whole word one slip away against a title that only continues the last word', async () => {
    expect((await titles('the wich'))[0]).toBe('The Witch (2016)');
    // Typed in full, the title that has the word whole still comes first.
    expect((await titles('wichita'))[0]).toBe('Wichita (1955)');
  });

  it('takes a word typed twice as a title that has it twice, not as the whole of one that has it once', async () => {
    expect((await titles('breaker breaker'))[0]).toBe('Breaker! Breaker! (1977)');
  });

  it('with a title word and a person, puts the film the person directs or stars in before one they are far down in', async () => {
    expect((await titles('border howard'))[0]).toBe('The Border Legion (1924)');
  });
});
