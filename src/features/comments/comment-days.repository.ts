import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/database.js';
import { lockingRead, serializeOnEach } from '../../db/dialect/index.js';

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
  if (days.size === 0) return;
  // Sorted so that two transactions lock films in the same order and never wait for each other in a cycle.
  const films = [...new Set([...days.values()].map((d) => d.filmId))].sort((a, b) => a - b);
  // The week's start, held while this transaction recounts (the hourly job that moves it waits, and so do we).
  const window = await lockingRead(
    db.selectFrom('comment_window').select('from_day').where('id', '=', 1),
    db,
  ).executeTakeFirstOrThrow();
  await serializeOnEach(
    db,
    films.map((id) => `film_comment_days:${id}`),
  );
  // A batch (an import's, an erasure's) is recounted in a few set-wise statements, not a few per film and day: the
  // WordPress import of 1,000 comments spent most of its time here when each day was its own round trips.
  for (let at = 0; at < films.length; at += RECOUNT_FILMS) {
    const chunk = films.slice(at, at + RECOUNT_FILMS);
    const wanted = [...days.values()].filter((d) => chunk.includes(d.filmId));
    const spanned = wanted.map((d) => d.day).sort();
    const first = spanned[0]!;
    const last = spanned[spanned.length - 1]!;
    const counted = await db
      .selectFrom('comments')
      .select([
        'film_id',
        (eb) => eb.fn<string>('substr', ['created_at', eb.val(1), eb.val(10)]).as('day'),
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.max('created_at').as('latest'),
      ])
      .where('film_id', 'in', chunk)
      .where('status', '=', 'approved')
      .where('created_at', '>=', first)
      .where('created_at', '<', nextDay(last))
      .where('author_hidden', '=', 0)
      .where('review_id', 'is', null)
      .groupBy(['film_id', 'day'])
      .execute();
    const found = new Map(counted.map((c) => [`${c.film_id}:${c.day}`, c]));
    const rows: Array<{ film_id: number; day: string; comments: number; latest_at: string }> = [];
    const gone: Array<{ filmId: number; day: string }> = [];
    for (const d of wanted) {
      const c = found.get(`${d.filmId}:${d.day}`);
      if (c && Number(c.n) > 0 && c.latest)
        rows.push({ film_id: d.filmId, day: d.day, comments: Number(c.n), latest_at: c.latest });
      else gone.push(d);
    }
    if (gone.length > 0)
      await db
        .deleteFrom('film_comment_days')
        .where((eb) => eb.or(gone.map((g) => eb.and([eb('film_id', '=', g.filmId), eb('day', '=', g.day)]))))
        .execute();
    if (rows.length > 0)
      await db
        .insertInto('film_comment_days')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['film_id', 'day']).doUpdateSet((eb) => ({
            comments: eb.ref('excluded.comments'),
            latest_at: eb.ref('excluded.latest_at'),
          })),
        )
        .execute();
    await recountWeeks(db, chunk, window.from_day);
  }
}

/** Films recounted per statement: keeps each statement's parameters well under SQLite's and PostgreSQL's limits. */
const RECOUNT_FILMS = 200;

/** The films' week totals again from their days (at most eight rows each). */
async function recountWeeks(db: DbOrTx, filmIds: number[], fromDay: string): Promise<void> {
  const weeks = await db
    .selectFrom('film_comment_days')
    .select(['film_id', (eb) => eb.fn.sum<number>('comments').as('n'), (eb) => eb.fn.max('latest_at').as('latest')])
    .where('film_id', 'in', filmIds)
    .where('day', '>=', fromDay)
    .groupBy('film_id')
    .execute();
  const rows = weeks
    .filter((w) => Number(w.n ?? 0) > 0 && w.latest)
    .map((w) => ({ film_id: w.film_id, comments: Number(w.n), latest_at: w.latest as string }));
  const kept = new Set(rows.map((r) => r.film_id));
  const gone = filmIds.filter((id) => !kept.has(id));
  if (gone.length > 0) await db.deleteFrom('film_comment_window').where('film_id', 'in', gone).execute();
  if (rows.length > 0)
    await db
      .insertInto('film_comment_window')
      .values(rows)
      .onConflict((oc) =>
        oc.column('film_id').doUpdateSet((eb) => ({
          comments: eb.ref('excluded.comments'),
          latest_at: eb.ref('excluded.latest_at'),
        })),
      )
      .execute();
}

