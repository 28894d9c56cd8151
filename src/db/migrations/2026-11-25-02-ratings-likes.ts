import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('film_votes')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 1 and 10`))
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('film_votes_pk', ['film_id', 'visitor_id'])
    .execute();
  await db.schema
    .createIndex('film_votes_ip_idx')
    .on('film_votes')
    .columns(['film_id', 'ip_hash', 'created_at'])
    .execute();

  await db.schema
    .createTable('film_rating_stats')
    .addColumn('film_id', 'integer', (c) => c.primaryKey().references('films.id').onDelete('cascade'))
    .addColumn('vote_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hist_1', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hist_2', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hist_3', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hist_4', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hist_5', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('film_likes')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('film_likes_pk', ['film_id', 'visitor_id'])
    .execute();

  await db.schema
    .createTable('film_like_stats')
    .addColumn('film_id', 'integer', (c) => c.primaryKey().references('films.id').onDelete('cascade'))
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['film_like_stats', 'film_likes', 'film_rating_stats', 'film_votes']) {
    await db.schema.dropTable(table).execute();
  }
}
