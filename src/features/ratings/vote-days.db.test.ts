import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { DbOrTx } from '../../db/database.js';
import { advanceVoteWindow, bestRatedSince } from './rating-facets.repository.js';

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

/** "Highest rated this month" as it was computed before decision 047: every counted vote of the window. */
async function rankingOfEveryVote(db: DbOrTx, since: string, limit: number) {
  const rows = await sql<{ film_id: number; n: number | string }>`
    select film_id, count(*) as n from film_votes where counted = 1 and updated_at >= ${since}
    group by film_id order by (sum(score) + 6) * 1.0 / (count(*) + 2) desc, count(*) desc, film_id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ filmId: r.film_id, votes: Number(r.n) }));
}

async function daysAsKept(db: DbOrTx) {
  const rows = await db.selectFrom('film_vote_days').selectAll().orderBy('film_id').orderBy('day').execute();
  return rows.map((r) => ({ ...r, votes: Number(r.votes), score_sum: Number(r.score_sum) }));
}

async function daysCounted(db: DbOrTx) {
  const rows = await sql<{ film_id: number; day: string; votes: number | string; score_sum: number | string }>`
    select film_id, substr(updated_at, 1, 10) as day, count(*) as votes, sum(score) as score_sum from film_votes
    where counted = 1 group by film_id, substr(updated_at, 1, 10) order by film_id, day`.execute(db);
  return rows.rows.map((r) => ({ ...r, votes: Number(r.votes), score_sum: Number(r.score_sum) }));
}

/** Each film's kept month totals, and the same summed again from its days since the window's start. */
async function windowAsKept(db: DbOrTx) {
  const rows = await db.selectFrom('film_vote_window').selectAll().orderBy('film_id').execute();
  return rows.map((r) => ({
    film_id: r.film_id,
    votes: Number(r.votes),
    score_sum: Number(r.score_sum),
    rank: r.rank,
  }));
}

async function windowCounted(db: DbOrTx) {
  const { from_day } = await db.selectFrom('vote_window').select('from_day').executeTakeFirstOrThrow();
  const rows = await sql<{ film_id: number; votes: number | string; score_sum: number | string }>`
    select film_id, sum(votes) as votes, sum(score_sum) as score_sum from film_vote_days where day >= ${from_day}
    group by film_id order by film_id`.execute(db);
  return rows.rows.map((r) => ({
    film_id: r.film_id,
    votes: Number(r.votes),
    score_sum: Number(r.score_sum),
    rank: expect.closeTo((Number(r.score_sum) + 6) / (Number(r.votes) + 2), 9),
  }));
}

describeEachDialect('votes per film and day (film_vote_days)', (dialect) => {
  let t: TestDatabase;
  let films: number[];
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(
      t.db,
      Array.from({ length: 24 }, (_, i) => buildFilm({ sourceId: `f${i}`, title: `Film ${i}` })),
    );
    films = (await t.db.selectFrom('films').select('id').orderBy('id').execute()).map((f) => f.id);
  });
  afterAll(async () => t.destroy());

  it('follows every kind of vote change and ranks the month as counting every vote did', async () => {
    const next = random(47);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    // 400 votes over 40 days, on few films so that films share days; some held back (counted = 0).
    const votes = Array.from({ length: 400 }, (_, i) => {
      const time = at(next() * 40 * DAY_MS);
      return {
        film_id: pick(films.slice(0, 16)),
        visitor_id: `v${i}`,
        score: 1 + Math.floor(next() * 10),
        ip_hash: `ip${i % 50}`,
        counted: next() < 0.9 ? 1 : 0,
        created_at: time,
        updated_at: time,
      };
    });
    for (let i = 0; i < votes.length; i += 100)
      await t.db
        .insertInto('film_votes')
        .values(votes.slice(i, i + 100))
        .execute();
    expect(await daysAsKept(t.db)).toEqual(await daysCounted(t.db));

    // Changed votes move to the day they were changed; held votes counted and counted ones held (suspensions);
    // removed votes; a film deleted with its votes; a vote moved to another film (a merge).
    for (const vote of votes.slice(0, 80)) {
      await t.db
        .updateTable('film_votes')
        .set({ score: 1 + Math.floor(next() * 10), updated_at: at(next() * 3 * DAY_MS) })
        .where('film_id', '=', vote.film_id)
        .where('visitor_id', '=', vote.visitor_id)
        .execute();
    }
    await t.db
      .updateTable('film_votes')
      .set({ counted: sql<number>`1 - counted` })
      .where('ip_hash', 'in', ['ip3', 'ip4', 'ip5'])
      .execute();
    await t.db.deleteFrom('film_votes').where('ip_hash', 'in', ['ip6', 'ip7']).execute();
    await t.db.deleteFrom('films').where('id', '=', films[2]!).execute();
    await t.db.updateTable('film_votes').set({ film_id: films[20]! }).where('film_id', '=', films[3]!).execute();
    expect(await daysAsKept(t.db)).toEqual(await daysCounted(t.db));
    expect((await daysAsKept(t.db)).every((d) => d.votes > 0)).toBe(true);
    expect(await windowAsKept(t.db)).toEqual(await windowCounted(t.db));

    // The window starts mid-day, at a day's start, and past every vote; the shelf reads 13 films.
    for (const since of [at(30 * DAY_MS), at(2.5 * DAY_MS), '2026-11-20T00:00:00.000Z', at(-DAY_MS), at(50 * DAY_MS)]) {
      const kept = await bestRatedSince(t.db, since, 13);
      expect(kept).toEqual(await rankingOfEveryVote(t.db, since, 13));
    }
    expect((await bestRatedSince(t.db, at(30 * DAY_MS), 13)).length).toBe(13);

    // The hourly job moves the totals' start to the window of its time (days leave them) and the shelves stay the
    // same; moving it again to the same window changes nothing; votes after it land on the new side.
    const { from_day: before } = await t.db.selectFrom('vote_window').select('from_day').executeTakeFirstOrThrow();
    await t.db.updateTable('vote_window').set({ from_day: '2026-10-01' }).execute();
    await t.db.deleteFrom('film_vote_window').execute();
    await sql`insert into film_vote_window (film_id, votes, score_sum, rank)
      select film_id, sum(votes), sum(score_sum), (sum(score_sum) + 6) * 1.0 / (sum(votes) + 2) from film_vote_days
      group by film_id`.execute(t.db);
    expect(before > '2026-10-01').toBe(true);
    expect(await advanceVoteWindow(t.db, new Date(NOW))).toBe(true);
    expect(await advanceVoteWindow(t.db, new Date(NOW))).toBe(false);
    const { from_day: after } = await t.db.selectFrom('vote_window').select('from_day').executeTakeFirstOrThrow();
    expect(after).toBe('2026-11-06');
    expect(await windowAsKept(t.db)).toEqual(await windowCounted(t.db));
    await t.db.deleteFrom('film_votes').where('ip_hash', '=', 'ip8').execute();
    await t.db
      .insertInto('film_votes')
      .values({
        film_id: films[1]!,
        visitor_id: 'late',
        score: 10,
        ip_hash: 'x',
        counted: 1,
        created_at: at(0),
        updated_at: at(0),
      })
      .execute();
    expect(await windowAsKept(t.db)).toEqual(await windowCounted(t.db));
    for (const since of [at(30 * DAY_MS), at(29.2 * DAY_MS), at(31 * DAY_MS), at(2.5 * DAY_MS), at(50 * DAY_MS)]) {
      expect(await bestRatedSince(t.db, since, 13)).toEqual(await rankingOfEveryVote(t.db, since, 13));
    }
  });
});
