import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Tags (issue 15): a flat taxonomy beside categories, as a WordPress blog's post tags. A renamed or merged tag's old
// slug keeps answering (tag_redirects), as categories' do.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tags')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('film_tags')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('film_tags_pk', ['film_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('film_tags_tag').on('film_tags').columns(['tag_id', 'film_id']).execute();
  await db.schema
    .createTable('tag_redirects')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tag_redirects', 'film_tags', 'tags']) await db.schema.dropTable(table).execute();
}
