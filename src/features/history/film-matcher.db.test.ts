import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { FilmMatcher } from './film-matcher.js';
import { type HistoryEvent, openHistory } from './history.service.js';

describeEachDialect('matching history rows to catalog films', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [
      buildFilm({ title: 'The Matrix', year: 1999, imdbId: 'tt0133093', tmdbId: 603 }),
      buildFilm({ title: 'Twin Film', year: 2010 }),
      buildFilm({ title: 'Twin Film', year: 2010 }),
      buildFilm({ title: 'Heat', year: 1995 }),
      buildFilm({ title: 'Amélie', year: 2001, originalTitle: "Le Fabuleux Destin d'Amélie Poulain" }),
      buildFilm({ title: 'Near Year', year: 2003 }),
      buildFilm({ title: 'Near Year', year: 2005 }),
    ]);
  });
  afterAll(async () => t.destroy());

  it('matches by id, then folded title and year (±1 only when unique), and lists candidates instead of guessing', async () => {
    const matcher = await FilmMatcher.load(t.db);
    const status = (q: Parameters<FilmMatcher['match']>[0]) => {
      const m = matcher.match(q);
      return m.status === 'matched' ? `${m.film.title} ${m.film.year} by ${m.by}` : m.status;
    };
    expect(status({ title: 'Something Else', imdbId: 'tt0133093' })).toBe('The Matrix 1999 by imdb id');
    expect(status({ title: 'x', tmdbId: 603 })).toBe('The Matrix 1999 by tmdb id');
    expect(status({ title: 'Matrix, The', year: 1999 })).toBe('The Matrix 1999 by title and year');
    expect(status({ title: 'THE MATRIX' })).toBe('The Matrix 1999 by title');
    expect(status({ title: 'Le Fabuleux Destin d’Amelie Poulain', year: 2001 })).toBe('Amélie 2001 by title and year');
    expect(status({ title: 'amelie', year: 2002 })).toBe('Amélie 2001 by title and year ±1');
    expect(status({ title: 'Heat', year: 1997 })).toBe('unmatched');
    expect(status({ title: 'Near Year', year: 2004 })).toBe('ambiguous');
    // The row's IMDb id names another film than the catalog's Matrix: not that one.
    expect(status({ title: 'The Matrix', year: 1999, imdbId: 'tt9999999' })).toBe('unmatched');
    const twin = matcher.match({ title: 'Twin Film', year: 2010 });
    expect(twin.status === 'ambiguous' && twin.candidates.map((c) => c.slug)).toEqual(['twin-film', 'twin-film-2010']);
  });

  it('reads a file against the database and reports the unmatched and ambiguous rows with their lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-history-db-'));
    const file = path.join(dir, 'watched.csv');
    fs.writeFileSync(
      file,
      'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat,1995,u\n2024-01-02,Twin Film,2010,u\n2024-01-03,Nope,1990,u\n',
    );
    const reading = await openHistory(t.db, { path: file });
    const events: HistoryEvent[] = [];
    for await (const event of reading) events.push(event);
    expect(events.map((e) => e.match.status)).toEqual(['matched', 'ambiguous', 'unmatched']);
    expect(reading.report.ambiguous.map((r) => [r.position, r.candidates.length])).toEqual([['line 3', 2]]);
    expect(reading.report.unmatched.map((r) => r.position)).toEqual(['line 4']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
