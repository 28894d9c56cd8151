import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { down, up } from '../../db/migrations/2026-12-05-59-member-guest-ratings.js';
import { recountStats } from './ratings.repository.js';

const NOW = '2026-12-05T12:00:00.000Z';

/**
 * The backfill of members' shares: votes that existed before the split are matched to members by visitor id, and a
 * member's vote held by the guests' cap is released.
 */
describeEachDialect('migration 59: members’ share of the ratings', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t.destroy());

  it('backfills members’ counts and sums and releases their held votes', async () => {
    await insertFilms(t.db, [buildFilm(), buildFilm()]);
    const [a, b] = (await t.db.selectFrom('films').select('id').orderBy('id').execute()).map((r) => r.id);
    await t.db
      .insertInto('members')
      .values({
        email: 'm@example.org',
        email_key: 'm@example.org',
        handle: 'm',
        handle_key: 'm',
        display_name: 'M',
        password_hash: 'x',
        visitor_id: 'member-v',
        confirmed_at: NOW,
        created_at: NOW,
        suspended_at: null,
      })
      .execute();
    // As the site stood before the migration: the columns do not exist yet.
    // biome-ignore lint/suspicious/noExplicitAny: the migration takes the schema as it was, not today's type.
    await down(t.db as any);
    const vote = (film: number, visitor: string, score: number, counted: number) => ({
      film_id: film,
      visitor_id: visitor,
      score,
      ip_hash: 'ip',
      counted,
      created_at: NOW,
      updated_at: NOW,
    });
    await t.db
      .insertInto('film_votes')
      .values([
        vote(a!, 'member-v', 9, 1),
        vote(a!, 'guest-1', 2, 1),
        vote(a!, 'guest-2', 4, 0),
        vote(b!, 'member-v', 6, 0),
      ])
      .execute();
    const stats = (film: number, count: number, sum: number, hist: number[]) => ({
      film_id: film,
      vote_count: count,
      score_sum: sum,
      hist_1: hist[0]!,
      hist_2: hist[1]!,
      hist_3: hist[2]!,
      hist_4: hist[3]!,
      hist_5: hist[4]!,
    });
    // biome-ignore lint/suspicious/noExplicitAny: the table without today's columns.
    await (t.db as any)
      .insertInto('film_rating_stats')
      .values([stats(a!, 2, 11, [1, 0, 0, 0, 1])])
      .execute();

    // biome-ignore lint/suspicious/noExplicitAny: see above.
    await up(t.db as any);
    const rows = await t.db.selectFrom('film_rating_stats').selectAll().orderBy('film_id').execute();
    expect(rows.map((r) => [r.film_id, r.vote_count, r.score_sum, r.member_vote_count, r.member_score_sum])).toEqual([
      [a, 2, 11, 1, 9],
      [b, 1, 6, 1, 6],
    ]);
    for (const film of [a!, b!]) {
      const row = rows.find((r) => r.film_id === film)!;
      // Half-star buckets come with a later migration (65), which backfills them itself.
      const { halfStars: _later, ...recount } = await recountStats(t.db, film);
      expect({
        voteCount: row.vote_count,
        scoreSum: row.score_sum,
        histogram: [row.hist_1, row.hist_2, row.hist_3, row.hist_4, row.hist_5],
        memberCount: row.member_vote_count,
        memberSum: row.member_score_sum,
      }).toEqual(recount);
    }
    const held = await t.db.selectFrom('film_votes').select('visitor_id').where('counted', '=', 0).execute();
    expect(held.map((r) => r.visitor_id)).toEqual(['guest-2']);
  });
});
