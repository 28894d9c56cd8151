import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Static pages (issue 15): an "About" page, a blog's news posts brought from WordPress. Each is served at its own path
// (an imported page keeps its old address); an unpublished page is seen only by admins. source + source_id key an
// imported page, so a re-import updates it instead of adding another.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pages')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('markdown', 'text', (c) => c.notNull())
    .addColumn('byline', 'text')
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('source_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pages_source').on('pages').columns(['source', 'source_id']).unique().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pages').execute();
}
