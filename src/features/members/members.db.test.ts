import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { csrfOf } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { TestVisitor } from '../../../test/support/visitor.js';

/**
 * The member's life from the outside: join, confirm by mail, bring the guest history along, sign out; duplicates
 * that must not make a second account or tell whether an address is known.
 */
describeEachDialect('members: join, confirm, claim, sign in and out', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let clock: TestClock;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());
  beforeEach(async () => {
    smtp.arrivals.length = 0;
    clock = new TestClock(new Date());
    t = await createTestApp(
      dialect,
      { mail: { smtpUrl: smtp.url, from: 'Reelhouse <noreply@reelhouse.test>', repliesPerDay: 10 } },
      { clock },
    );
    await insertFilms(t.t.db, [buildFilm({ title: 'Heat', year: 1995 }), buildFilm({ title: 'Ran', year: 1985 })]);
  });
  afterEach(async () => t.close());

  const filmId = async (slug: string) =>
    (await t.t.db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  /** A guest browser that has been on the site: it holds its visitor id and a CSRF token. */
  async function guest(ip = '198.51.100.40') {
    const v = new TestVisitor(t.app, ip);
    const session = await v.request({ url: '/api/v1/session' });
    const { csrfToken, visitor } = session.json() as { csrfToken: string; visitor: string };
    v.csrfToken = csrfToken;
    return { v, visitorId: visitor };
  }

  async function joinAs(v: TestVisitor, fields: { email: string; handle: string; display_name?: string }) {
    const form = await v.request({ url: '/join' });
    v.csrfToken = csrfOf(form.body);
    return v.form('/join', { password: 'a long enough member password', display_name: 'Ann', ...fields });
  }

  async function mails() {
    await t.app.mail.runOutboxOnce();
    return smtp.arrivals;
  }

  const linkIn = (text: string, path: string) =>
    new RegExp(`http://reelhouse\\.test(${path}/[A-Za-z0-9_-]+)`).exec(text)?.[1] as string;

  async function follow(v: TestVisitor, link: string) {
    const page = await v.request({ url: link });
    expect(page.statusCode).toBe(200);
    v.csrfToken = csrfOf(page.body);
    return v.form(link, {});
  }

  async function signIn(v: TestVisitor, email: string, password = 'a long enough member password') {
    const page = await v.request({ url: '/login' });
    v.csrfToken = csrfOf(page.body);
    return v.form('/login', { email, password });
  }

  async function addGuestComment(visitorId: string, film: number, body: string) {
    const now = clock.now().toISOString();
    await t.t.db
      .insertInto('comments')
      .values({
        film_id: film,
        parent_id: null,
        author_name: 'Ann as a guest',
        author_email: 'ann@example.org',
        author_url: null,
        body,
        status: 'approved',
        reasons: '[]',
        spam_score: null,
        body_hash: `hash-${body}`,
        visitor_id: visitorId,
        ip_hash: null,
        user_agent: null,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
      })
      .execute();
  }

  const stats = async (slug: string) => {
    const id = await filmId(slug);
    const rating = await t.t.db
      .selectFrom('film_rating_stats')
      .selectAll()
      .where('film_id', '=', id)
      .executeTakeFirst();
    const likes = await t.t.db.selectFrom('film_like_stats').selectAll().where('film_id', '=', id).executeTakeFirst();
    return { votes: rating?.vote_count ?? 0, sum: rating?.score_sum ?? 0, likes: likes?.like_count ?? 0 };
  };

  it('join → confirm by mail → the guest history moves to the account → sign out', async () => {
    const { v, visitorId } = await guest();
    await v.api('PUT', '/api/v1/films/heat/rating', { stars: 4 });
    await v.api('PUT', '/api/v1/films/ran/rating', { stars: 5 });
    await v.api('POST', '/api/v1/films/heat/like');
    await addGuestComment(visitorId, await filmId('heat'), 'Best bank heist ever filmed.');
    const before = await stats('heat');

    const joined = await joinAs(v, { email: 'Ann@Example.org', handle: 'Ann_B' });
    expect(joined.statusCode).toBe(200);
    expect(joined.body).toContain('Check your inbox');
    const [confirm] = await mails();
    expect(confirm?.envelope.to.map((a) => a.toLowerCase())).toEqual(['ann@example.org']);
    expect(confirm?.mail.subject).toBe('Confirm your address for Reelhouse');

    // Unconfirmed, the account exists but cannot be used for reviews yet; the link confirms and signs in here.
    const member = await t.t.db.selectFrom('members').selectAll().executeTakeFirstOrThrow();
    expect(member.confirmed_at).toBeNull();
    const done = await follow(v, linkIn(confirm?.mail.text ?? '', '/join/confirm'));
    expect(done.statusCode).toBe(303);
    const settings = await v.request({ url: done.headers.location as string });
    expect(settings.body).toContain('We added your 2 ratings, 1 like and 1 comment from this browser to your account.');
    expect(settings.body).toContain('Signed in as <a href="/u/Ann_B">Ann</a>');

    // Moved, not copied: nothing is left under the guest id, the aggregates did not change.
    const rows = async (table: 'film_votes' | 'film_likes' | 'comments', id: string) =>
      (await t.t.db.selectFrom(table).select('visitor_id').where('visitor_id', '=', id).execute()).length;
    expect([
      await rows('film_votes', visitorId),
      await rows('film_likes', visitorId),
      await rows('comments', visitorId),
    ]).toEqual([0, 0, 0]);
    expect([await rows('film_votes', member.visitor_id), await rows('film_likes', member.visitor_id)]).toEqual([2, 1]);
    expect(await rows('comments', member.visitor_id)).toBe(1);
    expect(await stats('heat')).toEqual(before);
    const confirmed = await t.t.db.selectFrom('members').select('confirmed_at').executeTakeFirstOrThrow();
    expect(confirmed.confirmed_at).not.toBeNull();

    // The link works once.
    const again = await v.request({ url: linkIn(confirm?.mail.text ?? '', '/join/confirm') });
    expect(again.statusCode).toBe(404);

    // Signed in, the votes are the member's own; signed out, the browser is a guest again.
    expect((await v.request({ url: '/api/v1/films/heat/rating' })).json()).toMatchObject({ yours: 4 });
    const settingsPage = await v.request({ url: '/settings' });
    v.csrfToken = csrfOf(settingsPage.body);
    const out = await v.form('/logout', {});
    expect(out.statusCode).toBe(303);
    expect((await v.request({ url: '/api/v1/films/heat/rating' })).json()).toMatchObject({ yours: null });
    expect((await v.request({ url: '/settings' })).statusCode).toBe(303);
  });

  it('claiming keeps the newer of two votes on one film and counts every film once', async () => {
    const home = await guest('198.51.100.41');
    await joinAs(home.v, { email: 'bo@example.org', handle: 'bo' });
    await follow(home.v, linkIn((await mails())[0]?.mail.text ?? '', '/join/confirm'));
    // Signed in at home: rates Heat 5 and likes it.
    await home.v.request({ url: '/settings' }).then((p) => {
      home.v.csrfToken = csrfOf(p.body);
    });
    await home.v.api('PUT', '/api/v1/films/heat/rating', { stars: 5 });
    await home.v.api('POST', '/api/v1/films/heat/like');

    // Later, as a guest at work: rates Heat 2 (newer), likes it too, rates Ran.
    clock.advance(60_000);
    const work = await guest('198.51.100.42');
    await work.v.api('PUT', '/api/v1/films/heat/rating', { stars: 2 });
    await work.v.api('POST', '/api/v1/films/heat/like');
    await work.v.api('PUT', '/api/v1/films/ran/rating', { stars: 3 });
    expect(await stats('heat')).toEqual({ votes: 2, sum: 14, likes: 2 });

    const signedIn = await signIn(work.v, 'BO@example.org');
    expect(signedIn.statusCode).toBe(303);
    const page = await work.v.request({ url: '/settings' });
    expect(page.body).toContain('We added your 2 ratings from this browser to your account.');
    expect(await stats('heat')).toEqual({ votes: 1, sum: 4, likes: 1 });
    expect(await stats('ran')).toEqual({ votes: 1, sum: 6, likes: 0 });
    expect((await home.v.request({ url: '/api/v1/films/heat/rating' })).json()).toMatchObject({
      yours: 2,
      count: 1,
    });
  });

  it('a second sign-up with a case or Unicode variant of an address answers the same and makes no account', async () => {
    const answers: string[] = [];
    for (const email of ['cy@example.org', 'CY@Example.ORG', ' cy@example.org ', 'ｃｙ@example.org']) {
      const { v } = await guest();
      const answer = await joinAs(v, { email, handle: `cy${answers.length}` });
      expect(answer.statusCode).toBe(200);
      answers.push(answer.body.replace(/name="_csrf" value="[^"]+"/g, '').replace(email.trim(), 'ADDRESS'));
    }
    expect(new Set(answers).size).toBe(1);
    expect(await t.t.db.selectFrom('members').select('id').execute()).toHaveLength(1);
    const sent = await mails();
    expect(sent.map((m) => m.mail.subject)).toEqual([
      'Confirm your address for Reelhouse',
      'You already have an account on Reelhouse',
      'You already have an account on Reelhouse',
    ]); // and no more that hour: the owner is not flooded
    // A handle differing only in case is taken (handles are public: that may be said).
    const { v } = await guest();
    const taken = await joinAs(v, { email: 'dee@example.org', handle: 'CY0' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('this handle is taken');
    for (const reserved of ['admin', 'Login', 'me', 'settings']) {
      const refused = await joinAs(v, { email: 'dee@example.org', handle: reserved });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('is reserved');
    }
  });

  it('sign-in failures say the same for an unknown address and a wrong password', async () => {
    const { v } = await guest();
    await joinAs(v, { email: 'eve@example.org', handle: 'eve' });
    const wrong = await signIn(v, 'eve@example.org', 'not the password at all');
    const unknown = await signIn(v, 'nobody@example.org', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (html: string) =>
      html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/value="[^"]*@example.org"/, '');
    expect(strip(wrong.body)).toBe(strip(unknown.body));
    // Unconfirmed members may sign in.
    expect((await signIn(v, 'eve@example.org')).statusCode).toBe(303);
  });

  it('throttles repeated wrong passwords for one account, with Retry-After, like the admin login', async () => {
    const { v } = await guest();
    await joinAs(v, { email: 'fay@example.org', handle: 'fay' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await signIn(v, 'fay@example.org', `wrong password number ${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await signIn(v, 'fay@example.org');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(31_000);
    expect((await signIn(v, 'fay@example.org')).statusCode).toBe(303);
  });
});
