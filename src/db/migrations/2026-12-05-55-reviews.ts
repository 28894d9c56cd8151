import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Members' reviews (issue 16): one per member and film (the unique index), Markdown as written, moderated like
// comments (the same statuses). `like_count` is kept in step with review_likes in the same transaction. A review's
// likes are one per member (decision 032), so the like rows are keyed by member id. A review whose member deleted
// their account but kept their reviews ("anonymise") has no member: `member_id` is null (several nulls never clash
// in the unique index, on either database).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reviews')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('spoiler', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('spam_score', 'real')
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip_hash', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_film_member').on('reviews').columns(['film_id', 'member_id']).unique().execute();
  // The film page's two orders, and a member's list newest first.
  await db.schema
    .createIndex('reviews_film_likes')
    .on('reviews')
    .columns(['film_id', 'status', 'like_count'])
    .execute();
  await db.schema.createIndex('reviews_member_created').on('reviews').columns(['member_id', 'created_at']).execute();
  await db.schema
    .createIndex('reviews_status_changed')
    .on('reviews')
    .columns(['status', 'status_changed_at'])
    .execute();

  await db.schema
    .createTable('review_likes')
    .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_likes_pk', ['review_id', 'member_id'])
    .execute();
  await db.schema.createIndex('review_likes_member').on('review_likes').column('member_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['review_likes', 'reviews']) await db.schema.dropTable(table).execute();
}
