import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import type { Db } from '../../db/database.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { ratingRank, readRanking, refreshRatingRanks } from './ranking.js';
import { DEFAULT_BALLOT_RULES, NO_VOTES } from './rating.js';
import { findStats, recountStats } from './ratings.repository.js';
import { getRating, getTopRated, rateFilm, removeRating, type Voter } from './ratings.service.js';

const NOW = new Date('2026-11-25T12:00:00Z');

/** Votes as the routes cast them: each a unit of work, alone or grouped with those arriving at the same moment. */
function ballots(db: Db) {
  const writer = createWriter(db, {
    invalidate() {},
    effectFailed(error) {
      throw error;
    },
  });
  return {
    rate: (filmId: number, voter: Voter, score: number, at = NOW, grouped = false) =>
      (grouped ? writer.writeGrouped : writer.write)(
        async (uow) => (await rateFilm(uow.tx, filmId, voter, score, at, DEFAULT_BALLOT_RULES)).view,
      ),
    remove: (filmId: number, voter: Voter, grouped = false) =>
      (grouped ? writer.writeGrouped : writer.write)(async (uow) => (await removeRating(uow.tx, filmId, voter)).view),
  };
}

async function filmIds(t: TestDatabase): Promise<number[]> {
  const rows = await t.db.selectFrom('films').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** A vote (score) or its removal (null), by one of a few visitors on one of three films. */
const voteOp = fc.record({
  visitor: fc.integer({ min: 0, max: 5 }),
  // Few IP hashes, so some votes are held by the ballot-stuffing rule and must stay out of the aggregates.
  ip: fc.integer({ min: 0, max: 2 }),
  film: fc.integer({ min: 0, max: 2 }),
  score: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
});

describeEachDialect('rating aggregates', (dialect) => {
  let t: TestDatabase;
  let films: number[];
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [buildFilm(), buildFilm(), buildFilm()]);
    films = await filmIds(t);
    // Two of the voters are members: their votes are never held and count in the members' share (decision 034).
    for (const n of [0, 1]) {
      await t.db
        .insertInto('members')
        .values({
          email: `m${n}@example.org`,
          email_key: `m${n}@example.org`,
          handle: `m${n}`,
          handle_key: `m${n}`,
          display_name: `M${n}`,
          password_hash: 'x',
          visitor_id: `visitor-${n}`,
          confirmed_at: NOW.toISOString(),
          created_at: NOW.toISOString(),
          suspended_at: null,
        })
        .execute();
    }
  });
  afterAll(async () => t.destroy());

  const expectAggregatesEqualRecount = async () => {
    for (const filmId of films) {
      const stored = (await findStats(t.db, filmId)) ?? NO_VOTES;
      expect(stored).toEqual(await recountStats(t.db, filmId));
    }
  };

  it('always equal a full recount, whatever sequence of votes, changes and removals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(voteOp, { minLength: 1, maxLength: 30 }), async (ops) => {
        await t.db.deleteFrom('film_votes').execute();
        await t.db.deleteFrom('film_rating_stats').execute();
        for (const o of ops) {
          const voter = { visitorId: `visitor-${o.visitor}`, ipHash: `ip-${o.ip}` };
          const filmId = films[o.film]!;
          if (o.score === null) await ballots(t.db).remove(filmId, voter);
          else await ballots(t.db).rate(filmId, voter, o.score);
        }
        await expectAggregatesEqualRecount();
      }),
      { numRuns: dialect === 'sqlite' ? 60 : 25, seed: 20261125 },
    );
  });

  it('stay equal to a recount when the same sequences arrive at once and share a transaction (group commit)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(voteOp, { minLength: 2, maxLength: 30 }), async (ops) => {
        await t.db.deleteFrom('film_votes').execute();
        await t.db.deleteFrom('film_rating_stats').execute();
        const { rate, remove } = ballots(t.db);
        // Submitted in one go, as concurrent requests are: they run in submission order inside one transaction.
        await Promise.all(
          ops.map((o) => {
            const voter = { visitorId: `visitor-${o.visitor}`, ipHash: `ip-${o.ip}` };
            const filmId = films[o.film]!;
            return o.score === null ? remove(filmId, voter, true) : rate(filmId, voter, o.score, NOW, true);
          }),
        );
        const last = new Map<string, number | null>();
        for (const o of ops) last.set(`${o.visitor}/${o.film}`, o.score);
        for (const [key, score] of last) {
          const [visitor, film] = key.split('/').map(Number);
          const own = await getRating(t.db, films[film!]!, `visitor-${visitor}`);
          expect(own.yours).toBe(score === null ? null : score / 2);
        }
        await expectAggregatesEqualRecount();
      }),
      { numRuns: dialect === 'sqlite' ? 40 : 15, seed: 20261204 },
    );
  });

  it('shows the average with one decimal, the count, the histograms and the visitor’s own vote', async () => {
    await t.db.deleteFrom('film_votes').execute();
    await t.db.deleteFrom('film_rating_stats').execute();
    const film = films[0]!;
    expect(await getRating(t.db, film, 'a')).toEqual({
      average: null,
      count: 0,
      histogram: [0, 0, 0, 0, 0],
      halfStars: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      members: { average: null, count: 0 },
      guests: { average: null, count: 0 },
      yours: null,
      held: false,
    });
    await ballots(t.db).rate(film, { visitorId: 'a', ipHash: 'ip-a' }, 9); // 4.5 stars
    await ballots(t.db).rate(film, { visitorId: 'b', ipHash: 'ip-b' }, 6); // 3 stars
    await ballots(t.db).rate(film, { visitorId: 'c', ipHash: 'ip-c' }, 1); // 0.5 stars
    expect(await getRating(t.db, film, 'a')).toEqual({
      average: 2.7, // (4.5 + 3 + 0.5) / 3 = 2.666…
      count: 3,
      histogram: [1, 0, 1, 0, 1],
      // 4.5 stars is its own bucket, not rounded into 5.
      halfStars: [1, 0, 0, 0, 0, 1, 0, 0, 1, 0],
      members: { average: null, count: 0 },
      guests: { average: 2.7, count: 3 },
      yours: 4.5,
      held: false,
    });
    expect((await getRating(t.db, film, null)).yours).toBeNull();
  });
});

