import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Watchlists and diaries of members (docs/decisions/033). Rows go with the member or the film (cascade); the indexes
// serve the profile's aggregates (by member, newest first) and the page cache's per-member watchlist look-up.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watchlist_items')
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('watchlist_items_pk', ['member_id', 'film_id'])
    .execute();
  await db.schema.createIndex('watchlist_items_film_idx').on('watchlist_items').column('film_id').execute();

  await db.schema
    .createTable('diary_entries')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('watched_on', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('rewatch', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('diary_entries_member_idx')
    .on('diary_entries')
    .columns(['member_id', 'watched_on', 'id'])
    .execute();
  await db.schema.createIndex('diary_entries_film_idx').on('diary_entries').column('film_id').execute();
  // Covers the profile's aggregates (distinct films, this year, genres, directors) without reading the rows.
  await db.schema
    .createIndex('diary_entries_stats_idx')
    .on('diary_entries')
    .columns(['member_id', 'is_public', 'film_id', 'watched_on'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['diary_entries', 'watchlist_items']) await db.schema.dropTable(table).execute();
}
