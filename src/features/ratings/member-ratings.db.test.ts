import { afterEach, beforeEach, expect, it } from 'vitest';
import { csrfOf } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { NO_VOTES } from './rating.js';
import { findStats, recountStats } from './ratings.repository.js';

const SAME_NETWORK = '198.51.100.9';

/** Members' and guests' votes: the split shown on the film page, the cap for guests only, the claim at sign-in. */
describeEachDialect('member and guest ratings', (dialect) => {
  let t: TestApp;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock(new Date());
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Heat', year: 1995 }),
      buildFilm({ title: 'Ran', year: 1985 }),
      buildFilm({ title: 'Ikiru', year: 1952 }),
    ]);
  });
  afterEach(async () => t.close());

  const member = (ip = SAME_NETWORK) => signedInMember(t, {}, { now: clock.now(), ip });
  const guest = (ip = SAME_NETWORK) => TestVisitor.start(t.app, ip);
  const rating = async (slug: string) => (await t.app.inject({ url: `/api/v1/films/${slug}/rating` })).json();
  const filmId = async (slug: string) =>
    (await t.t.db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  /** The stored aggregates, members' share included, equal a recount from the votes themselves. */
  const expectInStep = async () => {
    for (const slug of ['heat', 'ran', 'ikiru']) {
      const id = await filmId(slug);
      expect((await findStats(t.t.db, id)) ?? NO_VOTES, slug).toEqual(await recountStats(t.t.db, id));
    }
  };

  it('caps guests on one network but always counts a member’s vote', async () => {
    for (let i = 0; i < 5; i++)
      expect((await (await guest()).api('PUT', '/api/v1/films/heat/rating', { stars: 1 })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      const m = await member();
      expect((await m.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 5 })).statusCode).toBe(200);
    }
    // The default cap: three guests' votes a film per network in 24 hours.
    expect(await rating('heat')).toMatchObject({
      count: 5,
      average: 2.6,
      members: { average: 5, count: 2 },
      guests: { average: 1, count: 3 },
    });
    // Members' votes do not use up the network's allowance for guests either.
    const fresh = await guest();
    await fresh.api('PUT', '/api/v1/films/ran/rating', { stars: 2 });
    const m = await member();
    await m.visitor.api('PUT', '/api/v1/films/ran/rating', { stars: 4 });
    for (let i = 0; i < 2; i++) await (await guest()).api('PUT', '/api/v1/films/ran/rating', { stars: 2 });
    expect(await rating('ran')).toMatchObject({ count: 4, members: { count: 1 }, guests: { count: 3 } });
    await expectInStep();
  });

  it('keeps the split right through vote changes, removals and an account deleted with its votes kept', async () => {
    const ann = await member('192.0.2.1');
    const bob = await member('192.0.2.2');
    const g = await guest('192.0.2.3');
    await ann.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 4 });
    await bob.visitor.api('PUT', '/api/v1/me/ratings/heat', { stars: 3 });
    await g.api('PUT', '/api/v1/films/heat/rating', { stars: 2 });
    expect(await rating('heat')).toMatchObject({ count: 3, average: 3, members: { average: 3.5, count: 2 } });
    await ann.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 5 });
    expect(await rating('heat')).toMatchObject({ members: { average: 4, count: 2 }, guests: { average: 2, count: 1 } });
    await bob.visitor.api('DELETE', '/api/v1/me/ratings/heat');
    await g.api('PUT', '/api/v1/films/heat/rating', { stars: 1 });
    expect(await rating('heat')).toMatchObject({ count: 2, members: { average: 5, count: 1 }, guests: { average: 1 } });
    await expectInStep();

    // Deleting the account but keeping its votes: Ann's vote stays, as a guest's.
    const page = await ann.visitor.request({ url: '/settings' });
    ann.visitor.csrfToken = csrfOf(page.body);
    const gone = await ann.visitor.form('/settings/delete', {
      mode: 'anonymise',
      delete_password: 'a long enough member password',
    });
    expect(gone.statusCode).toBe(303);
    expect(await rating('heat')).toMatchObject({ count: 2, members: { count: 0 }, guests: { average: 3, count: 2 } });
    await expectInStep();
  });

  it('moves a guest’s votes into the members’ share at sign-in, without counting anyone twice', async () => {
    const ann = await member('192.0.2.10');
    // Ann, signed in elsewhere, rated Heat earlier; in another browser, as a guest, she rates Heat again and Ran.
    await ann.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 2 });
    clock.advance(60_000);
    const browser = await guest();
    await browser.api('PUT', '/api/v1/films/heat/rating', { stars: 4 });
    await browser.api('PUT', '/api/v1/films/ran/rating', { stars: 3 });
    // Three more guests on that network: the guest browser's next vote is held by the cap.
    for (let i = 0; i < 3; i++) await (await guest()).api('PUT', '/api/v1/films/ikiru/rating', { stars: 1 });
    await browser.api('PUT', '/api/v1/films/ikiru/rating', { stars: 5 });
    expect(await rating('heat')).toMatchObject({ count: 2, members: { count: 1 }, guests: { count: 1 } });
    expect(await rating('ikiru')).toMatchObject({ count: 3, guests: { average: 1, count: 3 } });

    const login = await browser.request({ url: '/login' });
    browser.csrfToken = csrfOf(login.body);
    const signedIn = await browser.form('/login', { email: ann.member.email, password: ann.member.password });
    expect(signedIn.statusCode).toBe(303);

    // Heat: the newer vote (4 stars, from the guest browser) stays, as Ann's; her older one is gone.
    expect(await rating('heat')).toMatchObject({
      count: 1,
      average: 4,
      members: { average: 4, count: 1 },
      guests: { count: 0 },
    });
    expect(await rating('ran')).toMatchObject({ count: 1, members: { average: 3, count: 1 }, guests: { count: 0 } });
    // The held vote is Ann's now, and a member's vote counts.
    expect(await rating('ikiru')).toMatchObject({ count: 4, members: { average: 5, count: 1 }, guests: { count: 3 } });
    const mine = (await ann.visitor.request({ url: '/api/v1/me/ratings' })).json();
    expect(mine.total).toBe(3);
    await expectInStep();
  });

  it('ranks Top rated by the combined figure and shows the split on the shared film page', async () => {
    await t.t.db.updateTable('films').set({ year: 1995 }).execute();
    const ann = await member('192.0.2.20');
    await ann.visitor.api('PUT', '/api/v1/films/heat/rating', { stars: 5 });
    // Heat: members 5.0 (1), guests 1.0 (2): combined 2.3. Ran: guests 3.0 (3): combined 3.0.
    for (const ip of ['192.0.2.21', '192.0.2.22'])
      await (await guest(ip)).api('PUT', '/api/v1/films/heat/rating', { stars: 1 });
    for (const ip of ['192.0.2.23', '192.0.2.24', '192.0.2.25'])
      await (await guest(ip)).api('PUT', '/api/v1/films/ran/rating', { stars: 3 });
    const top = (await t.app.inject({ url: '/top-rated' })).body;
    expect(top.indexOf('/film/ran')).toBeGreaterThan(-1);
    expect(top.indexOf('/film/ran')).toBeLessThan(top.indexOf('/film/heat'));
    const sorted = (await t.app.inject({ url: '/api/v1/films?sort=top-rated' })).json();
    const slugs = sorted.items.map((f: { slug: string }) => f.slug);
    expect(slugs.indexOf('ran')).toBeLessThan(slugs.indexOf('heat'));
    expect(sorted.items[slugs.indexOf('heat')].rating).toEqual({
      average: 2.3,
      count: 3,
      members: { average: 5, count: 1 },
      guests: { average: 1, count: 2 },
    });

    const anonymous = await t.app.inject({ url: '/film/heat' });
    expect(anonymous.body).toContain('Members 5.0 (1) · Guests 1.0 (2)');
    expect(anonymous.body).toContain('href="/about/ratings#members-and-guests"');
    // The same words for a signed-in member: the block is part of the shared page, not a personal part.
    expect((await ann.visitor.request({ url: '/film/heat' })).body).toContain('Members 5.0 (1) · Guests 1.0 (2)');
    const about = (await t.app.inject({ url: '/about/ratings' })).body;
    expect(about).toContain('id="members-and-guests"');
  });
});
