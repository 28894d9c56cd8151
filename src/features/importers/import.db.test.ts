import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm } from '../../../test/support/factories.js';
import { filmContentHash } from '../catalog/index.js';
import { searchFilms } from '../search/index.js';
import { runImport } from './import.service.js';

const FIXTURE = path.resolve('test/fixtures/world-films.csv');

async function categoriesOf(t: TestDatabase, title: string) {
  const rows = await t.db
    .selectFrom('films')
    .innerJoin('film_categories', 'film_categories.film_id', 'films.id')
    .innerJoin('categories', 'categories.id', 'film_categories.category_id')
    .select('categories.name')
    .where('films.title', '=', title)
    .orderBy('categories.name')
    .execute();
  return rows.map((r) => r.name);
}

describeEachDialect('CSV import of films from several countries', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('files each film under the language it is in, never another', async () => {
    const summary = await runImport(t.db, { file: FIXTURE, format: 'csv' });
    expect(summary.rejected).toEqual([]);
    expect(summary.inserted).toBe(9);
    expect(await categoriesOf(t, 'Miracle in Cell No. 7')).toEqual(['Korean Movies']);
    expect(await categoriesOf(t, 'Parasite')).toEqual(['Korean Movies']);
    expect(await categoriesOf(t, '3 Idiots')).toEqual(['Hindi Movies']);
    expect(await categoriesOf(t, 'Vikram')).toEqual(['Tamil Movies']);
    // No language given: the country's only language decides.
    expect(await categoriesOf(t, 'Spirited Away')).toEqual(['Japanese Movies']);
    expect(await categoriesOf(t, 'Amélie')).toEqual(['French Movies']);
    // An unknown language becomes its own category rather than being dropped or guessed.
    expect(await categoriesOf(t, 'Roma')).toEqual(['Mixtec Movies', 'Spanish Movies']);
    expect(await categoriesOf(t, 'Heat')).toEqual(['English Movies']);
    // Norway is not in the mapping and no language is given: not filed under any language.
    expect(await categoriesOf(t, 'The Wave')).toEqual(['Other Movies']);
  });

  it('normalises genre synonyms and keeps unknown genres', async () => {
    const genres = await t.db.selectFrom('genres').select('name').orderBy('name').execute();
    const names = genres.map((g) => g.name);
    expect(names).toContain('Science Fiction');
    expect(names).toContain('Animation');
    expect(names).toContain('Black Comedy');
    expect(names).not.toContain('sci-fi');
    expect(names).not.toContain('Animated');
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await t.db.selectFrom('films').select(['id', 'slug', 'updated_at']).orderBy('id').execute();
    const summary = await runImport(t.db, { file: FIXTURE, format: 'csv' });
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 9 });
    const after = await t.db.selectFrom('films').select(['id', 'slug', 'updated_at']).orderBy('id').execute();
    expect(after).toEqual(before);
  });

  it('imports the same films under several sources at once, each film under a slug of its own', async () => {
    // Two admins' upload jobs, or a job and the CLI: the slug each allocation picks may be taken before it writes.
    const summaries = await Promise.all(
      ['mirror-a', 'mirror-b', 'mirror-c'].map((source) =>
        runImport(t.db, { file: FIXTURE, format: 'csv', source, batchSize: 1 }),
      ),
    );
    for (const summary of summaries) expect(summary).toMatchObject({ inserted: 9, rejected: [] });
    const slugs = await t.db.selectFrom('films').select('slug').where('title', '=', 'Parasite').execute();
    expect(slugs).toHaveLength(4);
    expect(new Set(slugs.map((f) => f.slug)).size).toBe(4);
  });
});

const ORIGINAL_TITLES = path.resolve('test/fixtures/original-titles.csv');

describeEachDialect('CSV import of original titles', (dialect) => {
  let t: TestDatabase;
  let dir: string;
  const originalTitleOf = async (title: string) =>
    (await t.db.selectFrom('films').select('original_title').where('title', '=', title).executeTakeFirstOrThrow())
      .original_title;
  const found = async (query: string) =>
    (await searchFilms(t.db, query, { filter: {}, sort: 'relevance', limit: 3, offset: 0 })).hits.map((h) => h.title);

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-original-'));
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores the original_title column, and none when it repeats the title', async () => {
    const summary = await runImport(t.db, { file: ORIGINAL_TITLES, format: 'csv' });
    expect(summary).toMatchObject({ inserted: 14, rejected: [] });
    expect(await originalTitleOf('Miracle in Cell No. 7')).toBe('7번방의 선물');
    expect(await originalTitleOf('Amélie')).toBe("Le Fabuleux Destin d'Amélie Poulain");
    expect(await originalTitleOf('Heat')).toBeNull();
    expect(await originalTitleOf('Night Garden')).toBeNull();
  });

  it('finds nothing changed on a second import, and counts a changed original title as updated', async () => {
    expect(await runImport(t.db, { file: ORIGINAL_TITLES, format: 'csv' })).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 14,
    });
    const changed = path.join(dir, 'changed.csv');
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(ORIGINAL_TITLES, 'utf8')
        .replace('Parasite,기생충,', 'Parasite,기생충 (Gisaengchung),')
        .replace("Amélie,Le Fabuleux Destin d'Amélie Poulain,", 'Amélie,,'),
    );
    expect(await runImport(t.db, { file: changed, format: 'csv' })).toMatchObject({
      inserted: 0,
      updated: 2,
      unchanged: 12,
    });
    expect(await originalTitleOf('Parasite')).toBe('기생충 (Gisaengchung)');
    expect(await originalTitleOf('Amélie')).toBeNull();
    // The search index followed the update.
    expect(await found('gisaengchung')).toEqual(['Parasite']);
    expect(await found('fabuleux destin')).not.toContain('Amélie');
  });

  it('rejects an original title longer than a title may be', async () => {
    const long = path.join(dir, 'long.csv');
    fs.writeFileSync(long, `title,original_title,source_id\nLong One,${'x'.repeat(301)},long-1\n`);
    const summary = await runImport(t.db, { file: long, format: 'csv' });
    expect(summary.rejected).toEqual([{ position: 'line 2', reason: 'original title is longer than 300 characters' }]);
  });

  it('keeps the content hash of films without an original title, so an upgrade re-imports nothing', () => {
    const film = buildFilm();
    const before = JSON.stringify([
      film.title,
      film.year,
      film.synopsis,
      film.sourceUrl,
      film.origin,
      film.language,
      film.categories,
      film.genres,
      film.directors,
      film.cast,
    ]);
    expect(filmContentHash(film)).toBe(createHash('sha256').update(before).digest('base64url').slice(0, 32));
    expect(filmContentHash({ ...film, originalTitle: 'Autre titre' })).not.toBe(filmContentHash(film));
  });
});
