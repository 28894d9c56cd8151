import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A WordPress import started from the admin (issue 15) reports more than a row count: films, pages, comments by
// status, ratings, posters, redirects, skipped with reasons. Kept as JSON on the job, shown on its page.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('report', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').dropColumn('report').execute();
}
