// The `reelhouse import` command end to end: the compiled CLI (dist/cli.js, so run `npm run build` first) as a child
// process on a real SQLite file. Checks what an operator sees (exit code, stderr, summary line) against what the
// database holds afterwards, including a run killed half-way and re-run.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disqusExport } from '../../../test/support/disqus-export.js';
import { movieBlogWxr, SITE } from '../../../test/support/wxr-movie-blog.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');
const BAD_CSV = 'test/fixtures/bad-films.csv';
const WORLD_CSV = 'test/fixtures/world-films.csv';
// The full data set lives beside the repository, never inside it (see its SOURCE.md); paths stay relative to ROOT.
const DATA_DIR = '../shared/data/wikipedia-movie-data-us';
const hasData = fs.existsSync(path.resolve(ROOT, DATA_DIR, 'movies-1910s.json.gz'));
if (!hasData) {
  process.stdout.write(
    `[import cli tests] ${path.resolve(ROOT, DATA_DIR)} is absent: the Wikipedia data set tests are skipped\n`,
  );
}

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Summary {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-import-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let dbCounter = 0;
const newDatabaseFile = () => path.join(tmp, `import-${++dbCounter}.db`);

function startCli(args: string[], dbFile: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

const runCli = (args: string[], dbFile: string) => startCli(args, dbFile).done;

/** The one summary line the command prints on stdout. */
function summaryOf(result: CliResult, file: string): Summary {
  const match = new RegExp(
    `^Imported ${escapeRegExp(file)}: (\\d+) inserted, (\\d+) updated, (\\d+) unchanged, (\\d+) rejected\\.$`,
    'm',
  ).exec(result.stdout);
  if (!match) throw new Error(`no summary line in stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  const count = (group: number) => Number(match[group]);
  return { inserted: count(1), updated: count(2), unchanged: count(3), rejected: count(4) };
}

/** The "<file>: <position>: rejected: <reason>" lines of stderr, without the file prefix. */
function rejectedLines(result: CliResult, file: string): string[] {
  const prefix = `${file}: `;
  return result.stderr
    .split('\n')
    .filter((line) => line.includes(': rejected: '))
    .map((line) => {
      expect(line.startsWith(prefix), `rejected line names the file: ${line}`).toBe(true);
      return line.slice(prefix.length);
    });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Everything an import writes, in a stable order, to show that a re-run changed nothing. */
function snapshot(file: string) {
  return withDb(file, (db) => ({
    films: db.prepare('select * from films order by id').all(),
    people: db.prepare('select * from film_people order by film_id, role, position').all(),
    genres: db.prepare('select * from film_genres order by film_id, genre_id').all(),
    categories: db.prepare('select * from film_categories order by film_id, category_id').all(),
    state: db.prepare('select * from site_state order by key').all(),
  }));
}

/** What the wikipedia-json reader keys a film by: (year, trimmed title), the source's own list structure. */
function wikipediaFilms(file: string): { total: number; keys: string[]; duplicates: string[] } {
  const films = JSON.parse(gunzipSync(fs.readFileSync(path.resolve(ROOT, file))).toString('utf8')) as Array<{
    title: string;
    year: number;
    href?: string;
  }>;
  const first = new Map<string, number>();
  const duplicates: string[] = [];
  films.forEach((film, index) => {
    // Same year, title and article: the same film listed twice (docs/decisions/009).
    const href = film.href?.trim();
    const key = `${film.year}/${film.title.trim()}${href ? `#${href}` : ''}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index + 1);
    else duplicates.push(`item ${index + 1}: rejected: duplicate of item ${earlier} (same source id "${key}")`);
  });
  return { total: films.length, keys: [...first.keys()], duplicates };
}

