import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR } from '../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { type SignedInTestMember, signedInMember } from '../../test/support/members.js';
import type { TestVisitor } from '../../test/support/visitor.js';

const PASSWORD = 'a long enough member password';
type Member = SignedInTestMember & { visitor: TestVisitor };

/**
 * A member's life across every feature that keeps something of them (ratings, likes, comments, reviews, review likes
 * and replies, watchlist, diary, profile), then their departure: what stays, what goes, and whether every stored
 * count still equals a fresh COUNT of the rows it summarises.
 */
describeEachDialect('a member across features', (dialect) => {
  let t: TestApp;
  let moderator: TestVisitor;
  let ip = 20;
  const clock = new TestClock(new Date('2026-12-05T12:00:00Z'));
  const member = (displayName: string): Promise<Member> =>
    signedInMember(t, { displayName, password: PASSWORD }, { now: clock.now(), ip: `198.51.100.${ip++}` });
  const guestPage = async (url: string) => (await t.app.inject({ url, remoteAddress: '203.0.113.9' })).body;

  beforeEach(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Heat', year: 1995 }),
      buildFilm({ title: 'Ran', year: 1985 }),
      buildFilm({ title: 'Alien', year: 1979 }),
    ]);
    await createStaff(t, clock.now());
    moderator = await logIn(t, MODERATOR, '192.0.2.50');
  });
  afterEach(async () => t.close());

  const reviewId = async (m: Member, slug: string) =>
    (
      await t.t.db
        .selectFrom('reviews')
        .innerJoin('films', 'films.id', 'reviews.film_id')
        .select('reviews.id')
        .where('films.slug', '=', slug)
        .where('reviews.member_id', '=', m.member.id)
        .executeTakeFirstOrThrow()
    ).id;

  async function approveReview(id: number) {
    moderator.csrfToken = csrfOf((await moderator.request({ url: '/admin/reviews?status=pending' })).body);
    expect((await moderator.form('/admin/reviews/bulk', { action: 'approve', ids: String(id) })).statusCode).toBe(303);
  }

  async function review(m: Member, slug: string, body: string, spoiler = false) {
    const posted = await m.visitor.form(`/film/${slug}/review`, { body, ...(spoiler ? { spoiler: '1' } : {}) });
    expect(posted.statusCode).toBe(303);
    const id = await reviewId(m, slug);
    const row = await t.t.db.selectFrom('reviews').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    if (row.status !== 'approved') await approveReview(id);
  }

  /** `m` does everything a member can; `other` reviews too, and the two like and answer each other's reviews. */
  async function liveALife(m: Member, other: Member) {
    await m.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 4.5 });
    await m.visitor.api('PUT', '/api/v1/films/ran/rating', { stars: 2 });
    await other.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 3 });
    expect((await m.visitor.api('POST', '/api/v1/films/heat/like')).statusCode).toBe(200);
    expect((await other.visitor.api('POST', '/api/v1/films/heat/like')).statusCode).toBe(200);
    const comment = { authorName: m.member.displayName, authorEmail: m.member.email, body: 'A comment of mine.' };
    expect((await m.visitor.form('/film/ran/comments', comment)).statusCode).toBe(303);

    await review(m, 'heat', 'My review: ||the bank job|| is the heart of it.', true);
    await review(other, 'heat', 'The other review of Heat.');
    for (const [who, author] of [
      [m, other],
      [other, m],
    ] as const) {
      const page = `/film/heat/reviews/${author.member.handle}`;
      expect((await who.visitor.form(`${page}/like`, { liked: '1' })).statusCode).toBe(303);
      const reply = { authorName: who.member.displayName, authorEmail: who.member.email, body: 'A reply.' };
      expect((await who.visitor.form(`${page}/replies`, reply)).statusCode).toBe(303);
    }

    expect((await m.visitor.form('/film/ran/watchlist', { listed: '1' })).statusCode).toBe(303);
    const viewing = { date: '2026-12-01', stars: '4', note: 'Seen at the cinema.', visibility: 'public' };
    expect((await m.visitor.form('/film/alien/log', viewing)).statusCode).toBe(303);
  }

  /** Every column, in any table, that names a member or a visitor: read from the database's own catalog. */
  async function memberColumns(): Promise<Array<{ table: string; column: string }>> {
    const wanted = ['member_id', 'visitor_id'];
    const query =
      dialect === 'postgres'
        ? sql<{ table: string; column: string }>`select table_name as "table", column_name as "column"
            from information_schema.columns
            where table_schema = current_schema() and column_name in (${sql.join(wanted)})`
        : sql<{ table: string; column: string }>`select m.name as "table", p.name as "column"
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and p.name in (${sql.join(wanted)})`;
    return [...(await query.execute(t.t.db)).rows, { table: 'members', column: 'id' }];
  }

  /** How many rows of each table name the member, by a member_id or visitor_id column (or the account itself). */
  async function rowsOf(m: Member): Promise<Record<string, number>> {
    const found: Record<string, number> = {};
    for (const { table, column } of await memberColumns()) {
      const value = column === 'visitor_id' ? m.member.visitorId : m.member.id;
      const row = await t.t.db
        // biome-ignore lint/suspicious/noExplicitAny: the table and column come from the catalog, not the type
        .selectFrom(table as any)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(column, '=', value)
        .executeTakeFirstOrThrow();
      if (Number(row.n) > 0) found[`${table}.${column}`] = Number(row.n);
    }
    return found;
  }

  /** Stored aggregates next to the same figures counted afresh from the rows. */
  async function aggregates() {
    const votes = await t.t.db.selectFrom('film_votes').select(['film_id', 'score']).where('counted', '=', 1).execute();
    const ratingStats = await t.t.db.selectFrom('film_rating_stats').selectAll().orderBy('film_id').execute();
    const likeStats = await t.t.db.selectFrom('film_like_stats').selectAll().orderBy('film_id').execute();
    const likes = await t.t.db.selectFrom('film_likes').select('film_id').execute();
    const reviews = await t.t.db.selectFrom('reviews').select(['id', 'like_count']).orderBy('id').execute();
    const reviewLikes = await t.t.db.selectFrom('review_likes').select('review_id').execute();
    const stored = {
      ratings: ratingStats
        .filter((s) => s.vote_count > 0)
        .map((s) => ({
          film: s.film_id,
          count: s.vote_count,
          sum: s.score_sum,
          bars: [s.hist_1, s.hist_2, s.hist_3, s.hist_4, s.hist_5],
          halves: [s.half_1, s.half_2, s.half_3, s.half_4, s.half_5],
        })),
      likes: likeStats.filter((s) => s.like_count > 0).map((s) => ({ film: s.film_id, count: s.like_count })),
      reviewLikes: reviews.map((r) => ({ review: r.id, count: r.like_count })),
    };
    const films = [...new Set(votes.map((v) => v.film_id))].sort((a, b) => a - b);
    const counted = {
      ratings: films.map((film) => {
        const scores = votes.filter((v) => v.film_id === film).map((v) => v.score);
        const bar = (n: number) => scores.filter((s) => Math.ceil(s / 2) === n).length;
        const half = (n: number) => scores.filter((s) => s === 2 * n - 1).length;
        return {
          film,
          count: scores.length,
          sum: scores.reduce((a, b) => a + b, 0),
          bars: [1, 2, 3, 4, 5].map(bar),
          halves: [1, 2, 3, 4, 5].map(half),
        };
      }),
      likes: [...new Set(likes.map((l) => l.film_id))]
        .sort((a, b) => a - b)
        .map((film) => ({ film, count: likes.filter((l) => l.film_id === film).length })),
      reviewLikes: reviews.map((r) => ({
        review: r.id,
        count: reviewLikes.filter((l) => l.review_id === r.id).length,
      })),
    };
    return { stored, counted };
  }

  async function deleteOwnAccount(m: Member, mode: 'delete' | 'anonymise') {
    m.visitor.csrfToken = csrfOf((await m.visitor.request({ url: '/settings' })).body);
    const answer = await m.visitor.form('/settings/delete', { mode, delete_password: PASSWORD });
    expect(answer.statusCode).toBe(303);
  }

  it('the profile shows the diary and the reviews, follows approvals, and goes with a suspension', async () => {
    const ann = await member('Ann Lifelong');
    const bo = await member('Bo Other');
    const profile = `/u/${ann.member.handle}`;
    expect(await guestPage(profile)).toContain('No reviews yet.');
    await liveALife(ann, bo);

    const page = await guestPage(profile);
    expect(page).toContain('My review:');
    expect(page).toContain('This review contains spoilers');
    expect(page).toContain('Seen at the cinema.');
    // The diary's viewing counts as a film watched; the ratings are the member's votes (4.5, 2 and the diary's 4).
    expect(page).toMatch(/Films watched<\/dt>\s*<dd>1<\/dd>/);
    expect(page).toMatch(/Ratings<\/dt>\s*<dd>3<\/dd>/);

    // A later review is published at once (known author) and shows on the next request of the cached profile.
    await ann.visitor.form('/film/ran/review', { body: 'Ran, reviewed later.' });
    expect(await guestPage(profile)).toContain('Ran, reviewed later.');

    // Heat's votes: Ann 4.5, Bo 3; Ann's reply is on Bo's review (approved here: a first reply is held). Pages are
    // cached before the suspension.
    await t.t.db.updateTable('comments').set({ status: 'approved' }).where('review_id', 'is not', null).execute();
    const boReview = `/film/heat/reviews/${bo.member.handle}`;
    expect(await guestPage('/film/heat')).toContain('Members 3.8 (2) · Guests – (0)');
    expect(await guestPage('/top-rated')).toMatch(/<strong>3\.8<\/strong> \/ 5 · 2 votes/);
    expect(await guestPage(boReview)).toContain('Ann Lifelong');

    const admin = await logIn(t, ADMIN, '192.0.2.51');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/members' })).body);
    expect((await admin.form(`/admin/members/${ann.member.id}/suspend`, {})).statusCode).toBe(303);
    expect((await t.app.inject({ url: profile })).statusCode).toBe(404);
    expect(await guestPage('/film/heat')).not.toContain('My review:');
    expect(await guestPage('/film/heat')).toContain('The other review of Heat.');
    // A suspended member's votes leave the average, the members' share and Top rated; their replies leave pages.
    expect(await guestPage('/film/heat')).toContain('Members 3.0 (1) · Guests – (0)');
    expect(await guestPage('/top-rated')).toMatch(/<strong>3\.0<\/strong> \/ 5 · 1 vote\b/);
    expect(await guestPage(boReview)).not.toContain('Ann Lifelong');
    const { stored, counted } = await aggregates();
    expect(stored.ratings).toEqual(counted.ratings);
    // The suspended member's browser is signed out: the review form sends it to sign in.
    const form = await ann.visitor.request({ url: '/film/heat/review' });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toMatch(/^\/login/);

    expect((await admin.form(`/admin/members/${ann.member.id}/restore`, {})).statusCode).toBe(303);
    expect(await guestPage(profile)).toContain('My review:');
    expect(await guestPage('/film/heat')).toContain('My review:');
    expect(await guestPage('/film/heat')).toContain('Members 3.8 (2) · Guests – (0)');
    expect(await guestPage('/top-rated')).toMatch(/<strong>3\.8<\/strong> \/ 5 · 2 votes/);
    expect(await guestPage(boReview)).toContain('Ann Lifelong');

    // The privacy settings retire the cached profile: the watchlist shows once public, the profile goes once private.
    expect(await guestPage(profile)).not.toContain('Watchlist (1)');
    ann.visitor.csrfToken = csrfOf((await ann.visitor.request({ url: '/login' })).body);
    expect((await ann.visitor.form('/login', { email: ann.member.email, password: PASSWORD })).statusCode).toBe(303);
    const settings = async (fields: Record<string, string>) => {
      ann.visitor.csrfToken = csrfOf((await ann.visitor.request({ url: '/settings' })).body);
      const own = { display_name: ann.member.displayName, bio: '' };
      expect((await ann.visitor.form('/settings/profile', { ...own, ...fields })).statusCode).toBe(303);
    };
    await settings({ profile_public: '1', watchlist_public: '1' });
    expect(await guestPage(profile)).toContain('Watchlist (1)');
    await settings({});
    expect((await t.app.inject({ url: profile })).statusCode).toBe(404);
  }, 60_000);

  it('export my data has the reviews, the diary and the watchlist, as JSON and CSV', async () => {
    const ann = await member('Ann Exports');
    await liveALife(ann, await member('Bo Other'));
    const data = (await ann.visitor.request({ url: '/settings/export.json' })).json();
    expect(data.reviews).toEqual([expect.objectContaining({ filmSlug: 'heat', spoiler: true, status: 'approved' })]);
    expect(data.diary).toEqual([
      expect.objectContaining({ film: expect.objectContaining({ slug: 'alien' }), date: '2026-12-01', stars: 4 }),
    ]);
    expect(data.watchlist).toEqual([expect.objectContaining({ film: 'ran' })]);
    const csv = (await ann.visitor.request({ url: '/settings/export.csv' })).body;
    expect(csv).toContain('review,heat,approved,');
    expect(csv).toContain('diary,alien,4 stars public,2026-12-01,Seen at the cinema.');
    expect(csv).toMatch(/\r\nwatchlist,ran,,/);
  }, 60_000);

  it('deleting the account with everything leaves no row of the member, and every count equals a fresh COUNT', async () => {
    const ann = await member('Ann Leaves');
    const bo = await member('Bo Stays');
    await liveALife(ann, bo);
    const before = await rowsOf(ann);
    for (const table of ['film_votes', 'film_likes', 'comments', 'reviews', 'review_likes', 'diary_entries']) {
      expect(Object.keys(before).some((key) => key.startsWith(`${table}.`))).toBe(true);
    }
    expect(before['watchlist_items.member_id']).toBe(1);

    await deleteOwnAccount(ann, 'delete');

    expect(await rowsOf(ann)).toEqual({});
    const { stored, counted } = await aggregates();
    expect(stored).toEqual(counted);
    expect(stored.ratings.map((r) => r.count)).toEqual([1]);
    const heat = await guestPage('/film/heat');
    expect(heat).not.toContain('My review:');
    expect(heat).toContain('The other review of Heat.');
    expect((await t.app.inject({ url: `/u/${ann.member.handle}` })).statusCode).toBe(404);
    expect(await rowsOf(bo)).toMatchObject({ 'reviews.member_id': 1, 'members.id': 1 });
  }, 60_000);

  it('anonymising keeps the reviews under “Deleted member” and takes the account, diary and watchlist away', async () => {
    const ann = await member('Ann Anonymous');
    const bo = await member('Bo Stays');
    await liveALife(ann, bo);
    const reviewed = await reviewId(ann, 'heat');

    await deleteOwnAccount(ann, 'anonymise');

    // Nothing names the member any more; votes and likes stay as a guest's (decision 026).
    expect(Object.keys(await rowsOf(ann)).filter((key) => !key.endsWith('.visitor_id'))).toEqual([]);
    const kept = await t.t.db.selectFrom('reviews').selectAll().where('id', '=', reviewed).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ member_id: null, ip_hash: null, user_agent: null, status: 'approved' });
    const heat = await guestPage('/film/heat');
    expect(heat).toContain('My review:');
    expect(heat).toContain('Deleted member');
    expect(heat).not.toContain(`/u/${ann.member.handle}`);
    const { stored, counted } = await aggregates();
    expect(stored).toEqual(counted);
  }, 60_000);

  it('the admin’s commenter export and erase cover the account’s reviews, likes, diary and watchlist', async () => {
    const ann = await member('Ann Erased');
    await liveALife(ann, await member('Bo Stays'));
    const admin = await logIn(t, ADMIN, '192.0.2.52');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/privacy' })).body);
    const exported = (await admin.form('/admin/privacy/export', { email: ann.member.email })).json();
    expect(exported.member).toMatchObject({
      handle: ann.member.handle,
      reviews: [expect.objectContaining({ filmSlug: 'heat' })],
      diary: [expect.objectContaining({ note: 'Seen at the cinema.' })],
      watchlist: [expect.objectContaining({ film: 'ran' })],
    });
    expect((await admin.form('/admin/privacy/erase', { email: ann.member.email, mode: 'delete' })).statusCode).toBe(
      303,
    );
    expect(await rowsOf(ann)).toEqual({});
    const { stored, counted } = await aggregates();
    expect(stored).toEqual(counted);

    const privacy = await guestPage('/privacy');
    for (const words of ['Reviews', 'Review likes', 'Watchlist', 'Diary entries']) expect(privacy).toContain(words);
  }, 60_000);
});
