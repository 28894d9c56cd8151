import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
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
