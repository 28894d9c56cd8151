import type { Db, DbOrTx } from '../../db/database.js';
import { claimableRows } from '../../db/dialect/index.js';

// The related-films queue (decision 042): rows say "this film was written"; whichever worker claims a row rewrites
// the lists it touches. Claims are leases, so a worker that stops mid-way leaves its rows to the next one.

/** Add films whose lists must follow a write. Any process may call it: the web process, the CLI, an importer. */
export async function enqueueFilms(db: DbOrTx, filmIds: number[], now: Date): Promise<void> {
  const queuedAt = now.toISOString();
  const unique = [...new Set(filmIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    await db
      .insertInto('related_queue')
      .values(unique.slice(i, i + 1000).map((film_id) => ({ film_id, queued_at: queuedAt })))
      .execute();
  }
}

/** How many rows wait for a worker (unclaimed, or claimed by one whose lease ran out). */
export async function countWaiting(db: DbOrTx, now: Date): Promise<number> {
  const row = await db
    .selectFrom('related_queue')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('done_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Claim up to `limit` waiting rows for `runner` until `leaseUntil`: on PostgreSQL the rows are picked with
 * `FOR UPDATE SKIP LOCKED`, so two instances claiming at once take different rows; SQLite has one writer at a time.
 */
export async function claimQueued(
  db: Db,
  runner: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<{ id: number; filmId: number }[]> {
  const nowIso = now.toISOString();
  const waiting = claimableRows(
    db
      .selectFrom('related_queue')
      .select('id')
      .where('done_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .orderBy('id')
      .limit(limit),
    db,
  );
  const rows = await db
    .updateTable('related_queue')
    .set({ claimed_by: runner, claimed_until: leaseUntil.toISOString() })
    .where('id', 'in', waiting)
    .returning(['id', 'film_id'])
    .execute();
  return rows.map((r) => ({ id: r.id, filmId: r.film_id })).sort((a, b) => a.id - b.id);
}

/** Mark claimed rows done (only while this runner still holds them), so other workers' models follow them too. */
export async function finishClaimed(db: DbOrTx, runner: string, ids: number[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    await db
      .updateTable('related_queue')
      .set({ done_at: now.toISOString() })
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('claimed_by', '=', runner)
      .execute();
  }
}

/** Give claimed rows back after a failure: the next tick of any worker claims them again. */
export async function releaseClaimed(db: DbOrTx, runner: string, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('related_queue')
    .set({ claimed_by: null, claimed_until: null })
    .where('id', 'in', ids)
    .where('claimed_by', '=', runner)
    .where('done_at', 'is', null)
    .execute();
}

/** Rows other workers finished since `since`: the films this worker's model must re-read to agree with theirs. */
export async function doneSince(
  db: DbOrTx,
  runner: string,
  since: Date,
): Promise<{ id: number; filmId: number; doneAt: string }[]> {
  const rows = await db
    .selectFrom('related_queue')
    .select(['id', 'film_id', 'done_at'])
    .where('done_at', '>=', since.toISOString())
    .where('claimed_by', '<>', runner)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, filmId: r.film_id, doneAt: r.done_at ?? '' }));
}

/** Done rows older than `before` have been seen by every live worker; an idle one reloads its model instead. */
export async function pruneDone(db: DbOrTx, before: Date): Promise<void> {
  await db.deleteFrom('related_queue').where('done_at', '<', before.toISOString()).execute();
}