/**
 * Moves the week's totals to the window of `now` and sums them again from the days (the hourly job
 * `comments.window`): a week of film-days, in a background job; rebuilding rather than subtracting also repairs
 * totals that came from elsewhere (a `migrate-data` target starts without them).
 */
export async function advanceCommentWindow(db: Db, now: Date): Promise<void> {
  const start = nextDay(new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10));
  await db.transaction().execute(async (tx) => {
    await lockingRead(tx.selectFrom('comment_window').select('from_day').where('id', '=', 1), tx).execute();
    await tx.deleteFrom('film_comment_window').execute();
    await sql`insert into film_comment_window (film_id, comments, latest_at)
      select film_id, sum(comments), max(latest_at) from film_comment_days where day >= ${start}
      group by film_id`.execute(tx);
    await tx.updateTable('comment_window').set({ from_day: start }).where('id', '=', 1).execute();
  });
}

/**
 * The films with the most comments a visitor can read written since `since` (ISO time), most first, the latest
 * comment breaking ties, then the film id: "Most discussed this week" on the home page.
 *
 * Read from the top of film_comment_window (each film's totals from `comment_window.from_day` on). Films whose totals
 * differ from the window's are the candidates: those with comments in the first, partial day after `since`, and those
 * with days between the kept start and the window's (the hourly job late, or run for a later window). Every other
 * film's kept total is its window total, so the best `limit` of them are among the top `limit` + candidates of the
 * index; the candidates and those are then summed exactly from their days and the partial day's comments. The read
 * is bounded by a day's comments (and the job's lag), not the week's (decision 047).
 */
export async function mostDiscussedSince(
  db: DbOrTx,
  since: string,
  limit: number,
): Promise<Array<{ filmId: number; comments: number }>> {
  const start = nextDay(dayOf(since));
  const [window, partial] = await Promise.all([
    db.selectFrom('comment_window').select('from_day').where('id', '=', 1).executeTakeFirstOrThrow(),
    db
      .selectFrom('comments')
      .select(['film_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created_at').as('latest')])
      .where('status', '=', 'approved')
      .where('created_at', '>=', since)
      .where('created_at', '<', start)
      .where('author_hidden', '=', 0)
      .where('review_id', 'is', null)
      .where('film_id', 'is not', null)
      .groupBy('film_id')
      .execute(),
  ]);
  const [lagFrom, lagTo] = window.from_day < start ? [window.from_day, start] : [start, window.from_day];
  const lagging =
    lagFrom === lagTo
      ? []
      : await db
          .selectFrom('film_comment_days')
          .select('film_id')
          .distinct()
          .where('day', '>=', lagFrom)
          .where('day', '<', lagTo)
          .execute();
  const candidates = new Set<number>(lagging.map((l) => l.film_id));
  for (const p of partial) if (p.film_id !== null) candidates.add(p.film_id);
  const top = await db
    .selectFrom('film_comment_window')
    .select('film_id')
    .orderBy('comments', 'desc')
    .orderBy('latest_at', 'desc')
    .orderBy('film_id')
    .limit(limit + candidates.size)
    .execute();
  for (const t of top) candidates.add(t.film_id);
  if (candidates.size === 0) return [];
  const days = await db
    .selectFrom('film_comment_days')
    .select(['film_id', (eb) => eb.fn.sum<number>('comments').as('n'), (eb) => eb.fn.max('latest_at').as('latest')])
    .where('day', '>=', start)
    .where('film_id', 'in', [...candidates])
    .groupBy('film_id')
    .execute();
  const totals = new Map<number, { comments: number; latest: string }>();
  for (const row of [...days, ...partial]) {
    if (row.film_id === null) continue;
    const total = totals.get(row.film_id) ?? { comments: 0, latest: '' };
    total.comments += Number(row.n);
    const latest = String(row.latest ?? '');
    if (latest > total.latest) total.latest = latest;
    totals.set(row.film_id, total);
  }
  const byLatest = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...totals.entries()]
    .filter(([, t]) => t.comments > 0)
    .sort(([a, x], [b, y]) => y.comments - x.comments || byLatest(y.latest, x.latest) || a - b)
    .slice(0, limit)
    .map(([filmId, t]) => ({ filmId, comments: t.comments }));
}
