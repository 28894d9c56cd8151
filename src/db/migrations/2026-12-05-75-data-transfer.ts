import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// `reelhouse migrate-data` (issue 21, decision 031) copies a SQLite site into PostgreSQL table by table, in batches.
// It notes in the target how far each table got, in the same transaction as the batch, so a run that stopped (a
// crash, Ctrl-C, a lost connection) continues after the last batch that committed instead of starting over.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_transfer_progress')
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    /** Which source this progress belongs to (its path), so a run from another file cannot "resume" it. */
    .addColumn('source', 'text', (c) => c.notNull())
    /** The primary key of the last copied row, as a JSON array; null before the first batch. */
    .addColumn('after_key', 'text')
    .addColumn('copied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_transfer_progress').execute();
}
