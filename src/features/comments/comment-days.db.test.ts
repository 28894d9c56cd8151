import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { DbOrTx } from '../../db/database.js';
import type { Tx, UnitOfWork } from '../../kernel/unit-of-work.js';
import { advanceCommentWindow, mostDiscussedSince } from './comment-days.repository.js';
import { importComments } from './comment-import.js';
import { deleteCommentsOf, setCommentsHiddenOf } from './comment-transfer.js';
import { approveComment, deleteByEmail, deleteComments, insertComment, setStatus } from './comments.repository.js';
import type { CommentStatus } from './comments.table.js';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-05T15:30:00.000Z');
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** "Most discussed this week" as it was computed before decision 047: every comment of the window. */
async function mostDiscussedOfEveryComment(db: DbOrTx, since: string, limit: number) {
  const rows = await sql<{ film_id: number; n: number | string }>`
    select film_id, count(*) as n from comments
    where status = 'approved' and created_at >= ${since} and author_hidden = 0 and review_id is null
      and film_id is not null
    group by film_id order by count(*) desc, max(created_at) desc, film_id limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ filmId: r.film_id, comments: Number(r.n) }));
}

async function daysAsKept(db: DbOrTx) {
  const rows = await db.selectFrom('film_comment_days').selectAll().orderBy('film_id').orderBy('day').execute();
  return rows.map((r) => ({ ...r, comments: Number(r.comments) }));
}

async function daysCounted(db: DbOrTx) {
  const rows = await sql<{ film_id: number; day: string; comments: number | string; latest_at: string }>`
    select film_id, substr(created_at, 1, 10) as day, count(*) as comments, max(created_at) as latest_at
    from comments where status = 'approved' and author_hidden = 0 and review_id is null and film_id is not null
    group by film_id, substr(created_at, 1, 10) order by film_id, day`.execute(db);
  return rows.rows.map((r) => ({ ...r, comments: Number(r.comments) }));
}

async function weekAsKept(db: DbOrTx) {
  const rows = await db.selectFrom('film_comment_window').selectAll().orderBy('film_id').execute();
  return rows.map((r) => ({ ...r, comments: Number(r.comments) }));
}

async function weekCounted(db: DbOrTx) {
  const { from_day } = await db.selectFrom('comment_window').select('from_day').executeTakeFirstOrThrow();
  const rows = await sql<{ film_id: number; comments: number | string; latest_at: string }>`
    select film_id, sum(comments) as comments, max(latest_at) as latest_at from film_comment_days
    where day >= ${from_day} group by film_id order by film_id`.execute(db);
  return rows.rows.map((r) => ({ ...r, comments: Number(r.comments) }));
}

/** The unit of work the member-wide writers take; these tests look at the rows, not at the page cache. */
const unitOf = (tx: Tx): UnitOfWork => ({ tx, touched: () => {}, afterCommit: () => {} });

describeEachDialect('comments per film and day (film_comment_days)', (dialect) => {
  let t: TestDatabase;
  let films: number[];
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(
      t.db,
      Array.from({ length: 16 }, (_, i) => buildFilm({ sourceId: `f${i}`, title: `Film ${i}` })),
    );
    films = (await t.db.selectFrom('films').select('id').orderBy('id').execute()).map((f) => f.id);
  });
  afterAll(async () => t.destroy());

  it('follows posting, moderation, suspension, imports and erasure, and ranks the week as before', async () => {
    const next = random(54);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const statuses: CommentStatus[] = ['approved', 'approved', 'approved', 'pending', 'spam'];
    const ids: number[] = [];
    for (let i = 0; i < 160; i++) {
      const time = at(next() * 10 * DAY_MS);
      ids.push(
        await insertComment(t.db, {
          film_id: pick(films.slice(0, 12)),
          parent_id: null,
          author_name: `Writer ${i % 9}`,
          author_email: `w${i % 9}@example.org`,
          author_url: null,
          body: `Comment ${i}`,
          status: pick(statuses),
          reasons: '[]',
          spam_score: null,
          body_hash: `h${i}`,
          visitor_id: `visitor-${i % 9}`,
          ip_hash: null,
          user_agent: null,
          created_at: time,
          updated_at: time,
          status_changed_at: time,
        }),
      );
    }
    await importComments(
      t.db,
      Array.from({ length: 40 }, (_, i) => ({
        filmId: pick(films),
        parentId: null,
        authorName: 'Old site',
        authorEmail: 'old@example.org',
        authorUrl: null,
        body: `Imported ${i}`,
        status: pick(statuses),
        ipHash: null,
        createdAt: at(next() * 9 * DAY_MS),
      })),
    );
    expect(await daysAsKept(t.db)).toEqual(await daysCounted(t.db));

    const now = at(0);
    await setStatus(t.db, ids.slice(0, 30), 'approved', now);
    await setStatus(t.db, ids.slice(30, 50), 'spam', now);
    await setStatus(t.db, ids.slice(50, 60), 'trash', now);
    await deleteComments(t.db, ids.slice(60, 75));
    for (const id of ids.slice(75, 85)) await approveComment(t.db, id, now);
    await t.db.transaction().execute(async (tx) => {
      await setCommentsHiddenOf(unitOf(tx), 'visitor-1', true);
      await setCommentsHiddenOf(unitOf(tx), 'visitor-2', true);
    });
    await t.db.transaction().execute(async (tx) => setCommentsHiddenOf(unitOf(tx), 'visitor-2', false));
    await t.db.transaction().execute(async (tx) => deleteCommentsOf(unitOf(tx), 'visitor-3'));
    await deleteByEmail(t.db, 'w4@example.org');
    await t.db.deleteFrom('films').where('id', '=', films[0]!).execute();
    expect(await daysAsKept(t.db)).toEqual(await daysCounted(t.db));
    expect((await daysAsKept(t.db)).every((d) => d.comments > 0)).toBe(true);
    expect(await weekAsKept(t.db)).toEqual(await weekCounted(t.db));

    for (const since of [at(7 * DAY_MS), at(1.5 * DAY_MS), '2026-12-01T00:00:00.000Z', at(-DAY_MS), at(20 * DAY_MS)]) {
      expect(await mostDiscussedSince(t.db, since, 7)).toEqual(await mostDiscussedOfEveryComment(t.db, since, 7));
    }
    expect((await mostDiscussedSince(t.db, at(7 * DAY_MS), 7)).length).toBe(7);

    // The hourly job moves the week's start to the window of its time; the shelf and the totals stay right.
    await t.db.updateTable('comment_window').set({ from_day: '2026-11-01' }).execute();
    await advanceCommentWindow(t.db, new Date(NOW));
    const { from_day } = await t.db.selectFrom('comment_window').select('from_day').executeTakeFirstOrThrow();
    expect(from_day).toBe('2026-11-29');
    expect(await weekAsKept(t.db)).toEqual(await weekCounted(t.db));
    await setStatus(t.db, ids.slice(85, 100), 'trash', now);
    expect(await weekAsKept(t.db)).toEqual(await weekCounted(t.db));
    for (const since of [at(7 * DAY_MS), at(6.4 * DAY_MS), at(8 * DAY_MS), at(1.5 * DAY_MS)]) {
      expect(await mostDiscussedSince(t.db, since, 7)).toEqual(await mostDiscussedOfEveryComment(t.db, since, 7));
    }
  });
});
