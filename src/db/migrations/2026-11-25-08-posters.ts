import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts. Named for posters, it also holds the admin import's job table: both arrived
// with catalog editing (issue 4), and migration numbers 09-11 were already taken by work in parallel.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  // Null means "no uploaded poster": the film keeps its typographic one. The files live on disk (POSTER_DIR); the key
  // names them, so a new upload gets new URLs and the old ones can be cached forever.
  await db.schema.alterTable('films').addColumn('poster_key', 'text').execute();

  // An import started from the admin runs in the background; its progress is written here so that the page polling
  // it can be served by any instance.
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_rows', 'text')
    .addColumn('error', 'text')
    .addColumn('user_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_jobs').execute();
  await db.schema.alterTable('films').dropColumn('poster_key').execute();
}
