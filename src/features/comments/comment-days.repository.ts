import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { serializeOn } from '../../db/dialect/index.js';

/**
 * Comments a visitor reads under each film, per UTC day written (film_comment_days, decision 047): recounted from the
 * comments themselves whenever one of them is written, moderated, hidden, imported or erased, in that write's
 * transaction, so "Most discussed this week" reads a row per film and day instead of every comment of the week.
 */

/** A comment as its day's count needs it: which film (none for a list's) and when it was written. */
export interface CommentDayKey {
  film_id: number | null | undefined;
  created_at: string;
}

const dayOf = (time: string) => time.slice(0, 10);

/** The day after `day` (YYYY-MM-DD), as a bound that every time of `day` sorts before. */
function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * Recounts the days of the given comments' films. A recount, not a delta, so every kind of change (status, hidden,
 * deleted, imported) is one rule; under a lock per film on PostgreSQL, so two transactions recounting one film take
 * turns and the second counts the first's committed comment (each statement reads what is committed when it starts).
 */
export async function recountCommentDays(db: DbOrTx, comments: readonly CommentDayKey[]): Promise<void> {
  const days = new Map<string, { filmId: number; day: string }>();
  for (const c of comments) {
    if (c.film_id === null || c.film_id === undefined) continue;
    const day = dayOf(c.created_at);
    days.set(`${c.film_id}:${day}`, { filmId: c.film_id, day });
  }
  // Sorted so that two transactions lock films in the same order and never wait for each other in a cycle.
  const ordered = [...days.values()].sort((a, b) => a.filmId - b.filmId || a.day.localeCompare(b.day));
  let locked = -1;
  for (const { filmId, day } of ordered) {
    if (filmId !== locked) await serializeOn(db, `film_comment_days:${filmId}`);
    locked = filmId;
    await recountDay(db, filmId, day);
  }
}

async function recountDay(db: DbOrTx, filmId: number, day: string): Promise<void> {
  const counted = await db
    .selectFrom('comments')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created_at').as('latest')])
    .where('film_id', '=', filmId)
    .where('status', '=', 'approved')
    .where('created_at', '>=', day)
    .where('created_at', '<', nextDay(day))
    .where('author_hidden', '=', 0)
    .where('review_id', 'is', null)
    .executeTakeFirstOrThrow();
  const n = Number(counted.n);
  if (n === 0 || counted.latest === null) {
    await db.deleteFrom('film_comment_days').where('film_id', '=', filmId).where('day', '=', day).execute();
    return;
  }
  await db
    .insertInto('film_comment_days')
    .values({ film_id: filmId, day, comments: n, latest_at: counted.latest })
    .onConflict((oc) => oc.columns(['film_id', 'day']).doUpdateSet({ comments: n, latest_at: counted.latest ?? day }))
    .execute();
}

/**
 * The films with the most comments a visitor can read written since `since` (ISO time), most first, the latest
 * comment breaking ties: "Most discussed this week" on the home page. The days after the one `since` falls in come
 * from the kept counts; that first day, only partly inside the window, from its comments; so the result is the same
 * as counting every comment of the window, and the read grows with the films discussed per day, not the comments.
 */
export async function mostDiscussedSince(
  db: DbOrTx,
  since: string,
  limit: number,
): Promise<Array<{ filmId: number; comments: number }>> {
  const firstDay = dayOf(since);
  const rows = await sql<{ film_id: number; n: number | string }>`
    select film_id, sum(n) as n, max(latest) as latest from (
      select film_id, comments as n, latest_at as latest from film_comment_days where day > ${firstDay}
      union all
      select film_id, 1 as n, created_at as latest from comments
        where status = 'approved' and created_at >= ${since} and created_at < ${nextDay(firstDay)}
          and author_hidden = 0 and review_id is null and film_id is not null
    ) as activity
    group by film_id
    order by n desc, latest desc, film_id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ filmId: r.film_id, comments: Number(r.n) }));
}
