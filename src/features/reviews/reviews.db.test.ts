import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, logIn, MODERATOR } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { createSignedInMember, signedInMember } from '../../../test/support/members.js';
import { hasJava, vnuErrors } from '../../../test/support/validators.js';
import { TestVisitor } from '../../../test/support/visitor.js';
import { MEMBER_COOKIE } from '../../kernel/member.js';
import { createWriter } from '../../kernel/unit-of-work.js';
import { anonymiseReviewsOf, eraseReviewsOf, touchReviewsOf } from './index.js';

const PAYLOADS = fs
  .readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

const FILM = '/film/the-review-film';
const OTHER = '/film/another-review-film';
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describeEachDialect('reviews', (dialect) => {
  let t: TestApp;
  const clock = new TestClock(new Date());
  const member = (overrides = {}) => signedInMember(t, overrides, { now: clock.now() });
  let moderator: TestVisitor;
  let ip = 10;
  /** A guest with no cookie at all: what the shared page cache serves. */
  const guest = () => new TestVisitor(t.app, `198.51.100.${ip++}`);
  const write = (v: TestVisitor, film: string, fields: Record<string, string>) => v.form(`${film}/review`, fields);
  const reviewIdOf = async (handle: string, film = 'the-review-film') =>
    (
      await t.t.db
        .selectFrom('reviews')
        .innerJoin('members', 'members.id', 'reviews.member_id')
        .innerJoin('films', 'films.id', 'reviews.film_id')
        .select('reviews.id')
        .where('members.handle', '=', handle)
        .where('films.slug', '=', film)
        .executeTakeFirstOrThrow()
    ).id;
  const approve = async (id: number) => {
    const queue = await moderator.request({ url: '/admin/reviews?status=pending' });
    moderator.csrfToken = csrfIn(queue.body);
    return moderator.form('/admin/reviews/bulk', { action: 'approve', ids: String(id) });
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'The Review Film', year: 2001 }),
      buildFilm({ title: 'Another Review Film', year: 2002 }),
    ]);
    await createStaff(t, clock.now());
    moderator = await logIn(t, MODERATOR, '192.0.2.50');
  });
  afterAll(async () => t.close());

  it('holds a first review, then shows it on the cached film page once a moderator approves it', async () => {
    const ann = await member({ displayName: 'Ann Reviewer' });
    await ann.visitor.api('PUT', `/api/v1/films/the-review-film/rating`, { stars: 4.5 });
    const reader = guest();
    expect((await reader.request({ url: FILM })).body).toContain('No reviews yet.');
    expect((await reader.request({ url: FILM })).headers['x-page-cache']).toBe('hit');

    const posted = await write(ann.visitor, FILM, { body: 'A *patient* film; ||the ending|| stays with you.' });
    expect(posted.statusCode).toBe(303);
    const form = await ann.visitor.request({ url: `${FILM}/review` });
    expect(form.body).toContain('awaiting moderation');
    expect((await reader.request({ url: FILM })).body).not.toContain('patient');

    const queue = await moderator.request({ url: '/admin/reviews?status=pending' });
    expect(queue.body).toContain('First review by this member');
    expect((await approve(await reviewIdOf(ann.member.handle))).statusCode).toBe(303);

    const page = await reader.request({ url: FILM });
    expect(page.body).toContain('<em>patient</em>');
    expect(page.body).toContain('Rated 4.5 out of 5 stars');
    expect(page.body).toContain('class="spoiler__toggle"');
    // After the rating block, before the comments.
    expect(page.body.indexOf('id="reviews"')).toBeLessThan(page.body.indexOf('id="comments"'));
    expect(page.body.indexOf('id="reviews"')).toBeGreaterThan(page.body.indexOf('id="rating"'));

    // Known now: the next review is published at once.
    await write(ann.visitor, OTHER, { body: 'Second thoughts, published straight away.' });
    expect((await reader.request({ url: OTHER })).body).toContain('Second thoughts');

    const own = await reader.request({ url: `${FILM}/reviews/${ann.member.handle}` });
    expect(own.statusCode).toBe(200);
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(own.body)?.[1] ?? '';
    expect(jsonLd).toContain('"@type":"Review"');
    expect(jsonLd).toContain('"ratingValue":4.5');
  });

  it('keeps one review per member and film: a second submit edits it', async () => {
    const bo = await member();
    await write(bo.visitor, FILM, { body: 'First take.' });
    await write(bo.visitor, FILM, { body: 'Second take, better.', spoiler: '1' });
    const rows = await t.t.db
      .selectFrom('reviews')
      .select(['body', 'spoiler'])
      .where('id', '=', await reviewIdOf(bo.member.handle))
      .execute();
    expect(rows).toEqual([{ body: 'Second take, better.', spoiler: 1 }]);
    const mine = (await bo.visitor.request({ url: '/api/v1/me/reviews' })).json();
    expect(mine.reviews.filter((r: { film: { slug: string } }) => r.film.slug === 'the-review-film')).toHaveLength(1);
  });

  it('hides a spoiler review behind <details> and inline spoilers behind a checkbox, no script needed', async () => {
    const cy = await member();
    await write(cy.visitor, OTHER, { body: 'Everyone dies at the end.', spoiler: '1' });
    await approve(await reviewIdOf(cy.member.handle, 'another-review-film'));
    const page = (await guest().request({ url: OTHER })).body;
    const details = /<details class="review__spoiler"><summary>([^<]*)<\/summary>(.*?)<\/details>/s.exec(page);
    expect(details?.[1]).toBe('This review contains spoilers: show it');
    expect(details?.[2]).toContain('Everyone dies at the end.');
    expect(page).not.toMatch(/<details class="review__spoiler" open/);
  });

  it('renders every XSS payload in a review inert', async () => {
    const dee = await member({ displayName: '<script>alert("name")</script>' });
    const body = PAYLOADS.map((p, i) => (i % 3 === 0 ? `||${p}||` : i % 3 === 1 ? `> ${p}` : `[x](${p}) ${p}`)).join(
      '\n\n',
    );
    expect((await write(dee.visitor, OTHER, { body })).statusCode).toBe(303);
    await t.t.db
      .updateTable('reviews')
      .set({ status: 'approved' })
      .where('id', '=', await reviewIdOf(dee.member.handle, 'another-review-film'))
      .execute();
    const page = (await guest().request({ url: `${OTHER}/reviews/${dee.member.handle}` })).body;
    const article = page.slice(page.indexOf('class="review__body"'), page.indexOf('<footer class="review__likes"'));
    expect(article.length).toBeGreaterThan(1000);
    expect(article).not.toMatch(/<(script|img|svg|iframe|object|embed|style|math|body|form|a [^>]*href="javascript)/i);
    expect(article).not.toMatch(/<[^>]+\son\w+=/i);
    expect(page).toContain('&lt;script>alert(&quot;name&quot;)&lt;/script>');
    expect(page).not.toContain('<script>alert("name")');
  });

  it('refuses a 1 MB review with the limit named, keeping the stored one', async () => {
    const eve = await member();
    await write(eve.visitor, FILM, { body: 'Short and kept.' });
    const huge = 'x'.repeat(1024 * 1024);
    const form = await write(eve.visitor, FILM, { body: huge });
    expect(form.statusCode).toBe(413);
    expect(form.body).toContain('at most 20,000 characters');
    const api = await eve.visitor.api('PUT', '/api/v1/me/reviews/the-review-film', { body: huge });
    expect(api.statusCode).toBe(413);
    expect(api.json().error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('20,000') });
    const kept = await t.t.db
      .selectFrom('reviews')
      .select('body')
      .where('id', '=', await reviewIdOf(eve.member.handle))
      .executeTakeFirstOrThrow();
    expect(kept.body).toBe('Short and kept.');
  });

  it('counts one like per member, in step with the like rows; no liking one’s own', async () => {
    const author = await member();
    await write(author.visitor, OTHER, { body: 'Worth liking.' });
    const id = await reviewIdOf(author.member.handle, 'another-review-film');
    await approve(id);
    const url = `${OTHER}/reviews/${author.member.handle}/like`;
    const [fan, other] = [await member(), await member()];
    expect((await fan.visitor.form(url, { liked: '1' })).statusCode).toBe(303);
    await fan.visitor.form(url, { liked: '1' });
    await other.visitor.form(url, { liked: '1' });
    const count = async () =>
      (await t.t.db.selectFrom('reviews').select('like_count').where('id', '=', id).executeTakeFirstOrThrow())
        .like_count;
    const rows = async () =>
      (await t.t.db.selectFrom('review_likes').select('member_id').where('review_id', '=', id).execute()).length;
    expect(await count()).toBe(2);
    expect(await rows()).toBe(2);
    await fan.visitor.form(url, { liked: '0' });
    await fan.visitor.form(url, { liked: '0' });
    expect(await count()).toBe(1);
    expect(await rows()).toBe(1);
    expect((await author.visitor.form(url, { liked: '1' })).statusCode).toBe(403);
    expect((await guest().request({ url: `${OTHER}/reviews/${author.member.handle}` })).body).toContain(
      '1 member likes this review.',
    );
  });

  it("hides a suspended member's reviews everywhere, also from cached pages", async () => {
    const sus = await member({ displayName: 'Soon Suspended' });
    await write(sus.visitor, FILM, { body: 'A review that will vanish.' });
    const id = await reviewIdOf(sus.member.handle);
    await approve(id);
    const reader = guest();
    expect((await reader.request({ url: FILM })).body).toContain('A review that will vanish.');
    const writer = createWriter(t.t.db, { invalidate: () => {}, effectFailed: (e) => Promise.reject(e) });
    await writer.write(async (uow) => {
      await uow.tx
        .updateTable('members')
        .set({ suspended_at: clock.now().toISOString() })
        .where('id', '=', sus.member.id)
        .execute();
      await touchReviewsOf(uow, sus.member.id);
    });
    // Another instance's write: this one learns of it from the change log within its read interval.
    clock.advance(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await reader.request({ url: FILM })).body).not.toContain('A review that will vanish.');
    expect((await reader.request({ url: `${FILM}/reviews/${sus.member.handle}` })).statusCode).toBe(404);
    expect((await reader.request({ url: `/u/${sus.member.handle}/reviews` })).statusCode).toBe(404);
    const api = (await reader.request({ url: '/api/v1/films/the-review-film/reviews' })).json();
    expect(api.reviews.map((r: { id: number }) => r.id)).not.toContain(id);
  });

  it('tells an unconfirmed member why they cannot review, and refuses their post', async () => {
    // Unconfirmed before the app first reads the session (it keeps sessions in memory).
    const un = await createSignedInMember(t.t.db, {}, clock.now());
    await t.t.db.updateTable('members').set({ confirmed_at: null }).where('id', '=', un.member.id).execute();
    const fresh = new TestVisitor(t.app, '192.0.2.77');
    fresh.setCookie(MEMBER_COOKIE, un.cookies[MEMBER_COOKIE]!);
    const form = await fresh.request({ url: `${FILM}/review` });
    expect(form.body).toContain('Only members with a confirmed email address can write reviews');
    fresh.csrfToken = csrfIn(form.body);
    const api = await fresh.api('PUT', '/api/v1/me/reviews/the-review-film', { body: 'Let me in.' });
    expect(api.statusCode).toBe(403);
  });

  it('serves the API: my reviews (CSRF on writes), a member’s and a film’s; and an Atom feed', async () => {
    const fay = await member({ displayName: 'Fay Api' });
    const noCsrf = await fay.visitor.request({
      method: 'PUT',
      url: '/api/v1/me/reviews/another-review-film',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'No token.' }),
    });
    expect(noCsrf.statusCode).toBe(403);
    const created = await fay.visitor.api('PUT', '/api/v1/me/reviews/another-review-film', { body: 'Via the API.' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ created: true, review: { status: 'pending', body: 'Via the API.' } });
    await approve(created.json().review.id);
    const edited = await fay.visitor.api('PUT', '/api/v1/me/reviews/another-review-film', {
      body: 'Via the API, edited.',
      spoiler: true,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().review).toMatchObject({ status: 'approved', spoiler: true });

    const public1 = (await guest().request({ url: `/api/v1/users/${fay.member.handle}/reviews` })).json();
    expect(public1.reviews).toHaveLength(1);
    const film = (await guest().request({ url: '/api/v1/films/another-review-film/reviews?order=newest' })).json();
    expect(film.reviews[0].author.handle).toBe(fay.member.handle);

    const feed = await guest().request({ url: `/u/${fay.member.handle}/reviews.xml` });
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>Another Review Film (2002)</title>');
    expect(feed.body).toContain('This review contains spoilers');
    const list = await guest().request({ url: `/u/${fay.member.handle}/reviews` });
    expect(list.body).toContain('Reviews by Fay Api');

    expect((await fay.visitor.api('DELETE', '/api/v1/me/reviews/another-review-film')).statusCode).toBe(200);
    expect((await fay.visitor.api('DELETE', '/api/v1/me/reviews/another-review-film')).statusCode).toBe(404);
  });

  it('takes replies from guests and members as comments: moderated, on the review page, not in the film thread', async () => {
    const hal = await member({ displayName: 'Hal Reviewed' });
    await write(hal.visitor, OTHER, { body: 'A review to answer.' });
    await approve(await reviewIdOf(hal.member.handle, 'another-review-film'));
    const path = `${OTHER}/reviews/${hal.member.handle}`;
    const visitor = guest();
    visitor.csrfToken = csrfIn((await visitor.request({ url: path })).body);

    const refused = await visitor.form(`${path}/replies`, {
      authorName: 'Ida',
      authorEmail: 'not-an-address',
      body: 'Hi',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Email: enter an address');

    const posted = await visitor.form(`${path}/replies`, {
      authorName: '<b>Ida</b>',
      authorEmail: 'ida@example.org',
      body: 'I disagree <script>alert(1)</script> entirely.',
    });
    expect(posted.statusCode).toBe(303);
    const held = await t.t.db
      .selectFrom('comments')
      .selectAll()
      .where('author_email', '=', 'ida@example.org')
      .executeTakeFirstOrThrow();
    expect(held).toMatchObject({ status: 'pending', review_id: expect.any(Number), parent_id: null });
    expect((await guest().request({ url: path })).body).not.toContain('I disagree');

    const comments = await moderator.request({ url: '/admin/comments?status=pending' });
    expect(comments.body).toContain('I disagree');
    moderator.csrfToken = csrfIn(comments.body);
    await moderator.form('/admin/comments/bulk', { action: 'approve', ids: String(held.id) });

    const page = (await guest().request({ url: path })).body;
    expect(page).toContain('I disagree &lt;script>alert(1)&lt;/script> entirely.');
    expect(page).toContain('&lt;b>Ida&lt;/b>');
    const film = (await guest().request({ url: OTHER })).body;
    expect(film).not.toContain('I disagree');

    // A member replies as themselves: no name or email to type.
    const fan = await member({ displayName: 'Jo Member' });
    fan.visitor.csrfToken = csrfIn((await fan.visitor.request({ url: path })).body);
    expect((await fan.visitor.form(`${path}/replies`, { body: 'Nicely put.' })).statusCode).toBe(303);
    const mine = await t.t.db
      .selectFrom('comments')
      .selectAll()
      .where('body', '=', 'Nicely put.')
      .executeTakeFirstOrThrow();
    expect(mine).toMatchObject({ author_name: 'Jo Member', author_email: fan.member.email });
  });

  it.runIf(hasJava() && dialect === 'sqlite')(
    'renders valid HTML on every review page',
    async () => {
      const kim = await member({ displayName: 'Kim Valid' });
      await write(kim.visitor, FILM, { body: 'Valid *markup*, ||a spoiler||,\n\n> a quote\n\n- a list', spoiler: '1' });
      await approve(await reviewIdOf(kim.member.handle));
      const pages: Record<string, string> = {
        film: (await guest().request({ url: FILM })).body,
        review: (await guest().request({ url: `${FILM}/reviews/${kim.member.handle}` })).body,
        form: (await kim.visitor.request({ url: `${FILM}/review` })).body,
        list: (await guest().request({ url: `/u/${kim.member.handle}/reviews` })).body,
        queue: (await moderator.request({ url: '/admin/reviews?status=approved' })).body,
      };
      const errors = vnuErrors(pages);
      expect(
        Object.values(errors)
          .flat()
          .map((e) => e.message),
      ).toEqual([]);
    },
    60_000,
  );

  it('erases or anonymises a leaving member’s reviews, taking back their likes', async () => {
    const [keeps, leaves] = [await member({ displayName: 'Lee Keeps' }), await member({ displayName: 'Max Leaves' })];
    for (const m of [keeps, leaves]) {
      await write(m.visitor, FILM, { body: `A review by ${m.member.displayName}.` });
      await approve(await reviewIdOf(m.member.handle));
    }
    const kept = await reviewIdOf(keeps.member.handle);
    const gone = await reviewIdOf(leaves.member.handle);
    await leaves.visitor.form(`${FILM}/reviews/${keeps.member.handle}/like`, { liked: '1' });
    const likes = async () =>
      (await t.t.db.selectFrom('reviews').select('like_count').where('id', '=', kept).executeTakeFirstOrThrow())
        .like_count;
    expect(await likes()).toBe(1);
    const writer = createWriter(t.t.db, { invalidate: () => {}, effectFailed: (e) => Promise.reject(e) });

    expect(await writer.write((uow) => anonymiseReviewsOf(uow, leaves.member.id))).toBe(1);
    expect(await likes()).toBe(0);
    const anonymous = await t.t.db.selectFrom('reviews').selectAll().where('id', '=', gone).executeTakeFirstOrThrow();
    expect(anonymous).toMatchObject({ member_id: null, ip_hash: null, user_agent: null });
    // Kept without an author (shown as "Deleted member", as the account deletion promises).
    const api = (await guest().request({ url: '/api/v1/films/the-review-film/reviews?order=newest' })).json();
    expect(api.reviews.find((r: { id: number }) => r.id === gone)).toMatchObject({ author: null });

    expect(await writer.write((uow) => eraseReviewsOf(uow, keeps.member.id))).toBe(1);
    expect(await t.t.db.selectFrom('reviews').select('id').where('id', '=', kept).executeTakeFirst()).toBeUndefined();
  });

  it('shows a member their own held review on the film page, and nobody else, also from the page cache', async () => {
    const held = await member({ displayName: 'Hal Held' });
    const other = await member();
    const reader = guest();
    // Both have the film page in memory (and the cache has it) before the review is written.
    for (const v of [held.visitor, other.visitor, reader]) await v.request({ url: OTHER });
    expect((await write(held.visitor, OTHER, { body: 'Held until a moderator reads it.' })).statusCode).toBe(303);
    await held.visitor.request({ url: `${OTHER}/review` }); // the answer's page, which takes the flash message
    for (let i = 0; i < 2; i++) {
      const own = await held.visitor.request({ url: OTHER });
      expect(own.body).toContain('Your review is awaiting moderation: only you can see it');
      expect(own.body).toContain('Held until a moderator reads it.');
      expect(own.headers['x-page-cache']).toBeUndefined();
    }
    for (const v of [other.visitor, reader]) {
      expect((await v.request({ url: OTHER })).body).not.toContain('Held until a moderator reads it.');
    }
    await held.visitor.form(`${OTHER}/review/delete`, {});
  });

  it('offers one like button on a review page, as the visitor stands, from the cached page too', async () => {
    const author = await member({ displayName: 'Lou Liked' });
    await write(author.visitor, FILM, { body: 'Like me or not.' });
    await approve(await reviewIdOf(author.member.handle));
    const path = `${FILM}/reviews/${author.member.handle}`;
    const [fan, cool] = [await member(), await member()];
    const buttons = async (v: TestVisitor) => {
      const body = (await v.request({ url: path })).body;
      return [body.includes('>Like this review<'), body.includes('>Take back my like<'), body.includes('your review')];
    };
    expect(await buttons(fan.visitor)).toEqual([true, false, false]);
    expect((await fan.visitor.form(`${path}/like`, { liked: '1' })).statusCode).toBe(303);
    await fan.visitor.request({ url: path }); // takes the flash message
    expect(await buttons(fan.visitor)).toEqual([false, true, false]);
    expect(await buttons(cool.visitor)).toEqual([true, false, false]);
    expect(await buttons(author.visitor)).toEqual([false, false, true]);
    expect((await guest().request({ url: path })).body).toContain('to like this review.');
    await fan.visitor.form(`${path}/like`, { liked: '0' });
    await fan.visitor.request({ url: path });
    expect(await buttons(fan.visitor)).toEqual([true, false, false]);
  });

  it('puts the comment form’s spam trap and flood limits on the review form', async () => {
    const bot = await member();
    const form = (await bot.visitor.request({ url: `${FILM}/review` })).body;
    expect(form).toContain('name="website_hp"');
    expect(form).toContain('name="form_ts"');
    const trapped = await write(bot.visitor, FILM, { body: 'A fine film, truly.', website_hp: 'http://spam.example' });
    expect(trapped.statusCode).toBe(303);
    const row = await t.t.db
      .selectFrom('reviews')
      .select(['status', 'reasons'])
      .where('id', '=', await reviewIdOf(bot.member.handle))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('spam');
    expect(row.reasons).toContain('honeypot');
    expect((await bot.visitor.request({ url: `${FILM}/review` })).body).toContain('held as possible spam');

    // At most COMMENTS_PER_VISITOR_PER_MINUTE (5) reviews a minute from one member, as for comments.
    const slugs = ['Flood One', 'Flood Two', 'Flood Three', 'Flood Four', 'Flood Five'];
    await insertFilms(
      t.t.db,
      slugs.map((title, i) => buildFilm({ title, year: 1990 + i })),
    );
    const fast = await member();
    const put = (slug: string) => fast.visitor.api('PUT', `/api/v1/me/reviews/${slug}`, { body: 'Quick words.' });
    for (const title of slugs) expect((await put(title.toLowerCase().replace(' ', '-'))).statusCode).toBe(201);
    const refused = await write(fast.visitor, FILM, { body: 'One too many.' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toContain('at most 5 a minute');
    clock.advance(61_000);
    expect((await write(fast.visitor, FILM, { body: 'After a minute.' })).statusCode).toBe(303);
  });

  describe('moderation', () => {
    it('teaches the spam filter from a review marked spam, and hides it', async () => {
      const gus = await member();
      await write(gus.visitor, FILM, { body: 'Cheap pills at example dot com, best prices.' });
      const id = await reviewIdOf(gus.member.handle);
      const before = (await t.t.db.selectFrom('spam_feedback').select('id').execute()).length;
      const queue = await moderator.request({ url: '/admin/reviews?status=pending' });
      moderator.csrfToken = csrfIn(queue.body);
      expect((await moderator.form('/admin/reviews/bulk', { action: 'spam', ids: String(id) })).statusCode).toBe(303);
      const lessons = await t.t.db.selectFrom('spam_feedback').selectAll().orderBy('id').execute();
      expect(lessons.length).toBe(before + 1);
      expect(lessons.at(-1)).toMatchObject({ comment_id: null, is_spam: 1 });
      const spam = await moderator.request({ url: '/admin/reviews?status=spam' });
      expect(spam.body).toContain('Cheap pills');
    });
  });
});
