import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Public write limits (per visitor, per IP hash) counted in the database, so every instance sees the same counts.
// One row per key and fixed window; rows whose window has ended are swept.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('write_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('write_limits_window_ends_at').on('write_limits').column('window_ends_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('write_limits').execute();
}
