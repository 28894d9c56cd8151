import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// The WordPress import (issue 15): what each post and comment of an export became (keyed by the export's site URL and
// WordPress's id, so a re-run changes nothing and an interrupted one finishes), the write-up kept as Markdown beside a
// film, old addresses answering 301, category descriptions, and vote aggregates brought from the old site.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wp_import_items')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('film_id', 'integer', (c) => c.references('films.id').onDelete('set null'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('film_updated_at', 'text')
    .addColumn('held', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wp_import_items_pk', ['source', 'post_id'])
    .execute();
  await db.schema
    .createTable('wp_import_comments')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('wp_comment_id', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addPrimaryKeyConstraint('wp_import_comments_pk', ['source', 'wp_comment_id'])
    .execute();
  await db.schema
    .createTable('film_writeups')
    .addColumn('film_id', 'integer', (c) => c.primaryKey().references('films.id').onDelete('cascade'))
    .addColumn('markdown', 'text', (c) => c.notNull())
    .addColumn('byline', 'text')
    .execute();
  await db.schema
    .createTable('legacy_redirects')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('film_imported_ratings')
    .addColumn('film_id', 'integer', (c) => c.primaryKey().references('films.id').onDelete('cascade'))
    .addColumn('vote_count', 'integer', (c) => c.notNull())
    .addColumn('score_sum', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('categories').addColumn('description', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').dropColumn('description').execute();
  for (const table of [
    'film_imported_ratings',
    'legacy_redirects',
    'film_writeups',
    'wp_import_comments',
    'wp_import_items',
  ])
    await db.schema.dropTable(table).execute();
}