describe('reelhouse import: a CSV file with bad rows', () => {
  let db: string;
  let first: CliResult;
  beforeAll(async () => {
    db = newDatabaseFile();
    first = await runCli(['import', BAD_CSV, '--format', 'csv'], db);
  });

  it('exits 1 and lists every rejected row with its line number and reason', () => {
    expect(first.code, first.stderr).toBe(1);
    const rejected = rejectedLines(first, BAD_CSV);
    const expected = [
      /^line 3: rejected: title is missing$/,
      /^line 4: rejected: year "19x5" is not a whole number$/,
      /^line 5: rejected: year 1700 is outside 1870\.\.\d{4}$/,
      /^line 7: rejected: duplicate of line 2 \(same source id "bad-1"\)$/,
      // Line 10 comes after a record spanning lines 8-9: positions count physical lines.
      /^line 10: rejected: year 2999 is outside 1870\.\.\d{4}$/,
      /^line 12: rejected: Quote Not Closed: .*line 12/,
    ];
    expect(rejected).toHaveLength(expected.length);
    for (const pattern of expected) {
      expect(
        rejected.filter((line) => pattern.test(line)),
        `one rejected line matches ${pattern}`,
      ).toHaveLength(1);
    }
  });

  it('stores every good row, and only those', () => {
    const films = withDb(db, (d) =>
      d.prepare('select title, year, synopsis, source, source_id from films order by source_id').all(),
    );
    expect(films).toEqual([
      {
        title: 'The Lighthouse Keeper',
        year: 1995,
        synopsis: 'A keeper waits out a storm.',
        source: 'csv',
        source_id: 'bad-1',
      },
      {
        title: 'Harbour Lights, Part Two',
        year: 2003,
        synopsis: 'A sequel, with a comma in its title.',
        source: 'csv',
        source_id: 'bad-5',
      },
      {
        title: 'Long Synopsis',
        year: 2010,
        synopsis: 'A synopsis that spans\ntwo lines.',
        source: 'csv',
        source_id: 'bad-6',
      },
      { title: 'Winter Field', year: 2015, synopsis: 'The last good row.', source: 'csv', source_id: 'bad-7' },
    ]);
    const people = withDb(db, (d) =>
      d
        .prepare(
          `select people.name, film_people.role from film_people
           join people on people.id = film_people.person_id
           join films on films.id = film_people.film_id
           where films.source_id = 'bad-1' order by film_people.role, film_people.position`,
        )
        .all(),
    );
    expect(people).toEqual([
      { name: 'Tom Hale', role: 'cast' },
      { name: 'Ruth Moss', role: 'cast' },
      { name: 'Ann Lee', role: 'director' },
    ]);
  });

  it('prints a summary line whose counts match the rejected lines and the database', () => {
    const summary = summaryOf(first, BAD_CSV);
    expect(summary).toEqual({ inserted: 4, updated: 0, unchanged: 0, rejected: 6 });
    expect(rejectedLines(first, BAD_CSV)).toHaveLength(summary.rejected);
    expect(withDb(db, (d) => d.prepare('select count(*) from films').pluck().get())).toBe(summary.inserted);
  });

  it('changes nothing when the same file is imported again ("0 inserted")', async () => {
    const before = snapshot(db);
    const again = await runCli(['import', BAD_CSV, '--format', 'csv'], db);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(': 0 inserted, 0 updated, 4 unchanged, 6 rejected.');
    expect(summaryOf(again, BAD_CSV)).toEqual({ inserted: 0, updated: 0, unchanged: 4, rejected: 6 });
    expect(rejectedLines(again, BAD_CSV)).toEqual(rejectedLines(first, BAD_CSV));
    expect(snapshot(db)).toEqual(before);
  });

  it('recomputes related films after an import, unless told --no-related', async () => {
    const relatedRows = (file: string) =>
      withDb(file, (db) => (db.prepare('select count(*) as n from related_films').get() as { n: number }).n);
    const skipped = newDatabaseFile();
    const quiet = await runCli(['import', WORLD_CSV, '--format', 'csv', '--no-related'], skipped);
    expect(quiet.stdout).not.toMatch(/Related films/);
    expect(relatedRows(skipped)).toBe(0);
    const built = newDatabaseFile();
    const loud = await runCli(['import', WORLD_CSV, '--format', 'csv'], built);
    expect(loud.stdout).toMatch(/Related films: \d+ films/);
    expect(relatedRows(built)).toBeGreaterThan(0);
  });

  it('names the line a multi-line record starts on', async () => {
    const file = path.join(tmp, 'multi-line-bad-year.csv');
    fs.writeFileSync(file, 'title,year,synopsis,source_id\nSpread Out,1700,"one\ntwo\nthree",m-1\n');
    const result = await runCli(['import', file, '--format', 'csv'], newDatabaseFile());
    expect(rejectedLines(result, file)).toEqual([expect.stringMatching(/^line 2: rejected: year 1700/)]);
  });
});

describe('reelhouse import --format disqus', () => {
  it('brings the comments of a Disqus export onto the films a WordPress import created, and prints the counts', async () => {
    const db = newDatabaseFile();
    const wxr = path.join(tmp, 'blog-for-disqus.xml');
    fs.writeFileSync(wxr, movieBlogWxr());
    expect((await runCli(['import', wxr, '--format', 'wxr', '--no-related'], db)).code).toBe(0);
    const file = path.join(tmp, 'disqus.xml');
    fs.writeFileSync(
      file,
      disqusExport(
        [{ id: '900', link: `${SITE}/2014/02/inception-2010/`, title: 'Inception' }],
        [
          { id: '2', thread: '900', parent: '1', message: 'Agreed' },
          { id: '1', thread: '900', message: 'Great' },
          { id: '3', thread: '900', message: 'Spam!', spam: true },
        ],
      ),
    );
    const result = await runCli(['import', file, '--format', 'disqus'], db);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('threads: 1 matched by link, 0 by title, 0 matched no film');
    expect(result.stdout).toContain('comments: 2 approved, 0 pending, 1 spam, 0 trash; 0 already imported');
  });
});

