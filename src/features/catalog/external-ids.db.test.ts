import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { TestVisitor } from '../../../test/support/visitor.js';
import { runImport } from '../importers/index.js';

const CSV = [
  'title,year,imdb_id,tmdb_id,wikidata_id,source_id',
  'The Matrix,1999,tt0133093,603,Q83495,matrix',
  'Heat,1995,https://www.imdb.com/title/tt0113277/,949,,heat',
  // Line 4: the same IMDb id as line 2, for another film.
  'Not The Matrix,2001,tt0133093,,,not-matrix',
  'Broken Id,2002,tt12,,,broken',
  'No Ids,2003,,,,no-ids',
].join('\n');

const jsonLd = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
    .map((m) => JSON.parse(m[1]!) as { '@type': string; sameAs?: string | string[] })
    .find((o) => o['@type'] === 'Movie');

describeEachDialect('external film ids (IMDb, TMDB, Wikidata)', (dialect) => {
  let t: TestApp;
  let dir: string;
  let admin: TestVisitor;
  const clock = new TestClock();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-ids-'));
    t = await createTestApp(dialect, { dataDir: dir, posterDir: path.join(dir, 'posters') }, { clock });
    await createStaff(t, clock.now());
    admin = await logIn(t, ADMIN, '192.0.2.31');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/films/new' })).body);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the ids from CSV, refusing a duplicate or malformed one by its line', async () => {
    const file = path.join(dir, 'films.csv');
    fs.writeFileSync(file, CSV);
    const summary = await runImport(t.t.db, { file, format: 'csv' });
    expect(summary.inserted).toBe(3);
    expect(summary.rejected).toEqual([
      { position: 'line 4', reason: 'IMDb id tt0133093 is already given to the film on line 2' },
      {
        position: 'line 5',
        reason: 'IMDb id "tt12" is not valid: tt followed by 7 or 8 digits, e.g. tt0133093',
      },
    ]);
    const heat = await t.t.db
      .selectFrom('films')
      .select(['imdb_id', 'tmdb_id', 'wikidata_id'])
      .where('title', '=', 'Heat')
      .executeTakeFirstOrThrow();
    expect(heat).toEqual({ imdb_id: 'tt0113277', tmdb_id: 949, wikidata_id: null });

    // The same file again changes nothing; another file giving an id to another film names the film that has it.
    expect((await runImport(t.t.db, { file, format: 'csv' })).unchanged).toBe(3);
    fs.writeFileSync(file, 'title,year,tmdb_id,source_id\nMatrix Copy,1999,603,copy\n');
    const again = await runImport(t.t.db, { file, format: 'csv' });
    expect(again.rejected).toEqual([
      { position: 'line 2', reason: 'TMDB id 603 already belongs to “The Matrix” (1999, /film/the-matrix)' },
    ]);
  });

  it('shows the ids in the API and as sameAs links in the JSON-LD, which no page loads', async () => {
    const detail = (await t.app.inject({ url: '/api/v1/films/the-matrix' })).json();
    expect(detail).toMatchObject({ imdbId: 'tt0133093', tmdbId: 603, wikidataId: 'Q83495' });
    const list = (await t.app.inject({ url: '/api/v1/films?sort=title' })).json();
    expect(list.items.find((f: { slug: string }) => f.slug === 'no-ids')).toMatchObject({
      imdbId: null,
      tmdbId: null,
      wikidataId: null,
    });
    const page = await t.app.inject({ url: '/film/the-matrix' });
    expect(jsonLd(page.body)?.sameAs).toEqual([
      'https://www.imdb.com/title/tt0133093/',
      'https://www.themoviedb.org/movie/603',
      'https://www.wikidata.org/wiki/Q83495',
    ]);
    expect(page.body).not.toMatch(/(src|href)="https:\/\/www\.(imdb|themoviedb|wikidata)/);
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).body;
    expect(openapi).toContain('the IMDb title id');
  });

  it('lets an admin set the ids, refusing a malformed one or one another film holds, naming the field', async () => {
    const film = await t.t.db.selectFrom('films').select('id').where('title', '=', 'No Ids').executeTakeFirstOrThrow();
    const fields = (ids: Record<string, string>) => ({ title: 'No Ids', year: '2003', ...ids });
    const bad = await postMultipart(admin, `/admin/films/${film.id}`, fields({ imdbId: 'tt1', tmdbId: '12' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('IMDb id &quot;tt1&quot; is not valid');
    const taken = await postMultipart(admin, `/admin/films/${film.id}`, fields({ wikidataId: 'Q83495' }));
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Wikidata id Q83495 already belongs to “The Matrix” (1999, /film/the-matrix).');
    expect(taken.body).toMatch(/id="field-wikidataId"[^>]*aria-invalid="true"/);
    const saved = await postMultipart(admin, `/admin/films/${film.id}`, fields({ imdbId: 'tt0000001', tmdbId: '12' }));
    expect(saved.statusCode).toBe(303);
    const row = await t.t.db
      .selectFrom('films')
      .select(['imdb_id', 'tmdb_id', 'wikidata_id'])
      .where('id', '=', film.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ imdb_id: 'tt0000001', tmdb_id: 12, wikidata_id: null });
    expect((await admin.request({ url: `/admin/films/${film.id}` })).body).toContain('value="tt0000001"');
  });
});
