import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilmMatcher } from './film-matcher.js';
import { type HistoryEvent, openHistory } from './history.service.js';
import { writeHistoryExport } from './history-export.js';
import { HistoryFileError } from './history-row.js';
import { writeZip } from './zip-writer.js';

/*
 * Fixtures in test/fixtures/history/, written by hand in each service's layout:
 * - Letterboxd: the export ZIP's files as issue 17 quotes them (watched.csv, watchlist.csv, likes/films.csv:
 *   Date,Name,Year,Letterboxd URI; ratings.csv +Rating; diary.csv Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,
 *   Watched Date; reviews.csv +Review; lists/*.csv "Letterboxd list export v7", metadata block, blank line,
 *   Position,Name,Year,URL,Description), and the import format of letterboxd.com/about/importing-data/.
 * - IMDb: the ratings export header Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,
 *   Runtime (mins),Year,Genres,Num Votes,Release Date,Directors (older files without Original Title), and the list
 *   export with Position,Const,Created,Modified,Description before the same film columns.
 * - Trakt: the JSON of the API's Sync "Get watched / Get ratings / Get watchlist" (https://trakt.docs.apiary.io/),
 *   the files named as in Trakt's data export: watched-movies.json, ratings-movies.json, lists-watchlist.json at the
 *   root, or in the older layout <user>/watched/watched-movies.json, <user>/ratings/ratings-movies.json and
 *   <user>/lists/watchlist.json (as described by a Trakt-import README found with the code search).
 */

