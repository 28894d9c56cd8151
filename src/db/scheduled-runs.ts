import type { DbOrTx } from './database.js';

/**
 * Claims this schedule's run for one instance (docs/decisions/030): the job's row moves its next run forward in one
 * conditional UPDATE, and only the instance whose UPDATE matched runs the job. On PostgreSQL a second UPDATE of the
 * same row waits for the first to commit and then re-checks its WHERE against the new row (READ COMMITTED), so it
 * matches nothing; SQLite runs one writer at a time. Works the same for any number of instances, and for none.
 */
export async function claimScheduledRun(
  db: DbOrTx,
  name: string,
  now: Date,
  everyMs: number,
  runner: string,
): Promise<boolean> {
  const nowIso = now.toISOString();
  const nextIso = new Date(now.getTime() + everyMs).toISOString();
  // The first instance to meet a job creates its row, due one period later (as a timer started then would be);
  // later inserts leave it alone, so a restart neither repeats nor postpones a run.
  await db
    .insertInto('scheduled_runs')
    .values({ name, next_run_at: nextIso, last_run_at: null, last_runner: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const claimed = await db
    .updateTable('scheduled_runs')
    .set({ next_run_at: nextIso, last_run_at: nowIso, last_runner: runner })
    .where('name', '=', name)
    .where('next_run_at', '<=', nowIso)
    .returning('name')
    .executeTakeFirst();
  return claimed !== undefined;
}
