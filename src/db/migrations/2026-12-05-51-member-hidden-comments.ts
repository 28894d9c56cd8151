import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A suspended member's comments are hidden from public pages and shown again when the member is restored
// (docs/decisions/026). A flag beside the status, so the moderation state of each comment is kept as it was.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('author_hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('author_hidden').execute();
}
