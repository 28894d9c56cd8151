// Every way a film enters the catalog gives it a related list within a second and puts it on its neighbours' lists:
// the admin form, an admin upload (/admin/import), the CLI's CSV import and its WordPress import (--format wxr).
// The CLI runs as the compiled dist/cli.js (run `npm run build` first) against the same database as the app.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { TestVisitor } from '../../../test/support/visitor.js';
import { movieBlogWxr } from '../../../test/support/wxr-movie-blog.js';
import { smallCatalog } from './related.fixtures.js';
import { getRelatedFilms, rebuildRelated, rebuildRelatedIfMissing } from './related.service.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** A spawned CLI starts Node, migrates and imports: over 20 s on a loaded shared machine. */
const CLI_TIMEOUT_MS = 90_000;

const CSV_HEADER = 'title,year,synopsis,origin,language,genres,director,cast,source_id';

describeEachDialect('a film gets related films whichever way it enters the catalog', (dialect) => {
  let t: TestApp;
  let dir: string;
  let admin: TestVisitor;
  const clock = new TestClock();

  const slugs = async (slug: string) => {
    const film = await t.t.db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst();
    return film ? (await getRelatedFilms(t.t.db, film.id, 24)).map((f) => f.slug) : [];
  };
  /** The film's list and the lists of `neighbours`, polled for at most `ms` after the film is in the catalog. */
  async function listsWithin(slug: string, neighbours: string[], ms: number) {
    const started = performance.now();
    for (;;) {
      const own = await slugs(slug);
      const theirs = await Promise.all(neighbours.map(slugs));
      if ((own.length > 0 && theirs.every((l) => l.includes(slug))) || performance.now() - started > ms)
        return { own, theirs, ms: performance.now() - started };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...t.t.env, DATABASE_URL: t.t.databaseUrl, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-related-entry-'));
    t = await createTestApp(dialect, { dataDir: dir, posterDir: path.join(dir, 'posters') }, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, smallCatalog());
    await rebuildRelated(t.t.db);
    admin = await logIn(t, ADMIN, '192.0.2.60');
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an upload to /admin/import (the defect: it used to leave the film with no list, even after a restart)', async () => {
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/import' })).body);
    const csv = `${CSV_HEADER}\nRocky III,1982,"Rocky Balboa loses his title to Clubber Lang and asks his old rival Apollo Creed to train him for the rematch.",United States,English,Sports,Sylvester Stallone,Sylvester Stallone|Talia Shire,r-3\n`;
    const started = await postMultipart(
      admin,
      '/admin/import',
      { format: 'csv', source: 'upload' },
      { field: 'file', filename: 'rocky.csv', contentType: 'text/csv', data: Buffer.from(csv) },
    );
    expect(started.statusCode, started.body).toBe(303);
    // The job's page stops refreshing once the job has ended; the lists are written before it says so.
    for (let i = 0; i < 200; i++) {
      const page = await admin.request({ url: started.headers.location as string });
      if (!page.headers.refresh) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const { own, theirs } = await listsWithin('rocky-iii', ['rocky', 'rocky-ii'], 1000);
    expect(own.slice(0, 2)).toEqual(expect.arrayContaining(['rocky', 'rocky-ii']));
    expect(theirs[0]!.slice(0, 3)).toContain('rocky-iii');
    expect(theirs[1]!.slice(0, 3)).toContain('rocky-iii');
  });

  it('the admin form', async () => {
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/films/new' })).body);
    const genre = await t.t.db.selectFrom('genres').select('id').where('name', '=', 'Sports').executeTakeFirstOrThrow();
    const created = await postMultipart(admin, '/admin/films', {
      title: 'Rocky IV',
      year: '1985',
      synopsis: 'Rocky Balboa travels to the Soviet Union to fight the boxer who killed Apollo Creed in the ring.',
      origin: 'United States',
      language: 'English',
      genreIds: String(genre.id),
      directors: 'Sylvester Stallone',
      cast: 'Sylvester Stallone\nTalia Shire',
    });
    expect(created.statusCode, created.body).toBe(303);
    const { own, theirs } = await listsWithin('rocky-iv', ['rocky-ii', 'rocky-iii'], 1000);
    expect(own.slice(0, 3)).toEqual(expect.arrayContaining(['rocky-ii', 'rocky-iii']));
    expect(theirs.every((l) => l.slice(0, 4).includes('rocky-iv'))).toBe(true);
  });

  it(
    'the CLI import of a CSV file',
    async () => {
      const file = path.join(dir, 'rocky-v.csv');
      fs.writeFileSync(
        file,
        `${CSV_HEADER}\nRocky V,1990,"Broke and brain-damaged, Rocky Balboa returns to Philadelphia and trains a young boxer who turns on him.",United States,English,Sports,John G. Avildsen,Sylvester Stallone|Talia Shire,r-5\n`,
      );
      const run = await cli(['import', file, '--format', 'csv']);
      expect(run.code, run.stderr).toBe(0);
      const { own, theirs } = await listsWithin('rocky-v', ['rocky', 'rocky-ii'], 1000);
      expect(own.slice(0, 4).every((s) => s.startsWith('rocky'))).toBe(true);
      expect(theirs.every((l) => l.slice(0, 6).includes('rocky-v'))).toBe(true);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'the CLI import of a WordPress export (--format wxr)',
    async () => {
      const file = path.join(dir, 'blog.xml');
      fs.writeFileSync(
        file,
        movieBlogWxr([
          {
            id: 900,
            title: 'Creed (2015)',
            slug: 'creed-2015',
            categories: [['english-movies', 'English Movies']],
            content:
              '<p>Adonis, the son of Apollo Creed, asks Rocky Balboa to train him as a boxer in Philadelphia for a championship fight.</p>',
          },
        ]),
      );
      const run = await cli(['import', file, '--format', 'wxr']);
      expect(run.code, run.stderr).toBe(0);
      const { own, theirs } = await listsWithin('creed', ['rocky'], 1000);
      expect(own.length).toBeGreaterThan(0);
      expect(own.slice(0, 6).filter((s) => s.startsWith('rocky')).length).toBeGreaterThanOrEqual(2);
      expect(theirs[0]).toContain('creed');
    },
    CLI_TIMEOUT_MS,
  );

  it('a start-up gives a list to a film an older version left without one', async () => {
    await insertFilms(t.t.db, [
      buildFilm({
        title: 'Rocky Balboa',
        year: 2006,
        synopsis: 'Retired, Rocky Balboa steps into the ring once more against the young heavyweight champion.',
        directors: ['Sylvester Stallone'],
        cast: ['Sylvester Stallone'],
        genres: ['Sports'],
      }),
    ]);
    expect(await slugs('rocky-balboa')).toEqual([]);
    const lines: string[] = [];
    expect(await rebuildRelatedIfMissing(t.t.db, (line) => lines.push(line))).toBe(true);
    expect(lines.join('\n')).toMatch(/\d+ films without a list got one/);
    expect((await slugs('rocky-balboa')).slice(0, 6).filter((s) => s.startsWith('rocky')).length).toBeGreaterThan(2);
  });
});