const FIXTURES = path.resolve('test/fixtures/history');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-history-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The files under a fixture folder, as a ZIP (paths relative to it). */
function zipOf(folder: string, extra: Array<{ name: string; data: Buffer | string }> = []): string {
  const root = path.join(FIXTURES, folder);
  const files = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(root, f)).isFile())
    .sort()
    .map((f) => ({ name: f.split(path.sep).join('/'), data: fs.readFileSync(path.join(root, f)) }));
  const file = path.join(dir, `${folder.replace(/\W/g, '-')}-${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(file, writeZip([...files, ...extra]));
  return file;
}

/** The catalog of the tests: two films share a title and year, one has an original title, two have ids. */
function matcher(): FilmMatcher {
  const m = new FilmMatcher();
  const film = (id: number, title: string, year: number | null, more: Record<string, unknown> = {}) =>
    m.add({ id, slug: `f${id}`, title, year, originalTitle: null, imdbId: null, tmdbId: null, ...more });
  film(1, 'The Matrix', 1999, { imdbId: 'tt0133093' });
  film(2, 'Crouching Tiger, Hidden Dragon', 2000, { originalTitle: 'Wo hu cang long' });
  film(3, 'Twin Film', 2010);
  film(4, 'Twin Film', 2010);
  film(5, 'Heat', 1995, { tmdbId: 949 });
  film(6, 'Amélie', 2001, { originalTitle: "Le Fabuleux Destin d'Amélie Poulain" });
  film(7, 'The "Quoted" One', 2005);
  return m;
}

async function read(file: string, name?: string) {
  const reading = await openHistory(null as never, { path: file, name }, { matcher: matcher() });
  const events: HistoryEvent[] = [];
  for await (const event of reading) events.push(event);
  return { events, report: reading.report };
}

const brief = (e: HistoryEvent) =>
  `${e.kind} ${e.file}:${e.line} ${e.title} ${e.match.status === 'matched' ? `#${e.match.filmId}` : e.match.status}`;

describe('Letterboxd export', () => {
  it('reads every file, matches by folded title and year, and reports what it could not match', async () => {
    const { events, report } = await read(zipOf('letterboxd'));
    expect(events.map(brief)).toEqual([
      'watched watched.csv:2 The Matrix #1',
      'watched watched.csv:3 Crouching Tiger, Hidden Dragon #2',
      'watched watched.csv:4 Twin Film ambiguous',
      'watched watched.csv:5 A Film Nobody Has unmatched',
      'diary diary.csv:2 The "Quoted" One #7',
      'diary diary.csv:3 Matrix, The #1',
      'review reviews.csv:2 Amelie #6',
      'rating ratings.csv:2 The Matrix #1',
      'rating ratings.csv:3 Heat #5',
      'like likes/films.csv:2 Heat #5',
      "watchlist watchlist.csv:2 Le Fabuleux Destin d'Amélie Poulain #6",
      'list-entry lists/best-of-the-90s.csv:6 Heat #5',
      'list-entry lists/best-of-the-90s.csv:8 The Matrix #1',
    ]);
    const diary = events.find((e) => e.kind === 'diary')!;
    expect(diary).toMatchObject({ rating: 1, date: '2024-02-09', tags: ['cold', 'rainy day'], rewatch: false });
    expect(events[5]).toMatchObject({ rating: 9, rewatch: true });
    expect(events.find((e) => e.kind === 'review')?.review).toBe(
      'First line.\nSecond line, with a comma and a "quote".',
    );
    // Heat 1996 is Heat 1995 by a year's tolerance, the only film it can be.
    expect(events[8]!.match).toMatchObject({ status: 'matched', by: 'title and year ±1' });
    expect(events[11]).toMatchObject({
      list: {
        name: 'Best of the 90s',
        description: 'Ten films, ranked.',
        position: 1,
        note: 'The diner scene.\nEnough said.',
      },
    });
    expect(report.ambiguous).toEqual([
      {
        file: 'watched.csv',
        position: 'line 4',
        title: 'Twin Film',
        year: 2010,
        candidates: [
          { id: 3, slug: 'f3', title: 'Twin Film', year: 2010 },
          { id: 4, slug: 'f4', title: 'Twin Film', year: 2010 },
        ],
      },
    ]);
    expect(report.unmatched.map((u) => `${u.file} ${u.position} ${u.title}`)).toEqual([
      'watched.csv line 5 A Film Nobody Has',
    ]);
    expect(report.skipped).toEqual([
      { file: 'ratings.csv', position: 'line 4', reason: 'rating "7" is not 0.5 to 5 stars in half stars' },
    ]);
    expect(report.notes).toEqual([
      'deleted/diary.csv: deleted items, not imported',
      'profile.csv: not a Letterboxd or IMDb file, left out',
    ]);
  });
});

describe('IMDb exports', () => {
  it('reads ratings as half-stars by IMDb id, skips TV titles with a count, and reads files without Original Title', async () => {
    const ratings = await read(path.join(FIXTURES, 'imdb/ratings.csv'));
    expect(ratings.events.map((e) => [e.title, e.imdbId, e.rating, e.date, e.match.status])).toEqual([
      ['The Matrix', 'tt0133093', 9, '2023-05-01', 'matched'],
      ['Amélie', 'tt0211915', 1, '2023-05-02', 'matched'],
    ]);
    expect(ratings.report.skippedByReason).toEqual({ 'not a film (title type TV Series)': 1 });
    const old = await read(path.join(FIXTURES, 'imdb/ratings-old.csv'));
    expect(old.events.map((e) => [e.title, e.originalTitle, e.rating])).toEqual([['Heat', null, 8]]);
    const watchlist = await read(path.join(FIXTURES, 'imdb/WATCHLIST.csv'));
    expect(watchlist.events.map((e) => [e.kind, e.title, e.match.status])).toEqual([
      ['watchlist', 'Crouching Tiger, Hidden Dragon', 'matched'],
    ]);
  });
});

describe('Trakt export', () => {
  for (const layout of ['trakt-new', 'trakt-old']) {
    it(`reads watched, ratings and watchlist (${layout}), by id first`, async () => {
      const { events, report } = await read(zipOf(layout));
      expect(events.map((e) => [e.kind, e.title, e.rating, e.date, e.match.status])).toEqual([
        ['watched', 'The Matrix', null, '2024-05-01', 'matched'],
        ['watched', 'Twin Film', null, '2024-05-02', 'ambiguous'],
        ['rating', 'Heat', 7, '2024-05-03', 'matched'],
        ['watchlist', 'Amélie', null, '2024-05-04', 'matched'],
      ]);
      expect(events[2]!.match).toMatchObject({ by: 'tmdb id', filmId: 5 });
      expect(report.skippedByReason).toEqual({ 'not a film (type show)': 1 });
    });
  }
});

describe('bad files: a clear error, and no event handed out', () => {
  const refused = async (file: string, name?: string) => {
    const error = await read(file, name).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HistoryFileError);
    return (error as Error).message;
  };

  it('refuses a ZIP bomb by its ratio and by what it declares', async () => {
    const bomb = path.join(dir, 'bomb.zip');
    fs.writeFileSync(bomb, writeZip([{ name: 'watched.csv', data: Buffer.alloc(50 * 1024 * 1024, 0x41) }]));
    expect(await refused(bomb)).toMatch(/watched\.csv is packed \d+:1, past 100:1: refused as a ZIP bomb/);
    // A file whose header understates its size: reading stops where the declared size ends.
    const lying = Buffer.from(
      writeZip([
        { name: 'watched.csv', data: `Date,Name,Year,Letterboxd URI\n${'2024-01-01,X,1999,u\n'.repeat(5000)}` },
      ]),
    );
    const central = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(40, central + 24);
    lying.writeUInt32LE(40, 22);
    const lyingFile = path.join(dir, 'lying.zip');
    fs.writeFileSync(lyingFile, lying);
    expect(await refused(lyingFile)).toMatch(
      /^lying\.zip: watched\.csv cannot be read \(too many bytes in the stream\. expected 40\. got at least \d+\)$/,
    );
  });

  it('refuses a 2 GB file before reading it', async () => {
    const huge = path.join(dir, 'huge.zip');
    const handle = fs.openSync(huge, 'w');
    fs.ftruncateSync(handle, 2 * 1024 * 1024 * 1024);
    fs.closeSync(handle);
    expect(await refused(huge)).toBe('huge.zip: the file is 2048 MB, more than the 100 MB allowed');
    fs.rmSync(huge);
  });

  it('refuses path traversal, absolute and backslash names inside the ZIP', async () => {
    for (const name of ['../x.csv', '/etc/watched.csv', 'lists\\..\\x.csv']) {
      const file = path.join(dir, 'unsafe.zip');
      fs.writeFileSync(file, writeZip([{ name, data: 'Date,Name,Year,Letterboxd URI\n' }]));
      expect(await refused(file), name).toMatch(/unsafe\.zip: unsafe or damaged entry/);
    }
  });

  it('refuses wrong columns and text that is not UTF-8, naming the file and line', async () => {
    const wrong = path.join(dir, 'watched.csv');
    fs.writeFileSync(wrong, 'Date,Film,Year,Letterboxd URI\n2024-01-01,Heat,1995,u\n');
    expect(await refused(wrong)).toBe(
      'watched.csv, line 1: wrong columns: expected Date, Name, Year, Letterboxd URI; missing Name (found Date, Film, Year, Letterboxd URI)',
    );
    const other = path.join(dir, 'films.csv');
    fs.writeFileSync(other, 'Date,Film\n');
    expect(await refused(other)).toBe(
      'films.csv, line 1: not a Letterboxd, IMDb or Trakt export (found columns Date, Film)',
    );
    const zipped = zipOf('letterboxd', [{ name: 'likes/films.csv', data: 'Date,Title\n' }]);
    expect(await refused(zipped)).toMatch(/likes\/films\.csv is in the ZIP twice/);
    const latin1 = path.join(dir, 'diary.csv');
    fs.writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from('Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n2024-01-01,Heat,1995,u,4,,,\n'),
        Buffer.from('2024-01-02,Am\xe9lie,2001,u,4,,,\n', 'latin1'),
      ]),
    );
    expect(await refused(latin1)).toBe(
      'diary.csv, line 3: the text is not valid UTF-8 (byte 14 of the line); save the file as UTF-8 and try again',
    );
    const badJson = path.join(dir, 'watched-movies.json');
    fs.writeFileSync(
      badJson,
      Buffer.concat([Buffer.from('[\n{"movie": {"title": "Am'), Buffer.from([0xe9]), Buffer.from('"}}]')]),
    );
    expect(await refused(badJson)).toBe('watched-movies.json, line 2: the text is not UTF-8; export the file again');
  });
});

describe('export', () => {
  it('writes Letterboxd-import CSV and our JSON, and reading it back loses nothing', async () => {
    const { events } = await read(zipOf('letterboxd'));
    const zip = writeHistoryExport(events, {
      site: 'Reelhouse',
      member: 'cinephile',
      exportedAt: new Date('2026-12-05T12:00:00Z'),
    });
    const file = path.join(dir, 'export.zip');
    fs.writeFileSync(file, zip);
    const again = await read(file);
    const fields = (e: HistoryEvent) => [
      e.kind,
      e.title,
      e.year,
      e.date,
      e.rating,
      e.rewatch,
      e.tags,
      e.review,
      e.list,
      e.match,
    ];
    expect(again.events.map(fields)).toEqual(events.map(fields));
    expect(again.report.notes).toEqual([
      'letterboxd/diary.csv: left out, reelhouse-history.json holds the same',
      'letterboxd/watchlist.csv: left out, reelhouse-history.json holds the same',
    ]);
  });
});
