import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Lists (issue 17, decision 035): members' and the site's lists of films, their entries with sparse positions, likes,
// and the folded title words the search reads.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lists')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('owner_key', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ranked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lists_owner_slug').on('lists').columns(['owner_key', 'slug']).unique().execute();
  await db.schema.createIndex('lists_member').on('lists').columns(['member_id', 'updated_at']).execute();
  await db.schema
    .createTable('list_entries')
    .addColumn('list_id', 'integer', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_entries_pk', ['list_id', 'film_id'])
    .execute();
  await db.schema.createIndex('list_entries_order').on('list_entries').columns(['list_id', 'position']).execute();
  await db.schema.createIndex('list_entries_film').on('list_entries').columns(['film_id', 'list_id']).execute();
  await db.schema
    .createTable('list_likes')
    .addColumn('list_id', 'integer', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_likes_pk', ['list_id', 'visitor_id'])
    .execute();
  await db.schema.createIndex('list_likes_visitor').on('list_likes').columns(['visitor_id']).execute();
  await db.schema
    .createTable('list_words')
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('list_id', 'integer', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('list_words_pk', ['word', 'list_id'])
    .execute();
  await db.schema.createIndex('list_words_list').on('list_words').columns(['list_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['list_words', 'list_likes', 'list_entries', 'lists']) await db.schema.dropTable(table).execute();
}