describeEachDialect('ballot stuffing', (dialect) => {
  let t: TestDatabase;
  let films: number[];
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await insertFilms(t.db, [buildFilm({ title: 'Honest Film' })]);
    films = await filmIds(t);
  });
  afterAll(async () => t.destroy());

  it('many cookie-less "visitors" from one IP hash barely move a film’s rating', async () => {
    const film = films[0]!;
    // Eight genuine voters from eight networks: an average of 4.5 stars.
    for (let i = 0; i < 8; i++) {
      await ballots(t.db).rate(film, { visitorId: `fan-${i}`, ipHash: `home-${i}` }, 9);
    }
    expect((await getRating(t.db, film, null)).average).toBe(4.5);

    // One person clears cookies 200 times in an hour and gives half a star each time.
    for (let i = 0; i < 200; i++) {
      const at = new Date(NOW.getTime() + i * 15_000);
      const own = await ballots(t.db).rate(film, { visitorId: `sock-${i}`, ipHash: 'one-flat' }, 1, at);
      expect(own.yours).toBe(0.5); // the voter still sees their vote as theirs
      expect(own.held).toBe(i >= 3); // and is told whether it counts yet
    }
    const after = await getRating(t.db, film, null);
    // Only the first three of the 200 count: (8·4.5 + 3·0.5) / 11 = 3.41 — versus 0.66 had all counted.
    expect(after.count).toBe(11);
    expect(after.average).toBeGreaterThanOrEqual(3.4);
    const held = await t.db
      .selectFrom('film_votes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('counted', '=', 0)
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(197); // kept, not dropped
  });

  it('lets the same network vote again the next day', async () => {
    const film = films[0]!;
    const tomorrow = new Date(NOW.getTime() + 25 * 3600_000);
    await ballots(t.db).rate(film, { visitorId: 'next-day', ipHash: 'one-flat' }, 10, tomorrow);
    expect((await getRating(t.db, film, null)).count).toBe(12);
  });
});

describeEachDialect('top rated', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('ranks by weighted rating, with films under m votes after the rest', async () => {
    await insertFilms(t.db, [
      buildFilm({ title: 'Two Perfect Votes' }),
      buildFilm({ title: 'Many Good Votes' }),
      buildFilm({ title: 'Many Poor Votes' }),
    ]);
    const [perfect, good, poor] = await filmIds(t);
    const vote = (film: number, who: string, score: number) =>
      ballots(t.db).rate(film, { visitorId: who, ipHash: who }, score);
    await vote(perfect!, 'p1', 10);
    await vote(perfect!, 'p2', 10);
    for (let i = 0; i < 12; i++) await vote(good!, `g${i}`, 9);
    for (let i = 0; i < 12; i++) await vote(poor!, `q${i}`, 4);

    const { entries } = await getTopRated(t.db, { page: 1, pageSize: 10 });
    expect(entries.map((e) => e.title)).toEqual(['Many Good Votes', 'Many Poor Votes', 'Two Perfect Votes']);
    const perfectEntry = entries[2]!;
    expect(perfectEntry.average).toBe(5);
    // C = (20 + 108 + 48) / 26 scores = 6.77; WR = (20 + 5·6.77) / 7 / 2 = 3.85 stars.
    expect(perfectEntry.weighted).toBeCloseTo((20 + (5 * 176) / 26) / 7 / 2, 5);

    // With m = 1 (an admin's setting, applied by the ranking job) every film clears the bar and the two perfect
    // votes win.
    expect((await refreshRatingRanks(t.db, 1, NOW)).rescored).toBe(3);
    const loose = await getTopRated(t.db, { page: 1, pageSize: 10 });
    expect(loose.entries[0]!.title).toBe('Two Perfect Votes');
  });

  it("keeps every film's rank on its row in step with its votes, as votes come and go", async () => {
    const [perfect, good] = await filmIds(t);
    await ballots(t.db).remove(good!, { visitorId: 'g0', ipHash: 'g0' });
    await ballots(t.db).rate(perfect!, { visitorId: 'p3', ipHash: 'p3' }, 2);
    const ranking = await readRanking(t.db);
    const rows = await t.db
      .selectFrom('films')
      .leftJoin('film_rating_stats as s', 's.film_id', 'films.id')
      .select(['films.rating_rank', 'films.rating_votes', 's.vote_count', 's.score_sum'])
      .execute();
    let votes = 0;
    for (const row of rows) {
      const count = row.vote_count ?? 0;
      votes += count;
      expect(row.rating_votes).toBe(count);
      const expected = ratingRank(count, row.score_sum ?? 0, ranking.rankedMean, ranking.rankedPrior);
      if (expected === null) expect(row.rating_rank).toBeNull();
      else expect(row.rating_rank).toBeCloseTo(expected, 9);
    }
    expect(ranking.voteCount).toBe(votes);
    expect(ranking.ratedFilms).toBe(3);
  });
});
