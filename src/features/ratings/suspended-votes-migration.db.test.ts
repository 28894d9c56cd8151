import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { down, up } from '../../db/migrations/2026-12-05-97-suspended-votes-review-ip.js';
import { findStats, recountStats } from './ratings.repository.js';

const NOW = '2026-12-05T12:00:00.000Z';

/** Members suspended before release 97 still had their votes counted: the migration holds them and fixes the sums. */
describeEachDialect('migration 97: suspended members’ votes', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t.destroy());

  it('takes a suspended member’s counted votes out of the aggregates and keeps everyone else’s', async () => {
    await insertFilms(t.db, [buildFilm()]);
    const film = (await t.db.selectFrom('films').select('id').executeTakeFirstOrThrow()).id;
    const member = (handle: string, suspended: string | null) => ({
      email: `${handle}@example.org`,
      email_key: `${handle}@example.org`,
      handle,
      handle_key: handle,
      display_name: handle,
      password_hash: 'x',
      visitor_id: `${handle}-v`,
      confirmed_at: NOW,
      created_at: NOW,
      suspended_at: suspended,
    });
    await t.db
      .insertInto('members')
      .values([member('gone', NOW), member('kept', null)])
      .execute();
    const vote = (visitor: string, score: number) => ({
      film_id: film,
      visitor_id: visitor,
      score,
      ip_hash: 'ip',
      counted: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    // 4.5 stars from the suspended member, 3 from an active one, 2 from a guest: as stored before the release.
    await t.db
      .insertInto('film_votes')
      .values([vote('gone-v', 9), vote('kept-v', 6), vote('guest', 4)])
      .execute();
    const before = await recountStats(t.db, film);
    await t.db
      .insertInto('film_rating_stats')
      .values({
        film_id: film,
        vote_count: before.voteCount,
        score_sum: before.scoreSum,
        hist_1: 0,
        hist_2: 1,
        hist_3: 1,
        hist_4: 0,
        hist_5: 1,
        half_1: 0,
        half_2: 0,
        half_3: 0,
        half_4: 0,
        half_5: 1,
        member_vote_count: before.memberCount,
        member_score_sum: before.memberSum,
      })
      .execute();
    // biome-ignore lint/suspicious/noExplicitAny: the migration takes the schema as it was, not today's type.
    const db = t.db as any;
    await down(db);
    await up(db);
    const after = await findStats(t.db, film);
    expect(after).toEqual(await recountStats(t.db, film));
    expect(after).toMatchObject({ voteCount: 2, scoreSum: 10, memberCount: 1, memberSum: 6 });
    const held = await t.db.selectFrom('film_votes').select(['visitor_id', 'counted']).orderBy('visitor_id').execute();
    expect(held).toEqual([
      { visitor_id: 'gone-v', counted: 0 },
      { visitor_id: 'guest', counted: 1 },
      { visitor_id: 'kept-v', counted: 1 },
    ]);
  });
});
