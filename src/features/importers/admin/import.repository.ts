import type { DbOrTx } from '../../../db/database.js';
import type { ImportJobRow } from './import-job.js';
import type { ImportJobStatus } from './import-jobs.table.js';

export interface NewImportJob {
  format: string;
  source: string;
  filename: string;
  bytes: number;
  uploadDir: string | null;
  userId: number | null;
  actor: string;
  now: string;
}

export async function insertImportJob(db: DbOrTx, job: NewImportJob): Promise<number> {
  const row = await db
    .insertInto('import_jobs')
    .values({
      status: 'running',
      format: job.format,
      source: job.source,
      filename: job.filename,
      bytes: job.bytes,
      upload_dir: job.uploadDir,
      processed: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejected_rows: null,
      error: null,
      user_id: job.userId,
      actor: job.actor,
      created_at: job.now,
      updated_at: job.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface JobProgress {
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export async function updateImportJob(
  db: DbOrTx,
  id: number,
  values: JobProgress & {
    status?: ImportJobStatus;
    rejectedRows?: string;
    error?: string;
    report?: string;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      processed: values.processed,
      inserted: values.inserted,
      updated: values.updated,
      unchanged: values.unchanged,
      rejected: values.rejected,
      updated_at: values.now,
      ...(values.status ? { status: values.status } : {}),
      ...(values.rejectedRows !== undefined ? { rejected_rows: values.rejectedRows } : {}),
      ...(values.error !== undefined ? { error: values.error } : {}),
      ...(values.report !== undefined ? { report: values.report } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The heartbeat of a running job: only its time moves, and a job that has ended stays as it ended. */
export async function touchImportJob(db: DbOrTx, id: number, now: string): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Mark running jobs whose row has not moved since `staleBefore` as interrupted; returns the jobs this call marked
 * (a job two instances sweep at once is returned to one of them only), with their upload directories.
 */
export async function interruptStaleImportJobs(
  db: DbOrTx,
  staleBefore: string,
  values: { error: string; now: string },
): Promise<Array<{ id: number; upload_dir: string | null }>> {
  return db
    .updateTable('import_jobs')
    .set({ status: 'interrupted', error: values.error, updated_at: values.now })
    .where('status', '=', 'running')
    .where('updated_at', '<', staleBefore)
    .returning(['id', 'upload_dir'])
    .execute();
}

/** The upload directories that running jobs (of any instance) still read from. */
export async function listRunningUploadDirs(db: DbOrTx): Promise<Set<string>> {
  const rows = await db
    .selectFrom('import_jobs')
    .select('upload_dir')
    .where('status', '=', 'running')
    .where('upload_dir', 'is not', null)
    .execute();
  return new Set(rows.flatMap((row) => (row.upload_dir ? [row.upload_dir] : [])));
}

export async function findImportJob(db: DbOrTx, id: number) {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listImportJobs(db: DbOrTx, limit: number) {
  return db.selectFrom('import_jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export type { ImportJobRow };
