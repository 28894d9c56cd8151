import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// The activity feed and follows (docs/decisions/037). `activity_items` is an index of what members did, written in
// the unit of work of the write itself; whether an item still shows is decided when it is read, by joins on the
// source rows and on `members`. Rows go with the member or the film (cascade). Ids grow with time: the feed is
// ordered and paged by id (keyset).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activity_items')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('film_id', 'integer', (c) => c.references('films.id').onDelete('cascade'))
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('list_slug', 'text')
    .addColumn('list_title', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activity_items_subject_idx')
    .on('activity_items')
    .columns(['kind', 'subject_id', 'member_id'])
    .unique()
    .execute();
  await db.schema.createIndex('activity_items_member_idx').on('activity_items').columns(['member_id', 'id']).execute();
  await db.schema.createIndex('activity_items_film_idx').on('activity_items').column('film_id').execute();

  await db.schema
    .createTable('member_follows')
    .addColumn('follower_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('followed_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_follows_pk', ['follower_id', 'followed_id'])
    .execute();
  await db.schema
    .createIndex('member_follows_followed_idx')
    .on('member_follows')
    .columns(['followed_id', 'follower_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['member_follows', 'activity_items']) await db.schema.dropTable(table).execute();
}