describe('reelhouse import: mistakes on the command line', () => {
  it('rejects an unknown --format with a clear error and exit code 1, before touching the database', async () => {
    const db = newDatabaseFile();
    const result = await runCli(['import', BAD_CSV, '--format', 'xml'], db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("option '--format <format>' argument 'xml' is invalid");
    expect(result.stderr).toContain('expected wikipedia-json, csv, wxr or disqus');
    expect(result.stdout).toBe('');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('reports a missing file clearly, exit code 1, without creating a database', async () => {
    const db = newDatabaseFile();
    const missing = 'test/fixtures/no-such-films.csv';
    const result = await runCli(['import', missing, '--format', 'csv'], db);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`reelhouse: cannot import ${missing}: no such file`);
    expect(result.stdout).toBe('');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('names the file and format when the content does not parse as that format', async () => {
    const result = await runCli(['import', BAD_CSV, '--format', 'wikipedia-json'], newDatabaseFile());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^reelhouse: import of ${escapeRegExp(BAD_CSV)} \\(--format wikipedia-json\\) stopped: .+$`, 'm'),
    );
  });
});

describe.skipIf(!hasData)('reelhouse import: the Wikipedia data set', () => {
  it('reports rejected rows with the file and item position, naming the first copy of a duplicate', async () => {
    const file = `${DATA_DIR}/movies-1910s.json.gz`;
    const expected = wikipediaFilms(file);
    const result = await runCli(['import', file, '--format', 'wikipedia-json'], newDatabaseFile());
    expect(result.code).toBe(1);
    const rejected = rejectedLines(result, file);
    // The source lists "Suspicion" (1918) twice, byte for byte: the second copy is the duplicate.
    expect(rejected).toContain(
      'item 3029: rejected: duplicate of item 3017 (same source id "1918/Suspicion#Suspicion_(1918_film)")',
    );
    // Two different 1915 films called "Carmen" (DeMille's and Walsh's) are both kept.
    expect(rejected.some((line) => line.includes('1915/Carmen'))).toBe(false);
    expect(rejected).toEqual(expected.duplicates);
    expect(summaryOf(result, file)).toEqual({
      inserted: expected.keys.length,
      updated: 0,
      unchanged: 0,
      rejected: expected.duplicates.length,
    });
  }, 60_000);

  it('finishes a run killed half-way when re-run: every distinct film once, no duplicate keys or slugs', async () => {
    const file = `${DATA_DIR}/movies-1920s.json.gz`;
    const { total, keys } = wikipediaFilms(file);
    const db = newDatabaseFile();
    // Create the schema first so the film count can be polled from the moment the import starts.
    expect((await runCli(['migrate'], db)).code).toBe(0);

    const run = startCli(['import', file, '--format', 'wikipedia-json'], db);
    const watcher = new Database(db, { fileMustExist: true });
    const count = watcher.prepare('select count(*) from films').pluck();
    let exited = false;
    void run.done.then(() => {
      exited = true;
    });
    let committed = 0;
    while (!exited) {
      committed = count.get() as number;
      if (committed > 0 && committed < keys.length) {
        run.child.kill('SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const killed = await run.done;
    expect(killed.signal, 'the first run was killed before it finished').toBe('SIGKILL');
    const afterKill = count.get() as number;
    watcher.close();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(keys.length);

    const rerun = await runCli(['import', file, '--format', 'wikipedia-json'], db);
    const summary = summaryOf(rerun, file);
    expect(summary.updated).toBe(0);
    expect(summary.unchanged).toBe(afterKill);
    expect(summary.inserted + summary.unchanged).toBe(total - summary.rejected);
    expect(summary.rejected).toBe(total - keys.length);

    withDb(db, (d) => {
      expect(d.prepare('select count(*) from films').pluck().get()).toBe(keys.length);
      const stored = d.prepare("select source_id from films where source = 'wikipedia-json'").pluck().all();
      expect((stored as string[]).sort()).toEqual([...keys].sort());
      expect(
        d.prepare('select source, source_id from films group by source, source_id having count(*) > 1').all(),
      ).toEqual([]);
      expect(d.prepare('select slug from films group by slug having count(*) > 1').all()).toEqual([]);
    });
  }, 120_000);
});
