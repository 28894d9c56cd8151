import type { Db } from '../../db/database.js';
import type { MemberImportStatus } from './member-history.table.js';

// The jobs table is written outside the unit of work on purpose: a job's row is the member's own progress note,
// shown on no shared page, so it retires nothing; the history it applies goes through the writer (history-apply).

export async function insertJob(
  db: Db,
  job: { memberId: number; filename: string; bytes: number; total: number; now: string },
): Promise<number> {
  const row = await db
    .insertInto('member_import_jobs')
    .values({
      member_id: job.memberId,
      status: 'running',
      filename: job.filename,
      bytes: job.bytes,
      processed: 0,
      total: job.total,
      created_at: job.now,
      updated_at: job.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateJob(
  db: Db,
  id: number,
  change: { processed?: number; status?: MemberImportStatus; report?: string; error?: string; now: string },
): Promise<void> {
  await db
    .updateTable('member_import_jobs')
    .set({
      ...(change.processed !== undefined ? { processed: change.processed } : {}),
      ...(change.status ? { status: change.status } : {}),
      ...(change.report ? { report: change.report } : {}),
      ...(change.error ? { error: change.error } : {}),
      updated_at: change.now,
    })
    .where('id', '=', id)
    .execute();
}

/** One of the member's own jobs (never another member's: the id alone proves nothing). */
export async function findJob(db: Db, memberId: number, id: number) {
  return db
    .selectFrom('member_import_jobs')
    .selectAll()
    .where('id', '=', id)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

export async function recentJobs(db: Db, memberId: number, limit = 10) {
  return db
    .selectFrom('member_import_jobs')
    .select(['id', 'status', 'filename', 'processed', 'total', 'created_at', 'updated_at'])
    .where('member_id', '=', memberId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
