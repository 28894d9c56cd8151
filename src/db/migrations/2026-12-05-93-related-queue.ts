import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Related films follow film writes through a queue in the database (docs/decisions/042): any path that writes a film
// (admin form, admin or CLI import, WordPress import) adds a row; a worker on any instance claims rows (PostgreSQL:
// FOR UPDATE SKIP LOCKED), rewrites the lists they touch and marks them done. Done rows stay an hour so every other
// worker can bring its own model up to date from them. No foreign key on film_id: a deleted film's row must outlive it.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('related_queue')
    // Migration 58, which applies first on a new database, creates this table already (with its triggers).
    .ifNotExists()
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('film_id', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('done_at', 'text')
    .execute();
  await db.schema
    .createIndex('related_queue_done_idx')
    .ifNotExists()
    .on('related_queue')
    .columns(['done_at', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('related_queue').execute();
}
