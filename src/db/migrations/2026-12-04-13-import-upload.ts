import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// The directory (under DATA_DIR/uploads-tmp) that holds a job's uploaded file, by its name only: whichever instance
// finds the job interrupted deletes the file, and a periodic sweep of uploads-tmp spares the files of running jobs.
// Null for jobs started before this column existed and for jobs started without an upload.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('upload_dir', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').dropColumn('upload_dir').execute();
}
